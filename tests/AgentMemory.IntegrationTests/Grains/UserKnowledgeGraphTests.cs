using AgentMemory.Core;
using AgentMemory.Core.Graph;
using AgentMemory.Grains;
using AgentMemory.Storage;

namespace AgentMemory.IntegrationTests.Grains;

/// <summary>The grain's phrase-passage graph (pure, no database): incremental upkeep and PageRank ranking.</summary>
public sealed class UserKnowledgeGraphTests
{
    private const int Dimensions = 64;
    private static readonly PageRankOptions PageRank = new();
    private readonly HashingEmbedder _embedder = new(Dimensions);

    [Fact]
    public void Phrases_are_keyed_case_and_space_insensitively_and_count_their_passages_once()
    {
        var graph = NewGraph();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        graph.AddContext(a, "Professor  Hale");
        graph.AddContext(a, "professor hale");
        graph.AddContext(b, "PROFESSOR HALE");

        Assert.Equal(1, graph.PhraseCount);
        Assert.Equal(2, graph.PassagesOf("professor hale"));
        Assert.Equal(["professor hale"], graph.PhrasesOf(a));
    }

    [Fact]
    public void Removing_the_last_passage_of_a_phrase_removes_the_phrase_and_only_then()
    {
        var graph = NewGraph();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        graph.AddContext(a, "Lisbon");
        graph.AddContext(a, "Hale");
        graph.AddContext(b, "Hale");

        Assert.Equal(["lisbon"], graph.PhrasesOrphanedBy([a]));
        Assert.Equal(["hale", "lisbon"], graph.PhrasesOrphanedBy([a, b]).Order(StringComparer.Ordinal));

        graph.RemovePassage(a);

        Assert.Equal(0, graph.PassagesOf("lisbon"));
        Assert.Equal(1, graph.PassagesOf("hale"));
        Assert.Equal(1, graph.PhraseCount);
        Assert.DoesNotContain("Lisbon", graph.PhrasesWithoutVector());
    }

    [Fact]
    public void A_new_phrase_close_to_a_known_one_gets_a_synonym_edge_reported_once_in_ordinal_order()
    {
        var graph = NewGraph();
        graph.AddContext(Guid.NewGuid(), "pottery class");
        graph.AddContext(Guid.NewGuid(), "the pottery class");
        graph.AddContext(Guid.NewGuid(), "coral reefs");
        var rows = new List<SynonymRow>();

        foreach (var phrase in graph.PhrasesWithoutVector())
        {
            graph.SetPhraseVector(phrase, Embed(phrase), rows);
        }

        var row = Assert.Single(rows);
        Assert.Equal(("pottery class", "the pottery class"), (row.PhraseA, row.PhraseB));
        Assert.InRange(row.Similarity, 0.8f, 1f);
        Assert.Empty(graph.PhrasesWithoutVector());
    }

    [Fact]
    public void PageRank_reaches_a_passage_two_hops_from_the_seed_and_names_the_seed_next_to_it()
    {
        var graph = NewGraph();
        var (mentor, book, unrelated) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        graph.AddContext(mentor, "Caroline");
        graph.AddContext(mentor, "Professor Hale");
        graph.AddContext(book, "Professor Hale");
        graph.AddContext(book, "coral reefs");
        graph.AddContext(unrelated, "espresso");

        var hits = graph.Rank(new Dictionary<string, double> { ["caroline"] = 1 }, new Dictionary<Guid, double>(), PageRank, _ => true, 10).Hits();

        Assert.Equal([mentor, book], hits.Select(h => h.Passage));
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal(["Caroline"], hits[0].SeedPhrases);
    }

    [Fact]
    public void A_hit_names_at_most_three_seed_phrases_strongest_first_each_once_with_ties_in_the_order_found()
    {
        var graph = NewGraph();
        var (turn, fact) = (Guid.NewGuid(), Guid.NewGuid());
        foreach (var phrase in new[] { "lisbon", "kyoto", "hale", "oslo" })
        {
            graph.AddContext(turn, phrase);
        }

        // The fact repeats "hale" (reached twice: directly and through the fact) and adds "lima".
        graph.AddContext(fact, "hale");
        graph.AddContext(fact, "lima");
        graph.AddSource(fact, turn);
        var seeds = new Dictionary<string, double> { ["lisbon"] = 1, ["kyoto"] = 3, ["hale"] = 3, ["oslo"] = 2, ["lima"] = 5 };

        var hits = graph.Rank(seeds, new Dictionary<Guid, double>(), PageRank, passage => passage == turn, 1).Hits();

        // Seeds are weighted per passage ("hale" is in two, so 1.5): lima 5, kyoto 3, oslo 2, hale 1.5, lisbon 1.
        Assert.Equal(["lima", "kyoto", "oslo"], Assert.Single(hits).SeedPhrases);

        var tied = graph.Rank(new Dictionary<string, double> { ["lisbon"] = 1, ["kyoto"] = 1, ["oslo"] = 1, ["hale"] = 2 }, new Dictionary<Guid, double>(), PageRank, passage => passage == turn, 1).Hits();

        // All weigh 1 (hale: 2 over two passages): the first three in the order the turn's edges were added.
        Assert.Equal(["lisbon", "kyoto", "hale"], Assert.Single(tied).SeedPhrases);

        var few = graph.Rank(new Dictionary<string, double> { ["lisbon"] = 1, ["hale"] = 2 }, new Dictionary<Guid, double>(), PageRank, passage => passage == turn, 1).Hits();

        // "hale" is reached again through the fact while there is still room: it is named once.
        Assert.Equal(["lisbon", "hale"], Assert.Single(few).SeedPhrases);
    }

    [Fact]
    public void A_phrase_in_many_passages_seeds_more_weakly_than_a_rare_one()
    {
        var graph = NewGraph();
        var rare = Guid.NewGuid();
        graph.AddContext(rare, "Lisbon");
        var common = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        foreach (var passage in common)
        {
            graph.AddContext(passage, "Caroline");
        }

        var hits = graph.Rank(new Dictionary<string, double> { ["caroline"] = 1, ["lisbon"] = 1 }, new Dictionary<Guid, double>(), PageRank, _ => true, 5).Hits();

        Assert.Equal(rare, hits[0].Passage);
        Assert.True(hits[0].Score > 10 * hits[1].Score);
    }

    [Fact]
    public void Ranking_skips_passages_the_caller_does_not_accept_and_needs_a_phrase_seed()
    {
        var graph = NewGraph();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        graph.AddContext(a, "Hale");
        graph.AddContext(b, "Hale");

        var accepted = graph.Rank(new Dictionary<string, double> { ["hale"] = 1 }, new Dictionary<Guid, double>(), PageRank, id => id == b, 10).Hits();
        var passageOnly = graph.Rank(new Dictionary<string, double>(), new Dictionary<Guid, double> { [a] = 1 }, PageRank, _ => true, 10).Hits();
        var unknown = graph.Rank(new Dictionary<string, double> { ["nobody"] = 1 }, new Dictionary<Guid, double>(), PageRank, _ => true, 10).Hits();

        Assert.Equal([b], accepted.Select(h => h.Passage));
        Assert.Empty(passageOnly);
        Assert.Empty(unknown);
    }

    [Fact]
    public void A_hub_phrase_stops_the_walk_so_it_stays_with_what_the_seed_is_about()
    {
        var graph = NewGraph();
        var (both, lisbonOnly) = (Guid.NewGuid(), Guid.NewGuid());
        graph.AddContext(both, "Caroline");
        graph.AddContext(both, "Lisbon");
        graph.AddContext(lisbonOnly, "Lisbon");
        for (var i = 0; i < UserKnowledgeGraph.MinHubPassages + 10; i++)
        {
            graph.AddContext(Guid.NewGuid(), "Caroline");
        }

        var seeds = new Dictionary<string, double> { ["lisbon"] = 1, ["caroline"] = 1 };
        var stopped = graph.Rank(seeds, new Dictionary<Guid, double>(), PageRank, _ => true, 100, hubShare: 0.01).Hits();
        var through = graph.Rank(seeds, new Dictionary<Guid, double>(), PageRank, _ => true, 100, hubShare: 1).Hits();

        Assert.Equal(new[] { both, lisbonOnly }.Order(), stopped.Select(h => h.Passage).Order());
        Assert.Equal(graph.PassageCount, through.Count);
        Assert.DoesNotContain("Caroline", stopped.SelectMany(h => h.SeedPhrases));
    }

    [Fact]
    public void Relations_and_sources_join_what_mentions_alone_would_not()
    {
        var graph = NewGraph();
        var (fact, episode, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        graph.AddContext(fact, "Caroline");
        graph.AddSource(fact, episode);
        graph.AddContext(other, "Sweden");
        graph.AddRelation("Caroline", "Sweden");

        var hits = graph.Rank(new Dictionary<string, double> { ["caroline"] = 1 }, new Dictionary<Guid, double>(), PageRank, _ => true, 10).Hits();

        Assert.Equal(new[] { fact, episode, other }.Order(), hits.Select(h => h.Passage).Order());
        graph.RemoveRelation("Caroline", "Sweden");
        var after = graph.Rank(new Dictionary<string, double> { ["caroline"] = 1 }, new Dictionary<Guid, double>(), PageRank, _ => true, 10).Hits();
        Assert.DoesNotContain(other, after.Select(h => h.Passage));
    }

    [Fact]
    public void Phrases_named_in_a_query_need_all_their_words_and_ignore_case_and_punctuation()
    {
        var graph = NewGraph();
        graph.AddContext(Guid.NewGuid(), "Professor Hale");
        graph.AddContext(Guid.NewGuid(), "Hale");
        graph.AddContext(Guid.NewGuid(), "Lisbon");

        Assert.Equal(["hale", "professor hale"], graph.PhrasesNamedIn("What did PROFESSOR hale write?").Order(StringComparer.Ordinal));
        Assert.Equal(["hale"], graph.PhrasesNamedIn("Is Hale a professor-friend?"));
        Assert.Empty(graph.PhrasesNamedIn("nothing here"));
    }

    [Theory]
    [InlineData("Professor Hale")]
    [InlineData("  professor\t\tHALE \n")]
    [InlineData("new\u00A0york\u2003city")]
    [InlineData("")]
    [InlineData(" \t ")]
    [InlineData("İstanbul ΣΟΦΙΑ")]
    [InlineData("\U00010400\U00010401 Deseret")]
    [InlineData("the Royal Botanic Gardens of Kew and the long walk beside the river Thames past the old palace at Richmond and the deer park beyond it, all in one afternoon in late May")]
    public void A_phrase_key_is_its_lower_cased_words_joined_by_single_spaces(string phrase)
    {
        var expected = string.Join(' ', phrase.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(expected, UserKnowledgeGraph.KeyOf(phrase));
    }

    [Fact]
    public void A_phrase_is_found_again_under_any_spelling_of_its_key_short_or_long()
    {
        var graph = NewGraph();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var longPhrase = string.Join(' ', Enumerable.Repeat("Botanic Garden", 20));

        graph.AddContext(a, "Professor\tHale");
        graph.AddContext(b, " PROFESSOR   hale ");
        graph.AddContext(a, longPhrase);
        graph.AddContext(b, longPhrase.ToUpperInvariant().Replace(" ", "  ", StringComparison.Ordinal));
        graph.AddRelation("professor hale", longPhrase);
        var edges = graph.EdgeCount;

        graph.RemoveRelation("Professor Hale", "  " + longPhrase.ToLowerInvariant());

        Assert.Equal(2, graph.PhraseCount);
        Assert.Equal(2, graph.PassagesOf("professor hale"));
        Assert.Equal(2, graph.PassagesOf(UserKnowledgeGraph.KeyOf(longPhrase)));
        Assert.Equal(edges - 1, graph.EdgeCount);
    }

    private UserKnowledgeGraph NewGraph() => new(Dimensions, new SynonymOptions());

    private float[] Embed(string text) => _embedder.Embed(text);
}
