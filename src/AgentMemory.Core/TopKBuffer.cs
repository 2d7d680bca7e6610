using System.Runtime.InteropServices;

namespace AgentMemory.Core;

/// <summary>
/// Selects the best k of a stream of scored documents offered in ascending id order (or in
/// passes, see below), by appending to a buffer of 2k and, whenever it fills, keeping its best k
/// with a linear-time selection.
/// </summary>
/// <remarks>
/// <para>
/// A bounded heap pays a logarithmic sift with an unpredictable branch per level for each of the
/// roughly k·ln(N/k) candidates that improve on the worst kept one; for a 100-candidate pool over
/// 10,000 documents that is more than the scoring itself. Appending is a store, and a selection
/// over 2k entries happens only after k more have been admitted.
/// </para>
/// <para>
/// Ranking is <see cref="ScoredDocumentRanking"/>: score descending, then id ascending. Because ids
/// arrive in ascending order, once a selection has run a later candidate beats the worst kept entry
/// exactly when its score is strictly higher, so <see cref="Admits"/> is a single comparison and
/// callers can skip whole SIMD vectors of scores at or below <see cref="Threshold"/>. NaN scores
/// (only from a query with NaN or infinite components) rank last, as in the final sort.
/// </para>
/// <para>
/// The dense index offers in two passes, each in ascending id order: first the documents at or
/// above a floor, then, only to a buffer still holding fewer than k (so no selection has run), the
/// ones below it. The rule still holds: a second-pass document scores below every first-pass one,
/// so it never ties with a threshold that a first-pass document set, and among second-pass
/// documents ids ascend.
/// </para>
/// <para>Reusable and not thread-safe: the owning index resets it for every search.</para>
/// </remarks>
internal sealed class TopKBuffer
{
    private ScoredDocument[] _buffer = [];
    private int _count;
    private int _k;

    // 2k (at least 32): a selection runs when this many are held. Not the buffer's length, which a
    // larger earlier k may have left bigger: a selection would then come late or never, and without
    // a threshold every later candidate is admitted.
    private int _limit;

    /// <summary>The k this buffer keeps.</summary>
    public int K => _k;

    /// <summary>Candidates held now: more than <see cref="K"/> until the next selection.</summary>
    public int Count => _count;

    /// <summary>Whether a selection has run, so that <see cref="Threshold"/> applies.</summary>
    public bool HasThreshold { get; private set; }

    /// <summary>The worst kept score once <see cref="HasThreshold"/>: a later candidate must score strictly higher.</summary>
    public float Threshold { get; private set; }

    /// <summary>Heap bytes held by the buffer.</summary>
    public long ApproximateBytes => ((long)_buffer.Length * 8) + 32;

    /// <summary>Starts a new selection of the best <paramref name="k"/> (k ≥ 1).</summary>
    public void Reset(int k)
    {
        _k = k;
        _count = 0;
        HasThreshold = false;
        Threshold = float.NegativeInfinity;
        _limit = Math.Max(2 * k, 32);
        if (_buffer.Length < _limit)
        {
            _buffer = new ScoredDocument[_limit];
        }
    }

    /// <summary>Whether a candidate with this score, arriving after every id offered so far, could be kept.</summary>
    public bool Admits(float score) => !HasThreshold || score > Threshold || float.IsNaN(Threshold);

    /// <summary>Appends a candidate that <see cref="Admits"/>; ids must ascend across calls.</summary>
    public void Add(int documentId, float score)
    {
        _buffer[_count++] = new ScoredDocument(documentId, score);
        if (_count == _limit)
        {
            KeepBest();
        }
    }

    /// <summary>The kept documents, best first, in a new list.</summary>
    public List<ScoredDocument> ToSortedList()
    {
        if (_count > _k)
        {
            KeepBest();
        }

        var results = new List<ScoredDocument>(_count);
        CollectionsMarshal.SetCount(results, _count);
        var span = CollectionsMarshal.AsSpan(results);
        _buffer.AsSpan(0, _count).CopyTo(span);
        RankingSort.ByRanking(span);
        return results;
    }

    /// <summary>Moves the best k entries to the front (unordered) and drops the rest.</summary>
    private void KeepBest()
    {
        var items = _buffer.AsSpan(0, _count);
        var k = _k - 1;

        // Wirth's selection: afterwards items[k] is the k-th best, everything before it ranks ahead.
        int low = 0, high = items.Length - 1;
        while (low < high)
        {
            var pivot = items[k];
            int i = low, j = high;
            do
            {
                while (Ahead(items[i], pivot))
                {
                    i++;
                }

                while (Ahead(pivot, items[j]))
                {
                    j--;
                }

                if (i <= j)
                {
                    (items[i], items[j]) = (items[j], items[i]);
                    i++;
                    j--;
                }
            }
            while (i <= j);

            if (j < k)
            {
                low = i;
            }

            if (k < i)
            {
                high = j;
            }
        }

        _count = _k;
        Threshold = items[k].Score;
        HasThreshold = true;
    }

    // The sort order, which (unlike RanksAhead) is total even with NaN scores, so the scans always stop at the pivot.
    private static bool Ahead(ScoredDocument x, ScoredDocument y) => default(ScoredDocumentRanking).Compare(x, y) < 0;
}
