using AgentMemory.Abstractions;
using AgentMemory.IntegrationTests.EndToEnd;
using AgentMemory.IntegrationTests.Infrastructure;

namespace AgentMemory.IntegrationTests.Grains;

/// <summary>The knowledge graph held by a user's grain: rebuilt from PostgreSQL on activation.</summary>
public sealed class KnowledgeGraphGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly DateTimeOffset T0 = new(2023, 5, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly MemoryFilter Episodes = new([MemoryKind.Episodic], null, null, null);

    [Fact]
    public async Task A_reactivated_grain_rebuilds_the_same_graph_ranking_from_postgres()
    {
        var grain = fixture.Grains.GetGrain<IUserMemoryGrain>(new UserScope("tenant-kg", "u" + Guid.NewGuid().ToString("N")[..12]).ToGrainKey());
        await grain.Remember(GraphRecallTests.Conversation.Select((t, i) =>
            new NewEpisode($"{t.Speaker}: {t.Text}", t.Speaker, MemoryRole.User, "s" + (i / 2), T0.AddMinutes(i), "{}", "k" + i)).ToList());
        Assert.True(await grain.Flush(TimeSpan.FromSeconds(30)));
        var query = new RecallQuery("Who is Caroline's mentor and what has the mentor written?", 10, Episodes, 500, RecallMode.Graph);
        var before = await grain.Recall(query);

        await fixture.Cluster.DeactivateAsync(grain);
        var after = await grain.Recall(query);

        // Node ids differ after a reload, so passages with tied scores (turns of the same shape)
        // may swap places: compare the winner, the scores as a sequence, and each memory's score.
        Assert.Contains(before.Memories, m => m.Score.GraphRank > 0);
        Assert.Equal(before.Memories[0].Memory.Id, after.Memories[0].Memory.Id);
        Assert.Equal(before.Memories[0].Score.SeedPhrases, after.Memories[0].Score.SeedPhrases);
        Assert.Equal(before.Memories.Select(m => m.Score.Graph), after.Memories.Select(m => m.Score.Graph), new ToleranceComparer(1e-5f));
        var afterScores = after.Memories.ToDictionary(m => m.Memory.Id, m => m.Score.Graph);
        foreach (var memory in before.Memories.Where(m => afterScores.ContainsKey(m.Memory.Id)))
        {
            Assert.Equal(memory.Score.Graph, afterScores[memory.Memory.Id], 1e-5f);
        }
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
