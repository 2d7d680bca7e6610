namespace AgentMemory.Derivation;

/// <summary>What to do with a candidate fact (Think-in-Memory's insert/merge/forget plus Keep-Me-Updated's invalidate).</summary>
public enum FactOperation
{
    /// <summary>A new fact: store it.</summary>
    Add,

    /// <summary>A more informative version of an existing fact: rewrite it, keeping its id.</summary>
    Update,

    /// <summary>The candidate contradicts existing facts: store it and retire them (valid_to, superseded_by).</summary>
    Invalidate,

    /// <summary>A near-duplicate: fold the candidate's sources into the existing fact.</summary>
    Merge,

    /// <summary>Nothing new.</summary>
    Noop,
}
