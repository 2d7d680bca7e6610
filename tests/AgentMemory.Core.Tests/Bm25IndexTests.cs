using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class Bm25IndexTests
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private static readonly string[] CatSatMat = ["cat", "sat", "mat"];
    private static readonly string[] CatCatDog = ["cat", "cat", "dog"];
    private static readonly string[] DogBark = ["dog", "bark"];

    private static Bm25Index ThreeDocumentIndex()
    {
        var index = new Bm25Index();
        index.Add(0, CatSatMat);
        index.Add(1, CatCatDog);
        index.Add(2, DogBark);
        return index;
    }

    // score = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * |d| / avgdl)), idf = ln(1 + (N - n + 0.5) / (n + 0.5)).
    private static double Term(double n, double tf, double documentLength)
    {
        const double N = 3;
        const double averageLength = (3 + 3 + 2) / 3.0;
        var idf = Math.Log(1 + ((N - n + 0.5) / (n + 0.5)));
        return idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * documentLength / averageLength))));
    }

    [Fact]
    public void Search_scores_match_hand_computed_okapi_bm25()
    {
        var results = ThreeDocumentIndex().Search(["cat"], 10);

        // "cat" is in 2 of 3 documents: twice in document 1, once in document 0, both of length 3.
        Assert.Equal([1, 0], results.Select(result => result.DocumentId));
        Assert.Equal(Term(n: 2, tf: 2, documentLength: 3), results[0].Score, 5);
        Assert.Equal(Term(n: 2, tf: 1, documentLength: 3), results[1].Score, 5);
        Assert.Equal(0.44714, results[1].Score, 4); // ln(1.6) * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3 / (8 / 3)))
    }

    [Fact]
    public void Search_sums_the_contributions_of_each_query_term()
    {
        var results = ThreeDocumentIndex().Search(["cat", "bark"], 10);

        var expected = new Dictionary<int, double>
        {
            [0] = Term(n: 2, tf: 1, documentLength: 3),
            [1] = Term(n: 2, tf: 2, documentLength: 3),
            [2] = Term(n: 1, tf: 1, documentLength: 2),
        };
        Assert.Equal([2, 1, 0], results.Select(result => result.DocumentId));
        Assert.All(results, result => Assert.Equal(expected[result.DocumentId], result.Score, 5));
    }

    [Fact]
    public void Search_counts_a_repeated_query_term_once_per_occurrence()
    {
        var index = ThreeDocumentIndex();

        var once = index.Search(["bark"], 10).Single();
        var twice = index.Search(["bark", "bark"], 10).Single();

        Assert.Equal(2 * once.Score, twice.Score, 5);
    }

    [Fact]
    public void Search_returns_nothing_when_no_document_matches()
    {
        Assert.Empty(ThreeDocumentIndex().Search(["unicorn"], 10));
        Assert.Empty(ThreeDocumentIndex().Search([], 10));
        Assert.Empty(new Bm25Index().Search(["cat"], 10));
    }

    [Fact]
    public void Search_returns_at_most_top_results()
    {
        var results = ThreeDocumentIndex().Search(["cat", "dog"], 2);

        Assert.Equal(2, results.Count);
        Assert.Empty(ThreeDocumentIndex().Search(["cat"], 0));
    }

    [Fact]
    public void Search_breaks_score_ties_by_ascending_id()
    {
        var index = new Bm25Index();
        foreach (var id in new[] { 7, 2, 9, 4 })
        {
            index.Add(id, ["same", "words"]);
        }

        var results = index.Search(["same"], 3);

        Assert.Equal([2, 4, 7], results.Select(result => result.DocumentId));
    }

    [Fact]
    public void Search_excludes_ids_rejected_by_the_filter_without_changing_other_scores()
    {
        var index = ThreeDocumentIndex();
        var calls = new List<int>();

        var filtered = index.Search(["cat", "dog", "cat"], 10, id =>
        {
            calls.Add(id);
            return id != 1;
        });
        var unfiltered = index.Search(["cat", "dog", "cat"], 10);

        Assert.DoesNotContain(filtered, result => result.DocumentId == 1);
        Assert.Equal(unfiltered.Where(result => result.DocumentId != 1), filtered);
        Assert.Equal(calls.Count, calls.Distinct().Count());
    }

    [Fact]
    public void Search_is_clean_after_a_filter_throws()
    {
        var index = ThreeDocumentIndex();
        var expected = index.Search(["cat"], 10);

        Assert.Throws<InvalidOperationException>(() => index.Search(["cat"], 10, _ => throw new InvalidOperationException()));

        Assert.Equal(expected, index.Search(["cat"], 10));
    }

    [Fact]
    public void Remove_makes_search_behave_like_an_index_built_without_the_document()
    {
        var index = ThreeDocumentIndex();
        var fresh = new Bm25Index();
        fresh.Add(0, CatSatMat);
        fresh.Add(2, DogBark);

        Assert.True(index.Remove(1, CatCatDog));

        string[] query = ["cat", "dog", "bark"];
        Assert.DoesNotContain(index.Search(query, 10), result => result.DocumentId == 1);
        Assert.Equal(fresh.Search(query, 10), index.Search(query, 10));
        Assert.Equal(fresh.AverageDocumentLength, index.AverageDocumentLength);
    }

    [Fact]
    public void Re_adding_a_removed_document_restores_the_original_scores()
    {
        var index = ThreeDocumentIndex();
        string[] query = ["cat", "dog", "bark", "mat"];
        var before = index.Search(query, 10);

        index.Remove(1, CatCatDog);
        index.Add(1, CatCatDog);

        Assert.Equal(before, index.Search(query, 10));
    }

    [Fact]
    public void A_reused_slot_only_matches_its_new_terms()
    {
        var index = ThreeDocumentIndex();

        index.Remove(2, DogBark);
        index.Add(2, ["parrot"]);

        Assert.DoesNotContain(index.Search(["bark"], 10), result => result.DocumentId == 2);
        Assert.Equal(2, index.Search(["parrot"], 10).Single().DocumentId);
    }

    [Fact]
    public void Random_churn_matches_a_fresh_index_of_the_surviving_documents()
    {
        var random = new Random(1234);
        var randomDocument = RandomDocuments(random, vocabulary: 25, maxLength: 12);

        var index = new Bm25Index();
        var documents = new Dictionary<int, string[]>();
        for (var step = 0; step < 2000; step++)
        {
            var id = random.Next(300);
            if (documents.Remove(id, out var terms))
            {
                Assert.True(index.Remove(id, terms));
            }
            else
            {
                documents[id] = randomDocument();
                index.Add(id, documents[id]);
            }
        }

        var fresh = new Bm25Index();
        foreach (var (id, terms) in documents.OrderBy(pair => pair.Key))
        {
            fresh.Add(id, terms);
        }

        Assert.Equal(documents.Count, index.DocumentCount);
        Assert.Equal(fresh.AverageDocumentLength, index.AverageDocumentLength, 10);
        for (var query = 0; query < 20; query++)
        {
            var queryTerms = randomDocument();
            Assert.Equal(fresh.Search(queryTerms, 15), index.Search(queryTerms, 15));
        }
    }

    [Fact]
    public void One_pass_for_two_lists_gives_what_two_searches_give()
    {
        var random = new Random(4321);
        var randomDocument = RandomDocuments(random, vocabulary: 30, maxLength: 12);
        var index = new Bm25Index();
        for (var id = 0; id < 400; id++)
        {
            index.Add(id, randomDocument(), partition: id % 3);
        }

        Func<int, bool> partitionFilter = id => id % 4 != 0;
        for (var query = 0; query < 20; query++)
        {
            var terms = randomDocument();
            Func<int, bool>? filter = query % 2 == 0 ? id => id % 3 != 1 : null;

            var (best, ofPartition) = index.Search(terms, 25, filter, 8, partition: 1, partitionFilter);

            Assert.Equal(index.Search(terms, 25, filter), best);
            Assert.Equal(index.Search(terms, 8, id => id % 3 == 1 && partitionFilter(id)), ofPartition);
        }

        Assert.Empty(index.Search(["w1"], 0, null, 0, partition: 1, null).Best);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(["w1"], 5, null, 5, partition: Bm25Index.MaxPartitions, null));
    }

    [Fact]
    public void Searches_running_in_parallel_each_get_what_they_would_get_alone()
    {
        var random = new Random(99);
        var randomDocument = RandomDocuments(random, vocabulary: 40, maxLength: 15);
        var index = new Bm25Index();
        for (var id = 0; id < 3000; id++)
        {
            index.Add(id, randomDocument());
        }

        var queries = Enumerable.Range(0, 32).Select(_ => randomDocument()).ToArray();
        var alone = queries.Select(q => index.Search(q, 20)).ToArray();

        Parallel.For(0, queries.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var q = i % queries.Length;
            Assert.Equal(alone[q], index.Search(queries[q], 20));
        });
    }

    [Fact]
    public void Add_rejects_an_id_that_is_already_present()
    {
        var index = ThreeDocumentIndex();

        Assert.Throws<ArgumentException>(() => index.Add(1, ["anything"]));
        Assert.Equal(3, index.DocumentCount);
    }

    [Fact]
    public void Remove_returns_false_for_an_absent_document()
    {
        var index = ThreeDocumentIndex();

        Assert.False(index.Remove(5, CatSatMat));
        Assert.False(index.Remove(5000, CatSatMat));
        Assert.True(index.Remove(0, CatSatMat));
        Assert.False(index.Remove(0, CatSatMat));
    }

    [Fact]
    public void Remove_rejects_terms_that_cannot_be_what_was_added()
    {
        var index = ThreeDocumentIndex();

        Assert.Throws<ArgumentException>(() => index.Remove(0, ["cat"]));
        Assert.Equal(3, index.DocumentCount);
    }

    [Fact]
    public void Statistics_track_adds_and_removes()
    {
        var index = ThreeDocumentIndex();
        Assert.Equal(3, index.DocumentCount);
        Assert.Equal(8 / 3.0, index.AverageDocumentLength, 10);

        index.Remove(2, DogBark);

        Assert.Equal(2, index.DocumentCount);
        Assert.Equal(3.0, index.AverageDocumentLength, 10);
    }

    [Fact]
    public void Clear_removes_everything_and_the_index_stays_usable()
    {
        var index = ThreeDocumentIndex();

        index.Clear();

        Assert.Equal(0, index.DocumentCount);
        Assert.Equal(0, index.AverageDocumentLength);
        Assert.Empty(index.Search(["cat"], 10));
        index.Add(1, CatCatDog);
        Assert.Equal(1, index.Search(["cat"], 10).Single().DocumentId);
    }

    [Fact]
    public void Ids_far_beyond_the_initial_capacity_are_supported()
    {
        var index = new Bm25Index();

        index.Add(10_000, ["rare"]);
        index.Add(3, ["rare", "common"]);

        Assert.Equal([10_000, 3], index.Search(["rare"], 10).Select(result => result.DocumentId));
    }

    [Fact]
    public void Parameters_change_scoring()
    {
        var noLengthNormalisation = new Bm25Index(k1: 1.2f, b: 0f);
        noLengthNormalisation.Add(0, ["cat"]);
        noLengthNormalisation.Add(1, ["cat", "x1", "x2", "x3", "x4", "x5"]);
        noLengthNormalisation.Add(2, ["dog"]);

        var results = noLengthNormalisation.Search(["cat"], 10);

        Assert.Equal(results[0].Score, results[1].Score);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Index(b: 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Index(k1: -1f));
    }

    [Fact]
    public void Each_partition_is_scored_with_its_own_statistics_as_if_it_were_a_separate_index()
    {
        // The three documents in partition 0, plus short derived documents in partition 1 that
        // repeat "cat": they must not change how partition 0 scores.
        var index = ThreeDocumentIndex();
        index.Add(10, ["cat"], partition: 1);
        index.Add(11, ["cat", "mat"], partition: 1);
        var alone = new Bm25Index();
        alone.Add(10, ["cat"]);
        alone.Add(11, ["cat", "mat"]);

        var results = index.Search(["cat"], 10).ToDictionary(r => r.DocumentId, r => r.Score);

        Assert.Equal(Term(n: 2, tf: 2, documentLength: 3), results[1], 5);
        Assert.Equal(Term(n: 2, tf: 1, documentLength: 3), results[0], 5);
        foreach (var expected in alone.Search(["cat"], 10))
        {
            Assert.Equal(expected.Score, results[expected.DocumentId], 5);
        }
    }

    [Fact]
    public void Removing_a_document_updates_the_statistics_of_its_own_partition()
    {
        var index = ThreeDocumentIndex();
        index.Add(10, ["cat", "dog"], partition: 2);
        index.Add(11, ["cat"], partition: 2);

        Assert.True(index.Remove(11, ["cat"]));

        var alone = new Bm25Index();
        alone.Add(10, ["cat", "dog"]);
        var results = index.Search(["cat"], 10).ToDictionary(r => r.DocumentId, r => r.Score);
        Assert.Equal(alone.Search(["cat"], 1).Single().Score, results[10], 5);
        Assert.Equal(Term(n: 2, tf: 1, documentLength: 3), results[0], 5);
        Assert.Equal(4, index.DocumentCount);
    }

    [Fact]
    public void A_partition_outside_the_range_is_refused_and_nothing_is_indexed()
    {
        var index = new Bm25Index();

        Assert.Throws<ArgumentOutOfRangeException>(() => index.Add(0, ["cat"], partition: Bm25Index.MaxPartitions));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Add(0, ["cat"], partition: -1));
        Assert.Equal(0, index.DocumentCount);
        Assert.Empty(index.Search(["cat"], 10));
    }

    /// <summary>Random documents of 1 to <paramref name="maxLength"/> − 1 terms over the words w0, w1, …, drawn from <paramref name="random"/>.</summary>
    private static Func<string[]> RandomDocuments(Random random, int vocabulary, int maxLength)
    {
        string[] words = [.. Enumerable.Range(0, vocabulary).Select(i => $"w{i}")];
        return () => [.. Enumerable.Range(0, random.Next(1, maxLength)).Select(_ => words[random.Next(words.Length)])];
    }
}
