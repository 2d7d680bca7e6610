using System.Globalization;
using AgentMemory.Core;
using AgentMemory.Grains;

namespace AgentMemory.Benchmarks;

/// <summary>
/// Resident memory per memory of a hot index, from <see cref="GC.GetTotalMemory(bool)"/> after full
/// collections: what stays on the heap once activation has finished (records with their text and
/// metadata, the dense vectors, postings and conversation structure), not the transient load garbage.
/// </summary>
public static class MemoryProbe
{
    public static void Run(int count)
    {
        // Warm up statics (stop words, stemmer tables, array pools) so they are not charged to an index.
        var warm = new Fixture(200);
        GC.KeepAlive(warm.BuildUserIndex());
        GC.KeepAlive(warm.BuildLexicalIndex());

        var embedder = new HashingEmbedder(Fixture.Dimensions);
        var records = SyntheticCorpus.Records(count);
        var words = records.Select(r => r.Text.Split(' ').Length).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memories: {count:N0}, dimensions: {Fixture.Dimensions}, text: {records.Min(r => r.Text.Length)}-{records.Max(r => r.Text.Length)} chars (mean {records.Average(r => r.Text.Length):F0}), {words.Min()}-{words.Max()} words (mean {words.Average():F1}), metadata like {records[^1].MetadataJson}"));
        Console.WriteLine("example: " + records[3].Text);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"part",-44} {"bytes/memory",12} {"ApproximateBytes/memory",24}"));

        Measure("MemoryRecord objects (text, metadata, ids)", count, () => (SyntheticCorpus.Records(count), 0L));

        foreach (var precision in new[] { VectorPrecision.Half, VectorPrecision.Single })
        {
            Measure($"DenseVectorIndex ({precision})", count, () =>
            {
                var dense = new DenseVectorIndex(Fixture.Dimensions, precision);
                var vector = new float[Fixture.Dimensions];
                for (var i = 0; i < records.Count; i++)
                {
                    embedder.Embed(records[i].Text, vector);
                    dense.Set(i, vector);
                }

                return (dense, dense.ApproximateBytes);
            });
        }

        Measure("Bm25Index", count, () =>
        {
            var lexical = new Bm25Index();
            var terms = new List<string>();
            for (var i = 0; i < records.Count; i++)
            {
                terms.Clear();
                TextAnalyzer.Analyze(records[i].Text, terms);
                lexical.Add(i, terms);
            }

            return (lexical, 0L);
        });

        // What a hot grain holds: the records (created inside the measured window) and every index over them.
        Measure("UserMemoryIndex, records included", count, () =>
        {
            var index = new UserMemoryIndex(Fixture.Dimensions);
            var vector = new float[Fixture.Dimensions];
            foreach (var record in SyntheticCorpus.Records(count))
            {
                embedder.Embed(record.Text, vector);
                index.Add(record, vector);
            }

            return (index, index.ApproximateBytes);
        });

        // Once derivation has run: the facts join the index and the knowledge graph joins the grain.
        // Per memory counts episodes and facts alike (the fixture derives about one fact per turn).
        var derived = new Fixture(count).BuildUserIndexWithGraph();
        var memories = derived.Index.Count;
        derived = default;
        Measure($"UserMemoryIndex + UserKnowledgeGraph, after derivation ({memories:N0} memories with facts)", memories, () =>
        {
            var (index, graph) = new Fixture(count).BuildUserIndexWithGraph();
            return ((index, graph), index.ApproximateBytes + graph.ApproximateBytes);
        });
    }

    private static void Measure(string label, int count, Func<(object Retained, long Approximate)> build)
    {
        var before = Settle();
        var (retained, approximate) = build();
        var after = Settle();
        GC.KeepAlive(retained);
        var approximateText = approximate > 0 ? (approximate / (double)count).ToString("F0", CultureInfo.InvariantCulture) : "-";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-44} {(after - before) / (double)count,12:F0} {approximateText,24}"));
    }

    private static long Settle()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
