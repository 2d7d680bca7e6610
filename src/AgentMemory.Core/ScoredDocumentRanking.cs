namespace AgentMemory.Core;

/// <summary>
/// The one ordering every index result uses: score descending, then document id ascending so that
/// ties are broken deterministically and results are reproducible across runs.
/// </summary>
internal readonly struct ScoredDocumentRanking : IComparer<ScoredDocument>
{
    /// <summary>Negative when <paramref name="x"/> ranks ahead of <paramref name="y"/>.</summary>
    public int Compare(ScoredDocument x, ScoredDocument y)
    {
        var byScore = y.Score.CompareTo(x.Score);
        return byScore != 0 ? byScore : x.DocumentId.CompareTo(y.DocumentId);
    }

    /// <summary>Whether <paramref name="x"/> ranks strictly ahead of <paramref name="y"/>.</summary>
    public static bool RanksAhead(ScoredDocument x, ScoredDocument y) =>
        x.Score > y.Score || (x.Score == y.Score && x.DocumentId < y.DocumentId);
}
