using AgentMemory.Testing;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMemory.Inference.Tests;

public sealed class DependencyInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider Build(Dictionary<string, string?> settings, ILoggerProvider? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddAgentMemoryInference(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    [Fact]
    public void Empty_configuration_yields_the_cpu_hashing_generator_with_384_dims_and_no_chat()
    {
        using var provider = Build([]);

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.IsType<HashingEmbeddingGenerator>(generator);
        Assert.Equal(384, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public void Empty_endpoint_string_means_cpu()
    {
        using var provider = Build(new() { ["AgentMemory:Inference:Endpoint"] = "" });

        Assert.IsType<HashingEmbeddingGenerator>(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public async Task Endpoint_yields_the_sidecar_generator_with_configured_dims_and_a_chat_client()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Dimensions = 768;
        using var provider = Build(new()
        {
            ["AgentMemory:Inference:Endpoint"] = server.Endpoint.ToString(),
            ["AgentMemory:Inference:EmbeddingModel"] = "bge-base",
            ["AgentMemory:Inference:ChatModel"] = "qwen",
            ["AgentMemory:Inference:EmbeddingDimensions"] = "768",
        });

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var vector = await generator.GenerateVectorAsync("hello", cancellationToken: Ct);

        Assert.NotNull(generator.GetService<ResilientEmbeddingGenerator>());
        Assert.Equal(768, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        Assert.Equal(768, vector.Length);
        Assert.Equal("bge-base", (string?)Assert.Single(server.EmbeddingRequests)["model"]);
        var chat = provider.GetRequiredService<IChatClient>();
        Assert.NotNull(chat.GetService<ResilientChatClient>());
    }

    [Fact]
    public void Zero_embedding_dimensions_fails_validation_naming_the_setting()
    {
        using var provider = Build(new() { ["AgentMemory:Inference:EmbeddingDimensions"] = "0" });

        var ex = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IOptions<InferenceOptions>>().Value);

        Assert.Contains("AgentMemory:Inference:EmbeddingDimensions", ex.Message);
    }

    [Fact]
    public void Endpoint_without_embedding_model_fails_validation_naming_the_setting()
    {
        using var provider = Build(new() { ["AgentMemory:Inference:Endpoint"] = "http://vllm:8000/v1" });

        var ex = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());

        Assert.Contains("AgentMemory:Inference:EmbeddingModel is required", ex.Message);
    }

    [Fact]
    public async Task Invalid_configuration_fails_host_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentMemory:Inference:EmbeddingDimensions"] = "4096",
        });
        builder.Services.AddAgentMemoryInference(builder.Configuration);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("AgentMemory:Inference:EmbeddingDimensions must be between 1 and 2000", ex.Message);
    }

    [Fact]
    public async Task Host_start_logs_which_embedder_serves()
    {
        var logs = new ListLoggerProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(logs);
        builder.Services.AddAgentMemoryInference(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);

        Assert.Contains("Embeddings: built-in CPU hashing embedder, 384 dims", logs.Messages);
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(Messages);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
