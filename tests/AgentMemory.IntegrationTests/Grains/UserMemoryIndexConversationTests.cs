using AgentMemory.Abstractions;
using AgentMemory.Core;
using AgentMemory.Grains;

namespace AgentMemory.IntegrationTests.Grains;

/// <summary>The hot index's turn order per session (pure, no database): what the contextual re-rank walks.</summary>
public sealed class UserMemoryIndexConversationTests
{
    private static readonly DateTimeOffset T0 = new(2023, 5, 8, 13, 0, 0, TimeSpan.Zero);
    private readonly HashingEmbedder _embedder = new(64);

    [Fact]
    public void Turns_added_out_of_order_are_linked_in_event_time_order_and_relinked_on_removal()
    {
        var index = new UserMemoryIndex(64);
        var third = Add(index, "third", 3);
        var first = Add(index, "first", 1);
        var second = Add(index, "second", 2);
        var fact = Add(index, "a fact", 2, MemoryKind.Semantic);
        var context = index.ConversationOf(null);

        Assert.Equal([-1, Slot(index, first), Slot(index, second)], new[] { first, second, third }.Select(r => context.PreviousOf(Slot(index, r))));
        Assert.Equal([Slot(index, second), Slot(index, third), -1], new[] { first, second, third }.Select(r => context.NextOf(Slot(index, r))));
        Assert.Equal(-1, context.SessionOf(Slot(index, fact)));

        index.Remove(second.Id);

        Assert.Equal(Slot(index, third), context.NextOf(Slot(index, first)));
        Assert.Equal(Slot(index, first), context.PreviousOf(Slot(index, third)));
    }

    [Fact]
    public void A_turn_with_no_match_of_its_own_is_recalled_through_its_neighbour()
    {
        var index = new UserMemoryIndex(64);
        Add(index, "Caroline: what did you paint last weekend?", 1);
        var answer = Add(index, "Melanie: a lake at sunrise, with the kids!", 2);
        Add(index, "Caroline: I adopted a dog named Biscuit.", 3, session: "s2");

        var hits = index.Search(_embedder.Embed("paint"), "paint", 3, MemoryFilter.None, RecallMode.Hybrid, new HybridScoringOptions());

        var recalled = Assert.Single(hits, h => h.Memory.Id == answer.Id);
        Assert.Equal(0, recalled.Score.LexicalRank);
        Assert.True(recalled.Score.Context > 0);
    }

    [Fact]
    public void A_speaker_named_after_a_longer_name_that_contains_it_still_gets_the_speaker_bonus()
    {
        var index = new UserMemoryIndex(64);
        Add(index, "Johnson: the parade was loud.", 1, speaker: "Johnson");
        var john = Add(index, "The weather is lovely today.", 2, speaker: "John");
        // Lexical only: the Johnson turn is the one candidate (normalized score 1) and John's turn
        // enters as its neighbour: context = neighbour 0.5 + session 0.4 + speaker bonus 0.3.
        var scoring = new HybridScoringOptions { DenseWeight = 0, ExpansionWeight = 0 };
        const string question = "What did Johnson tell John?";

        var hits = index.Search(_embedder.Embed(question), question, 5, MemoryFilter.None, RecallMode.Hybrid, scoring);

        Assert.Equal(0.5 + scoring.SessionWeight + scoring.SpeakerWeight, Assert.Single(hits, h => h.Memory.Id == john.Id).Score.Context, 5);
    }

    [Theory]
    [InlineData("What did Johnson tell mary ann?", true)]
    [InlineData("What did Johnson tell Mary Ann's sister?", true)]
    [InlineData("What did Johnson tell Mary?", false)]
    [InlineData("What did Johnson tell Mary Anne?", false)]
    public void A_speaker_whose_name_is_several_words_gets_the_speaker_bonus_only_when_the_query_names_all_of_it(string question, bool named)
    {
        var index = new UserMemoryIndex(64);
        Add(index, "Johnson: the parade was loud.", 1, speaker: "Johnson");
        var maryAnn = Add(index, "The weather is lovely today.", 2, speaker: "Mary Ann");
        var scoring = new HybridScoringOptions { DenseWeight = 0, ExpansionWeight = 0 };

        var hits = index.Search(_embedder.Embed(question), question, 5, MemoryFilter.None, RecallMode.Hybrid, scoring);

        var expected = 0.5 + scoring.SessionWeight + (named ? scoring.SpeakerWeight : 0);
        Assert.Equal(expected, Assert.Single(hits, h => h.Memory.Id == maryAnn.Id).Score.Context, 5);
    }

    [Fact]
    public void A_turn_is_by_a_queried_speaker_in_any_case_and_session_and_a_reused_slot_answers_for_its_new_turn()
    {
        var index = new UserMemoryIndex(64);
        var hiking = Add(index, "I went hiking.", 1, speaker: "Caroline");
        var outside = Add(index, "Back home now.", 2, session: null, speaker: "caroline");
        var fact = Add(index, "Caroline went hiking.", 1, MemoryKind.Semantic, speaker: "Caroline");
        var context = index.ConversationOf(new HashSet<string>(["CAROLINE"]));

        Assert.True(context.IsByQueriedSpeaker(Slot(index, hiking)));
        Assert.True(context.IsByQueriedSpeaker(Slot(index, outside)));
        Assert.False(context.IsByQueriedSpeaker(Slot(index, fact)));
        Assert.False(index.ConversationOf(null).IsByQueriedSpeaker(Slot(index, hiking)));

        var slot = Slot(index, hiking);
        index.Remove(hiking.Id);
        var painting = Add(index, "I painted a lake.", 3, speaker: "Melanie");

        Assert.Equal(slot, Slot(index, painting));
        Assert.False(index.ConversationOf(new HashSet<string>(["Caroline"])).IsByQueriedSpeaker(slot));
        Assert.True(index.ConversationOf(new HashSet<string>(["melanie"])).IsByQueriedSpeaker(slot));
    }

    private MemoryRecord Add(UserMemoryIndex index, string text, int minute, MemoryKind kind = MemoryKind.Episodic, string? session = "s1", string speaker = "speaker")
    {
        var record = new MemoryRecord(Guid.CreateVersion7(), kind, text, speaker, MemoryRole.User, session, T0.AddMinutes(minute), T0, "{}", text, "remember", []);
        index.Add(record, _embedder.Embed(text));
        return record;
    }

    private static int Slot(UserMemoryIndex index, MemoryRecord record) => index.SlotOf(record.Id);
}
