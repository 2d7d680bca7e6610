using System.Buffers;
using System.Numerics;

namespace AgentMemory.Core;

/// <summary>
/// Sorts ranked lists by integer keys instead of a comparer: best score first, then document id
/// ascending, exactly the order of <see cref="ScoredDocumentRanking"/>.
/// </summary>
/// <remarks>
/// Recall sorts a few hundred entries several times per query (each list, fusion, the expansions'
/// blend). <c>Span.Sort</c> with a comparer calls it through an interface or a delegate on every
/// comparison (a struct comparer is boxed), while a span of primitive keys sorts with inlined
/// compares. Each key packs the order into one unsigned number: the score mapped to an integer
/// that orders as <see cref="float.CompareTo(float)"/> does (NaN last, −0 equal to +0), inverted
/// so the best comes first, and the document id below it.
/// </remarks>
internal static class RankingSort
{
    /// <summary>Sorts best first: score descending, then document id ascending.</summary>
    public static void ByRanking(Span<ScoredDocument> documents)
    {
        using var keys = new PooledKeys<ulong>(documents.Length);
        for (var i = 0; i < documents.Length; i++)
        {
            keys.Span[i] = ((ulong)Descending(documents[i].Score) << 32) | IdKey(documents[i].DocumentId);
        }

        keys.Span.Sort(documents);
    }

    /// <summary>Sorts by document id ascending (entries of one document end up adjacent, in no set order).</summary>
    public static void ByDocument<T>(Span<T> entries, Func<T, int> documentOf)
    {
        using var keys = new PooledKeys<int>(entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            keys.Span[i] = documentOf(entries[i]);
        }

        keys.Span.Sort(entries);
    }

    /// <summary>Sorts fused candidates best first: fused score descending, then document id ascending.</summary>
    /// <remarks>
    /// A double and an id do not fit one 64-bit key, so the sort is by score alone and each run of
    /// equal scores is then put in id order (ties are rare, and a run is short).
    /// </remarks>
    public static void ByFusedScore(Span<HybridCandidate> candidates)
    {
        using var pooled = new PooledKeys<ulong>(candidates.Length);
        var keys = pooled.Span;
        for (var i = 0; i < candidates.Length; i++)
        {
            keys[i] = Descending(candidates[i].Fused);
        }

        keys.Sort(candidates);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                ById(candidates[start..end]);
            }

            start = end;
        }
    }

    /// <summary>An unsigned number that orders as <see cref="float.CompareTo(float)"/> orders descending: the best score smallest.</summary>
    private static uint Descending(float score) =>
        float.IsNaN(score) ? uint.MaxValue : DescendingBits(score == 0f ? 0u : BitConverter.SingleToUInt32Bits(score));

    /// <summary>An unsigned number that orders as <see cref="double.CompareTo(double)"/> orders descending.</summary>
    private static ulong Descending(double score) =>
        double.IsNaN(score) ? ulong.MaxValue : DescendingBits(score == 0d ? 0ul : BitConverter.DoubleToUInt64Bits(score));

    // IEEE bits (NaN excluded, and −0 passed as +0, since they compare equal) to an unsigned number
    // that orders as the values do, inverted: negatives have their bits flipped, positives their
    // sign bit set, so every negative comes below every positive and each side orders by magnitude.
    private static T DescendingBits<T>(T bits)
        where T : IBinaryInteger<T>, IUnsignedNumber<T>
    {
        var sign = T.One << ((bits.GetByteCount() * 8) - 1);
        var ascending = (bits & sign) != T.Zero ? ~bits : bits | sign;
        return ~ascending;
    }

    // Signed ids in ascending order as unsigned numbers.
    private static uint IdKey(int documentId) => (uint)documentId ^ 0x8000_0000u;

    /// <summary>Sort keys in an array from the shared pool, returned when disposed.</summary>
    private readonly ref struct PooledKeys<T>
    {
        private readonly T[] _array;

        public PooledKeys(int length)
        {
            _array = ArrayPool<T>.Shared.Rent(length);
            Span = _array.AsSpan(0, length);
        }

        public Span<T> Span { get; }

        public void Dispose() => ArrayPool<T>.Shared.Return(_array);
    }

    private static void ById(Span<HybridCandidate> run)
    {
        for (var i = 1; i < run.Length; i++)
        {
            var moving = run[i];
            var at = i;
            while (at > 0 && run[at - 1].DocumentId > moving.DocumentId)
            {
                run[at] = run[at - 1];
                at--;
            }

            run[at] = moving;
        }
    }
}
