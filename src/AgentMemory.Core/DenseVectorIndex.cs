using System.Buffers;
using System.Numerics.Tensors;

namespace AgentMemory.Core;

/// <summary>
/// A flat, exact (brute-force) cosine-similarity index over caller-assigned document slots.
/// </summary>
/// <remarks>
/// <para>
/// A per-agent memory holds thousands to tens of thousands of documents, where an exact scan over
/// one contiguous float array beats an approximate graph index: no recall loss, no build or tuning,
/// O(1) updates, and a SIMD dot product per document that streams through memory in order.
/// Vectors are L2-normalised once when stored, so search is a dot product per slot.
/// </para>
/// <para>
/// Slot <c>i</c> occupies floats <c>[i * Dimensions, (i + 1) * Dimensions)</c> of one backing array
/// that doubles when a slot beyond capacity is set. Not thread-safe; owned by one grain activation.
/// </para>
/// </remarks>
public sealed class DenseVectorIndex
{
    private const int InitialCapacity = 16;

    // Queries up to this many dimensions are normalised in a stack buffer.
    private const int MaxStackDimensions = 2048;

    private float[] _vectors;
    private bool[] _occupied;

    // One past the highest occupied slot: searches never scan the empty tail.
    private int _slotLimit;

    /// <param name="dimensions">The length of every vector stored or queried.</param>
    public DenseVectorIndex(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Dimensions = dimensions;
        _vectors = new float[InitialCapacity * dimensions];
        _occupied = new bool[InitialCapacity];
    }

    /// <summary>The length of every stored and query vector.</summary>
    public int Dimensions { get; }

    /// <summary>The number of occupied slots.</summary>
    public int Count { get; private set; }

    /// <summary>Approximate heap bytes held by the index, for memory metrics.</summary>
    public long ApproximateBytes => ((long)_vectors.Length * sizeof(float)) + _occupied.Length + 64;

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
                // One NaN would make every comparison against this slot false and corrupt the heap order.
                throw new ArgumentException("Vector components must be finite.", nameof(vector));
            }
        }

        EnsureCapacity(documentId);
        var slot = Slot(documentId);
        vector.CopyTo(slot);
        VectorMath.NormalizeInPlace(slot);
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
        Slot(documentId).Clear();
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
        Array.Clear(_vectors);
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
    /// <param name="filter">Optional predicate returning true for ids that may be returned; called once per occupied slot.</param>
    /// <exception cref="ArgumentException">The query length is not <see cref="Dimensions"/>.</exception>
    public List<ScoredDocument> Search(ReadOnlySpan<float> query, int top, Func<int, bool>? filter = null)
    {
        EnsureDimensions(query, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        if (top == 0 || Count == 0)
        {
            return [];
        }

        float[]? rented = null;
        var normalized = Dimensions <= MaxStackDimensions
            ? stackalloc float[Dimensions]
            : (rented = ArrayPool<float>.Shared.Rent(Dimensions)).AsSpan(0, Dimensions);
        try
        {
            query.CopyTo(normalized);
            VectorMath.NormalizeInPlace(normalized);

            var collector = new TopKCollector(Math.Min(top, Count));
            ReadOnlySpan<float> vectors = _vectors;
            for (var documentId = 0; documentId < _slotLimit; documentId++)
            {
                if (!_occupied[documentId] || (filter is not null && !filter(documentId)))
                {
                    continue;
                }

                var score = TensorPrimitives.Dot(vectors.Slice(documentId * Dimensions, Dimensions), normalized);
                collector.Offer(documentId, score);
            }

            return collector.ToSortedList();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    private Span<float> Slot(int documentId) => _vectors.AsSpan(documentId * Dimensions, Dimensions);

    private void EnsureDimensions(ReadOnlySpan<float> vector, string parameterName)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"Expected {Dimensions} dimensions but got {vector.Length}.", parameterName);
        }
    }

    private void EnsureCapacity(int documentId)
    {
        if (documentId < _occupied.Length)
        {
            return;
        }

        var capacity = Math.Max(documentId + 1, _occupied.Length * 2);
        if ((long)capacity * Dimensions > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(documentId), documentId, "The index cannot hold that many vectors.");
        }

        Array.Resize(ref _vectors, capacity * Dimensions);
        Array.Resize(ref _occupied, capacity);
    }
}
