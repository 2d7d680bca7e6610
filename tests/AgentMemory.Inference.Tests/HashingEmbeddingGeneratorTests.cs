using Microsoft.Extensions.AI;

namespace AgentMemory.Inference.Tests;

public sealed class HashingEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Same_text_gives_the_same_vector_and_different_text_a_different_one()
    {
        using var a = new HashingEmbeddingGenerator();
        using var b = new HashingEmbeddingGenerator();

        var first = await a.GenerateVectorAsync("the user likes green tea", cancellationToken: Ct);
        var again = await b.GenerateVectorAsync("the user likes green tea", cancellationToken: Ct);
        var other = await a.GenerateVectorAsync("deploy runs on fridays", cancellationToken: Ct);

        Assert.Equal(first.ToArray(), again.ToArray());
        Assert.NotEqual(first.ToArray(), other.ToArray());
    }

    [Fact]
    public async Task Vectors_have_the_configured_dimensions_and_unit_length()
    {
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(new InferenceOptions { EmbeddingDimensions = 128 });

        var result = await generator.GenerateAsync(["alpha beta", "gamma"], cancellationToken: Ct);

        Assert.IsType<HashingEmbeddingGenerator>(generator);
        Assert.Equal(2, result.Count);
        Assert.All(result, e =>
        {
            Assert.Equal(128, e.Vector.Length);
            var norm = Math.Sqrt(e.Vector.ToArray().Sum(x => (double)x * x));
            Assert.InRange(norm, 0.999, 1.001);
            Assert.Equal(HashingEmbeddingGenerator.ModelId, e.ModelId);
        });
    }

    [Fact]
    public void Metadata_names_provider_model_and_dimensions()
    {
        using var generator = new HashingEmbeddingGenerator(256);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("agentmemory-hashing", metadata.ProviderName);
        Assert.Equal("hashing-ngram-v1", metadata.DefaultModelId);
        Assert.Equal(256, metadata.DefaultModelDimensions);
        Assert.Null(metadata.ProviderUri);
    }

    [Fact]
    public async Task Cancelled_token_is_honored()
    {
        using var generator = new HashingEmbeddingGenerator();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => generator.GenerateAsync(["x"], cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Requesting_other_dimensions_than_configured_is_rejected()
    {
        using var generator = new HashingEmbeddingGenerator(384);

        await Assert.ThrowsAsync<ArgumentException>(
            () => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 512 }, Ct));
    }
}
