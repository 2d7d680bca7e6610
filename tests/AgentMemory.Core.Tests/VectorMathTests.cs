using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class VectorMathTests
{
    [Fact]
    public void Dot_multiplies_and_sums_components()
    {
        Assert.Equal(32f, VectorMath.Dot([1, 2, 3], [4, 5, 6]));
    }

    [Fact]
    public void Dot_and_cosine_reject_vectors_of_different_lengths()
    {
        Assert.Throws<ArgumentException>(() => VectorMath.Dot([1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => VectorMath.Cosine([1, 2], [1, 2, 3]));
    }

    [Fact]
    public void NormalizeInPlace_scales_to_unit_length()
    {
        float[] vector = [3, 4];

        VectorMath.NormalizeInPlace(vector);

        Assert.Equal(0.6f, vector[0], 6);
        Assert.Equal(0.8f, vector[1], 6);
    }

    [Fact]
    public void NormalizeInPlace_leaves_a_zero_vector_alone()
    {
        float[] vector = [0, 0, 0];

        VectorMath.NormalizeInPlace(vector);

        Assert.Equal([0f, 0f, 0f], vector);
    }

    [Fact]
    public void Cosine_ignores_magnitude()
    {
        Assert.Equal(1f, VectorMath.Cosine([1, 2, 3], [10, 20, 30]), 6);
        Assert.Equal(-1f, VectorMath.Cosine([1, 2, 3], [-2, -4, -6]), 6);
        Assert.Equal(0f, VectorMath.Cosine([1, 0], [0, 5]), 6);
        Assert.Equal(0.5f, VectorMath.Cosine([1, 0], [1, MathF.Sqrt(3)]), 6);
    }

    [Fact]
    public void Cosine_with_a_zero_vector_is_zero_not_nan()
    {
        Assert.Equal(0f, VectorMath.Cosine([0, 0], [1, 1]));
    }
}
