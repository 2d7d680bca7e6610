using AgentMemory.Core;
using AgentMemory.Core.Extraction;
using Microsoft.Extensions.Options;

namespace AgentMemory.Derivation;

/// <summary>
/// The built-in update decision. A contradiction is a slot conflict: same subject, same
/// single-valued relation (lives_in, works_at, dating…), different object; the old facts are
/// invalidated. Otherwise similarity decides: near-identical facts merge, a longer fact that
/// covers an existing one about the same subject updates it, anything else is added.
/// </summary>
public sealed class RuleBasedFactUpdateDecider(IOptions<DerivationOptions> options) : IFactUpdateDecider
{
    public Task<FactDecision> DecideAsync(ExtractedFact candidate, IReadOnlyList<ExistingFact> similar, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var conflicts = new List<int>();
        for (var i = 0; i < similar.Count; i++)
        {
            if (Contradicts(candidate, similar[i]))
            {
                conflicts.Add(i + 1);
            }
        }

        if (conflicts.Count > 0)
        {
            return Task.FromResult(new FactDecision(FactOperation.Invalidate, conflicts, null, "same subject and single-valued relation with a different object"));
        }

        if (similar.Count == 0)
        {
            return Task.FromResult(FactDecision.Add("no similar fact"));
        }

        // Similarities arrive as float; compare with a little slack so 0.9f meets a 0.9 threshold.
        const double Slack = 1e-6;
        var best = similar[0];
        if (best.Similarity + Slack >= o.MergeSimilarity)
        {
            return Task.FromResult(new FactDecision(FactOperation.Merge, [1], null, $"near-duplicate (cosine {best.Similarity:0.00})"));
        }

        if (best.Similarity + Slack >= o.UpdateSimilarity && Covers(candidate.Text, best.Text))
        {
            return Task.FromResult(new FactDecision(FactOperation.Update, [1], candidate.Text, $"more informative version (cosine {best.Similarity:0.00})"));
        }

        return Task.FromResult(FactDecision.Add($"new (best cosine {best.Similarity:0.00})"));
    }

    /// <summary>
    /// A single-valued slot of the same subject holds another object, or the candidate ends a
    /// relation the existing fact states (same subject and object).
    /// </summary>
    internal static bool Contradicts(ExtractedFact candidate, ExistingFact existing)
    {
        foreach (var mine in candidate.Triples)
        {
            var slot = RelationCatalog.SlotOf(mine.Relation);
            var single = RelationCatalog.IsSingleValued(slot);
            var ends = RelationCatalog.Ends(mine.Relation);
            if (!single && ends.Count == 0)
            {
                continue;
            }

            foreach (var theirs in existing.Triples)
            {
                if (!string.Equals(mine.Subject, theirs.Subject, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var theirSlot = RelationCatalog.SlotOf(theirs.Relation);
                if ((single && theirSlot == slot && !SameObject(mine.Object, theirs.Object))
                    || (ends.Contains(theirSlot) && SameObject(mine.Object, theirs.Object)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool SameObject(string a, string b)
    {
        var left = TextAnalyzer.Analyze(a);
        var right = TextAnalyzer.Analyze(b);
        return left.Count > 0 && left.Count == right.Count && left.SequenceEqual(right);
    }

    /// <summary>The candidate says at least everything the existing fact says, and more.</summary>
    private static bool Covers(string candidate, string existing)
    {
        var candidateTerms = TextAnalyzer.Analyze(candidate).ToHashSet(StringComparer.Ordinal);
        var existingTerms = TextAnalyzer.Analyze(existing).ToHashSet(StringComparer.Ordinal);
        return candidateTerms.Count > existingTerms.Count && existingTerms.IsSubsetOf(candidateTerms);
    }
}
