using System.Numerics.Tensors;

namespace AgentMemory.Core.Graph;

/// <summary>
/// Finds the phrases whose embeddings are nearly parallel to a given one, for HippoRAG 2's synonym
/// edges, with random-hyperplane locality-sensitive hashing (SimHash) instead of comparing all pairs.
/// </summary>
/// <remarks>
/// <para>
/// Linking every phrase to its synonyms by comparing all pairs costs O(n²) cosines, and a user's memory
/// gains phrases continually. Here each phrase is hashed into one bucket per band, and a new phrase
/// is compared exactly only with the phrases that share at least one of its buckets.
/// </para>
/// <para>
/// A band is <see cref="SynonymOptions.BitsPerBand"/> signs of dot products with random Gaussian
/// hyperplanes. Two vectors at angle θ fall on the same side of one hyperplane with probability
/// 1 − θ/π, so they share a band's bucket with probability (1 − θ/π)^bits and at least one of b bands
/// with 1 − (1 − (1 − θ/π)^bits)^b. With the default 16 bands of 8 bits, a pair at cosine 0.9
/// (θ ≈ 0.45) shares a band with probability 0.29 and is found with probability above 99.5 %; at the
/// 0.8 threshold it is still about 94 %. An unrelated pair (cosine 0) shares a band with probability
/// 1/256 and is a candidate with probability about 6 %, so a query computes exact cosines for a small
/// fraction of the phrases, and its work grows with its bucket mates rather than with every phrase.
/// A pair below <see cref="SynonymOptions.Threshold"/> is never returned: candidates are filtered by
/// their exact cosine. The price of the approximation is an occasional missed synonym near the threshold.
/// </para>
/// <para>
/// The hyperplanes come from <see cref="SynonymOptions.Seed"/> through a self-contained generator
/// (SplitMix64 with Box–Muller), not <see cref="Random"/>, so buckets and results are identical across
/// processes and runtime versions. Vectors are L2-normalised copies, so a cosine is a dot product. A
/// zero vector has cosine 0 with everything; it is stored (and counted) but never bucketed.
/// </para>
/// <para>Not thread-safe: queries reuse scratch. The finder is owned by one grain activation, whose turn-based scheduling serialises access.</para>
/// </remarks>
public sealed class SynonymFinder
{
    private const int NoPhrase = -1;

    // The hyperplanes depend only on (seed, dimensions, bands, bits): every user's finder with the
    // same options shares one read-only copy instead of drawing ~1 MB of Gaussians per activation.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Seed, int Dimensions, int Bands, int Bits), float[]> SharedHyperplanes = new();

    private readonly int _dimensions;
    private readonly SynonymOptions _options;

    // Hyperplane (band, bit) lives at [(band * BitsPerBand + bit) * dimensions, ... + dimensions); shared, never written.
    private readonly float[] _hyperplanes;

    // Phrases live in dense slots so that buckets hold slot numbers and a candidate needs no dictionary lookup.
    private readonly Dictionary<int, int> _slotOfPhrase = [];
    private readonly Stack<int> _freeSlots = new();
    private float[]?[] _vectors = [];
    private int[]?[] _signatures = [];
    private int[] _phraseIds = [];
    private int[] _seenStamps = [];
    private int _slotLimit;
    private int _stamp;

    // Key: band in the high 32 bits, that band's signature in the low 32.
    private readonly Dictionary<long, List<int>> _buckets = [];

    // Query scratch.
    private readonly float[] _query;
    private readonly int[] _querySignature;

    /// <param name="dimensions">The length of every embedding.</param>
    /// <param name="options">Threshold, result limit and LSH shape; validated here.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive, or an option is out of range.</exception>
    public SynonymFinder(int dimensions, SynonymOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dimensions = dimensions;
        _options = options;
        _query = new float[dimensions];
        _querySignature = new int[options.Bands];
        _hyperplanes = SharedHyperplanes.GetOrAdd((options.Seed, dimensions, options.Bands, options.BitsPerBand), static key =>
        {
            var planes = new float[key.Bands * key.Bits * key.Dimensions];
            var state = unchecked((ulong)key.Seed);
            for (var i = 0; i < planes.Length; i++)
            {
                planes[i] = (float)NextGaussian(ref state);
            }

            return planes;
        });
    }

    /// <summary>The number of phrases stored.</summary>
    public int Count => _slotOfPhrase.Count;

    /// <summary>Approximate heap bytes held by the finder (vectors, signatures, buckets; not the shared hyperplanes), for memory metrics.</summary>
    public long ApproximateBytes
    {
        get
        {
            long bytes = 256 + ((long)_dimensions * sizeof(float));
            bytes += (long)_vectors.Length * (8 + 8 + 4 + 4);
            bytes += (long)Count * (24 + ((long)_dimensions * sizeof(float)) + 24 + ((long)_options.Bands * sizeof(int)) + 24);
            foreach (var members in _buckets.Values)
            {
                bytes += 24 + 32 + 24 + ((long)members.Capacity * sizeof(int));
            }

            return bytes;
        }
    }

    /// <summary>Stores an L2-normalised copy of <paramref name="embedding"/> for <paramref name="phraseId"/>, replacing any previous one.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="phraseId"/> is negative.</exception>
    /// <exception cref="ArgumentException">The length is not the finder's dimensions or a component is NaN or infinite.</exception>
    public void Add(int phraseId, ReadOnlySpan<float> embedding)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(phraseId);
        var vector = new float[_dimensions];
        Normalize(embedding, vector, nameof(embedding));
        Remove(phraseId);

        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : AppendSlot();
        _slotOfPhrase.Add(phraseId, slot);
        _vectors[slot] = vector;
        _phraseIds[slot] = phraseId;
        if (TensorPrimitives.MaxMagnitude(vector) == 0f)
        {
            return;
        }

        var signature = new int[_options.Bands];
        Sign(vector, signature);
        _signatures[slot] = signature;
        for (var band = 0; band < signature.Length; band++)
        {
            var key = BucketKey(band, signature[band]);
            if (!_buckets.TryGetValue(key, out var members))
            {
                members = [];
                _buckets.Add(key, members);
            }

            members.Add(slot);
        }
    }

    /// <summary>Forgets a phrase; nothing happens if it is not stored.</summary>
    public void Remove(int phraseId)
    {
        if (!_slotOfPhrase.Remove(phraseId, out var slot))
        {
            return;
        }

        if (_signatures[slot] is { } signature)
        {
            for (var band = 0; band < signature.Length; band++)
            {
                var key = BucketKey(band, signature[band]);
                var members = _buckets[key];
                members.Remove(slot);
                if (members.Count == 0)
                {
                    _buckets.Remove(key);
                }
            }
        }

        _vectors[slot] = null;
        _signatures[slot] = null;
        _phraseIds[slot] = NoPhrase;
        _freeSlots.Push(slot);
    }

    /// <summary>Forgets every phrase; the hyperplanes are kept.</summary>
    public void Clear()
    {
        _slotOfPhrase.Clear();
        _freeSlots.Clear();
        _buckets.Clear();
        _vectors = [];
        _signatures = [];
        _phraseIds = [];
        _seenStamps = [];
        _slotLimit = 0;
        _stamp = 0;
    }

    /// <summary>
    /// The stored phrases whose cosine with <paramref name="embedding"/> is at least
    /// <see cref="SynonymOptions.Threshold"/>, best first (ties by ascending id), at most
    /// <see cref="SynonymOptions.MaxPerPhrase"/> of them. Only phrases sharing an LSH bucket with the
    /// embedding are considered (see the remarks on the type).
    /// </summary>
    /// <param name="embedding">The phrase's embedding (need not be normalised).</param>
    /// <param name="excludePhraseId">A phrase never to return, normally the phrase itself; −1 for none.</param>
    /// <exception cref="ArgumentException">The length is not the finder's dimensions or a component is NaN or infinite.</exception>
    public List<(int PhraseId, float Similarity)> FindSimilar(ReadOnlySpan<float> embedding, int excludePhraseId)
    {
        Normalize(embedding, _query, nameof(embedding));
        var results = new List<(int PhraseId, float Similarity)>();
        if (_buckets.Count == 0 || TensorPrimitives.MaxMagnitude(_query) == 0f)
        {
            return results;
        }

        Sign(_query, _querySignature);
        var stamp = NextStamp();
        var threshold = _options.Threshold;
        for (var band = 0; band < _querySignature.Length; band++)
        {
            if (!_buckets.TryGetValue(BucketKey(band, _querySignature[band]), out var members))
            {
                continue;
            }

            foreach (var slot in members)
            {
                if (_seenStamps[slot] == stamp)
                {
                    continue;
                }

                _seenStamps[slot] = stamp;
                var phraseId = _phraseIds[slot];
                if (phraseId == excludePhraseId)
                {
                    continue;
                }

                var similarity = Math.Min(1f, TensorPrimitives.Dot(_query, _vectors[slot]!));
                if (similarity >= threshold)
                {
                    results.Add((phraseId, similarity));
                }
            }
        }

        results.Sort(static (x, y) =>
        {
            var bySimilarity = y.Similarity.CompareTo(x.Similarity);
            return bySimilarity != 0 ? bySimilarity : x.PhraseId.CompareTo(y.PhraseId);
        });
        if (results.Count > _options.MaxPerPhrase)
        {
            results.RemoveRange(_options.MaxPerPhrase, results.Count - _options.MaxPerPhrase);
        }

        return results;
    }

    private static long BucketKey(int band, int signature) => ((long)band << 32) | (uint)signature;

    /// <summary>One standard normal deviate (Box–Muller) from two SplitMix64 uniforms.</summary>
    private static double NextGaussian(ref ulong state)
    {
        // 1 − u keeps the logarithm's argument in (0, 1].
        var u1 = 1d - NextUniform(ref state);
        var u2 = NextUniform(ref state);
        return Math.Sqrt(-2d * Math.Log(u1)) * Math.Cos(2d * Math.PI * u2);
    }

    /// <summary>A uniform double in [0, 1) from the top 53 bits of a SplitMix64 step.</summary>
    private static double NextUniform(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1d / (1UL << 53));
        }
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> scaled to unit length (a zero vector stays zero).</summary>
    private void Normalize(ReadOnlySpan<float> source, float[] destination, string parameterName)
    {
        if (source.Length != _dimensions)
        {
            throw new ArgumentException($"Expected {_dimensions} dimensions but got {source.Length}.", parameterName);
        }

        foreach (var component in source)
        {
            if (!float.IsFinite(component))
            {
                throw new ArgumentException("Embedding components must be finite.", parameterName);
            }
        }

        source.CopyTo(destination);
        VectorMath.NormalizeInPlace(destination);
    }

    /// <summary>Computes one signature per band: bit k is set when the vector lies on the positive side of hyperplane k.</summary>
    private void Sign(ReadOnlySpan<float> vector, Span<int> signature)
    {
        var bits = _options.BitsPerBand;
        var hyperplanes = _hyperplanes.AsSpan();
        for (var band = 0; band < signature.Length; band++)
        {
            var value = 0;
            for (var bit = 0; bit < bits; bit++)
            {
                var plane = hyperplanes.Slice(((band * bits) + bit) * _dimensions, _dimensions);
                if (TensorPrimitives.Dot(plane, vector) >= 0f)
                {
                    value |= 1 << bit;
                }
            }

            signature[band] = value;
        }
    }

    private int AppendSlot()
    {
        if (_slotLimit == _vectors.Length)
        {
            var length = Math.Max(16, _vectors.Length * 2);
            Array.Resize(ref _vectors, length);
            Array.Resize(ref _signatures, length);
            Array.Resize(ref _phraseIds, length);
            Array.Resize(ref _seenStamps, length);
        }

        return _slotLimit++;
    }

    private int NextStamp()
    {
        if (++_stamp == int.MaxValue)
        {
            // After two billion queries, start the stamps over rather than wrap into values still stored.
            Array.Clear(_seenStamps);
            _stamp = 1;
        }

        return _stamp;
    }
}
