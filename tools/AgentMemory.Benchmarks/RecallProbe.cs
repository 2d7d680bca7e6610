using System.Diagnostics;
using System.Globalization;
using AgentMemory.Abstractions;
using AgentMemory.Core;
using AgentMemory.Grains;

namespace AgentMemory.Benchmarks;

/// <summary>
/// Times one thread's in-grain recall over the load generator's corpus and queries, so that the
/// cost of one recall can be read beside the load generator's throughput (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Not a BenchmarkDotNet run: building 10,000 turns with their facts and graph takes seconds, and
/// what is wanted is a steady-state figure per mode after the JIT has settled, so each mode runs
/// three rounds and the later rounds are the ones to read. Separate processes of the same build
/// can differ by up to 15 %; compare builds by alternating processes.
/// </remarks>
public static class RecallProbe
{
    private const int K = 10;

    /// <param name="onlyMode">The one mode to time, by the name the probe prints; null for all.</param>
    public static void Run(int count, TimeSpan round, string? onlyMode = null)
    {
        var fixture = Fixture.LoadGeneratorCorpus(count);
        var (index, graph) = fixture.BuildUserIndexWithGraph();
        var search = new GraphSearch(graph, new AgentMemory.Core.Graph.PageRankOptions(), new GraphOptions().HubPassageShare);
        var scoring = new HybridScoringOptions();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} turns: {index.Count} memories, {graph.PhraseCount} phrases, {graph.EdgeCount} edges"));

        (string Name, RecallMode Mode, GraphSearch? Graph)[] modes =
        [
            ("hybrid with the graph", RecallMode.Hybrid, search),
            ("hybrid", RecallMode.Hybrid, null),
            ("graph", RecallMode.Graph, search),
            ("dense", RecallMode.Dense, null),
            ("lexical", RecallMode.Lexical, null),
        ];
        if (onlyMode is not null && !modes.Any(m => m.Name == onlyMode))
        {
            throw new ArgumentException($"No mode is called \"{onlyMode}\"; the modes are: {string.Join(", ", modes.Select(m => m.Name))}.", nameof(onlyMode));
        }

        foreach (var (name, mode, graphSearch) in modes.Where(m => onlyMode is null || m.Name == onlyMode))
        {
            for (var r = 1; r <= 3; r++)
            {
                var started = Stopwatch.GetTimestamp();
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                long recalls = 0;
                while (Stopwatch.GetElapsedTime(started) < round)
                {
                    for (var q = 0; q < Fixture.QueryCount; q++)
                    {
                        index.Search(fixture.QueryEmbeddings[q], fixture.Queries[q], K, MemoryFilter.None, mode, scoring, null, false, graphSearch);
                        recalls++;
                    }
                }

                var micros = Stopwatch.GetElapsedTime(started).TotalMicroseconds / recalls;
                var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / recalls;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} round {r}: {micros,8:F1} µs per recall, {bytes,7} B allocated"));
            }
        }
    }
}
