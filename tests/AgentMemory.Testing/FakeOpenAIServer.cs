using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentMemory.Testing;

/// <summary>
/// A real Kestrel server on 127.0.0.1:&lt;random port&gt; speaking the OpenAI-compatible
/// <c>POST /v1/embeddings</c> and <c>POST /v1/chat/completions</c>, scriptable per test.
/// </summary>
/// <remarks>
/// Tests go through the real OpenAI client and HTTP stack rather than a mocked <c>IChatClient</c>, so what is
/// asserted (the request JSON, retries, <c>response_format</c>) is what a real sidecar would see.
/// </remarks>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _embeddingCalls;
    private int _chatCalls;

    private FakeOpenAIServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:port/v1</summary>
    public Uri Endpoint => new(BaseAddress, "v1");

    public Uri BaseAddress { get; }

    // ---- script ----
    public int Dimensions { get; set; } = 384;

    /// <summary>Reply with vectors of this length instead of the requested/configured one.</summary>
    public int? WrongDimensions { get; set; }

    /// <summary>The first N calls (embeddings and chat alike) answer <see cref="FailureStatus"/>.</summary>
    public int FailFirst { get; set; }

    /// <summary>Every call answers <see cref="FailureStatus"/>.</summary>
    public bool AlwaysFail { get; set; }

    public int FailureStatus { get; set; } = 503;

    /// <summary>Delay before answering (honors client disconnect).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>
    /// The status to refuse a chat call with, by its prompt (<see cref="PromptOf"/>); null serves it. Lets one
    /// request be refused while others are answered, as a model refuses an input too long for its context.
    /// </summary>
    public Func<string, int?>? RefuseChat { get; set; }

    /// <summary>The chat reply when <see cref="ChatReplies"/> is empty.</summary>
    public string ChatReply { get; set; } = "scripted reply";

    /// <summary>Chat replies answered in order, one per chat call; when empty, <see cref="ChatReply"/> answers.</summary>
    public ConcurrentQueue<string> ChatReplies { get; } = new();

    // ---- observations ----
    public int EmbeddingCalls => Volatile.Read(ref _embeddingCalls);

    public int ChatCalls => Volatile.Read(ref _chatCalls);

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public ConcurrentQueue<JsonObject> EmbeddingRequests { get; } = new();

    public ConcurrentQueue<JsonObject> ChatRequests { get; } = new();

    /// <summary>Queues chat replies, answered in order by the next chat calls.</summary>
    public void EnqueueChatReplies(params string[] replies)
    {
        foreach (var reply in replies)
        {
            ChatReplies.Enqueue(reply);
        }
    }

    /// <summary>Every message content of a chat request, joined by newlines: what the model was shown.</summary>
    public static string PromptOf(JsonObject chatRequest)
    {
        ArgumentNullException.ThrowIfNull(chatRequest);
        var parts = new List<string>();
        foreach (var message in chatRequest["messages"]?.AsArray() ?? [])
        {
            switch (message?["content"])
            {
                case JsonValue text:
                    parts.Add(text.GetValue<string>());
                    break;
                case JsonArray items:
                    parts.AddRange(items.Select(i => (string?)i?["text"]).OfType<string>());
                    break;
            }
        }

        return string.Join("\n", parts);
    }

    public ConcurrentQueue<string?> AuthorizationHeaders { get; } = new();

    public static async Task<FakeOpenAIServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Only this address: a test project that references the server has the server's appsettings.json (with its
        // Kestrel endpoints) in its output folder, which the builder would otherwise read.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeOpenAIServer? server = null;
        app.MapPost("/v1/embeddings", (HttpContext ctx) => server!.HandleEmbeddingsAsync(ctx));
        app.MapPost("/v1/chat/completions", (HttpContext ctx) => server!.HandleChatAsync(ctx));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        server = new FakeOpenAIServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>The vector this server computes for a text: deterministic, seeded by the text's bytes.</summary>
    public static float[] VectorFor(string text, int dimensions)
    {
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619;
        }

        var rng = new Random((int)hash);
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        return vector;
    }

    private async Task<bool> ScriptedPreambleAsync(HttpContext ctx, int callNumber)
    {
        AuthorizationHeaders.Enqueue(ctx.Request.Headers.Authorization.ToString());
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }

        if (AlwaysFail || callNumber <= FailFirst)
        {
            await WriteErrorAsync(ctx, FailureStatus);
            return true;
        }

        return false;
    }

    private static async Task WriteErrorAsync(HttpContext ctx, int status)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(
            new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["message"] = $"scripted failure {status}",
                    ["type"] = "scripted",
                    ["code"] = status,
                },
            }.ToJsonString());
    }

    private async Task HandleEmbeddingsAsync(HttpContext ctx)
    {
        var callNumber = Interlocked.Increment(ref _embeddingCalls);
        var request = (JsonObject)(await JsonNode.ParseAsync(ctx.Request.Body))!;
        EmbeddingRequests.Enqueue(request);
        var inputs = request["input"] switch
        {
            JsonArray array => array.Select(n => n!.GetValue<string>()).ToList(),
            JsonValue single => [single.GetValue<string>()],
            _ => throw new InvalidOperationException("no input"),
        };
        BatchSizes.Enqueue(inputs.Count);

        if (await ScriptedPreambleAsync(ctx, callNumber))
        {
            return;
        }

        var base64 = (string?)request["encoding_format"] == "base64";
        var dims = WrongDimensions ?? (int?)request["dimensions"] ?? Dimensions;
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = VectorFor(inputs[i], dims);
            JsonNode embedding;
            if (base64)
            {
                var bytes = new byte[vector.Length * sizeof(float)];
                for (var j = 0; j < vector.Length; j++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(j * sizeof(float)), vector[j]);
                }

                embedding = JsonValue.Create(Convert.ToBase64String(bytes));
            }
            else
            {
                embedding = new JsonArray(vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            }

            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var tokens = inputs.Sum(s => s.Length);
        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = (string?)request["model"],
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(response.ToJsonString());
    }

    private async Task HandleChatAsync(HttpContext ctx)
    {
        var callNumber = Interlocked.Increment(ref _chatCalls);
        var request = (JsonObject)(await JsonNode.ParseAsync(ctx.Request.Body))!;
        ChatRequests.Enqueue(request);

        if (await ScriptedPreambleAsync(ctx, callNumber))
        {
            return;
        }

        if (RefuseChat?.Invoke(PromptOf(request)) is { } refusal)
        {
            await WriteErrorAsync(ctx, refusal);
            return;
        }

        var reply = ChatReplies.TryDequeue(out var scripted) ? scripted : ChatReply;
        var response = new JsonObject
        {
            ["id"] = $"chatcmpl-{callNumber}",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = (string?)request["model"],
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 7, ["completion_tokens"] = 3, ["total_tokens"] = 10 },
        };
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(response.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
