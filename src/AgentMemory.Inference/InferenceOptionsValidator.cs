using Microsoft.Extensions.Options;

namespace AgentMemory.Inference;

/// <summary>Validates <see cref="InferenceOptions"/>; every failure names the full configuration key.</summary>
public sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    private const string Prefix = InferenceOptions.SectionName + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var failures = new List<string>();

        if (options.EmbeddingDimensions is < 1 or > InferenceOptions.MaxEmbeddingDimensions)
        {
            failures.Add($"{Prefix}{nameof(options.EmbeddingDimensions)} must be between 1 and {InferenceOptions.MaxEmbeddingDimensions} (pgvector HNSW limit); was {options.EmbeddingDimensions}.");
        }

        if (options.MaxBatchSize is < 1 or > 2048)
        {
            failures.Add($"{Prefix}{nameof(options.MaxBatchSize)} must be between 1 and 2048; was {options.MaxBatchSize}.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{Prefix}{nameof(options.MaxRetries)} must be between 0 and 10; was {options.MaxRetries}.");
        }

        CheckTimeout(failures, nameof(options.RequestTimeout), options.RequestTimeout);
        CheckTimeout(failures, nameof(options.ChatRequestTimeout), options.ChatRequestTimeout);

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{Prefix}{nameof(options.RetryBaseDelay)} must be between 0 and 30 seconds; was {options.RetryBaseDelay}.");
        }

        if (options.Endpoint is { } endpoint)
        {
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{Prefix}{nameof(options.Endpoint)} must be an absolute http(s) URL including /v1 (e.g. http://vllm:8000/v1); was '{endpoint}'.");
            }

            if (string.IsNullOrWhiteSpace(options.EmbeddingModel))
            {
                failures.Add($"{Prefix}{nameof(options.EmbeddingModel)} is required when {Prefix}{nameof(options.Endpoint)} is set.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckTimeout(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Prefix}{setting} must be greater than 0 and at most 10 minutes; was {value}.");
        }
    }
}
