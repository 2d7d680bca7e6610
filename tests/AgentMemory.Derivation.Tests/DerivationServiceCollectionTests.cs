using AgentMemory.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMemory.Derivation.Tests;

public sealed class DerivationServiceCollectionTests
{
    private static ServiceProvider Build(IChatClient? chat)
    {
        var services = new ServiceCollection().AddLogging();
        if (chat is not null)
        {
            services.AddSingleton(chat);
        }

        services.AddAgentMemoryDerivation(new ConfigurationBuilder().Build());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void Without_a_chat_client_the_built_in_rules_serve()
    {
        using var provider = Build(null);

        Assert.IsType<RuleBasedMemoryExtractor>(provider.GetRequiredService<IMemoryExtractor>());
        Assert.IsType<RuleBasedFactUpdateDecider>(provider.GetRequiredService<IFactUpdateDecider>());
        Assert.IsType<ExtractiveMemorySummarizer>(provider.GetRequiredService<IMemorySummarizer>());
    }

    [Fact]
    public async Task With_a_chat_client_the_model_serves()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var provider = Build(TestSupport.ChatClient(server));

        Assert.IsType<LlmMemoryExtractor>(provider.GetRequiredService<IMemoryExtractor>());
        Assert.IsType<LlmFactUpdateDecider>(provider.GetRequiredService<IFactUpdateDecider>());
        Assert.IsType<LlmMemorySummarizer>(provider.GetRequiredService<IMemorySummarizer>());
    }

    [Fact]
    public async Task Llm_implementations_are_constructible_from_the_container_and_a_chat_client()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var chat = TestSupport.ChatClient(server);
        using var provider = Build(null);

        // The shape the registration uses: ActivatorUtilities with the chat client, the rest from the container.
        Assert.NotNull(ActivatorUtilities.CreateInstance<LlmMemoryExtractor>(provider, chat));
        Assert.NotNull(ActivatorUtilities.CreateInstance<LlmFactUpdateDecider>(provider, chat));
        Assert.NotNull(ActivatorUtilities.CreateInstance<LlmMemorySummarizer>(provider, chat));
    }
}
