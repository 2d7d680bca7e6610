using System.Diagnostics;
using AgentMemory.Core.Concepts;

namespace AgentMemory.Benchmarks;

/// <summary>
/// "--lexicon": what the concept lexicon costs a process: the time to read the embedded WordNet
/// resource (the first round includes JIT) and the managed memory one instance keeps.
/// </summary>
public static class LexiconProbe
{
    public static void Run(int rounds)
    {
        // Every instance is kept alive, so each round's difference is one instance's memory.
        var kept = new List<ConceptLexicon>();
        for (var round = 1; round <= rounds; round++)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var started = Stopwatch.GetTimestamp();
            var lexicon = ConceptLexicon.LoadWordNet();
            var elapsed = Stopwatch.GetElapsedTime(started);
            var after = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine($"round {round}: {lexicon.ConceptCount} concepts loaded in {elapsed.TotalMilliseconds:0} ms, {(after - before) / (1024.0 * 1024.0):0.0} MiB kept");
            kept.Add(lexicon);
        }

        GC.KeepAlive(kept);
    }
}
