using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentMemory.Derivation;

/// <summary>Registers the derivation stage: the sidecar LLM when a chat client is configured, the built-in rules otherwise.</summary>
public static class DerivationServiceCollectionExtensions
{
    public static IServiceCollection AddAgentMemoryDerivation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DerivationOptions>()
            .Bind(configuration.GetSection(DerivationOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.UpdateSimilarity <= o.MergeSimilarity, "AgentMemory:Derivation:UpdateSimilarity must not exceed MergeSimilarity.")
            .Validate(o => o.SessionIdleTimeout > TimeSpan.Zero, "AgentMemory:Derivation:SessionIdleTimeout must be positive.")
            .Validate(o => o.RetryDelay > TimeSpan.Zero, "AgentMemory:Derivation:RetryDelay must be positive.")
            .Validate(o => o.MaxRetryDelay >= o.RetryDelay, "AgentMemory:Derivation:MaxRetryDelay must be at least RetryDelay.")
            .ValidateOnStart();

        services.TryAddSingleton<RuleBasedMemoryExtractor>();
        services.TryAddSingleton<RuleBasedFactUpdateDecider>();
        services.TryAddSingleton<ExtractiveMemorySummarizer>();
        services.TryAddSingleton<IMemoryExtractor>(sp => sp.GetService<IChatClient>() is { } chat
            ? ActivatorUtilities.CreateInstance<LlmMemoryExtractor>(sp, chat)
            : sp.GetRequiredService<RuleBasedMemoryExtractor>());
        services.TryAddSingleton<IFactUpdateDecider>(sp => sp.GetService<IChatClient>() is { } chat
            ? ActivatorUtilities.CreateInstance<LlmFactUpdateDecider>(sp, chat)
            : sp.GetRequiredService<RuleBasedFactUpdateDecider>());
        services.TryAddSingleton<IMemorySummarizer>(sp => sp.GetService<IChatClient>() is { } chat
            ? ActivatorUtilities.CreateInstance<LlmMemorySummarizer>(sp, chat)
            : sp.GetRequiredService<ExtractiveMemorySummarizer>());
        return services;
    }
}
