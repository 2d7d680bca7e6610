using System.Collections.Concurrent;
using AgentMemory.Inference;
using AgentMemory.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMemory.Derivation.Tests;

/// <summary>Chat clients, options and loggers for the derivation tests.</summary>
internal static class TestSupport
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The production chat pipeline (resilient, OpenTelemetry, OpenAI client) pointed at the fake server.</summary>
    public static IChatClient ChatClient(FakeOpenAIServer server) =>
        InferenceClientFactory.CreateChatClient(new InferenceOptions
        {
            Endpoint = server.Endpoint,
            EmbeddingModel = "test-embed",
            ChatModel = "test-chat",
            ChatRequestTimeout = TimeSpan.FromSeconds(10),
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        })!;

    public static IOptions<DerivationOptions> Options(Action<DerivationOptions>? configure = null)
    {
        var options = new DerivationOptions();
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }
}

/// <summary>Records log lines so tests can assert what was warned about.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IEnumerable<string> Warnings => Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));
}
