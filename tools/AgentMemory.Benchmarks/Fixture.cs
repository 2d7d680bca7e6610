using System.Globalization;
using AgentMemory.Abstractions;
using AgentMemory.Core;
using AgentMemory.Grains;
using AgentMemory.Tooling;

namespace AgentMemory.Benchmarks;

/// <summary>Seeded data shared by the benchmarks: records, their hashed embeddings and the queries.</summary>
public sealed class Fixture
{
    public const int Dimensions = 384;
    public const int QueryCount = 64;

    public Fixture(int count)
        : this(SyntheticCorpus.Records(count), SyntheticCorpus.Queries(QueryCount), oneCopyOfEachFact: false)
    {
    }

    private Fixture(List<MemoryRecord> records, string[] queries, bool oneCopyOfEachFact)
    {
        Embedder = new HashingEmbedder(Dimensions);
        Records = records;
        _oneCopyOfEachFact = oneCopyOfEachFact;
        Embeddings = [.. Records.Select(r => Embedder.Embed(r.Text))];
        Queries = queries;
        QueryEmbeddings = [.. Queries.Select(Embedder.Embed)];
        GatheringQueries = SyntheticCorpus.GatheringQueries(QueryCount);
        GatheringQueryEmbeddings = [.. GatheringQueries.Select(Embedder.Embed)];
        QueryTerms = [.. Queries.Select(TextAnalyzer.Analyze)];

        // A fully dense unit query, as a neural (GPU sidecar) embedder would produce.
        var random = new Random(11);
        DenseQueryEmbeddings = [.. Queries.Select(_ => RandomUnitVector(random))];

        // Each query is restricted to one existing session (about 20 turns).
        var sessions = (records.Count + 19) / 20;
        SessionFilters = [.. Enumerable.Range(0, QueryCount).Select(i => new MemoryFilter([], SyntheticCorpus.SessionId((i * 7919 % sessions) + 1), null, null))];
    }

    // The grain's rule-based fact decisions keep one copy of a fact stated again; the load
    // generator's corpus repeats facts often, so its fixture does the same to match the grain.
    private readonly bool _oneCopyOfEachFact;

    /// <summary>
    /// The load generator's corpus: <paramref name="count"/> turns as <c>tools/loadgen</c> seeds
    /// them (its sentences, speaker, sessions of 50 and event times, seed 42) and its queries.
    /// </summary>
    public static Fixture LoadGeneratorCorpus(int count)
    {
        var text = new SyntheticText(42);
        var sentences = Enumerable.Range(0, 50_000).Select(_ => text.NextSentence()).ToArray();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var records = new List<MemoryRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var sentence = sentences[i % sentences.Length];
            var time = start.AddSeconds(i);
            var key = "lg:" + i.ToString(CultureInfo.InvariantCulture);
            records.Add(new MemoryRecord(Guid.CreateVersion7(time), MemoryKind.Episodic, sentence, sentence[..Math.Max(1, sentence.IndexOf(' ', StringComparison.Ordinal))],
                MemoryRole.User, "s" + (i / 50).ToString(CultureInfo.InvariantCulture), time, time, "{}", key, "remember", []));
        }

        return new Fixture(records, [.. Enumerable.Range(0, 5_000).Select(_ => text.NextQuery()).Take(QueryCount)], oneCopyOfEachFact: true);
    }

    public HashingEmbedder Embedder { get; }

    public List<MemoryRecord> Records { get; }

    public float[][] Embeddings { get; }

    public string[] Queries { get; }

    public float[][] QueryEmbeddings { get; }

    public float[][] DenseQueryEmbeddings { get; }

    /// <summary>Questions that gather things of a kind (category expansion and gathering weights apply).</summary>
    public string[] GatheringQueries { get; }

    public float[][] GatheringQueryEmbeddings { get; }

    public List<string>[] QueryTerms { get; }

    public MemoryFilter[] SessionFilters { get; }

    public UserMemoryIndex BuildUserIndex()
    {
        // With the concept lexicon, as the grain builds it under the default options.
        var index = new UserMemoryIndex(Dimensions, AgentMemory.Core.Concepts.ConceptLexicon.WordNet);
        for (var i = 0; i < Records.Count; i++)
        {
            index.Add(Records[i], Embeddings[i]);
        }

        return index;
    }

    /// <summary>
    /// The index plus the knowledge graph derivation would build for it: every turn goes through
    /// the built-in extractor, its facts join the index (joined to their turn), and its entities
    /// and triples become phrase nodes with context and relation edges; phrases get embeddings and
    /// synonym edges as in the grain.
    /// </summary>
    public (UserMemoryIndex Index, UserKnowledgeGraph Graph) BuildUserIndexWithGraph()
    {
        var index = BuildUserIndex();

        // The same calls the grain's derivation makes, so the graph has production's shape.
        var factTexts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var knowledge = new DerivedKnowledge(new UserKnowledgeGraph(Dimensions, new AgentMemory.Core.Graph.SynonymOptions()));
        foreach (var record in Records)
        {
            var extraction = AgentMemory.Core.Extraction.RuleBasedExtractor.Shared.Extract(record.Text, record.Speaker, record.EventTime);
            foreach (var entity in extraction.Entities)
            {
                knowledge.AddMention(record.Id, entity.Name);
            }

            foreach (var fact in extraction.Facts)
            {
                if (_oneCopyOfEachFact && !factTexts.Add(fact.Text))
                {
                    continue;
                }

                var factRecord = new MemoryRecord(Guid.NewGuid(), MemoryKind.Semantic, fact.Text, fact.Subject, MemoryRole.Unspecified, record.SessionId,
                    record.EventTime, record.RecordedAt, "{}", "fact:" + Guid.NewGuid().ToString("N"), "extraction", [record.Id]);
                index.Add(factRecord, Embedder.Embed(fact.Text));
                knowledge.AddSources(factRecord);
                knowledge.SetTriples(factRecord.Id, [.. fact.Triples], current: true);
                foreach (var entity in fact.Entities)
                {
                    knowledge.AddMention(factRecord.Id, entity);
                }
            }
        }

        foreach (var phrase in knowledge.Graph.PhrasesWithoutVector())
        {
            knowledge.Graph.SetPhraseVector(phrase, Embedder.Embed(phrase), []);
        }

        return (index, knowledge.Graph);
    }

    public DenseVectorIndex BuildDenseIndex(VectorPrecision precision = DenseVectorIndex.DefaultPrecision)
    {
        var index = new DenseVectorIndex(Dimensions, precision);
        for (var i = 0; i < Embeddings.Length; i++)
        {
            index.Set(i, Embeddings[i]);
        }

        return index;
    }

    public Bm25Index BuildLexicalIndex()
    {
        var index = new Bm25Index();
        for (var i = 0; i < Records.Count; i++)
        {
            index.Add(i, TextAnalyzer.Analyze(Records[i].Text));
        }

        return index;
    }

    private static float[] RandomUnitVector(Random random)
    {
        var vector = new float[Dimensions];
        for (var j = 0; j < vector.Length; j++)
        {
            // Box-Muller: Gaussian components give a direction uniform on the sphere.
            vector[j] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        VectorMath.NormalizeInPlace(vector);
        return vector;
    }
}
