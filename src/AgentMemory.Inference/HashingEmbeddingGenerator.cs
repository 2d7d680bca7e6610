using AgentMemory.Core;
using Microsoft.Extensions.AI;

namespace AgentMemory.Inference;

/// <summary>
/// Built-in CPU embedder: deterministic hashed n-gram features (Core's <see cref="HashingEmbedder"/>), L2-normalized.
/// No model, no I/O; used when no sidecar endpoint is configured.
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Provider name reported in metadata.</summary>
    public const string ProviderName = "agentmemory-hashing";

    /// <summary>Model id reported in metadata and on every embedding.</summary>
    public const string ModelId = "hashing-ngram-v1";

    private readonly HashingEmbedder _embedder;

    public HashingEmbeddingGenerator(int dimensions = 384)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, InferenceOptions.MaxEmbeddingDimensions);
        Dimensions = dimensions;
        _embedder = new HashingEmbedder(dimensions);
        Metadata = new EmbeddingGeneratorMetadata(ProviderName, null, ModelId, dimensions);
    }

    /// <summary>Length of every vector produced.</summary>
    public int Dimensions { get; }

    /// <summary>Metadata; <see cref="EmbeddingGeneratorMetadata.DefaultModelDimensions"/> sizes the pgvector column.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        cancellationToken.ThrowIfCancellationRequested();

        if (options?.Dimensions is { } requested && requested != Dimensions)
        {
            throw new ArgumentException(
                $"The hashing embedder produces {Dimensions}-dimensional vectors; {requested} were requested.", nameof(options));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(values.TryGetNonEnumeratedCount(out var n) ? n : 4);
        var createdAt = DateTimeOffset.UtcNow;
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vector = new float[Dimensions];
            _embedder.Embed(value ?? string.Empty, vector);
            result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = createdAt });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return Metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
