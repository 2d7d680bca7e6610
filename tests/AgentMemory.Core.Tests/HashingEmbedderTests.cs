using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class HashingEmbedderTests
{
    private static float Norm(float[] vector) => MathF.Sqrt(VectorMath.Dot(vector, vector));

    [Fact]
    public void Embed_is_deterministic_across_instances()
    {
        const string text = "Caroline went to a LGBTQ support group yesterday and loved it.";

        var first = new HashingEmbedder().Embed(text);
        var second = new HashingEmbedder().Embed(text);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Embed_of_hello_world_has_unit_norm()
    {
        var vector = new HashingEmbedder().Embed("hello world");

        Assert.Equal(384, vector.Length);
        Assert.Equal(1f, Norm(vector), 5);
    }

    [Fact]
    public void Sentences_sharing_content_words_are_more_similar_than_unrelated_ones()
    {
        var embedder = new HashingEmbedder();
        var catSat = embedder.Embed("the cat sat");

        var related = VectorMath.Dot(catSat, embedder.Embed("a cat sat down"));
        var unrelated = VectorMath.Dot(catSat, embedder.Embed("stock markets fell"));

        Assert.True(related > 0.5f, $"related similarity {related}");
        Assert.True(related > unrelated + 0.4f, $"related {related} vs unrelated {unrelated}");
    }

    [Fact]
    public void Morphological_variants_land_close_together()
    {
        var embedder = new HashingEmbedder();
        var painting = embedder.Embed("painting");

        var painted = VectorMath.Dot(painting, embedder.Embed("painted"));
        var swimming = VectorMath.Dot(painting, embedder.Embed("swimming"));

        Assert.True(painted > swimming, $"painted {painted} vs swimming {swimming}");
    }

    [Fact]
    public void Word_order_matters_through_bigrams()
    {
        var embedder = new HashingEmbedder();
        var dogBitesMan = embedder.Embed("dog bites man");

        Assert.True(VectorMath.Dot(dogBitesMan, embedder.Embed("man bites dog")) < 0.999f);
        Assert.Equal(1f, VectorMath.Dot(dogBitesMan, embedder.Embed("Dog, bites... man!")), 5);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    [InlineData("the and of")]
    public void Text_without_content_embeds_to_the_zero_vector(string text)
    {
        Assert.All(new HashingEmbedder().Embed(text), component => Assert.Equal(0f, component));
    }

    [Fact]
    public void Embed_into_a_span_overwrites_previous_contents()
    {
        var embedder = new HashingEmbedder(64);
        var destination = Enumerable.Repeat(9f, 64).ToArray();

        embedder.Embed("memory", destination);

        Assert.Equal(embedder.Embed("memory"), destination);
    }

    [Fact]
    public void Embed_rejects_a_destination_of_the_wrong_length()
    {
        var embedder = new HashingEmbedder(64);

        Assert.Throws<ArgumentException>(() => embedder.Embed("memory", new float[63]));
    }

    [Fact]
    public void Repetition_grows_sublinearly()
    {
        var embedder = new HashingEmbedder();
        var balanced = embedder.Embed("apple banana");
        var repeated = embedder.Embed("apple apple apple apple banana");
        var appleOnly = embedder.Embed("apple");

        // Four apples weigh 1 + ln 4 ≈ 2.4 times one apple, not 4 times, so banana still matters.
        var towardApple = VectorMath.Dot(repeated, appleOnly);
        Assert.True(towardApple > VectorMath.Dot(balanced, appleOnly));
        Assert.True(towardApple < 0.95f, $"apple similarity {towardApple}");
    }

    [Fact]
    public void Long_text_is_embedded_with_unit_norm()
    {
        var text = string.Join(' ', Enumerable.Range(0, 2000).Select(i => $"word{i % 300} token{i % 17}"));

        Assert.Equal(1f, Norm(new HashingEmbedder(256).Embed(text)), 4);
    }
}
