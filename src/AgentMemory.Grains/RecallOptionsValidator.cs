using System.ComponentModel.DataAnnotations;
using AgentMemory.Core;
using Microsoft.Extensions.Options;

namespace AgentMemory.Grains;

/// <summary>
/// Checks <see cref="RecallOptions"/> at start: every range declared on
/// <see cref="HybridScoringOptions"/>, and the rules a range cannot say, each failure naming the
/// setting, the rule and the value it got.
/// </summary>
public sealed class RecallOptionsValidator : IValidateOptions<RecallOptions>
{
    private const string Section = RecallOptions.SectionName + ":Scoring";

    public ValidateOptionsResult Validate(string? name, RecallOptions options)
    {
        var scoring = options.Scoring;
        var failures = new List<string>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(scoring, new ValidationContext(scoring), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames)
            {
                failures.Add($"{Section}:{member}: {result.ErrorMessage} (got {typeof(HybridScoringOptions).GetProperty(member)?.GetValue(scoring)}).");
            }
        }

        if (scoring.RrfK <= 0)
        {
            failures.Add($"{Section}:RrfK must be positive (got {scoring.RrfK}).");
        }

        if (scoring.CandidatePoolSize > 10_000)
        {
            failures.Add($"{Section}:CandidatePoolSize must be at most 10000 (got {scoring.CandidatePoolSize}).");
        }

        if (scoring.RecencyHalfLife <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:RecencyHalfLife must be positive (got {scoring.RecencyHalfLife}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
