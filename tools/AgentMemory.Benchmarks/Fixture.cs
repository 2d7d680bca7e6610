using AgentMemory.Abstractions;
using AgentMemory.Core;
using AgentMemory.Grains;

namespace AgentMemory.Benchmarks;

/// <summary>Seeded data shared by the benchmarks: records, their hashed embeddings and the queries.</summary>
public sealed class Fixture
{
    public const int Dimensions = 384;
    public const int QueryCount = 64;

    public Fixture(int count)
    {
        Embedder = new HashingEmbedder(Dimensions);
        Records = SyntheticCorpus.Records(count);
        Embeddings = [.. Records.Select(r => Embedder.Embed(r.Text))];
        Queries = SyntheticCorpus.Queries(QueryCount);
        QueryEmbeddings = [.. Queries.Select(Embedder.Embed)];
        GatheringQueries = SyntheticCorpus.GatheringQueries(QueryCount);
        GatheringQueryEmbeddings = [.. GatheringQueries.Select(Embedder.Embed)];
        QueryTerms = [.. Queries.Select(TextAnalyzer.Analyze)];

        // A fully dense unit query, as a neural (GPU sidecar) embedder would produce.
        var random = new Random(11);
        DenseQueryEmbeddings = [.. Queries.Select(_ => RandomUnitVector(random))];

        // Each query is restricted to one existing session (about 20 turns).
        var sessions = (count + 19) / 20;
        SessionFilters = [.. Enumerable.Range(0, QueryCount).Select(i => new MemoryFilter([], SyntheticCorpus.SessionId((i * 7919 % sessions) + 1), null, null))];
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
