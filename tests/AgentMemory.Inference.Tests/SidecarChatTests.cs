using AgentMemory.Testing;
using Microsoft.Extensions.AI;

namespace AgentMemory.Inference.Tests;

public sealed class SidecarChatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chat_completion_round_trip_returns_the_scripted_text()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.ChatReply = "The user prefers tea.";
        using var client = InferenceClientFactory.CreateChatClient(SidecarEmbeddingTests.SidecarOptions(server.Endpoint));
        Assert.NotNull(client);

        var response = await client.GetResponseAsync("What does the user prefer?", cancellationToken: Ct);

        Assert.Equal("The user prefers tea.", response.Text);
        var request = Assert.Single(server.ChatRequests);
        Assert.Equal("test-chat", (string?)request["model"]);
        Assert.Equal("What does the user prefer?", (string?)request["messages"]![0]!["content"]);
    }

    [Fact]
    public async Task Chat_transient_503_is_retried()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.FailFirst = 1;
        using var client = InferenceClientFactory.CreateChatClient(SidecarEmbeddingTests.SidecarOptions(server.Endpoint))!;

        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("scripted reply", response.Text);
        Assert.Equal(2, server.ChatCalls);
    }

    [Fact]
    public async Task Chat_hanging_server_gives_InferenceUnavailableException()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Delay = TimeSpan.FromSeconds(60);
        using var client = InferenceClientFactory.CreateChatClient(SidecarEmbeddingTests.SidecarOptions(server.Endpoint, o =>
        {
            o.ChatRequestTimeout = TimeSpan.FromMilliseconds(300);
            o.MaxRetries = 1;
        }))!;

        var ex = await Assert.ThrowsAsync<InferenceUnavailableException>(
            () => client.GetResponseAsync("hi", cancellationToken: Ct));

        Assert.Equal("Chat", ex.Operation);
        Assert.Equal(2, server.ChatCalls);
        Assert.Contains("Chat sidecar at", ex.Message);
    }

    [Fact]
    public void No_chat_client_without_a_chat_model()
    {
        var options = SidecarEmbeddingTests.SidecarOptions(new Uri("http://127.0.0.1:1/v1"), o => o.ChatModel = null);

        Assert.Null(InferenceClientFactory.CreateChatClient(options));
    }
}
