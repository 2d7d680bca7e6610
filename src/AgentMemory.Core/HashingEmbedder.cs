using System.Buffers;
using System.Numerics.Tensors;

namespace AgentMemory.Core;

/// <summary>
/// A deterministic, model-free text embedder based on signed feature hashing.
/// </summary>
/// <remarks>
/// <para>
/// The service must recall well out of the box, offline, with no model download, and its vectors must
/// stay comparable across restarts and machines. Hashing features into a fixed number of buckets gives
/// all of that: it is pure CPU, needs no vocabulary, and is exactly reproducible. It captures lexical
/// and morphological overlap rather than deep semantics, which is what the built-in tier is for; a
/// neural embedder can replace it behind the same vector index.
/// </para>
/// <para>
/// Features, all taken from <see cref="TextAnalyzer"/> output (so stop words contribute nothing):
/// stemmed word unigrams (weight 1.0), adjacent stem bigrams (0.5), and character trigrams of each
/// lowercased unstemmed word padded with '#' ("#ca", "cat", "at#"), the word's 0.3 spread as
/// 0.3/√count per trigram so long words do not dominate. Trigrams make "cats", "catlike" and typos
/// land near "cat". A feature occurring tf times contributes weight × (1 + ln tf) (sublinear, so
/// repetition does not swamp the vector); when one trigram arises from words of different lengths
/// the mean of its per-occurrence weights is used.
/// </para>
/// <para>
/// Each feature is hashed with <see cref="StableHash"/> (FNV-1a with a feature-kind prefix, then an
/// avalanche finalizer) to bucket <c>h % dimensions</c>, and the top bit picks the sign so that
/// colliding features cancel in expectation instead of piling up. The result is L2-normalised;
/// empty or stop-word-only text yields the zero vector. The accumulation order and the final norm
/// are computed with scalar arithmetic so results are bit-identical on any SIMD width.
/// </para>
/// </remarks>
public sealed class HashingEmbedder
{
    private const float UnigramWeight = 1.0f;
    private const float BigramWeight = 0.5f;
    private const float TrigramWordWeight = 0.3f;
    private const char TrigramPadding = '#';

    // Feature-kind prefixes keep a unigram "abc" and a trigram "abc" from sharing a hash.
    private const char UnigramKind = 'w';
    private const char BigramKind = 'b';
    private const char TrigramKind = 'c';
    private const char BigramSeparator = ' ';

    /// <param name="dimensions">The output vector length.</param>
    public HashingEmbedder(int dimensions = 384)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Dimensions = dimensions;
    }

    /// <summary>The output vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Embeds <paramref name="text"/> into a new unit-length (or zero) vector.</summary>
    public float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        Embed(text, vector);
        return vector;
    }

    /// <summary>Embeds <paramref name="text"/> into <paramref name="destination"/>, overwriting it.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="Dimensions"/> long.</exception>
    public void Embed(string text, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (destination.Length != Dimensions)
        {
            throw new ArgumentException($"Expected a destination of {Dimensions} floats but got {destination.Length}.", nameof(destination));
        }

        destination.Clear();

        // Each word of length L yields at most one unigram, one bigram and L trigrams, and the words'
        // lengths sum to at most text.Length, so this bound can never overflow.
        var capacity = (3 * text.Length) + 2;
        var hashes = ArrayPool<ulong>.Shared.Rent(capacity);
        var weights = ArrayPool<float>.Shared.Rent(capacity);
        try
        {
            var collector = new FeatureCollector(hashes, weights);
            TextAnalyzer.Tokenize(text, ref collector);
            Accumulate(hashes.AsSpan(0, collector.Count), weights.AsSpan(0, collector.Count), destination);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
            ArrayPool<float>.Shared.Return(weights);
        }

        Normalize(destination);
    }

    /// <summary>Groups identical features, applies sublinear term frequency and adds them to their signed buckets.</summary>
    private static void Accumulate(Span<ulong> hashes, Span<float> weights, Span<float> destination)
    {
        hashes.Sort(weights);
        var dimensions = (ulong)destination.Length;
        var start = 0;
        while (start < hashes.Length)
        {
            var hash = hashes[start];
            var end = start;
            var weightSum = 0d;
            while (end < hashes.Length && hashes[end] == hash)
            {
                weightSum += weights[end];
                end++;
            }

            var frequency = end - start;
            var value = (float)(weightSum / frequency * (1d + Math.Log(frequency)));
            var mixed = StableHash.Finalize(hash);
            var bucket = (int)(mixed % dimensions);
            destination[bucket] += (mixed >> 63) == 0 ? value : -value;
            start = end;
        }
    }

    private static void Normalize(Span<float> vector)
    {
        var sumOfSquares = 0d;
        foreach (var component in vector)
        {
            sumOfSquares += (double)component * component;
        }

        if (sumOfSquares > 0d)
        {
            // Element-wise multiply is exactly rounded per element, so SIMD width cannot change it.
            TensorPrimitives.Multiply(vector, (float)(1d / Math.Sqrt(sumOfSquares)), vector);
        }
    }

    /// <summary>Records the raw (hash, weight) of every feature occurrence while the analyzer streams terms.</summary>
    private ref struct FeatureCollector(ulong[] hashes, float[] weights) : ITermSink
    {
        private ulong _previousStemState;
        private bool _hasPrevious;

        public int Count { get; private set; }

        public void Accept(scoped ReadOnlySpan<char> surface, scoped ReadOnlySpan<char> stem)
        {
            Add(StableHash.Append(StableHash.Append(StableHash.OffsetBasis, UnigramKind), stem), UnigramWeight);

            // A bigram hashes as kind, previous stem, separator, stem; the previous prefix state is kept
            // so no concatenated string is ever built.
            if (_hasPrevious)
            {
                Add(StableHash.Append(StableHash.Append(_previousStemState, BigramSeparator), stem), BigramWeight);
            }

            _previousStemState = StableHash.Append(StableHash.Append(StableHash.OffsetBasis, BigramKind), stem);
            _hasPrevious = true;

            // The padded word "#" + surface + "#" has exactly surface.Length trigrams.
            var trigramWeight = TrigramWordWeight / MathF.Sqrt(surface.Length);
            for (var index = 0; index < surface.Length; index++)
            {
                var state = StableHash.Append(StableHash.OffsetBasis, TrigramKind);
                state = StableHash.Append(state, index == 0 ? TrigramPadding : surface[index - 1]);
                state = StableHash.Append(state, surface[index]);
                state = StableHash.Append(state, index + 1 < surface.Length ? surface[index + 1] : TrigramPadding);
                Add(state, trigramWeight);
            }
        }

        private void Add(ulong hash, float weight)
        {
            hashes[Count] = hash;
            weights[Count] = weight;
            Count++;
        }
    }
}
