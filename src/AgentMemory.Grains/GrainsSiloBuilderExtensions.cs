using System.ComponentModel.DataAnnotations;
using AgentMemory.Core.Concepts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
            .Validate(o => o.Scoring.RrfK > 0, "AgentMemory:Recall:Scoring:RrfK must be positive.")
            .Validate(o => o.Scoring.CandidatePoolSize is > 0 and <= 10_000, "AgentMemory:Recall:Scoring:CandidatePoolSize must be 1..10000.")
            .Validate(o => o.Scoring.RecencyHalfLife > TimeSpan.Zero, "AgentMemory:Recall:Scoring:RecencyHalfLife must be positive.")
            .Validate(o => o.Scoring.DenseWeight >= 0 && o.Scoring.LexicalWeight >= 0 && o.Scoring.RecencyWeight >= 0, "AgentMemory:Recall:Scoring weights must not be negative.")
            .Validate(
                o => Validator.TryValidateObject(o.Scoring, new ValidationContext(o.Scoring), null, validateAllProperties: true),
                "AgentMemory:Recall:Scoring has a value outside its range (see the ranges in docs/configuration.md and HybridScoringOptions).")
            .ValidateOnStart();
        services.AddOptions<GraphOptions>()
            .Bind(configuration.GetSection(GraphOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<MemoryTelemetry>();
        services.TryAddSingleton(TimeProvider.System);
        silo.AddIncomingGrainCallFilter<StorageFailureFilter>();
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
