using AgentMemory.Core.Concepts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace AgentMemory.Grains;

/// <summary>Registers the memory grains' options, telemetry and call filters on a silo.</summary>
public static class GrainsSiloBuilderExtensions
{
    public static ISiloBuilder AddAgentMemoryGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<MemoryLimitsOptions>()
            .Bind(configuration.GetSection(MemoryLimitsOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultTokenBudget <= o.MaxTokenBudget, "AgentMemory:Limits:DefaultTokenBudget must not exceed MaxTokenBudget.")
            .ValidateOnStart();
        services.AddOptions<RecallOptions>()
            .Bind(configuration.GetSection(RecallOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecallOptions>, RecallOptionsValidator>());
        services.AddOptions<GraphOptions>()
            .Bind(configuration.GetSection(GraphOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>());
        services.AddOptions<MemoryPressureOptions>()
            .Bind(configuration.GetSection(MemoryPressureOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.TargetPercent < o.LimitPercent, "AgentMemory:MemoryPressure:TargetPercent must be below LimitPercent.")
            .ValidateOnStart();
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<MemoryPressureOptions>>((collection, pressure) =>
        {
            collection.EnableActivationSheddingOnMemoryPressure = pressure.Value.ShedUsers;
            collection.MemoryUsageLimitPercentage = pressure.Value.LimitPercent;
            collection.MemoryUsageTargetPercentage = pressure.Value.TargetPercent;
            collection.MemoryUsagePollingPeriod = pressure.Value.PollingPeriod;
        });
        services.AddMetrics();
        services.TryAddSingleton<MemoryTelemetry>();
        services.TryAddSingleton(TimeProvider.System);
        silo.AddIncomingGrainCallFilter<DependencyFailureFilter>();
        services.TryAddSingleton<DerivationResumer>();
        silo.AddStartupTask((sp, ct) => sp.GetRequiredService<DerivationResumer>().ResumeAsync(ct));

        // The concept lexicon takes 0.5-1 s to read; load it in the background at start rather than
        // in the first user's activation (which waits for the same load if it comes first).
        silo.AddStartupTask((sp, ct) =>
        {
            if (sp.GetRequiredService<IOptions<RecallOptions>>().Value.Scoring.CategoryWeight > 0)
            {
                _ = Task.Run(() => ConceptLexicon.WordNet, ct);
            }

            return Task.CompletedTask;
        });
        return silo;
    }
}
