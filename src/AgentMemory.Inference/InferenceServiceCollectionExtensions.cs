using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentMemory.Inference;

/// <summary>Registers embeddings (and chat) for the service.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="InferenceOptions"/> from <c>AgentMemory:Inference</c>, validates them at start, and registers a
    /// singleton <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> (built-in CPU hashing embedder, or the resilient
    /// OpenAI-compatible sidecar when <see cref="InferenceOptions.Endpoint"/> is set) plus, when
    /// <see cref="InferenceOptions.ChatModel"/> is also set in <paramref name="configuration"/>, a singleton
    /// <see cref="IChatClient"/>. A hosted service logs which implementation serves when the host starts.
    /// </summary>
    public static IServiceCollection AddAgentMemoryInference(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(InferenceOptions.SectionName);
        services.AddOptions<InferenceOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());

        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<InferenceOptions>>().Value;
            var loggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var generator = InferenceClientFactory.CreateEmbeddingGenerator(options, loggerFactory, sp.GetService<TimeProvider>());
            var logger = loggerFactory.CreateLogger(typeof(InferenceServiceCollectionExtensions).Namespace!);
            if (options.UsesSidecar)
            {
                logger.LogInformation(
                    "Embeddings: sidecar {Endpoint} model {Model}, {Dimensions} dims",
                    options.Endpoint, options.EmbeddingModel, options.EmbeddingDimensions);
            }
            else
            {
                logger.LogInformation(
                    "Embeddings: built-in CPU hashing embedder, {Dimensions} dims", options.EmbeddingDimensions);
            }

            return generator;
        });

        // Whether a chat client exists is decided from configuration now, so consumers can take an optional IChatClient.
        var configured = section.Get<InferenceOptions>() ?? new InferenceOptions();
        if (configured.HasChat)
        {
            services.TryAddSingleton<IChatClient>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<InferenceOptions>>().Value;
                var loggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
                var client = InferenceClientFactory.CreateChatClient(options, loggerFactory, sp.GetService<TimeProvider>())
                    ?? throw new InvalidOperationException(
                        $"{InferenceOptions.SectionName}:{nameof(InferenceOptions.ChatModel)} and {nameof(InferenceOptions.Endpoint)} must both be set for chat.");
                loggerFactory.CreateLogger(typeof(InferenceServiceCollectionExtensions).Namespace!).LogInformation(
                    "Chat: sidecar {Endpoint} model {Model}", options.Endpoint, options.ChatModel);
                return client;
            });
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InferenceStartupService>());
        return services;
    }
}
