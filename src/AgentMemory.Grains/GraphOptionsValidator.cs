using Microsoft.Extensions.Options;

namespace AgentMemory.Grains;

/// <summary>Checks <see cref="GraphOptions"/> at start, naming the setting that is out of range.</summary>
public sealed class GraphOptionsValidator : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        var failures = new List<string>();
        Check(() => options.Synonyms.Validate(), "Synonyms", failures);
        Check(() => options.PageRank.Validate(), "PageRank", failures);
        if (options.HubPassageShare is not (> 0 and <= 1))
        {
            failures.Add($"{GraphOptions.SectionName}:HubPassageShare must be in (0, 1] (got {options.HubPassageShare}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(Action validate, string section, List<string> failures)
    {
        try
        {
            validate();
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{GraphOptions.SectionName}:{section}: {ex.Message}");
        }
    }
}
