namespace AgentMemory.Derivation;

/// <summary>An update decision for one candidate fact.</summary>
/// <param name="Targets">1-based positions in the similar-facts list the decision acts on (Update, Merge: one; Invalidate: one or more).</param>
/// <param name="Text">For Update: the new text of the target.</param>
/// <param name="Reason">Why, for the history table and the logs.</param>
public sealed record FactDecision(FactOperation Operation, IReadOnlyList<int> Targets, string? Text, string Reason)
{
    public static FactDecision Add(string reason) => new(FactOperation.Add, [], null, reason);

    public static FactDecision Noop(string reason) => new(FactOperation.Noop, [], null, reason);
}
