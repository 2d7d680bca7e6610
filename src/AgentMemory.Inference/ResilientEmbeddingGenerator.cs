using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AgentMemory.Inference;

/// <summary>
/// Wraps a sidecar embedding generator: splits inputs into batches of <see cref="InferenceOptions.MaxBatchSize"/>
/// (order preserved), bounds each HTTP attempt by <see cref="InferenceOptions.RequestTimeout"/>, retries transient
/// failures up to <see cref="InferenceOptions.MaxRetries"/> times with jittered exponential backoff, checks every
/// vector has <see cref="InferenceOptions.EmbeddingDimensions"/> dimensions, and reports giving up as
/// <see cref="InferenceUnavailableException"/>.
/// </summary>
public sealed class ResilientEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    internal const string OperationName = "Embedding";

    private readonly SidecarCallPolicy _policy;
    private readonly int _maxBatchSize;

    public ResilientEmbeddingGenerator(
        IEmbeddingGenerator<string, Embedding<float>> innerGenerator,
        InferenceOptions options,
        ILogger? logger = null,
        TimeProvider? timeProvider = null)
        : base(innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dimensions = options.EmbeddingDimensions;
        _maxBatchSize = options.MaxBatchSize;
        _policy = new SidecarCallPolicy(
            options.Endpoint, OperationName, options.RequestTimeout, options.MaxRetries, options.RetryBaseDelay,
            timeProvider, logger);

        var inner = innerGenerator.GetService<EmbeddingGeneratorMetadata>();
        Metadata = new EmbeddingGeneratorMetadata(
            inner?.ProviderName ?? "openai",
            inner?.ProviderUri ?? options.Endpoint,
            string.IsNullOrEmpty(options.EmbeddingModel) ? inner?.DefaultModelId : options.EmbeddingModel,
            options.EmbeddingDimensions);
    }

    /// <summary>Length every returned vector must have.</summary>
    public int Dimensions { get; }

    /// <summary>Metadata with the configured dimensions (sizes the pgvector column).</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyList<string> ?? values.ToArray();
        var expectedDimensions = options?.Dimensions ?? Dimensions;
        var all = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        UsageDetails? usage = null;

        for (var offset = 0; offset < inputs.Count; offset += _maxBatchSize)
        {
            var batch = Slice(inputs, offset, Math.Min(_maxBatchSize, inputs.Count - offset));
            var (result, attempts) = await _policy.ExecuteAsync(
                token => base.GenerateAsync(batch, options, token), cancellationToken).ConfigureAwait(false);

            if (result.Count != batch.Length)
            {
                throw _policy.BadResponse(
                    string.Create(CultureInfo.InvariantCulture, $"{result.Count} embeddings for {batch.Length} inputs"), attempts);
            }

            for (var i = 0; i < result.Count; i++)
            {
                var length = result[i].Vector.Length;
                if (length != expectedDimensions)
                {
                    throw _policy.BadResponse(
                        string.Create(CultureInfo.InvariantCulture,
                            $"a {length}-dimensional vector for input {offset + i}, but {InferenceOptions.SectionName}:{nameof(InferenceOptions.EmbeddingDimensions)} is {expectedDimensions}; check that the embedding model matches the configured dimensions"),
                        attempts);
                }
            }

            all.AddRange(result);
            if (result.Usage is { } batchUsage)
            {
                usage ??= new UsageDetails();
                usage.Add(batchUsage);
            }
        }

        all.Usage = usage;
        return all;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return Metadata;
        }

        return base.GetService(serviceType, serviceKey);
    }

    private static string[] Slice(IReadOnlyList<string> inputs, int offset, int count)
    {
        var batch = new string[count];
        for (var i = 0; i < count; i++)
        {
            batch[i] = inputs[offset + i];
        }

        return batch;
    }
}
