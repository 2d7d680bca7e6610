using AgentMemory.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;

namespace AgentMemory.Inference.Tests;

public sealed class SidecarEmbeddingTests
{
    internal static InferenceOptions SidecarOptions(Uri endpoint, Action<InferenceOptions>? configure = null)
    {
        var options = new InferenceOptions
        {
            Endpoint = endpoint,
            EmbeddingModel = "test-embed",
            ChatModel = "test-chat",
            EmbeddingDimensions = 384,
            RequestTimeout = TimeSpan.FromSeconds(5),
            ChatRequestTimeout = TimeSpan.FromSeconds(5),
            MaxRetries = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Embeddings_round_trip_returns_the_servers_vectors_in_input_order_across_batches()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(SidecarOptions(server.Endpoint));
        var inputs = Enumerable.Range(0, 150).Select(i => $"memory number {i}").ToArray();

        var result = await generator.GenerateAsync(inputs, cancellationToken: Ct);

        Assert.Equal(150, result.Count);
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(FakeOpenAIServer.VectorFor(inputs[i], 384), result[i].Vector.ToArray());
        }

        Assert.Equal(3, server.EmbeddingCalls);
        Assert.Equal([64, 64, 22], server.BatchSizes.ToArray());
        Assert.Equal(inputs.Sum(s => s.Length), result.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task Embedding_request_uses_configured_model_and_base64_and_sends_no_dimensions_by_default()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(
            SidecarOptions(server.Endpoint, o => o.ApiKey = null));

        await generator.GenerateVectorAsync("hello", cancellationToken: Ct);

        var request = Assert.Single(server.EmbeddingRequests);
        Assert.Equal("test-embed", (string?)request["model"]);
        Assert.Equal("base64", (string?)request["encoding_format"]);
        Assert.False(request.ContainsKey("dimensions"));
        Assert.Equal("Bearer none", Assert.Single(server.AuthorizationHeaders));
    }

    [Fact]
    public async Task SendDimensions_puts_the_configured_dimensions_in_the_request()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(
            SidecarOptions(server.Endpoint, o => { o.EmbeddingDimensions = 256; o.SendDimensions = true; }));

        var vector = await generator.GenerateVectorAsync("hello", cancellationToken: Ct);

        Assert.Equal(256, vector.Length);
        Assert.Equal(256, (int?)Assert.Single(server.EmbeddingRequests)["dimensions"]);
    }

    [Fact]
    public async Task Empty_input_makes_no_http_call()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(SidecarOptions(server.Endpoint));

        var result = await generator.GenerateAsync([], cancellationToken: Ct);

        Assert.Empty(result);
        Assert.Equal(0, server.EmbeddingCalls);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Transient_failure_then_success_is_retried(int status)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.FailFirst = 2;
        server.FailureStatus = status;
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(SidecarOptions(server.Endpoint));

        var vector = await generator.GenerateVectorAsync("retry me", cancellationToken: Ct);

        Assert.Equal(FakeOpenAIServer.VectorFor("retry me", 384), vector.ToArray());
        Assert.Equal(3, server.EmbeddingCalls);
    }

    [Fact]
    public async Task Persistent_503_gives_InferenceUnavailableException_after_MaxRetries_plus_one_attempts()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.AlwaysFail = true;
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(
            SidecarOptions(server.Endpoint, o => o.MaxRetries = 3));

        var ex = await Assert.ThrowsAsync<InferenceUnavailableException>(
            () => generator.GenerateVectorAsync("x", cancellationToken: Ct));

        Assert.Equal(4, server.EmbeddingCalls);
        Assert.Equal(4, ex.Attempts);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("Embedding", ex.Operation);
        Assert.StartsWith($"Embedding sidecar at {server.Endpoint} failed after 4 attempts: HTTP 503", ex.Message);
    }

    [Fact]
    public async Task Hanging_server_gives_InferenceUnavailableException_after_per_attempt_timeouts()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Delay = TimeSpan.FromSeconds(60);
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(SidecarOptions(server.Endpoint, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.MaxRetries = 1;
        }));
        var stopwatch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<InferenceUnavailableException>(
            () => generator.GenerateVectorAsync("x", cancellationToken: Ct));

        Assert.Contains("failed after 2 attempts: timed out after 0.3 s", ex.Message);
        Assert.Equal(2, server.EmbeddingCalls);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Caller_cancellation_is_not_retried_and_surfaces_as_OperationCanceledException()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Delay = TimeSpan.FromSeconds(60);
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(SidecarOptions(server.Endpoint));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = generator.GenerateVectorAsync("x", cancellationToken: cts.Token);

        // Cancel only once the request is at the server (a cold client on a busy machine can take a while).
        for (var waited = 0; server.EmbeddingCalls == 0 && waited < 200; waited++)
        {
            await Task.Delay(50, Ct);
        }

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await call);
        await Task.Delay(TimeSpan.FromMilliseconds(600), Ct); // longer than a retry's backoff

        Assert.Equal(1, server.EmbeddingCalls);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task Client_errors_are_not_retried(int status)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.AlwaysFail = true;
        server.FailureStatus = status;
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(SidecarOptions(server.Endpoint));

        var ex = await Assert.ThrowsAsync<InferenceUnavailableException>(
            () => generator.GenerateVectorAsync("x", cancellationToken: Ct));

        Assert.Equal(1, server.EmbeddingCalls);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains($"failed after 1 attempt (not retried): HTTP {status}", ex.Message);
        Assert.Contains($"scripted failure {status}", ex.Message);
    }

    [Fact]
    public async Task Connection_refused_gives_InferenceUnavailableException_naming_endpoint_and_cause()
    {
        var endpoint = new Uri($"http://127.0.0.1:{UnusedPort()}/v1");
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(
            SidecarOptions(endpoint, o => o.MaxRetries = 2));

        var ex = await Assert.ThrowsAsync<InferenceUnavailableException>(
            () => generator.GenerateVectorAsync("x", cancellationToken: Ct));

        Assert.Equal(3, ex.Attempts);
        Assert.Null(ex.StatusCode);
        Assert.StartsWith($"Embedding sidecar at {endpoint} failed after 3 attempts: ", ex.Message);
        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wrong_dimensions_give_a_clear_exception_without_retrying()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.WrongDimensions = 768;
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(SidecarOptions(server.Endpoint));

        var ex = await Assert.ThrowsAsync<InferenceUnavailableException>(
            () => generator.GenerateAsync(["a", "b"], cancellationToken: Ct));

        Assert.Equal(1, server.EmbeddingCalls);
        Assert.Contains("768-dimensional vector for input 0", ex.Message);
        Assert.Contains("AgentMemory:Inference:EmbeddingDimensions is 384", ex.Message);
    }

    [Fact]
    public async Task Sidecar_metadata_reports_the_configured_dimensions_and_model()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(
            SidecarOptions(server.Endpoint, o => o.EmbeddingDimensions = 1024));

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(1024, metadata.DefaultModelDimensions);
        Assert.Equal("test-embed", metadata.DefaultModelId);
        Assert.NotNull(generator.GetService<ResilientEmbeddingGenerator>());
    }

    [Fact]
    public async Task Sidecar_calls_emit_gen_ai_spans_on_the_documented_activity_source()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var model = $"span-model-{Guid.NewGuid():N}";
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == InferenceTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var generator = InferenceClientFactory.CreateEmbeddingGenerator(
            SidecarOptions(server.Endpoint, o => o.EmbeddingModel = model));

        await generator.GenerateVectorAsync("traced", cancellationToken: Ct);

        lock (spans)
        {
            Assert.Contains(spans, s => (s.GetTagItem("gen_ai.request.model") as string) == model);
        }
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
