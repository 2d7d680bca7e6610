using System.Diagnostics;
using AgentMemory.Abstractions;
using AgentMemory.Grains;
using AgentMemory.Storage;
using Npgsql;

namespace AgentMemory.Benchmarks;

/// <summary>
/// Activation's read path against a real PostgreSQL, warm: reads one user's rows into a fresh
/// index several times in one process, so JIT warm-up is not charged to the figure.
/// </summary>
public static class ActivationProbe
{
    public static async Task RunAsync(string connectionString, string schema, string tenant, string user, int rounds)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        await using var dataSource = builder.Build();
        var store = new MemoryStore(dataSource, new StorageSchema(schema));
        var scope = new UserScope(tenant, user);
        for (var round = 0; round < rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            var rows = 0;
            await store.LoadUserAsync(scope, (_, _) => rows++, CancellationToken.None);
            var readOnly = Stopwatch.GetElapsedTime(started);

            started = Stopwatch.GetTimestamp();
            var index = new UserMemoryIndex(Fixture.Dimensions);
            await store.LoadUserAsync(scope, (record, embedding) => index.Add(record, embedding.Span), CancellationToken.None);
            var indexed = Stopwatch.GetElapsedTime(started);

            started = Stopwatch.GetTimestamp();
            var derived = await store.LoadDerivedStateAsync(scope, CancellationToken.None);
            var knowledge = new DerivedKnowledge(new UserKnowledgeGraph(Fixture.Dimensions, new AgentMemory.Core.Graph.SynonymOptions()));
            knowledge.Load(derived, id => index.Find(id) is { IsCurrent: true }, index.Records.Where(r => r.Kind == MemoryKind.Semantic));
            var graph = Stopwatch.GetElapsedTime(started);
            Console.WriteLine($"{rows} rows: read {readOnly.TotalMilliseconds:0} ms; read + index {indexed.TotalMilliseconds:0} ms; derived rows + graph {graph.TotalMilliseconds:0} ms ({knowledge.Graph.PhraseCount} phrases, {knowledge.Graph.EdgeCount} edges)");
        }
    }
}
