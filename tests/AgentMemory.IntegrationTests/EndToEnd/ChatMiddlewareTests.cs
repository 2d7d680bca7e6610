using System.Net;
using System.Net.Sockets;
using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;
using Grpc.Core;
using Microsoft.Extensions.AI;

namespace AgentMemory.IntegrationTests.EndToEnd;

/// <summary>
/// The SDK's chat middleware against the real service: only the model is a stand-in (it records
/// what it was sent and answers a fixed reply), since no model runs here.
/// </summary>
public sealed class ChatMiddlewareTests(ServerFixture server)
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_turn_is_answered_with_the_users_memories_and_remembered_afterwards()
    {
        var user = NewUser();
        await server.Client.RememberAsync(user, [new MemoryEvent("Caroline: my dog is called Biscuit and loves the beach") { Speaker = "Caroline", SessionId = "s0", EventTime = T0 }]);
        var model = new RecordingModel("Your dog is called Biscuit.");
        using var chat = Chat(model, o => { o.UserId = user; o.SessionId = "s1"; });

        var response = await chat.GetResponseAsync([new(ChatRole.System, "You are a helpful assistant."), new(ChatRole.User, "What is my dog called?")]);
        var remembered = await TurnsAsync(user, "s1");

        Assert.Equal("Your dog is called Biscuit.", response.Text);
        var sent = Assert.Single(model.Calls);
        Assert.Equal([ChatRole.System, ChatRole.System, ChatRole.User], sent.Select(m => m.Role));
        Assert.Equal("You are a helpful assistant.", sent[0].Text);
        Assert.StartsWith("Relevant memories from earlier conversations with this user:", sent[1].Text, StringComparison.Ordinal);
        Assert.Contains("Biscuit", sent[1].Text, StringComparison.Ordinal);
        Assert.Equal([("What is my dog called?", Role.User, "user"), ("Your dog is called Biscuit.", Role.Assistant, "assistant")], remembered);
    }

    [Fact]
    public async Task Sending_the_same_conversation_again_remembers_its_turn_once()
    {
        var user = NewUser();
        using var chat = Chat(new RecordingModel("Noted."), o => { o.UserId = user; o.SessionId = "s1"; });
        ChatMessage[] conversation = [new(ChatRole.User, "I moved to Lisbon in May.")];

        await chat.GetResponseAsync(conversation);
        await chat.GetResponseAsync(conversation);
        await chat.GetResponseAsync([.. conversation, new(ChatRole.Assistant, "Noted."), new(ChatRole.User, "I moved to Lisbon in May.")]);

        // The third call says the same words at a later place in the conversation: a new turn.
        Assert.Equal(
            [("I moved to Lisbon in May.", Role.User, "user"), ("Noted.", Role.Assistant, "assistant"), ("I moved to Lisbon in May.", Role.User, "user"), ("Noted.", Role.Assistant, "assistant")],
            await TurnsAsync(user, "s1"));
    }

    [Fact]
    public async Task A_streamed_turn_is_remembered_once_the_stream_ends()
    {
        var user = NewUser();
        using var chat = Chat(new RecordingModel("Paris is the capital of France."), o => o.UserId = user);
        var options = new ChatOptions { ConversationId = "conv-7" };

        var streamed = new List<string>();
        await foreach (var update in chat.GetStreamingResponseAsync([new(ChatRole.User, "What is the capital of France?")], options))
        {
            streamed.Add(update.Text);
        }

        Assert.True(streamed.Count > 1, "the stand-in model streams word by word");
        Assert.Equal("Paris is the capital of France.", string.Concat(streamed));
        Assert.Equal(
            [("What is the capital of France?", Role.User, "user"), ("Paris is the capital of France.", Role.Assistant, "assistant")],
            await TurnsAsync(user, "conv-7"));
    }

    [Fact]
    public async Task The_user_and_session_of_one_call_override_the_configured_ones()
    {
        var configured = NewUser();
        var other = NewUser();
        using var chat = Chat(new RecordingModel("Hello Sam."), o => { o.UserId = configured; o.SessionId = "default-session"; });
        var options = new ChatOptions { AdditionalProperties = new() { [AgentMemoryChatClient.UserIdProperty] = other, [AgentMemoryChatClient.SessionIdProperty] = "s9" } };

        await chat.GetResponseAsync([new(ChatRole.User, "Hi, I am Sam.")], options);

        Assert.Equal(2, (await TurnsAsync(other, "s9")).Count);
        Assert.Empty((await server.Client.ListAsync(configured)).Memories);
    }

    [Fact]
    public async Task A_turn_without_a_user_is_refused_before_the_model_is_called()
    {
        var model = new RecordingModel("unused");
        using var chat = Chat(model, _ => { });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => chat.GetResponseAsync([new(ChatRole.User, "hello")]));

        Assert.Contains("AgentMemoryChatOptions.UserId", error.Message, StringComparison.Ordinal);
        Assert.Contains(AgentMemoryChatClient.UserIdProperty, error.Message, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task A_user_id_given_per_call_that_is_not_text_is_refused_rather_than_replaced_by_the_configured_user()
    {
        var configured = NewUser();
        var model = new RecordingModel("unused");
        using var chat = Chat(model, o => o.UserId = configured);
        var options = new ChatOptions { AdditionalProperties = new() { [AgentMemoryChatClient.UserIdProperty] = 42 } };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => chat.GetResponseAsync([new(ChatRole.User, "hello")], options));

        Assert.Contains(AgentMemoryChatClient.UserIdProperty, error.Message, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
        Assert.Empty((await server.Client.ListAsync(configured)).Memories);
    }

    [Fact]
    public async Task When_the_memory_service_cannot_be_reached_the_model_answers_without_memories()
    {
        using var unreachable = AgentMemoryClient.Create(new AgentMemoryClientOptions { Address = DeadAddress(), MaxRetries = 0, DefaultDeadline = TimeSpan.FromSeconds(2) });
        var model = new RecordingModel("I do not know yet.");
        using var chat = new ChatClientBuilder(model).UseAgentMemory(unreachable, o => o.UserId = "someone").Build();

        var response = await chat.GetResponseAsync([new(ChatRole.System, "Be brief."), new(ChatRole.User, "What is my dog called?")]);

        Assert.Equal("I do not know yet.", response.Text);
        Assert.Equal([ChatRole.System, ChatRole.User], Assert.Single(model.Calls).Select(m => m.Role));
    }

    [Fact]
    public async Task With_continuing_turned_off_an_unreachable_memory_service_fails_the_turn()
    {
        using var unreachable = AgentMemoryClient.Create(new AgentMemoryClientOptions { Address = DeadAddress(), MaxRetries = 0, DefaultDeadline = TimeSpan.FromSeconds(2) });
        var model = new RecordingModel("unused");
        using var chat = new ChatClientBuilder(model).UseAgentMemory(unreachable, o => { o.UserId = "someone"; o.ContinueWhenMemoryFails = false; }).Build();

        var error = await Assert.ThrowsAsync<RpcException>(() => chat.GetResponseAsync([new(ChatRole.User, "What is my dog called?")]));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Empty(model.Calls);
    }

    private IChatClient Chat(RecordingModel model, Action<AgentMemoryChatOptions> configure) =>
        new ChatClientBuilder(model).UseAgentMemory(server.Client, configure).Build();

    /// <summary>The user's memories of one session, oldest first: text, role and speaker.</summary>
    private async Task<List<(string Text, Role Role, string Speaker)>> TurnsAsync(string user, string session)
    {
        var turns = new List<Memory>();
        await foreach (var memory in server.Client.ListAllAsync(user, new ListOptions { Filter = new MemoryFilterOptions { SessionId = session, Kinds = [MemoryKind.Episodic] } }))
        {
            turns.Add(memory);
        }

        return turns.OrderBy(m => m.EventTime.ToDateTimeOffset()).Select(m => (m.Text, m.Role, m.Speaker)).ToList();
    }

    private static string NewUser() => "chat-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A loopback address nothing listens on.</summary>
    private static string DeadAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>The model's stand-in: records the messages of each call and answers one reply, streamed word by word.</summary>
    private sealed class RecordingModel(string reply) : IChatClient
    {
        public List<List<ChatMessage>> Calls { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls.Add([.. messages]);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Calls.Add([.. messages]);
            var words = reply.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
