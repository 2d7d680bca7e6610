namespace AgentMemory.Core.Extraction;

/// <summary>A word's position in a text: a maximal run of letters/digits with internal apostrophes.</summary>
internal readonly record struct WordToken(int Start, int Length)
{
    /// <summary>Offset just past the word.</summary>
    public int End => Start + Length;
}
