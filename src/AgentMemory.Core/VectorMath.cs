using System.Numerics.Tensors;

namespace AgentMemory.Core;

/// <summary>
/// SIMD vector helpers (via <see cref="TensorPrimitives"/>) for embedding similarity.
/// </summary>
/// <remarks>
/// Centralised so every caller agrees on edge cases: mismatched lengths throw, and zero vectors
/// (empty text, missing embeddings) are left alone and have cosine 0 with everything rather than
/// producing NaN that would poison a ranking.
/// </remarks>
public static class VectorMath
{
    /// <summary>The dot product of two equal-length vectors.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        EnsureSameLength(a, b);
        return TensorPrimitives.Dot(a, b);
    }

    /// <summary>Scales <paramref name="vector"/> to unit L2 norm; a zero vector is left unchanged.</summary>
    public static void NormalizeInPlace(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0f && float.IsFinite(norm))
        {
            TensorPrimitives.Multiply(vector, 1f / norm, vector);
        }
    }

    /// <summary>
    /// Cosine similarity in [-1, 1] (clamped against rounding); 0 when either vector is zero.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        EnsureSameLength(a, b);
        var normProduct = TensorPrimitives.Norm(a) * TensorPrimitives.Norm(b);
        if (!(normProduct > 0f))
        {
            return 0f;
        }

        return Math.Clamp(TensorPrimitives.Dot(a, b) / normProduct, -1f, 1f);
    }

    private static void EnsureSameLength(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vector lengths differ ({a.Length} vs {b.Length}).", nameof(b));
        }
    }
}
