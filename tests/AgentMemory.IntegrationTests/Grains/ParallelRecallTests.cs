using AgentMemory.Abstractions;
using AgentMemory.IntegrationTests.Infrastructure;

namespace AgentMemory.IntegrationTests.Grains;

/// <summary>
/// One user's recalls run in parallel off the grain's turn (docs/decisions.md #20): each must get
/// what it would get alone, and writes must never run beside them.
/// </summary>
public sealed class ParallelRecallTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Topics = ["sailing", "pottery", "chess", "violin", "gardening", "astronomy", "baking", "climbing"];
    private readonly string _schema = TestDatabase.NewSchemaName("parallel");
    private Orleans.TestingHost.InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = GrainClusterFixture.Build(new Dictionary<string, string?>
        {
            ["AgentMemory:Storage:ConnectionString"] = TestDatabase.ConnectionString,
            ["AgentMemory:Storage:Schema"] = _schema,
            ["AgentMemory:Limits:MaxMemoriesPerUser"] = "5000",
        });
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await TestDatabase.DropSchemaAsync(_schema);
    }

    [Fact]
    public async Task Recalls_running_side_by_side_each_return_what_they_return_alone()
    {
        var grain = await UserWithConversationAsync("alone", turns: 400);
        var queries = Topics.SelectMany(t => new[] { $"What does Ana say about {t}?", $"When did Ben last try {t} with friends?" })
            .Select(q => new RecallQuery(q, 10, MemoryFilter.None, 400, RecallMode.Hybrid))
            .ToArray();
        var alone = new List<RecallResult>();
        foreach (var query in queries)
        {
            alone.Add(await grain.Recall(query));
        }

        var together = await Task.WhenAll(Enumerable.Range(0, queries.Length * 6).Select(i => grain.Recall(queries[i % queries.Length])));

        for (var i = 0; i < together.Length; i++)
        {
            var expected = alone[i % queries.Length];
            Assert.NotEmpty(expected.Memories);
            Assert.Equal(expected.Memories.Select(m => m.Memory.Id), together[i].Memories.Select(m => m.Memory.Id));
            Assert.Equal(expected.Memories.Select(m => m.Score.Fused), together[i].Memories.Select(m => m.Score.Fused));
            Assert.Equal(expected.Context, together[i].Context);
        }
    }

    [Fact]
    public async Task Writes_during_a_stream_of_parallel_recalls_lose_nothing_and_no_recall_fails()
    {
        var grain = await UserWithConversationAsync("writes", turns: 300);
        using var stop = new CancellationTokenSource();
        var recalls = 0;
        async Task RecallUntilStoppedAsync(int caller)
        {
            while (!stop.IsCancellationRequested)
            {
                var topic = Topics[(caller + recalls) % Topics.Length];
                var result = await grain.Recall(new RecallQuery($"Who enjoys {topic}?", 10, MemoryFilter.None, 400, RecallMode.Hybrid));
                Assert.NotEmpty(result.Memories);
                Interlocked.Increment(ref recalls);
            }
        }

        var callers = Enumerable.Range(0, 32).Select(RecallUntilStoppedAsync).ToArray();
        var written = new List<Guid>();
        var forgotten = new List<Guid>();
        for (var batch = 0; batch < 20; batch++)
        {
            var remembered = await grain.Remember([.. Enumerable.Range(0, 10).Select(i => Episode($"Ana: batch {batch} note {i} about the lighthouse keeper zephyrine", "later", 1000 + (batch * 10) + i))]);
            written.AddRange(remembered.Select(r => r.MemoryId));
            if (batch % 5 == 4)
            {
                forgotten.AddRange(written.Take(2));
                Assert.Equal(2, await grain.ForgetIds(written.Take(2).ToList()));
                written.RemoveRange(0, 2);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Assert.True(recalls > 0);
        var found = await grain.Get(written);
        Assert.Equal(written, found.Select(m => m.Id));
        await Assert.ThrowsAsync<MemoryNotFoundException>(() => grain.Get(forgotten));
        var lighthouse = await grain.Recall(new RecallQuery("zephyrine lighthouse keeper", 20, new MemoryFilter([MemoryKind.Episodic], null, null, null), 4000, RecallMode.Lexical));
        Assert.Equal(20, lighthouse.Memories.Count);
        Assert.All(lighthouse.Memories, m => Assert.Contains(m.Memory.Id, written));
    }

    private async Task<IUserMemoryGrain> UserWithConversationAsync(string name, int turns)
    {
        var grain = _cluster.Client.GetGrain<IUserMemoryGrain>(new UserScope("tenant-parallel", name + Guid.NewGuid().ToString("N")[..8]).ToGrainKey());
        var episodes = Enumerable.Range(0, turns).Select(i =>
        {
            var speaker = i % 2 == 0 ? "Ana" : "Ben";
            var topic = Topics[(i / 3) % Topics.Length];
            return Episode($"{speaker}: on day {i} we talked about {topic} and the {(i % 5 == 0 ? "weather" : "weekend")} plans", "s" + (i / 20), i);
        }).ToList();
        for (var at = 0; at < episodes.Count; at += 100)
        {
            await grain.Remember(episodes.Skip(at).Take(100).ToList());
        }

        // Derived facts and summaries would otherwise keep arriving while the test compares.
        Assert.True(await grain.Flush(TimeSpan.FromSeconds(60)));
        return grain;
    }

    private static NewEpisode Episode(string text, string session, int minute) =>
        new(text, text[..text.IndexOf(':', StringComparison.Ordinal)], MemoryRole.User, session, T0.AddMinutes(minute), "{}", "k" + minute + "-" + text.GetHashCode(StringComparison.Ordinal));
}
