using AgentMemory.Cli.Locomo;

namespace AgentMemory.Cli.Evaluation;

/// <summary>What became of one question's evidence strings.</summary>
/// <param name="Valid">Distinct evidence turns that exist in the conversation, in the order given.</param>
/// <param name="Repaired">Evidence strings that were malformed but understood (e.g. "D:11:26", "D30:05", "D9:1 D4:4").</param>
/// <param name="Unparseable">Tokens that name no turn id at all (e.g. "D").</param>
/// <param name="Unknown">Well-formed ids of turns the conversation does not have (e.g. "D10:19" where session 10 has fewer turns).</param>
internal sealed record ResolvedEvidence(
    IReadOnlyList<TurnId> Valid,
    IReadOnlyList<string> Repaired,
    IReadOnlyList<string> Unparseable,
    IReadOnlyList<TurnId> Unknown);

internal static class EvidenceResolver
{
    public static ResolvedEvidence Resolve(IEnumerable<string> evidence, IReadOnlySet<TurnId> existingTurns)
    {
        var valid = new List<TurnId>();
        var repaired = new List<string>();
        var unparseable = new List<string>();
        var unknown = new List<TurnId>();
        var seen = new HashSet<TurnId>();
        foreach (var raw in evidence)
        {
            var ids = LocomoParser.ParseEvidence(raw, unparseable);
            if (ids.Count > 0 && !(ids.Count == 1 && ids[0].ToString() == raw))
            {
                repaired.Add(raw);
            }

            foreach (var id in ids)
            {
                if (!existingTurns.Contains(id))
                {
                    unknown.Add(id);
                }
                else if (seen.Add(id))
                {
                    valid.Add(id);
                }
            }
        }

        return new ResolvedEvidence(valid, repaired, unparseable, unknown);
    }
}
