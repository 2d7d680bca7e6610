using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace AgentMemory.IntegrationTests.EndToEnd;

public sealed class RememberRecallTests(ServerFixture server)
{
    private static readonly DateTimeOffset T0 = new(2023, 5, 8, 13, 56, 0, TimeSpan.Zero);

    private AgentMemoryClient Client => server.Client;

    [Fact]
    public async Task Recall_right_after_remember_finds_the_new_memory_with_its_score_breakdown()
    {
        var user = NewUser();
        await Client.RememberAsync(user, [
            Event("Caroline: I went to a LGBTQ support group yesterday and it was so powerful.", "D1:3"),
            Event("Melanie: I'm swamped with the kids and work, but I painted a lake sunrise last year.", "D1:4"),
        ]);

        var response = await Client.RecallAsync(user, "When did Caroline go to the support group?", new RecallOptions { K = 2, Filter = Episodes });

        var top = response.Memories[0];
        Assert.StartsWith("Caroline: I went to a LGBTQ support group", top.Memory.Text);
        Assert.True(top.Score.Dense > 0);
        Assert.True(top.Score.Lexical > 0);
        Assert.Equal(1, top.Score.LexicalRank);
        Assert.InRange(top.Score.Recency, 0f, 1f);
        Assert.True(top.Score.Fused >= response.Memories[1].Score.Fused);
        Assert.Equal("{\"dia_id\": \"D1:3\"}", top.Memory.MetadataJson);
        Assert.Equal("remember", top.Memory.Provenance.Origin);
        Assert.Equal(MemoryKind.Episodic, top.Memory.Kind);
        Assert.Contains("support group", response.Context);
        Assert.True(response.ContextTokens > 0);
    }

    [Fact]
    public async Task Retrying_a_remember_with_the_same_keys_never_duplicates()
    {
        var user = NewUser();
        MemoryEvent[] events = [Event("Bought a red bicycle", "k1"), Event("Sold the old car", "k2")];

        var first = await Client.RememberAsync(user, events);
        var retry = await Client.RememberAsync(user, events);
        var listed = await Client.ListAsync(user, new ListOptions { Filter = Episodes });

        Assert.All(first.Results, r => Assert.False(r.Deduplicated));
        Assert.All(retry.Results, r => Assert.True(r.Deduplicated));
        Assert.Equal(first.Results.Select(r => r.MemoryId), retry.Results.Select(r => r.MemoryId));
        Assert.Equal(2, listed.Memories.Count);
    }

    [Fact]
    public async Task Events_sent_without_a_key_are_deduplicated_by_content_and_event_time()
    {
        var user = NewUser();
        var request = new RememberRequest { UserId = user };
        request.Events.Add(new Event { Text = "Walked the dog", SessionId = "s1", EventTime = Timestamp.FromDateTimeOffset(T0) });

        var first = await Client.GrpcClient.RememberAsync(request);
        var second = await Client.GrpcClient.RememberAsync(request);

        Assert.StartsWith("auto:", first.Results[0].IdempotencyKey);
        Assert.True(second.Results[0].Deduplicated);
        Assert.Equal(first.Results[0].MemoryId, second.Results[0].MemoryId);
    }

    [Fact]
    public async Task Lexical_and_dense_modes_rank_by_their_own_component_only()
    {
        var user = NewUser();
        await Client.RememberAsync(user, [Event("The quarterly budget review is on Monday", "k1"), Event("My cat likes sleeping in the sun", "k2")]);

        var lexical = await Client.RecallAsync(user, "budget review", new RecallOptions { Mode = RecallMode.Lexical, K = 5, Filter = Episodes });
        var dense = await Client.RecallAsync(user, "budget review", new RecallOptions { Mode = RecallMode.Dense, K = 5, Filter = Episodes });

        Assert.All(lexical.Memories, m => Assert.Equal(0, m.Score.DenseRank));
        Assert.Single(lexical.Memories);
        Assert.All(dense.Memories, m => Assert.Equal(0, m.Score.LexicalRank));
        Assert.Equal("The quarterly budget review is on Monday", dense.Memories[0].Memory.Text);
    }

    [Fact]
    public async Task Recall_filters_by_session_kind_and_event_time()
    {
        var user = NewUser();
        await Client.RememberAsync(user, [
            Event("Planted tomatoes in the garden", "k1", "s1", T0),
            Event("Planted roses in the garden", "k2", "s2", T0.AddDays(7)),
        ]);

        var bySession = await Client.RecallAsync(user, "planted garden", new RecallOptions { Filter = Episodes with { SessionId = "s2" } });
        var byTime = await Client.RecallAsync(user, "planted garden", new RecallOptions { Filter = Episodes with { EventTimeFrom = T0.AddDays(-1), EventTimeTo = T0.AddDays(1) } });
        var byKind = await Client.RecallAsync(user, "planted garden", new RecallOptions { Filter = new MemoryFilterOptions { Kinds = [MemoryKind.Summary] } });

        Assert.Equal(["Planted roses in the garden"], bySession.Memories.Select(m => m.Memory.Text));
        Assert.Equal(["Planted tomatoes in the garden"], byTime.Memories.Select(m => m.Memory.Text));
        Assert.Empty(byKind.Memories);
    }

    [Fact]
    public async Task The_context_block_fits_the_token_budget()
    {
        var user = NewUser();
        await Client.RememberAsync(user, Enumerable.Range(0, 30).Select(i => Event($"Note {i}: the marathon training plan adds five kilometres every week until race day", $"k{i}")));

        var response = await Client.RecallAsync(user, "marathon training", new RecallOptions { K = 30, TokenBudget = 80, Filter = Episodes });

        Assert.InRange(response.ContextTokens, 1, 80);
        Assert.True(AgentMemory.Core.TokenEstimator.Estimate(response.Context) <= 80);
        Assert.Equal(30, response.Memories.Count);
    }

    [Fact]
    public async Task A_recall_for_a_user_with_no_memories_returns_nothing()
    {
        var response = await Client.RecallAsync(NewUser(), "anything at all");

        Assert.Empty(response.Memories);
        Assert.Equal(string.Empty, response.Context);
    }

    // Derivation adds facts in the background; these tests are about the episodes themselves.
    private static readonly MemoryFilterOptions Episodes = new() { Kinds = [MemoryKind.Episodic] };

    private static string NewUser() => "rr-" + Guid.NewGuid().ToString("N")[..12];

    private static MemoryEvent Event(string text, string key, string session = "s1", DateTimeOffset? time = null) => new(text)
    {
        Speaker = text.Split(':')[0],
        Role = Role.User,
        SessionId = session,
        EventTime = time ?? T0,
        MetadataJson = key.StartsWith('D') ? $"{{\"dia_id\": \"{key}\"}}" : null,
        IdempotencyKey = key,
    };
}
