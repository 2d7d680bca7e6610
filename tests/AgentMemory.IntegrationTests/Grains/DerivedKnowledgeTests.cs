using AgentMemory.Core.Graph;
using AgentMemory.Grains;

namespace AgentMemory.IntegrationTests.Grains;

/// <summary>The grain's derived maps (pure, no database): which memories mention which entities.</summary>
public sealed class DerivedKnowledgeTests
{
    [Fact]
    public void A_memory_mentions_an_entity_once_whatever_its_case_and_the_graph_counts_it_once()
    {
        var knowledge = NewKnowledge();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        knowledge.AddMention(first, "Caroline");
        knowledge.AddMention(first, "caroline");
        knowledge.AddMention(first, "Lisbon");
        knowledge.AddMention(second, "CAROLINE");

        Assert.Equal(["Caroline", "Lisbon"], knowledge.EntitiesOf(first));
        Assert.Equal([first, second], knowledge.Mentioning("caroline"));
        Assert.Equal(2, knowledge.Graph.PassagesOf("caroline"));
    }

    [Fact]
    public void A_forgotten_memory_leaves_its_entities_and_can_mention_them_again()
    {
        var knowledge = NewKnowledge();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        knowledge.AddMention(first, "Caroline");
        knowledge.AddMention(second, "Caroline");

        knowledge.Remove(first);

        Assert.Equal([second], knowledge.Mentioning("Caroline"));
        Assert.Empty(knowledge.EntitiesOf(first));
        Assert.Equal(1, knowledge.Graph.PassagesOf("caroline"));

        knowledge.AddMention(first, "caroline");

        Assert.Equal([second, first], knowledge.Mentioning("Caroline"));
        Assert.Equal(["caroline"], knowledge.EntitiesOf(first));
        Assert.Equal(2, knowledge.Graph.PassagesOf("caroline"));
    }

    private static DerivedKnowledge NewKnowledge() => new(new UserKnowledgeGraph(64, new SynonymOptions()));
}
