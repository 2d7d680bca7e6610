using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;

namespace AgentMemory.Inference;

/// <summary>
/// Builds the embedding generator and chat client described by <see cref="InferenceOptions"/>
/// (what <see cref="InferenceServiceCollectionExtensions.AddAgentMemoryInference"/> registers).
/// Sidecar pipelines are: Resilient (batching, timeout, retry) → OpenTelemetry (one span per attempt) → OpenAI client.
/// </summary>
public static class InferenceClientFactory
{
    private static readonly TimeSpan NetworkTimeoutSlack = TimeSpan.FromSeconds(1);

    /// <summary>The built-in CPU embedder when no endpoint is set, otherwise the resilient sidecar generator.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(
        InferenceOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.UsesSidecar)
        {
            return new HashingEmbeddingGenerator(options.EmbeddingDimensions);
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        var embeddingClient = CreateOpenAIClient(options, options.RequestTimeout).GetEmbeddingClient(options.EmbeddingModel);
        var sidecar = embeddingClient.AsIEmbeddingGenerator(options.SendDimensions ? options.EmbeddingDimensions : null);

        return sidecar.AsBuilder()
            .Use(inner => new ResilientEmbeddingGenerator(
                inner, options, loggerFactory.CreateLogger<ResilientEmbeddingGenerator>(), timeProvider))
            .UseOpenTelemetry(loggerFactory)
            .Build();
    }

    /// <summary>The resilient sidecar chat client, or null when no endpoint or chat model is configured.</summary>
    public static IChatClient? CreateChatClient(
        InferenceOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.HasChat)
        {
            return null;
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        var chatClient = CreateOpenAIClient(options, options.ChatRequestTimeout).GetChatClient(options.ChatModel);

        return chatClient.AsIChatClient().AsBuilder()
            .Use(inner => new ResilientChatClient(
                inner, options, loggerFactory.CreateLogger<ResilientChatClient>(), timeProvider))
            .UseOpenTelemetry(loggerFactory)
            .Build();
    }

    private static OpenAIClient CreateOpenAIClient(InferenceOptions options, TimeSpan attemptTimeout)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            // Our resilient wrapper owns retries and the per-attempt timeout; the network timeout is only a backstop.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = attemptTimeout + NetworkTimeoutSlack,
            UserAgentApplicationId = "agentmemory",
        };
        return new OpenAIClient(new ApiKeyCredential(options.EffectiveApiKey), clientOptions);
    }
}
