using System.Globalization;
using System.Text;
using AgentMemory.Core.Extraction;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AgentMemory.Derivation;

/// <summary>
/// The update decision by the sidecar chat model (Think-in-Memory's insert/merge/forget, Keep Me Updated's
/// invalidation): the model sees the candidate and the similar facts numbered 1..n and answers with an operation,
/// target numbers, an optional rewritten text and a reason.
/// </summary>
/// <remarks>
/// <para>
/// The model never sees fact ids: positions are all it needs, they cannot be mistyped into another user's id, and a
/// target outside 1..n is detectably wrong. A reply that does not parse (an operation outside the schema's enum
/// included) or breaks the rules (a target out of range, UPDATE or MERGE without exactly one target, INVALIDATE
/// without any) is retried once with a correction; then <see cref="RuleBasedFactUpdateDecider"/> decides, with a warning, so a confused model costs
/// quality, never progress. The rules also decide when the sidecar refuses the request (400, 413, 422). Other transport failures propagate,
/// so the pipeline retries the step later.
/// </para>
/// <para>With no similar fact there is nothing to compare, so the answer is ADD without a model call.</para>
/// </remarks>
public sealed class LlmFactUpdateDecider(
    IChatClient chat, RuleBasedFactUpdateDecider fallback, ILogger<LlmFactUpdateDecider> logger) : IFactUpdateDecider
{
    private const string SystemPrompt = """
        You maintain a person's long-term memory. A new fact has been learned; compare it with the numbered existing facts and choose exactly one operation:
        - ADD: the new fact is new information. targets: [].
        - UPDATE: the new fact is a more complete or more precise version of ONE existing fact about the same thing, and the existing fact is still true. targets: [its number]; text: one sentence combining both, or null to use the new fact as it is.
        - INVALIDATE: the new fact makes one or more existing facts no longer true (moved elsewhere, changed job, broke up, changed a favorite, a plan was cancelled). The new fact is stored and those facts are retired. targets: their numbers.
        - MERGE: the new fact says the same as ONE existing fact. targets: [its number].
        - NOOP: the new fact adds nothing worth keeping. targets: [].
        Facts about different people never contradict each other; a new event does not contradict an earlier, different event.
        Refer to existing facts only by their numbers. reason: one short sentence.
        """;

    public async Task<FactDecision> DecideAsync(ExtractedFact candidate, IReadOnlyList<ExistingFact> similar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(similar);
        if (similar.Count == 0)
        {
            return FactDecision.Add("no similar fact");
        }

        var messages = new[]
        {
            new ChatMessage(ChatRole.System, SystemPrompt),
            new ChatMessage(ChatRole.User, BuildUserPrompt(candidate, similar)),
        };

        var result = await LlmStructuredOutput.AskAsync<LlmDecisionReply>(
            chat, messages, reply => Validate(reply, similar.Count), cancellationToken);
        if (result.Reply is null)
        {
            var rule = await fallback.DecideAsync(candidate, similar, cancellationToken);
            logger.LogWarning(
                "Update decision for \"{Fact}\" fell back to the rules ({Operation}): {Attempts} invalid model replies, the last because {Reason}",
                LlmText.Excerpt(candidate.Text, 120), rule.Operation, result.Attempts, result.Failure);
            return rule with { Reason = $"{rule.Reason} (rule fallback: {result.Failure})" };
        }

        return ToDecision(result.Reply, candidate);
    }

    /// <summary>The candidate and the similar facts, numbered from 1 in the order given (most similar first).</summary>
    internal static string BuildUserPrompt(ExtractedFact candidate, IReadOnlyList<ExistingFact> similar)
    {
        var prompt = new StringBuilder();
        prompt.Append("New fact: ").AppendLine(LlmText.OneLine(candidate.Text));
        prompt.Append("About: ").Append(LlmText.OneLine(candidate.Subject));
        if (candidate.ValidFrom is { } date)
        {
            prompt.Append("; since ").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        prompt.AppendLine().AppendLine().AppendLine("Existing facts, most similar first:");
        for (var i = 0; i < similar.Count; i++)
        {
            prompt.Append(CultureInfo.InvariantCulture, $"{i + 1}. {LlmText.OneLine(similar[i].Text)}")
                .Append(CultureInfo.InvariantCulture, $" (since {LlmText.IsoDate(similar[i].ValidFrom)}; similarity {similar[i].Similarity:0.00})")
                .AppendLine();
        }

        return prompt.ToString();
    }

    /// <summary>Null when the reply can be applied to <paramref name="count"/> numbered facts; otherwise what is wrong.</summary>
    internal static string? Validate(LlmDecisionReply reply, int count)
    {
        var operation = reply.Operation;
        if (!Enum.IsDefined(operation))
        {
            return $"\"operation\" must be one of ADD, UPDATE, INVALIDATE, MERGE, NOOP";
        }

        var targets = (reply.Targets ?? []).Distinct().ToList();
        if (operation is FactOperation.Add or FactOperation.Noop)
        {
            return null;
        }

        var outOfRange = targets.Where(t => t < 1 || t > count).ToList();
        if (outOfRange.Count > 0)
        {
            return $"targets {string.Join(", ", outOfRange)} do not exist; the existing facts are numbered 1 to {count}";
        }

        return operation switch
        {
            FactOperation.Update or FactOperation.Merge when targets.Count != 1 =>
                $"{operation.ToString().ToUpperInvariant()} needs exactly one target, not {targets.Count}",
            FactOperation.Invalidate when targets.Count == 0 => "INVALIDATE needs at least one target",
            _ => null,
        };
    }

    /// <summary>A validated reply as a decision: ADD and NOOP drop stray targets; UPDATE without text keeps the candidate's.</summary>
    internal static FactDecision ToDecision(LlmDecisionReply reply, ExtractedFact candidate)
    {
        var operation = reply.Operation;
        var reason = LlmText.OneLine(reply.Reason);
        if (reason.Length == 0)
        {
            reason = "model decision";
        }

        var targets = operation is FactOperation.Add or FactOperation.Noop ? [] : (reply.Targets ?? []).Distinct().Order().ToList();
        string? text = null;
        if (operation == FactOperation.Update)
        {
            var rewritten = LlmText.AsSentence(reply.Text ?? string.Empty);
            text = rewritten.Length > 0 ? rewritten : candidate.Text;
        }

        return new FactDecision(operation, targets, text, reason);
    }
}
