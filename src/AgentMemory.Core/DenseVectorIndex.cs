using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AgentMemory.Core;

/// <summary>
/// A flat, exact (brute-force) cosine-similarity index over caller-assigned document slots.
/// </summary>
/// <remarks>
/// <para>
/// A per-agent memory holds thousands to tens of thousands of documents, where an exact scan beats an
/// approximate graph index: no recall loss, no build or tuning, O(1) updates. Vectors are
/// L2-normalised once when stored, so a score is a dot product.
/// </para>
/// <para>
/// Storage is dimension-major (transposed) in blocks of 1,024 slots: within a block, component
/// <c>j</c> of every slot is one contiguous column, so a search accumulates
/// <c>scores[0..n) += q[j] × column_j[0..n)</c> with SIMD across documents, four columns per pass, and
/// skips every dimension where the query is zero. The built-in <see cref="HashingEmbedder"/> gives a
/// short query only 15-40 non-zero dimensions out of 384, so a search reads under a tenth of the
/// index; a fully dense (neural) query reads all of it, as a row-major scan would. A block's scores
/// (4 KB) stay in L1 cache while its columns stream through. Blocks are allocated on demand and grow
/// by doubling up to 1,024 slots, so capacity exceeds use by at most one partly filled block and
/// growth never copies more than one block. The best results are picked by <see cref="TopKBuffer"/>
/// once every slot is scored: in a large index, first among the slots at or above a floor that a
/// sample of the scores predicts, then (only if that left a list short) among the rest, in each
/// pass skipping whole SIMD vectors of scores that cannot place.
/// </para>
/// <para>
/// Components are stored as <see cref="VectorPrecision.Half"/> by default: 2 × <see cref="Dimensions"/>
/// bytes per vector (768 at 384 dimensions) instead of 1,536, which halves the bytes a search streams
/// and keeps a 10,000-memory user within the resident-memory budget; a cosine then differs from the
/// 32-bit one by at most about 5e-4 (docs/benchmarks-index.md has the measurements).
/// <see cref="VectorPrecision.Single"/> gives exact 32-bit scores at 4 × <see cref="Dimensions"/> bytes
/// per vector. Either way a slot also costs one byte of presence flag. A removed slot's components are
/// zeroed and its flag cleared, so it is never returned and can be reused.
/// </para>
/// <para>
/// Searches may run concurrently with each other, never with a write: the owning grain runs a
/// user's recalls in parallel and keeps writes out while any runs. A search works in per-thread
/// scratch (the normalised query, its non-zero dimensions, every slot's score and the candidate
/// buffers) instead of allocating; it allocates only the result lists. Writes reuse per-index scratch.
/// </para>
/// </remarks>
public sealed class DenseVectorIndex
{
    /// <summary>The precision used by <see cref="DenseVectorIndex(int)"/>.</summary>
    public const VectorPrecision DefaultPrecision = VectorPrecision.Half;

    private const int BlockShift = 10;
    private const int BlockSize = 1 << BlockShift;
    private const int BlockMask = BlockSize - 1;
    private const int MinimumBlockCapacity = 16;

    // The first pass's floor comes from every eighth score, ranked so that about 2 k slots reach it
    // (see Scan); below this many slots, or for a k that needs a sample rank above the maximum, the
    // scan offers slots in one pass as they come.
    private const int SampleStride = 8;
    private const int SampledScanMinimum = 4096;
    private const int MinimumSampleRank = 4;
    private const int MaximumSampleRank = 64;

    // Widening a half by bit shift leaves it scaled by 2^-112; the query weight carries the 2^112 back.
    private const int HalfWideningMask = unchecked((int)0x8FFF_FFFF);
    private const float HalfWideningScale = 5.192296858534828e33f; // 2^112

    private readonly bool _half;

    // Block b holds slots [b * BlockSize, b * BlockSize + _capacities[b]); component j of the slot at
    // offset o lives at [j * _capacities[b] + o]. Exactly one of the two arrays is used; unallocated blocks are null.
    private float[]?[] _singleBlocks = [];
    private Half[]?[] _halfBlocks = [];
    private int[] _capacities = [];

    private bool[] _occupied = [];

    // One past the highest occupied slot: searches never scan the empty tail.
    private int _slotLimit;

    // Set's scratch, allocated on first use and reused: writes are never concurrent.
    private float[]? _query;
    private Half[]? _halfScratch;
    private int[]? _activeDimensions;

    // Search scratch, one per thread: searches of one index may run in parallel, and a search is
    // synchronous, so a thread never uses it for two at once. Sized for the largest index served.
    [ThreadStatic]
    private static SearchScratch? t_searchScratch;

    /// <param name="dimensions">The length of every vector stored or queried.</param>
    public DenseVectorIndex(int dimensions)
        : this(dimensions, DefaultPrecision)
    {
    }

    /// <param name="dimensions">The length of every vector stored or queried.</param>
    /// <param name="precision">How components are stored; queries and scores are always 32-bit.</param>
    public DenseVectorIndex(int dimensions, VectorPrecision precision)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (precision is not (VectorPrecision.Single or VectorPrecision.Half))
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        }

        Dimensions = dimensions;
        Precision = precision;
        _half = precision == VectorPrecision.Half;
    }

    /// <summary>The length of every stored and query vector.</summary>
    public int Dimensions { get; }

    /// <summary>How components are stored.</summary>
    public VectorPrecision Precision { get; }

    /// <summary>The number of occupied slots.</summary>
    public int Count { get; private set; }

    /// <summary>Approximate heap bytes held by the index (vectors, flags and search scratch), for memory metrics.</summary>
    public long ApproximateBytes
    {
        get
        {
            long slots = 0;
            foreach (var capacity in _capacities)
            {
                slots += capacity;
            }

            long bytes = slots * Dimensions * (_half ? 2 : sizeof(float));
            bytes += _occupied.Length + ((long)_capacities.Length * (sizeof(int) + 8));
            bytes += ((long)(_query?.Length ?? 0) + (_activeDimensions?.Length ?? 0)) * 4;
            bytes += (_halfScratch?.Length ?? 0) * 2L;
            return bytes + 96;
        }
    }

    /// <summary>Stores an L2-normalised copy of <paramref name="vector"/> in a slot, replacing any previous one.</summary>
    /// <exception cref="ArgumentException">The length is not <see cref="Dimensions"/> or a component is NaN or infinite.</exception>
    public void Set(int documentId, ReadOnlySpan<float> vector)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documentId);
        EnsureDimensions(vector, nameof(vector));
        foreach (var component in vector)
        {
            if (!float.IsFinite(component))
            {
                // One NaN would make every comparison against this slot false and corrupt the ranking.
                throw new ArgumentException("Vector components must be finite.", nameof(vector));
            }
        }

        EnsureSlot(documentId);

        // Same arithmetic as VectorMath.NormalizeInPlace: multiply by 1 / norm, and leave a zero vector alone.
        var norm = TensorPrimitives.Norm(vector);
        var scale = norm > 0f && float.IsFinite(norm) ? 1f / norm : 1f;
        var normalized = (_query ??= new float[Dimensions]).AsSpan();
        TensorPrimitives.Multiply(vector, scale, normalized);

        // A free slot's components are already zero (new, cleared or zeroed on removal), so only its
        // non-zero components are written: a hashed embedding has about a fifth of them. They are listed
        // without a branch per component, which would mispredict on every sparse vector.
        var written = (_activeDimensions ??= new int[Dimensions]).AsSpan();
        var fresh = !_occupied[documentId];
        var block = documentId >> BlockShift;
        var offset = documentId & BlockMask;
        var stride = _capacities[block];
        if (_half)
        {
            var halves = (_halfScratch ??= new Half[Dimensions]).AsSpan();
            TensorPrimitives.ConvertToHalf(normalized, halves);
            var count = fresh ? NonZero(MemoryMarshal.Cast<Half, short>(halves), written) : All(written);
            var components = _halfBlocks[block]!;
            foreach (var j in written[..count])
            {
                components[(j * stride) + offset] = halves[j];
            }
        }
        else
        {
            var count = fresh ? NonZero(MemoryMarshal.Cast<float, int>(normalized), written) : All(written);
            var components = _singleBlocks[block]!;
            foreach (var j in written[..count])
            {
                components[(j * stride) + offset] = normalized[j];
            }
        }

        if (!_occupied[documentId])
        {
            _occupied[documentId] = true;
            Count++;
            _slotLimit = Math.Max(_slotLimit, documentId + 1);
        }
    }

    /// <summary>Frees a slot; false if it was not occupied.</summary>
    public bool Remove(int documentId)
    {
        if (!Contains(documentId))
        {
            return false;
        }

        _occupied[documentId] = false;
        ClearSlot(documentId);
        Count--;
        while (_slotLimit > 0 && !_occupied[_slotLimit - 1])
        {
            _slotLimit--;
        }

        return true;
    }

    /// <summary>Whether a slot holds a vector.</summary>
    public bool Contains(int documentId) =>
        documentId >= 0 && documentId < _occupied.Length && _occupied[documentId];

    /// <summary>Removes every vector but keeps the allocated capacity for reuse.</summary>
    public void Clear()
    {
        foreach (var block in _singleBlocks)
        {
            if (block is not null)
            {
                Array.Clear(block);
            }
        }

        foreach (var block in _halfBlocks)
        {
            if (block is not null)
            {
                Array.Clear(block);
            }
        }

        Array.Clear(_occupied);
        Count = 0;
        _slotLimit = 0;
    }

    /// <summary>
    /// Returns the <paramref name="top"/> slots most cosine-similar to <paramref name="query"/>, best first,
    /// ties broken by id ascending. The query is normalised internally and not modified.
    /// </summary>
    /// <param name="query">A vector of <see cref="Dimensions"/> components; a zero query scores every slot 0.</param>
    /// <param name="top">Maximum number of results.</param>
    /// <param name="filter">
    /// Optional predicate returning true for ids that may be returned. Called at most once per occupied
    /// slot, and only for slots whose score could still place them among the results when they are
    /// reached, so most slots are never passed to it (not in id order: see <see cref="Scan"/>).
    /// </param>
    /// <exception cref="ArgumentException">The query length is not <see cref="Dimensions"/>.</exception>
    public List<ScoredDocument> Search(ReadOnlySpan<float> query, int top, Func<int, bool>? filter = null)
    {
        EnsureDimensions(query, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        if (top == 0 || Count == 0)
        {
            return [];
        }

        var scratch = t_searchScratch ??= new SearchScratch();
        scratch.Selector.Reset(Math.Min(top, Count));
        Scan(query, scratch, filter, second: null, secondFilter: null);
        return scratch.Selector.ToSortedList();
    }

    /// <summary>
    /// The best <paramref name="top"/> slots passing <paramref name="filter"/> and, from the same scan,
    /// the best <paramref name="subsetTop"/> passing <paramref name="subset"/>: a recall that needs both
    /// (its candidates and, among them, the facts that seed the graph) reads the vectors once.
    /// </summary>
    /// <param name="query">A vector of <see cref="Dimensions"/> components.</param>
    /// <param name="top">Maximum number of results in the first list.</param>
    /// <param name="filter">Optional predicate for the first list, as in <see cref="Search(ReadOnlySpan{float}, int, Func{int, bool}?)"/>.</param>
    /// <param name="subsetTop">Maximum number of results in the second list.</param>
    /// <param name="subset">Predicate for the second list, independent of <paramref name="filter"/>; called only for slots that could be kept.</param>
    /// <exception cref="ArgumentException">The query length is not <see cref="Dimensions"/>.</exception>
    public (List<ScoredDocument> Best, List<ScoredDocument> BestOfSubset) Search(ReadOnlySpan<float> query, int top, Func<int, bool>? filter, int subsetTop, Func<int, bool> subset)
    {
        EnsureDimensions(query, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(subsetTop);
        ArgumentNullException.ThrowIfNull(subset);
        if (Count == 0 || (top == 0 && subsetTop == 0))
        {
            return ([], []);
        }

        if (subsetTop == 0)
        {
            return (Search(query, top, filter), []);
        }

        if (top == 0)
        {
            return ([], Search(query, subsetTop, subset));
        }

        var scratch = t_searchScratch ??= new SearchScratch();
        scratch.Selector.Reset(Math.Min(top, Count));
        scratch.SubsetSelector.Reset(Math.Min(subsetTop, Count));
        Scan(query, scratch, filter, scratch.SubsetSelector, subset);
        return (scratch.Selector.ToSortedList(), scratch.SubsetSelector.ToSortedList());
    }

    /// <summary>
    /// Scores every slot, then offers the selectors the slots that can place: first those at or above a
    /// floor read from a sample of the scores, and the rest only for a selector still short of its k.
    /// </summary>
    /// <remarks>
    /// Choosing the best 100 of 10,000 while scanning cost as much as the scoring: the bar starts low
    /// and rises candidate by candidate, so some 800 slots are admitted, filtered and selected among.
    /// With every score known first, the best of every eighth slot's score predict the bar: a floor
    /// that about 2 k slots (for the second list, 4 k of all slots) reach. The margin is for the
    /// sample's spread: aiming at 1.25 k left the first list short in 14 % of the load generator's
    /// recalls, each paying for both passes; at 2 k none was, at about a hundred more offers each.
    /// A selector that holds
    /// k slots at or above the floor after one pass is exact, since every slot left out scores below
    /// all of them; one that holds fewer (its filter rejected many, or the sample misled) gets the
    /// slots below the floor, as the plain scan would offer them. Either way each slot is offered, and
    /// its filter called, at most once per selector.
    /// </remarks>
    private void Scan(ReadOnlySpan<float> query, SearchScratch scratch, Func<int, bool>? filter, TopKBuffer? second, Func<int, bool>? secondFilter)
    {
        var normalized = scratch.Query(Dimensions);
        query.CopyTo(normalized);
        VectorMath.NormalizeInPlace(normalized);

        // Only dimensions where the query is non-zero contribute (NaN is kept, as a full dot product would).
        var active = scratch.ActiveDimensions(Dimensions);
        var activeCount = 0;
        for (var j = 0; j < Dimensions; j++)
        {
            if (normalized[j] != 0f)
            {
                active[activeCount++] = j;
            }
        }

        var blockCount = ((_slotLimit - 1) >> BlockShift) + 1;
        var scores = scratch.Scores(blockCount << BlockShift);
        for (var block = 0; block < blockCount; block++)
        {
            var stride = _capacities[block];
            var first = block << BlockShift;
            var length = Math.Min(stride, _slotLimit - first);
            if (length <= 0)
            {
                continue;
            }

            // Not cleared: the scoring's first pass writes every score (see ScoreSingleBlock).
            var blockScores = scores.AsSpan(first, length);
            if (_half)
            {
                ScoreHalfBlock(_halfBlocks[block]!, stride, blockScores, normalized, active.AsSpan(0, activeCount));
            }
            else
            {
                ScoreSingleBlock(_singleBlocks[block]!, stride, blockScores, normalized, active.AsSpan(0, activeCount));
            }
        }

        var selector = scratch.Selector;
        var scanned = scores.AsSpan(0, _slotLimit);
        var floor = SampledFloor(scanned, selector, second);
        if (!float.IsNaN(floor))
        {
            CollectAtLeast(scanned, floor, selector, filter, second, secondFilter);
            var firstShort = selector.Count < selector.K;
            var secondShort = second is not null && second.Count < second.K;
            if (!firstShort && !secondShort)
            {
                return;
            }

            // Only a selector still short of its k is offered the slots below the floor.
            if (!firstShort)
            {
                (selector, filter, second, secondFilter) = (second!, secondFilter, null, null);
            }
            else if (!secondShort)
            {
                (second, secondFilter) = (null, null);
            }
        }

        for (var block = 0; block < blockCount; block++)
        {
            var first = block << BlockShift;
            var length = Math.Min(_capacities[block], _slotLimit - first);
            if (length > 0)
            {
                Collect(scores.AsSpan(first, length), first, floor, selector, filter, second, secondFilter);
            }
        }
    }

    /// <summary>
    /// The floor for the first pass: the score that, among every <see cref="SampleStride"/>-th
    /// occupied slot, enough rank at or above to predict k for each selector; NaN (no first pass)
    /// when the index is too small or k too large for a sample to say much.
    /// </summary>
    private float SampledFloor(ReadOnlySpan<float> scores, TopKBuffer selector, TopKBuffer? second)
    {
        var rank = Math.Max(MinimumSampleRank, Math.Max((selector.K * 2 / SampleStride) + 1, second is null ? 0 : (second.K * 4 / SampleStride) + 1));
        if (Count < SampledScanMinimum || rank > MaximumSampleRank || rank * 4 * SampleStride > Count)
        {
            return float.NaN;
        }

        // The rank best sampled scores so far, best first; NaN scores are never among them.
        Span<float> best = stackalloc float[rank];
        var held = 0;
        var occupied = _occupied;
        for (var slot = 0; slot < scores.Length; slot += SampleStride)
        {
            var score = scores[slot];
            if (!occupied[slot] || float.IsNaN(score) || (held == rank && !(score > best[rank - 1])))
            {
                continue;
            }

            var at = Math.Min(held, rank - 1);
            while (at > 0 && score > best[at - 1])
            {
                best[at] = best[at - 1];
                at--;
            }

            best[at] = score;
            held = Math.Min(held + 1, rank);
        }

        return held == rank ? best[rank - 1] : float.NaN;
    }

    /// <summary>The first pass: offers every occupied slot scoring at least <paramref name="floor"/>, skipping whole SIMD vectors below it.</summary>
    private void CollectAtLeast(ReadOnlySpan<float> scores, float floor, TopKBuffer selector, Func<int, bool>? filter, TopKBuffer? second, Func<int, bool>? secondFilter)
    {
        var occupied = _occupied.AsSpan(0, scores.Length);
        var index = 0;
        while (index < scores.Length)
        {
            if (SkipVectorsBelow(scores, ref index, floor, skipEqual: false))
            {
                return;
            }

            var slot = index++;
            var score = scores[slot];
            if (occupied[slot] && score >= floor)
            {
                Offer(slot, score, selector, filter, second, secondFilter);
            }
        }
    }

    /// <summary>Lists the indexes of non-zero bit patterns (so -0 counts) into <paramref name="indexes"/>; returns how many.</summary>
    private static int NonZero<T>(ReadOnlySpan<T> bits, Span<int> indexes)
        where T : struct, IBinaryInteger<T>
    {
        var count = 0;
        for (var j = 0; j < bits.Length; j++)
        {
            indexes[count] = j;
            count += T.IsZero(bits[j]) ? 0 : 1;
        }

        return count;
    }

    private static int All(Span<int> indexes)
    {
        for (var j = 0; j < indexes.Length; j++)
        {
            indexes[j] = j;
        }

        return indexes.Length;
    }

    /// <summary>
    /// Offers a block's occupied slots to the selector and, when given, a second one, each with its own
    /// filter (consulted only for slots that selector could keep). Whole SIMD vectors of scores that no
    /// selector could keep are skipped, and so are slots at or above <paramref name="floor"/>, which the
    /// first pass offered (NaN: there was none).
    /// </summary>
    private void Collect(ReadOnlySpan<float> scores, int first, float floor, TopKBuffer selector, Func<int, bool>? filter, TopKBuffer? second, Func<int, bool>? secondFilter)
    {
        var occupied = _occupied.AsSpan(first, scores.Length);
        var index = 0;
        while (index < scores.Length)
        {
            if (TryBar(selector, second, out var bar) && SkipVectorsBelow(scores, ref index, bar, skipEqual: true))
            {
                return;
            }

            var offset = index++;
            var score = scores[offset];
            if (occupied[offset] && !(score >= floor))
            {
                Offer(first + offset, score, selector, filter, second, secondFilter);
            }
        }
    }

    /// <summary>Offers one slot to each selector that would keep it and whose filter accepts it.</summary>
    private static void Offer(int slot, float score, TopKBuffer selector, Func<int, bool>? filter, TopKBuffer? second, Func<int, bool>? secondFilter)
    {
        if (selector.Admits(score) && (filter is null || filter(slot)))
        {
            selector.Add(slot, score);
        }

        if (second is not null && second.Admits(score) && (secondFilter is null || secondFilter(slot)))
        {
            second.Add(slot, score);
        }
    }

    /// <summary>The score a slot must beat for some selector to keep it; none while a selector has no threshold yet (or a NaN one).</summary>
    private static bool TryBar(TopKBuffer selector, TopKBuffer? second, out float bar)
    {
        bar = selector.Threshold;
        if (!selector.HasThreshold || float.IsNaN(bar))
        {
            return false;
        }

        if (second is null)
        {
            return true;
        }

        if (!second.HasThreshold || float.IsNaN(second.Threshold))
        {
            return false;
        }

        bar = Math.Min(bar, second.Threshold);
        return true;
    }

    /// <summary>
    /// Advances past whole SIMD vectors of scores all below <paramref name="bar"/> (with
    /// <paramref name="skipEqual"/>, at or below it); true when the span is done.
    /// </summary>
    private static bool SkipVectorsBelow(ReadOnlySpan<float> scores, ref int index, float bar, bool skipEqual)
    {
        if (!Vector.IsHardwareAccelerated)
        {
            return false;
        }

        var bars = new Vector<float>(bar);
        while (index <= scores.Length - Vector<float>.Count)
        {
            var vector = new Vector<float>(scores.Slice(index, Vector<float>.Count));
            if (skipEqual ? Vector.GreaterThanAny(vector, bars) : Vector.GreaterThanOrEqualAny(vector, bars))
            {
                break;
            }

            index += Vector<float>.Count;
        }

        return index == scores.Length;
    }

    /// <summary>
    /// scores[i] = Σ q[j] × column_j[i] over the active dimensions, four columns per pass so the scores
    /// are loaded and stored once per four columns. Each score adds its terms in dimension order, with a
    /// fused multiply-add where the hardware has one, the same in every lane and in the scalar tail, so
    /// on a given machine results do not depend on the SIMD width or a slot's position in its block.
    /// The first pass starts from zero instead of loading, so the block needs no clearing beforehand
    /// (clearing it cost a tenth of a recall in a profile).
    /// </summary>
    private static void ScoreSingleBlock(float[] components, int stride, Span<float> scores, float[] query, ReadOnlySpan<int> active)
    {
        if (active.Length < 4)
        {
            // No four-column pass writes the scores first; the single-column passes only add.
            scores.Clear();
        }

        ref var column = ref MemoryMarshal.GetArrayDataReference(components);
        ref var score = ref MemoryMarshal.GetReference(scores);
        var length = (nuint)scores.Length;
        var next = 0;
        for (; next + 4 <= active.Length; next += 4)
        {
            int j0 = active[next], j1 = active[next + 1], j2 = active[next + 2], j3 = active[next + 3];
            Accumulate4(
                ref score,
                length,
                ref Unsafe.Add(ref column, (nint)j0 * stride),
                ref Unsafe.Add(ref column, (nint)j1 * stride),
                ref Unsafe.Add(ref column, (nint)j2 * stride),
                ref Unsafe.Add(ref column, (nint)j3 * stride),
                query[j0],
                query[j1],
                query[j2],
                query[j3],
                first: next == 0);
        }

        for (; next < active.Length; next++)
        {
            var j = active[next];
            TensorPrimitives.MultiplyAdd(components.AsSpan(j * stride, scores.Length), query[j], scores, scores);
        }
    }

    private static void Accumulate4(ref float score, nuint length, ref float c0, ref float c1, ref float c2, ref float c3, float w0, float w1, float w2, float w3, bool first)
    {
        nuint i = 0;
        if (Vector.IsHardwareAccelerated && length >= (nuint)Vector<float>.Count)
        {
            Vector<float> v0 = new(w0), v1 = new(w1), v2 = new(w2), v3 = new(w3);
            for (; i <= length - (nuint)Vector<float>.Count; i += (nuint)Vector<float>.Count)
            {
                var sum = first ? Vector<float>.Zero : Vector.LoadUnsafe(ref score, i);
                sum = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref c0, i), v0, sum);
                sum = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref c1, i), v1, sum);
                sum = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref c2, i), v2, sum);
                sum = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref c3, i), v3, sum);
                sum.StoreUnsafe(ref score, i);
            }
        }

        for (; i < length; i++)
        {
            var sum = first ? 0f : Unsafe.Add(ref score, i);
            sum = float.MultiplyAddEstimate(Unsafe.Add(ref c0, i), w0, sum);
            sum = float.MultiplyAddEstimate(Unsafe.Add(ref c1, i), w1, sum);
            sum = float.MultiplyAddEstimate(Unsafe.Add(ref c2, i), w2, sum);
            sum = float.MultiplyAddEstimate(Unsafe.Add(ref c3, i), w3, sum);
            Unsafe.Add(ref score, i) = sum;
        }
    }

    /// <summary>
    /// As <see cref="ScoreSingleBlock"/> over 16-bit components. A finite half h widens exactly as
    /// float(bits(h) &lt;&lt; 13, sign kept) × 2^112 (subnormals included), so the 2^112 is folded into
    /// the query weight and widening costs a sign-extend, a shift and a mask per component.
    /// </summary>
    private static void ScoreHalfBlock(Half[] components, int stride, Span<float> scores, float[] query, ReadOnlySpan<int> active)
    {
        if (active.Length < 4)
        {
            scores.Clear();
        }

        ref var column = ref Unsafe.As<Half, short>(ref MemoryMarshal.GetArrayDataReference(components));
        ref var score = ref MemoryMarshal.GetReference(scores);
        var length = (nuint)scores.Length;
        var next = 0;
        for (; next + 4 <= active.Length; next += 4)
        {
            int j0 = active[next], j1 = active[next + 1], j2 = active[next + 2], j3 = active[next + 3];
            AccumulateHalf4(
                ref score,
                length,
                ref Unsafe.Add(ref column, (nint)j0 * stride),
                ref Unsafe.Add(ref column, (nint)j1 * stride),
                ref Unsafe.Add(ref column, (nint)j2 * stride),
                ref Unsafe.Add(ref column, (nint)j3 * stride),
                query[j0] * HalfWideningScale,
                query[j1] * HalfWideningScale,
                query[j2] * HalfWideningScale,
                query[j3] * HalfWideningScale,
                first: next == 0);
        }

        for (; next < active.Length; next++)
        {
            var j = active[next];
            AccumulateHalf(ref score, length, ref Unsafe.Add(ref column, (nint)j * stride), query[j] * HalfWideningScale);
        }
    }

    private static void AccumulateHalf(ref float score, nuint length, ref short c, float w)
    {
        nuint i = 0;
        if (Vector.IsHardwareAccelerated && length >= (nuint)Vector<short>.Count)
        {
            var v = new Vector<float>(w);
            var floats = (nuint)Vector<float>.Count;
            for (; i <= length - (nuint)Vector<short>.Count; i += (nuint)Vector<short>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref c, i), out var a, out var b);
                Vector.MultiplyAddEstimate(Widen(a), v, Vector.LoadUnsafe(ref score, i)).StoreUnsafe(ref score, i);
                Vector.MultiplyAddEstimate(Widen(b), v, Vector.LoadUnsafe(ref score, i + floats)).StoreUnsafe(ref score, i + floats);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref score, i) = float.MultiplyAddEstimate(Widen(Unsafe.Add(ref c, i)), w, Unsafe.Add(ref score, i));
        }
    }

    private static void AccumulateHalf4(ref float score, nuint length, ref short c0, ref short c1, ref short c2, ref short c3, float w0, float w1, float w2, float w3, bool first)
    {
        nuint i = 0;
        if (Vector.IsHardwareAccelerated && length >= (nuint)Vector<short>.Count)
        {
            Vector<float> v0 = new(w0), v1 = new(w1), v2 = new(w2), v3 = new(w3);
            var floats = (nuint)Vector<float>.Count;
            for (; i <= length - (nuint)Vector<short>.Count; i += (nuint)Vector<short>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref c0, i), out var a0, out var b0);
                Vector.Widen(Vector.LoadUnsafe(ref c1, i), out var a1, out var b1);
                Vector.Widen(Vector.LoadUnsafe(ref c2, i), out var a2, out var b2);
                Vector.Widen(Vector.LoadUnsafe(ref c3, i), out var a3, out var b3);

                var low = first ? Vector<float>.Zero : Vector.LoadUnsafe(ref score, i);
                low = Vector.MultiplyAddEstimate(Widen(a0), v0, low);
                low = Vector.MultiplyAddEstimate(Widen(a1), v1, low);
                low = Vector.MultiplyAddEstimate(Widen(a2), v2, low);
                low = Vector.MultiplyAddEstimate(Widen(a3), v3, low);
                low.StoreUnsafe(ref score, i);

                var high = first ? Vector<float>.Zero : Vector.LoadUnsafe(ref score, i + floats);
                high = Vector.MultiplyAddEstimate(Widen(b0), v0, high);
                high = Vector.MultiplyAddEstimate(Widen(b1), v1, high);
                high = Vector.MultiplyAddEstimate(Widen(b2), v2, high);
                high = Vector.MultiplyAddEstimate(Widen(b3), v3, high);
                high.StoreUnsafe(ref score, i + floats);
            }
        }

        for (; i < length; i++)
        {
            var sum = first ? 0f : Unsafe.Add(ref score, i);
            sum = float.MultiplyAddEstimate(Widen(Unsafe.Add(ref c0, i)), w0, sum);
            sum = float.MultiplyAddEstimate(Widen(Unsafe.Add(ref c1, i)), w1, sum);
            sum = float.MultiplyAddEstimate(Widen(Unsafe.Add(ref c2, i)), w2, sum);
            sum = float.MultiplyAddEstimate(Widen(Unsafe.Add(ref c3, i)), w3, sum);
            Unsafe.Add(ref score, i) = sum;
        }
    }

    // Sign-extended half bits shifted into float position: bits 28-30 hold copies of the sign, the mask drops them.
    private static Vector<float> Widen(Vector<int> halfBits) => Vector.AsVectorSingle((halfBits << 13) & new Vector<int>(HalfWideningMask));

    private static float Widen(short halfBits) => BitConverter.Int32BitsToSingle((halfBits << 13) & HalfWideningMask);

    private void EnsureDimensions(ReadOnlySpan<float> vector, string parameterName)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"Expected {Dimensions} dimensions but got {vector.Length}.", parameterName);
        }
    }

    /// <summary>Makes room for a slot: the presence flags, the block list and the block itself.</summary>
    private void EnsureSlot(int documentId)
    {
        if (documentId >= _occupied.Length)
        {
            if (documentId >= Array.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(documentId), documentId, "The index cannot hold that many vectors.");
            }

            var flags = (int)Math.Min(Array.MaxLength, Math.Max((long)documentId + 1, Math.Max(MinimumBlockCapacity, 2L * _occupied.Length)));
            Array.Resize(ref _occupied, flags);
        }

        var block = documentId >> BlockShift;
        if (block >= _capacities.Length)
        {
            var blocks = Math.Max(block + 1, 2 * _capacities.Length);
            Array.Resize(ref _capacities, blocks);
            if (_half)
            {
                Array.Resize(ref _halfBlocks, blocks);
            }
            else
            {
                Array.Resize(ref _singleBlocks, blocks);
            }
        }

        var offset = documentId & BlockMask;
        var oldCapacity = _capacities[block];
        if (offset < oldCapacity)
        {
            return;
        }

        // Double (at least to fit the offset), capped at a full block; columns move to the new stride.
        var capacity = (int)Math.Min(BlockSize, Math.Max(BitOperations.RoundUpToPowerOf2((uint)offset + 1), Math.Max(MinimumBlockCapacity, 2 * oldCapacity)));
        if (_half)
        {
            _halfBlocks[block] = Restride(_halfBlocks[block], oldCapacity, capacity);
        }
        else
        {
            _singleBlocks[block] = Restride(_singleBlocks[block], oldCapacity, capacity);
        }

        _capacities[block] = capacity;
    }

    private T[] Restride<T>(T[]? components, int oldStride, int newStride)
    {
        var grown = new T[(long)newStride * Dimensions];
        if (components is not null)
        {
            for (var j = 0; j < Dimensions; j++)
            {
                components.AsSpan(j * oldStride, oldStride).CopyTo(grown.AsSpan(j * newStride, oldStride));
            }
        }

        return grown;
    }

    private void ClearSlot(int documentId)
    {
        var block = documentId >> BlockShift;
        var offset = documentId & BlockMask;
        var stride = _capacities[block];
        if (_half)
        {
            var components = _halfBlocks[block]!;
            for (var j = 0; j < Dimensions; j++)
            {
                components[(j * stride) + offset] = default;
            }
        }
        else
        {
            var components = _singleBlocks[block]!;
            for (var j = 0; j < Dimensions; j++)
            {
                components[(j * stride) + offset] = 0f;
            }
        }
    }

    /// <summary>One thread's search scratch (see <see cref="t_searchScratch"/>).</summary>
    private sealed class SearchScratch
    {
        private float[] _query = [];
        private int[] _active = [];

        private float[] _scores = [];

        public TopKBuffer Selector { get; } = new();

        public TopKBuffer SubsetSelector { get; } = new();

        // Every slot's score, whole blocks; grown to the largest index searched on this thread.
        public float[] Scores(int length) => _scores.Length >= length ? _scores : (_scores = new float[length]);

        // Exactly the index's length: the scoring loops index it by dimension.
        public float[] Query(int dimensions) => _query.Length == dimensions ? _query : (_query = new float[dimensions]);

        public int[] ActiveDimensions(int dimensions)
        {
            if (_active.Length < dimensions)
            {
                _active = new int[dimensions];
            }

            return _active;
        }
    }
}
