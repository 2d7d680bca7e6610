namespace AgentMemory.Inference;

/// <summary>
/// Where embeddings (and chat completions) come from. Bound from <see cref="SectionName"/>.
/// Without an <see cref="Endpoint"/> the built-in CPU hashing embedder serves embeddings and no chat client exists.
/// </summary>
public sealed class InferenceOptions
{
    /// <summary>Configuration section the options bind from.</summary>
    public const string SectionName = "AgentMemory:Inference";

    /// <summary>pgvector's HNSW index supports at most this many dimensions.</summary>
    public const int MaxEmbeddingDimensions = 2000;

    /// <summary>
    /// OpenAI-compatible base URL of an inference sidecar, INCLUDING <c>/v1</c> (e.g. <c>http://vllm:8000/v1</c>);
    /// the client appends <c>embeddings</c> / <c>chat/completions</c>. Null = built-in CPU implementation.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>API key sent as a bearer token. Sidecars usually ignore it; "none" is used when unset.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Embedding model name served by the sidecar. Required when <see cref="Endpoint"/> is set.</summary>
    public string EmbeddingModel { get; set; } = string.Empty;

    /// <summary>Chat model name served by the sidecar; when set (with an endpoint) an <c>IChatClient</c> is registered.</summary>
    public string? ChatModel { get; set; }

    /// <summary>Vector length; sizes the pgvector column and is checked against every vector the sidecar returns.</summary>
    public int EmbeddingDimensions { get; set; } = 384;

    /// <summary>
    /// Send <c>dimensions</c> in embedding requests. Only Matryoshka models (OpenAI text-embedding-3-*, some vLLM models)
    /// accept it; most sidecars reject it with 400, so it is off by default and the model's native size must equal
    /// <see cref="EmbeddingDimensions"/>.
    /// </summary>
    public bool SendDimensions { get; set; }

    /// <summary>Most texts sent in one embeddings HTTP call; larger inputs are split, order preserved.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>Timeout of one embeddings HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one chat completion attempt (generation is slower than embedding).</summary>
    public TimeSpan ChatRequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt for transient failures (429, 5xx, timeouts, connection failures).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>True when a sidecar endpoint is configured.</summary>
    public bool UsesSidecar => Endpoint is not null;

    /// <summary>True when a sidecar chat model is configured.</summary>
    public bool HasChat => UsesSidecar && !string.IsNullOrWhiteSpace(ChatModel);

    /// <summary>The API key to send: <see cref="ApiKey"/>, or "none" when unset.</summary>
    public string EffectiveApiKey => string.IsNullOrWhiteSpace(ApiKey) ? "none" : ApiKey;
}
