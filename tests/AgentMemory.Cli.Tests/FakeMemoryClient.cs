using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AgentMemory.Client;
using AgentMemory.Core;
using AgentMemory.Protocol.V1;

namespace AgentMemory.Cli.Tests;

/// <summary>An in-memory stand-in for the service: remembers events per user and recalls them with BM25.</summary>
internal sealed class FakeMemoryClient : IAgentMemoryClient
{
    public ConcurrentDictionary<string, List<Memory>> Remembered { get; } = new();
    public ConcurrentQueue<(string User, string Query, RecallOptions Options)> Recalls { get; } = new();
    public List<string> Forgotten { get; } = [];
    public ConcurrentQueue<string> Flushed { get; } = new();

    public Task<RememberResponse> RememberAsync(string userId, IEnumerable<MemoryEvent> events, CancellationToken cancellationToken = default)
    {
        var list = Remembered.GetOrAdd(userId, _ => []);
        var response = new RememberResponse();
        lock (list)
        {
            foreach (var e in events)
            {
                var proto = e.ToProto();
                var existing = list.FirstOrDefault(m => m.Provenance.IdempotencyKey == proto.IdempotencyKey);
                if (existing is not null)
                {
                    response.Results.Add(new RememberedEvent { MemoryId = existing.Id, IdempotencyKey = proto.IdempotencyKey, Deduplicated = true });
                    continue;
                }

                var memory = new Memory
                {
                    Id = $"m{list.Count}",
                    Kind = MemoryKind.Episodic,
                    Text = proto.Text,
                    Speaker = proto.Speaker,
                    SessionId = proto.SessionId,
                    EventTime = proto.EventTime,
                    MetadataJson = proto.MetadataJson,
                    Provenance = new Provenance { IdempotencyKey = proto.IdempotencyKey, Origin = "remember" },
                };
                list.Add(memory);
                response.Results.Add(new RememberedEvent { MemoryId = memory.Id, IdempotencyKey = proto.IdempotencyKey });
            }
        }

        return Task.FromResult(response);
    }

    public Task<RecallResponse> RecallAsync(string userId, string query, RecallOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RecallOptions();
        Recalls.Enqueue((userId, query, options));
        var list = Remembered.GetOrAdd(userId, _ => []);
        var index = new Bm25Index();
        lock (list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                index.Add(i, TextAnalyzer.Analyze(list[i].Text));
            }

            var response = new RecallResponse();
            foreach (var hit in index.Search(TextAnalyzer.Analyze(query), options.K))
            {
                response.Memories.Add(new RecalledMemory { Memory = list[hit.DocumentId], Score = new ScoreBreakdown { Lexical = hit.Score, Fused = hit.Score } });
            }

            return Task.FromResult(response);
        }
    }

    public Task<IReadOnlyList<Memory>> GetAsync(string userId, IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<ListResponse> ListAsync(string userId, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ListResponse());

    public async IAsyncEnumerable<Memory> ListAllAsync(string userId, ListOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task<long> ForgetAsync(string userId, IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<long> ForgetByFilterAsync(string userId, MemoryFilterOptions filter, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<long> ForgetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        lock (Forgotten)
        {
            Forgotten.Add(userId);
        }

        // Kept in Remembered so tests can inspect what was imported before the user was forgotten.
        return Task.FromResult((long)(Remembered.TryGetValue(userId, out var list) ? list.Count : 0));
    }

    public Task<bool> FlushAsync(string userId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        Flushed.Enqueue(userId);
        return Task.FromResult(true);
    }

    // The evaluation uses none of these; a call would mean it does something it should not.
    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string userId, string memoryId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<TimelineResponse> TimelineOfEntityAsync(string userId, string entity, int limit = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<TimelineResponse> TimelineOfMemoryAsync(string userId, string memoryId, int limit = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Memory> MergeAsync(string userId, IEnumerable<string> ids, string? text = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Memory> CloseSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
