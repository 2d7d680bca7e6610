using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class Bm25ExpansionTermsTests
{
    private static readonly string[] Words =
    [
        "Caroline", "painted", "a", "sunrise", "over", "the", "lake", "Melanie", "ran", "charity", "race", "running",
        "paintings", "lakes", "adoption", "agency", "interview", "counseling", "career", "school", "camping", "tent",
        "It's", "don't", "42", "7", "pottery", "class", "kids", "beach", "hiking", "mountains", "Sweden", "grandma",
    ];

    [Fact]
    public void Expansion_terms_are_the_heaviest_new_terms_of_the_feedback_documents()
    {
        var index = new Bm25Index();
        string[] texts = ["Caroline painted a sunrise over the lake", "Melanie painted the lake at sunrise", "A charity race by the lake"];
        for (var id = 0; id < texts.Length; id++)
        {
            index.Add(id, TextAnalyzer.Analyze(texts[id]));
        }

        index.Add(3, TextAnalyzer.Analyze("Nothing about it"));

        var terms = index.ExpansionTerms(texts[..2], [1f, 0.5f], TextAnalyzer.Analyze("what did Caroline paint"), count: 3);

        // "paint" and "caroline" are the query's. "sunrise" and "lake" are in both feedback documents
        // (1 + 0.5), but "lake" is in a third document too, so its IDF is lower: 1.5 × ln 2 = 1.04
        // for "sunrise", 0.5 × ln(10/3) = 0.60 for "melanie" (one document), 1.5 × ln(10/7) = 0.54 for "lake".
        Assert.Equal(["sunris", "melani", "lake"], terms);
    }

    [Fact]
    public void Expansion_terms_equal_the_plain_computation_over_random_documents()
    {
        var random = new Random(17);
        for (var round = 0; round < 40; round++)
        {
            var index = new Bm25Index();
            var texts = Enumerable.Range(0, 60).Select(_ => RandomText(random)).ToArray();
            for (var id = 0; id < texts.Length; id++)
            {
                index.Add(id, TextAnalyzer.Analyze(texts[id]), partition: id % 2);
            }

            var feedback = texts.Take(random.Next(0, 7)).ToArray();
            var weights = feedback.Select((_, i) => i == 0 ? 1f : random.NextSingle()).ToArray();
            var query = TextAnalyzer.Analyze(RandomText(random));
            var count = random.Next(0, 12);

            Assert.Equal(Reference(index, feedback, weights, query, count), index.ExpansionTerms(feedback, weights, query, count));
        }
    }

    [Fact]
    public void Expansion_terms_reject_weights_that_do_not_match_the_texts()
    {
        var index = new Bm25Index();
        index.Add(0, ["lake"]);

        var error = Assert.Throws<ArgumentException>(() => index.ExpansionTerms(["lake"], [], [], 3));

        Assert.Equal("weights", error.ParamName);
    }

    // The computation ExpansionTerms replaced in the recall path: analyze, weigh, sort.
    private static List<string> Reference(Bm25Index index, string[] texts, float[] weights, List<string> queryTerms, int count)
    {
        var original = queryTerms.ToHashSet(StringComparer.Ordinal);
        var summed = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Length; i++)
        {
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            foreach (var term in TextAnalyzer.Analyze(texts[i]))
            {
                if (distinct.Add(term) && !original.Contains(term))
                {
                    summed[term] = summed.GetValueOrDefault(term) + weights[i];
                }
            }
        }

        return summed
            .Select(w => (Term: w.Key, Weight: w.Value * index.InverseDocumentFrequency(w.Key)))
            .OrderByDescending(w => w.Weight).ThenBy(w => w.Term, StringComparer.Ordinal)
            .Take(count)
            .Select(w => w.Term)
            .ToList();
    }

    private static string RandomText(Random random) =>
        string.Join(' ', Enumerable.Range(0, random.Next(1, 14)).Select(_ => Words[random.Next(Words.Length)]));
}
