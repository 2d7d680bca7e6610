using AgentMemory.Abstractions;
using AgentMemory.Grains;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMemory.IntegrationTests.Grains;

public sealed class UserMemoryGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly DateTimeOffset T0 = new(2023, 5, 8, 13, 56, 0, TimeSpan.Zero);

    [Fact]
    public async Task Recall_right_after_remember_finds_the_new_memory()
    {
        var (scope, grain) = NewUser();
        await grain.Remember([Episode("Caroline joined an LGBTQ support group on Tuesday", "k1"), Episode("Melanie ran a charity race for mental health", "k2")]);

        var result = await grain.Recall(Query("support group"));

        Assert.Equal("Caroline joined an LGBTQ support group on Tuesday", result.Memories[0].Memory.Text);
        Assert.True(result.Memories[0].Score.Lexical > 0);
        Assert.True(result.Memories[0].Score.Dense > 0);
        Assert.Contains("support group", result.Context);
        Assert.NotNull(scope);
    }

    [Fact]
    public async Task A_reactivated_grain_reloads_its_index_from_postgres()
    {
        var (_, grain) = NewUser();
        var stored = await grain.Remember([Episode("The blue kayak is stored in the garage", "k1"), Episode("Dinner with Sam on Friday", "k2")]);
        Assert.True(await grain.Flush(TimeSpan.FromSeconds(30)));
        var before = await grain.GetStatistics();

        await fixture.Cluster.DeactivateAsync(grain);
        var after = await grain.GetStatistics();
        var result = await grain.Recall(Query("where is the kayak"));

        Assert.True(before.MemoryCount >= 2);
        Assert.Equal(before.MemoryCount, after.MemoryCount);
        Assert.True(after.LastActivationDuration > TimeSpan.Zero);
        Assert.Equal(stored[0].MemoryId, result.Memories[0].Memory.Id);
    }

    [Fact]
    public async Task A_facts_confidence_reads_the_same_after_a_reload()
    {
        var (_, grain) = NewUser();
        await grain.Remember([Episode("I play the guitar in a jazz band.", "k1"), Episode("Caroline: I play the guitar in a jazz band.", "k2", time: T0.AddDays(1))]);
        Assert.True(await grain.Flush(TimeSpan.FromSeconds(30)));
        var facts = new MemoryFilter([MemoryKind.Semantic], null, null, null);
        var before = (await grain.Recall(new RecallQuery("guitar jazz band", 5, facts, 500, RecallMode.Hybrid))).Memories;

        await fixture.Cluster.DeactivateAsync(grain);
        var after = (await grain.Recall(new RecallQuery("guitar jazz band", 5, facts, 500, RecallMode.Hybrid))).Memories;

        Assert.NotEmpty(before);
        Assert.All(before, m => Assert.NotNull(m.Memory.Confidence));
        Assert.Equal(before.Select(m => (m.Memory.Id, m.Memory.Confidence)), after.Select(m => (m.Memory.Id, m.Memory.Confidence)));
    }

    [Fact]
    public async Task Remembering_the_same_key_twice_in_one_batch_stores_one_memory()
    {
        var (_, grain) = NewUser();

        var results = await grain.Remember([Episode("hello", "same"), Episode("hello again", "same")]);

        Assert.False(results[0].Deduplicated);
        Assert.True(results[1].Deduplicated);
        Assert.Equal(results[0].MemoryId, results[1].MemoryId);
        Assert.Equal(1, (await grain.GetStatistics()).MemoryCount);
    }

    [Fact]
    public async Task A_user_over_its_quota_is_refused_and_keeps_what_it_had()
    {
        var (_, grain) = NewUser();
        await grain.Remember(Enumerable.Range(0, GrainClusterFixture.MaxMemoriesPerUser - 1).Select(i => Episode($"memory {i}", $"k{i}")).ToList());

        var error = await Assert.ThrowsAsync<MemoryLimitExceededException>(() => grain.Remember([Episode("one", "x1"), Episode("two", "x2")]));

        Assert.Contains("MaxMemoriesPerUser", error.Message);
        Assert.Equal(GrainClusterFixture.MaxMemoriesPerUser - 1, (await grain.GetStatistics()).MemoryCount);
    }

    [Fact]
    public async Task Forget_ids_with_an_unknown_id_removes_nothing()
    {
        var (_, grain) = NewUser();
        var stored = await grain.Remember([Episode("keep", "k1")]);

        var error = await Assert.ThrowsAsync<MemoryNotFoundException>(() => grain.ForgetIds([stored[0].MemoryId, Guid.NewGuid()]));

        Assert.Single(error.MissingIds);
        Assert.Single(await grain.Get([stored[0].MemoryId]));
    }

    [Fact]
    public async Task Forgotten_memories_are_no_longer_recalled()
    {
        var (_, grain) = NewUser();
        var stored = await grain.Remember([Episode("the secret code is 4711", "k1"), Episode("the weather was sunny", "k2")]);

        Assert.True(await grain.Flush(TimeSpan.FromSeconds(30)));

        var removed = await grain.ForgetIds([stored[0].MemoryId]);
        var result = await grain.Recall(Query("secret code") with { Filter = MemoryFilter.None });

        Assert.True(removed >= 1);
        Assert.DoesNotContain(result.Memories, m => m.Memory.Id == stored[0].MemoryId || m.Memory.SourceIds.Contains(stored[0].MemoryId));
    }

    [Fact]
    public async Task Forget_matching_a_session_leaves_other_sessions()
    {
        var (_, grain) = NewUser();
        await grain.Remember([Episode("in session one", "k1", "s1"), Episode("in session two", "k2", "s2")]);

        var removed = await grain.ForgetMatching(new MemoryFilter([], "s1", null, null));
        var left = await grain.List(new ListQuery(new MemoryFilter([MemoryKind.Episodic], null, null, null), 10, null));

        Assert.Equal(1, removed);
        Assert.Equal(["in session two"], left.Memories.Select(m => m.Text));
    }

    [Fact]
    public async Task Forget_user_erases_every_row_and_the_hot_index()
    {
        var (scope, grain) = NewUser();
        await grain.Remember([Episode("a", "k1"), Episode("b", "k2")]);

        var removed = await grain.ForgetUser();
        var counts = await fixture.SiloServices.GetRequiredService<MemoryStore>().CountUserRowsAsync(scope, CancellationToken.None);

        Assert.True(removed >= 3, $"two memories and the user row at least, got {removed}");
        Assert.All(counts, c => Assert.Equal(0, c.Value));
        Assert.Equal(0, (await grain.GetStatistics()).MemoryCount);
    }

    [Fact]
    public async Task Recall_respects_session_and_time_filters()
    {
        var (_, grain) = NewUser();
        await grain.Remember([
            Episode("went hiking in the mountains", "k1", "s1", T0),
            Episode("went hiking by the lake", "k2", "s2", T0.AddDays(10)),
        ]);

        var inSession = await grain.Recall(Query("hiking") with { Filter = new MemoryFilter([MemoryKind.Episodic], "s2", null, null) });
        var inWindow = await grain.Recall(Query("hiking") with { Filter = new MemoryFilter([MemoryKind.Episodic], null, T0.AddDays(-1), T0.AddDays(1)) });

        Assert.Equal(["went hiking by the lake"], inSession.Memories.Select(m => m.Memory.Text));
        Assert.Equal(["went hiking in the mountains"], inWindow.Memories.Select(m => m.Memory.Text));
    }

    [Fact]
    public async Task The_context_block_stays_within_the_token_budget()
    {
        var (_, grain) = NewUser();
        await grain.Remember(Enumerable.Range(0, 20).Select(i => Episode($"note {i}: the project deadline moved again because of the review", $"k{i}")).ToList());

        var result = await grain.Recall(Query("project deadline") with { K = 20, TokenBudget = 60 });

        Assert.InRange(result.ContextTokens, 1, 60);
        Assert.True(AgentMemory.Core.TokenEstimator.Estimate(result.Context) <= 60);
        Assert.Equal(20, result.Memories.Count);
    }

    private (UserScope Scope, IUserMemoryGrain Grain) NewUser()
    {
        var scope = new UserScope("tenant-g", "u" + Guid.NewGuid().ToString("N")[..12]);
        return (scope, fixture.Grains.GetGrain<IUserMemoryGrain>(scope.ToGrainKey()));
    }

    private static NewEpisode Episode(string text, string key, string? session = "s1", DateTimeOffset? time = null) =>
        new(text, "Caroline", MemoryRole.User, session, time ?? T0, "{}", key);

    // Episodes only: derivation adds facts in the background, and these tests are about the episodes.
    private static RecallQuery Query(string text) => new(text, 5, Episodes, 500, RecallMode.Hybrid);

    private static readonly MemoryFilter Episodes = new([MemoryKind.Episodic], null, null, null);
}
