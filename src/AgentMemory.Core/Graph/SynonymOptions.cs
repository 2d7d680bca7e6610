namespace AgentMemory.Core.Graph;

/// <summary>Tuning for <see cref="SynonymFinder"/>: what counts as a synonym and how the LSH buckets are cut.</summary>
/// <remarks>
/// HippoRAG 2 links two phrase nodes with a synonym edge when their embeddings' cosine is at least
/// 0.8, and keeps only each phrase's closest few so that a generic phrase cannot become a hub of
/// synonym edges. The LSH shape (16 bands of 8 bits) is explained on <see cref="SynonymFinder"/>.
/// </remarks>
public sealed class SynonymOptions
{
    /// <summary>The default <see cref="Seed"/>; fixed so that buckets, and hence results, are identical across processes.</summary>
    public const int DefaultSeed = 20260101;

    /// <summary>The lowest cosine similarity reported as a synonym, in (0, 1].</summary>
    public float Threshold { get; init; } = 0.8f;

    /// <summary>The most synonyms reported for one phrase, at least 1.</summary>
    public int MaxPerPhrase { get; init; } = 5;

    /// <summary>The number of LSH bands (independent hash tables), 1 to 64; more raises recall and cost.</summary>
    public int Bands { get; init; } = 16;

    /// <summary>Hyperplane bits per band, 1 to 24; more makes buckets more selective.</summary>
    public int BitsPerBand { get; init; } = 8;

    /// <summary>Seed of the random hyperplanes.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Checks every property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range; its name is the parameter name.</exception>
    public void Validate()
    {
        if (!(Threshold is > 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Threshold must lie in (0, 1].");
        }

        if (MaxPerPhrase < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPerPhrase), MaxPerPhrase, "MaxPerPhrase must be at least 1.");
        }

        if (Bands is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Bands), Bands, "Bands must lie in [1, 64].");
        }

        if (BitsPerBand is < 1 or > 24)
        {
            throw new ArgumentOutOfRangeException(nameof(BitsPerBand), BitsPerBand, "BitsPerBand must lie in [1, 24].");
        }
    }
}
