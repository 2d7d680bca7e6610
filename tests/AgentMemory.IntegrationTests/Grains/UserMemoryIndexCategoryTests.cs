using AgentMemory.Abstractions;
using AgentMemory.Core;
using AgentMemory.Core.Concepts;
using AgentMemory.Grains;

namespace AgentMemory.IntegrationTests.Grains;

/// <summary>Category expansion in the hot index (pure, no database): "instruments" finds "clarinet".</summary>
public sealed class UserMemoryIndexCategoryTests
{
    private static readonly DateTimeOffset T0 = new(2023, 5, 8, 13, 0, 0, TimeSpan.Zero);
    private const string Query = "Which instruments does Melanie own?";
    private readonly HashingEmbedder _embedder = new(64);

    [Fact]
    public void A_turn_naming_a_member_of_the_category_the_query_asks_for_gets_a_lexical_score()
    {
        var index = new UserMemoryIndex(64, ConceptLexicon.WordNet);
        var answer = Fill(index);

        var hits = Search(index, new HybridScoringOptions());

        var hit = Assert.Single(hits, h => h.Memory.Id == answer.Id);
        Assert.True(hit.Score.Lexical > 0, "the clarinet turn shares no word with the query; only the category gives it a lexical score");
        Assert.Equal(answer.Id, hits[0].Memory.Id);
    }

    [Fact]
    public void Without_the_lexicon_or_with_weight_zero_the_member_turn_has_no_lexical_score()
    {
        var withoutLexicon = new UserMemoryIndex(64);
        var answer = Fill(withoutLexicon);
        var weightZero = new UserMemoryIndex(64, ConceptLexicon.WordNet);
        var again = Fill(weightZero);

        var first = Search(withoutLexicon, new HybridScoringOptions());
        var second = Search(weightZero, new HybridScoringOptions { CategoryWeight = 0 });

        Assert.Equal(0, Assert.Single(first, h => h.Memory.Id == answer.Id).Score.Lexical);
        Assert.Equal(0, Assert.Single(second, h => h.Memory.Id == again.Id).Score.Lexical);
    }

    [Fact]
    public void A_speakers_name_is_never_expanded_as_a_category()
    {
        // "Johns" reads as a plural, and "john" is a WordNet noun whose kinds include the washroom and the latrine.
        var index = new UserMemoryIndex(64, ConceptLexicon.WordNet);
        var johns = Add(index, "Johns: the toilet upstairs is broken again.", 1, speaker: "Johns");
        var unrelated = Add(index, "Maria: the washroom and the latrine flooded.", 2, speaker: "Maria", session: "s2");

        const string question = "What did Johns say?";
        var hits = index.Search(_embedder.Embed(question), question, 5, MemoryFilter.None, RecallMode.Hybrid, new HybridScoringOptions());

        Assert.Equal(0, Assert.Single(hits, h => h.Memory.Id == unrelated.Id).Score.Lexical);

        // Once Johns has no turn left, the word is only a noun again, and its kinds are expanded.
        index.Remove(johns.Id);
        var after = index.Search(_embedder.Embed(question), question, 5, MemoryFilter.None, RecallMode.Hybrid, new HybridScoringOptions());
        Assert.True(Assert.Single(after, h => h.Memory.Id == unrelated.Id).Score.Lexical > 0);
    }

    [Fact]
    public void A_question_gathering_things_of_a_kind_weighs_the_named_speaker_more_and_the_session_less()
    {
        var index = new UserMemoryIndex(64, ConceptLexicon.WordNet);
        Add(index, "Caroline: I play the violin every day.", 1, speaker: "Caroline");
        var melanie = Add(index, "The weather is lovely today.", 2, speaker: "Melanie");
        // Lexical only, so the violin turn is the one candidate (normalized score 1) and the Melanie
        // turn enters as its neighbour: context = neighbour 0.5 + session × 1 + speaker bonus.
        var scoring = new HybridScoringOptions { DenseWeight = 0, ExpansionWeight = 0 };

        double ContextOf(string question) =>
            Assert.Single(index.Search(_embedder.Embed(question), question, 5, MemoryFilter.None, RecallMode.Hybrid, scoring), h => h.Memory.Id == melanie.Id).Score.Context;

        Assert.Equal(0.5 + scoring.SessionWeight + scoring.SpeakerWeight, ContextOf("What instrument does Melanie play?"), 5);
        Assert.Equal(0.5 + scoring.GatheringSessionWeight + scoring.GatheringSpeakerWeight, ContextOf("What instruments does Melanie play?"), 5);
    }

    [Fact]
    public void A_speakers_name_is_never_a_member_of_a_category()
    {
        // "sam" is a member of "instrument" (the surface-to-air missile): without the rule every
        // turn Sam speaks would match a question about instruments.
        var index = new UserMemoryIndex(64, ConceptLexicon.WordNet);
        var sam = Add(index, "Sam: the weather was lovely today.", 1, speaker: "Sam");
        var clarinet = Add(index, "Evan: my clarinet came in the post.", 2, speaker: "Evan", session: "s2");
        const string question = "Which instruments has Evan got?";

        var hits = index.Search(_embedder.Embed(question), question, 5, MemoryFilter.None, RecallMode.Hybrid, new HybridScoringOptions());

        Assert.True(Assert.Single(hits, h => h.Memory.Id == clarinet.Id).Score.Lexical > 0);
        Assert.Equal(0, Assert.Single(hits, h => h.Memory.Id == sam.Id).Score.Lexical);
    }

    private List<RecalledMemory> Search(UserMemoryIndex index, HybridScoringOptions scoring) =>
        index.Search(_embedder.Embed(Query), Query, 10, MemoryFilter.None, RecallMode.Hybrid, scoring);

    private MemoryRecord Fill(UserMemoryIndex index)
    {
        Add(index, "Caroline: the weather was lovely for the parade.", 1, speaker: "Caroline", session: "s1");
        Add(index, "Caroline: I repainted the kitchen a pale green.", 2, speaker: "Caroline", session: "s2");
        Add(index, "Caroline: our train arrived two hours late.", 3, speaker: "Caroline", session: "s3");
        return Add(index, "I finally bought a clarinet last week!", 4, speaker: "Melanie", session: "s4");
    }

    private MemoryRecord Add(UserMemoryIndex index, string text, int minute, string speaker, string session = "s1")
    {
        var record = new MemoryRecord(Guid.CreateVersion7(), MemoryKind.Episodic, text, speaker, MemoryRole.User, session, T0.AddMinutes(minute), T0, "{}", text, "remember", []);
        index.Add(record, _embedder.Embed(text));
        return record;
    }
}
