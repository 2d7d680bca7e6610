using AgentMemory.Core.Extraction;
using static AgentMemory.Derivation.Tests.TestSupport;

namespace AgentMemory.Derivation.Tests;

public sealed class RuleBasedFactUpdateDeciderTests
{
    private static readonly DateTimeOffset April = new(2023, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly RuleBasedFactUpdateDecider Decider = new(Options());

    private static ExtractedFact Fact(string text, params ExtractedTriple[] triples) =>
        new(text, "Caroline", triples, ["Caroline"], null, 0.9);

    private static ExistingFact Existing(string text, float similarity, params ExtractedTriple[] triples) =>
        new(Guid.NewGuid(), text, triples, similarity, April);

    [Fact]
    public async Task Slot_conflict_lives_in_Paris_then_moved_to_Berlin_invalidates()
    {
        var candidate = Fact("Caroline moved to Berlin.", new ExtractedTriple("Caroline", "moved_to", "Berlin"));
        ExistingFact[] similar =
        [
            Existing("Caroline likes hiking.", 0.4f, new ExtractedTriple("Caroline", "likes", "hiking")),
            Existing("Caroline lives in Paris.", 0.3f, new ExtractedTriple("Caroline", "lives_in", "Paris")),
        ];

        var decision = await Decider.DecideAsync(candidate, similar, Ct);

        Assert.Equal(FactOperation.Invalidate, decision.Operation);
        Assert.Equal([2], decision.Targets);
    }

    [Fact]
    public async Task Same_slot_same_object_is_no_conflict()
    {
        var candidate = Fact("Caroline lives in Paris.", new ExtractedTriple("Caroline", "lives_in", "Paris"));
        var similar = new[] { Existing("Caroline lives in Paris.", 0.95f, new ExtractedTriple("Caroline", "lives_in", "paris")) };

        var decision = await Decider.DecideAsync(candidate, similar, Ct);

        Assert.Equal(FactOperation.Merge, decision.Operation);
    }

    [Fact]
    public async Task Other_person_in_the_same_slot_is_no_conflict()
    {
        var candidate = Fact("Caroline lives in Berlin.", new ExtractedTriple("Caroline", "lives_in", "Berlin"));
        var similar = new[] { Existing("Melanie lives in Paris.", 0.5f, new ExtractedTriple("Melanie", "lives_in", "Paris")) };

        var decision = await Decider.DecideAsync(candidate, similar, Ct);

        Assert.Equal(FactOperation.Add, decision.Operation);
    }

    [Fact]
    public async Task Breaking_up_ends_dating_the_same_person()
    {
        var candidate = Fact("Caroline broke up with Sam.", new ExtractedTriple("Caroline", "broke_up_with", "Sam"));
        var similar = new[] { Existing("Caroline is dating Sam.", 0.6f, new ExtractedTriple("Caroline", "dating", "Sam")) };

        var decision = await Decider.DecideAsync(candidate, similar, Ct);

        Assert.Equal(FactOperation.Invalidate, decision.Operation);
        Assert.Equal([1], decision.Targets);
    }

    [Fact]
    public async Task Cosine_above_the_merge_threshold_merges_into_the_most_similar()
    {
        var candidate = Fact("Caroline enjoys hiking.");
        var similar = new[] { Existing("Caroline likes hiking.", 0.93f), Existing("Caroline paints.", 0.5f) };

        var decision = await Decider.DecideAsync(candidate, similar, Ct);

        Assert.Equal(FactOperation.Merge, decision.Operation);
        Assert.Equal([1], decision.Targets);
    }

    [Fact]
    public async Task Longer_covering_text_above_the_update_threshold_updates()
    {
        var candidate = Fact("Caroline likes hiking in the Alps with her dog.");
        var similar = new[] { Existing("Caroline likes hiking.", 0.8f) };

        var decision = await Decider.DecideAsync(candidate, similar, Ct);

        Assert.Equal(FactOperation.Update, decision.Operation);
        Assert.Equal([1], decision.Targets);
        Assert.Equal(candidate.Text, decision.Text);
    }

    [Fact]
    public async Task Similar_but_not_covering_is_added()
    {
        var candidate = Fact("Caroline likes swimming in lakes.");
        var similar = new[] { Existing("Caroline likes hiking.", 0.8f) };

        var decision = await Decider.DecideAsync(candidate, similar, Ct);

        Assert.Equal(FactOperation.Add, decision.Operation);
    }

    [Fact]
    public async Task Nothing_similar_is_added()
    {
        var decision = await Decider.DecideAsync(Fact("Caroline paints."), [], Ct);

        Assert.Equal(FactOperation.Add, decision.Operation);
        Assert.Empty(decision.Targets);
    }

    [Fact]
    public void Moving_fills_the_lives_in_slot()
    {
        Assert.Equal("lives_in", RelationCatalog.SlotOf("moved_to"));
        Assert.Equal(["dating", "married_to"], RelationCatalog.SlotsAffectedBy("broke_up_with"));
        Assert.Equal(["works_at"], RelationCatalog.SlotsAffectedBy("works_at"));
        Assert.Empty(RelationCatalog.SlotsAffectedBy("likes"));
    }
}
