using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace AgentMemory.IntegrationTests.Derivation;

/// <summary>Facts, history, merge, forget cascade, summaries and timelines over gRPC with the CPU derivation.</summary>
public sealed class DerivationTests(ServerFixture server)
{
    private static readonly DateTimeOffset T0 = new(2023, 5, 25, 10, 0, 0, TimeSpan.Zero); // a Thursday

    private MemoryService.MemoryServiceClient Grpc => server.Client.GrpcClient;

    [Fact]
    public async Task Remembered_turns_become_self_contained_facts_with_provenance()
    {
        var user = NewUser();
        var stored = await TellAsync(user, ("Caroline", "I went to a LGBTQ support group last Saturday and it was so powerful."));

        var facts = await FactsAsync(user);

        var fact = Assert.Single(facts, f => f.Text.Contains("support group", StringComparison.Ordinal));
        Assert.StartsWith("Caroline", fact.Text);
        Assert.Contains("20 May 2023", fact.Text);
        Assert.Equal(new DateTimeOffset(2023, 5, 20, 0, 0, 0, TimeSpan.Zero), fact.ValidFrom.ToDateTimeOffset());
        Assert.Equal([stored.Results[0].MemoryId], fact.Provenance.SourceMemoryIds);
        Assert.Equal("extraction", fact.Provenance.Origin);
        var history = await Grpc.HistoryAsync(new HistoryRequest { UserId = user, MemoryId = fact.Id });
        Assert.Equal("ADD", Assert.Single(history.Entries).Operation);
    }

    [Fact]
    public async Task Saying_the_same_thing_twice_merges_sources_instead_of_duplicating()
    {
        var user = NewUser();
        var stored = await TellAsync(user, ("Melanie", "I work at the public library downtown."), ("Melanie", "I work at the public library downtown."));

        var facts = (await FactsAsync(user)).Where(f => f.Text.Contains("library", StringComparison.Ordinal)).ToList();

        var fact = Assert.Single(facts);
        Assert.Equal(stored.Results.Select(r => r.MemoryId).Order(), fact.Provenance.SourceMemoryIds.Order());
        var history = await Grpc.HistoryAsync(new HistoryRequest { UserId = user, MemoryId = fact.Id });
        Assert.Equal(["ADD", "MERGE"], history.Entries.Select(e => e.Operation));
    }

    [Fact]
    public async Task Forgetting_an_episode_forgets_facts_derived_only_from_it_and_trims_shared_ones()
    {
        var user = NewUser();
        var stored = await TellAsync(user,
            ("Melanie", "I work at the public library downtown."),
            ("Melanie", "I work at the public library downtown."),
            ("Melanie", "I adopted a cat named Luna last year."));
        var facts = await FactsAsync(user);
        var shared = facts.Single(f => f.Text.Contains("library", StringComparison.Ordinal));
        var only = facts.Single(f => f.Text.Contains("Luna", StringComparison.Ordinal));

        await server.Client.ForgetAsync(user, [stored.Results[0].MemoryId, stored.Results[2].MemoryId]);
        var after = await FactsAsync(user);

        Assert.DoesNotContain(after, f => f.Id == only.Id);
        var trimmed = Assert.Single(after, f => f.Id == shared.Id);
        Assert.Equal([stored.Results[1].MemoryId], trimmed.Provenance.SourceMemoryIds);
        var history = await Grpc.HistoryAsync(new HistoryRequest { UserId = user, MemoryId = shared.Id });
        Assert.Equal("SOURCE_FORGOTTEN", history.Entries[^1].Operation);
    }

    [Fact]
    public async Task Merge_joins_facts_with_the_union_of_their_sources_and_retires_the_rest()
    {
        var user = NewUser();
        await TellAsync(user, ("Jon", "I play the guitar in a jazz band."), ("Jon", "I practice the saxophone every morning."));
        var facts = await FactsAsync(user);
        var (a, b) = (facts[0], facts[1]);

        var merged = await Grpc.MergeAsync(new MergeRequest { UserId = user, Ids = { a.Id, b.Id }, Text = "Jon plays guitar and saxophone in a jazz band." });
        var after = await FactsAsync(user);
        var everything = await FactsAsync(user, includeInvalidated: true);

        Assert.Equal(a.Id, merged.Memory.Id);
        Assert.Equal(a.Provenance.SourceMemoryIds.Concat(b.Provenance.SourceMemoryIds).Order(), merged.Memory.Provenance.SourceMemoryIds.Order());
        Assert.Equal(["Jon plays guitar and saxophone in a jazz band."], after.Select(f => f.Text));
        Assert.Equal(a.Id, everything.Single(f => f.Id == b.Id).SupersededBy);
    }

    [Fact]
    public async Task Repeating_a_merge_that_was_made_returns_the_merged_fact_and_changes_nothing()
    {
        var user = NewUser();
        await TellAsync(user, ("Jon", "I play the guitar in a jazz band."), ("Jon", "I practice the saxophone every morning."));
        var facts = await FactsAsync(user);
        var request = new MergeRequest { UserId = user, Ids = { facts[0].Id, facts[1].Id }, Text = "Jon plays guitar and saxophone in a jazz band." };

        // The second call is what a client's retry sends when the first call's reply was lost.
        var merged = await Grpc.MergeAsync(request);
        var again = await Grpc.MergeAsync(request);
        var history = await Grpc.HistoryAsync(new HistoryRequest { UserId = user, MemoryId = facts[0].Id });

        Assert.Equal(merged.Memory.Id, again.Memory.Id);
        Assert.Equal(merged.Memory.Text, again.Memory.Text);
        Assert.Equal(merged.Memory.Provenance.SourceMemoryIds, again.Memory.Provenance.SourceMemoryIds);
        Assert.Equal(["Jon plays guitar and saxophone in a jazz band."], (await FactsAsync(user)).Select(f => f.Text));
        Assert.Single(history.Entries, e => e.Operation == "MERGE");
    }

    [Fact]
    public async Task Merging_facts_already_merged_under_another_text_is_rejected_naming_the_retired_fact()
    {
        var user = NewUser();
        await TellAsync(user, ("Jon", "I play the guitar in a jazz band."), ("Jon", "I practice the saxophone every morning."));
        var facts = await FactsAsync(user);
        await Grpc.MergeAsync(new MergeRequest { UserId = user, Ids = { facts[0].Id, facts[1].Id }, Text = "Jon plays guitar and saxophone." });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Grpc.MergeAsync(new MergeRequest { UserId = user, Ids = { facts[0].Id, facts[1].Id }, Text = "Jon plays in a band." }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("ids[1]", Assert.Single(error.GetFieldViolations()).Field);
        Assert.Equal(["Jon plays guitar and saxophone."], (await FactsAsync(user)).Select(f => f.Text));
    }

    [Fact]
    public async Task A_derived_fact_carries_the_extractions_confidence_and_an_episode_none()
    {
        var user = NewUser();
        var stored = await TellAsync(user, ("Jon", "I play the guitar in a jazz band."), ("Jon", "Maybe I will try the saxophone someday."));

        var facts = await FactsAsync(user);
        var episode = Assert.Single(await server.Client.GetAsync(user, [stored.Results[0].MemoryId]));

        Assert.NotEmpty(facts);
        Assert.All(facts, f => Assert.True(f.HasConfidence && f.Confidence is > 0 and <= 1, $"{f.Text}: {f.Confidence}"));
        Assert.False(episode.HasConfidence);
        var plain = Assert.Single(facts, f => f.Text.Contains("guitar", StringComparison.Ordinal));
        var hedged = Assert.Single(facts, f => f.Text.Contains("saxophone", StringComparison.Ordinal));
        Assert.True(hedged.Confidence < plain.Confidence, $"hedged {hedged.Confidence} against plain {plain.Confidence}");
    }

    [Fact]
    public async Task A_fact_said_again_in_another_turn_gains_the_turn_as_a_source_and_becomes_more_certain()
    {
        var user = NewUser();
        await TellAsync(user, ("Jon", "I play the guitar in a jazz band."));
        var once = Assert.Single(await FactsAsync(user));

        await server.RememberAndFlushAsync(user, [new MemoryEvent("Jon: I play the guitar in a jazz band.") { Speaker = "Jon", Role = Role.User, SessionId = "s2", EventTime = T0.AddDays(1) }]);
        var twice = Assert.Single(await FactsAsync(user));

        Assert.Equal(once.Id, twice.Id);
        Assert.Equal(2, twice.Provenance.SourceMemoryIds.Count);
        Assert.True(twice.Confidence > once.Confidence, $"{once.Confidence} then {twice.Confidence}");
    }

    [Fact]
    public async Task Merge_of_a_single_fact_is_rejected_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Grpc.MergeAsync(new MergeRequest { UserId = NewUser(), Ids = { Guid.NewGuid().ToString() } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("ids", Assert.Single(error.GetFieldViolations()).Field);
    }

    [Fact]
    public async Task Merging_a_turn_is_rejected_naming_the_field_and_changes_nothing()
    {
        var user = NewUser();
        var stored = await TellAsync(user, ("Jon", "I play the guitar in a jazz band."));
        var fact = Assert.Single(await FactsAsync(user));

        var error = await Assert.ThrowsAsync<RpcException>(() => Grpc.MergeAsync(new MergeRequest { UserId = user, Ids = { fact.Id, stored.Results[0].MemoryId } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetFieldViolations());
        Assert.Equal("ids[1]", violation.Field);
        Assert.Contains("only current facts", violation.Description);
        Assert.DoesNotContain("(Parameter", error.Status.Detail);
        Assert.Equal([fact.Id], (await FactsAsync(user)).Select(f => f.Id));
    }

    [Fact]
    public async Task Closing_a_session_writes_a_recallable_summary_and_rolls_up_profile_and_month()
    {
        var user = NewUser();
        await TellAsync(user,
            ("Caroline", "I went to a LGBTQ support group last Saturday and it was so powerful."),
            ("Melanie", "That sounds amazing. I painted a lake sunrise with my kids."),
            ("Caroline", "I want to study counseling so I can help other people."));

        var closed = await Grpc.CloseSessionAsync(new CloseSessionRequest { UserId = user, SessionId = "s1" });
        var summaries = await server.Client.ListAsync(user, new ListOptions { Filter = new MemoryFilterOptions { Kinds = [MemoryKind.Summary] } });
        var recalled = await server.Client.RecallAsync(user, "counseling support group", new RecallOptions { Filter = new MemoryFilterOptions { Kinds = [MemoryKind.Summary] } });

        Assert.Equal(MemoryKind.Summary, closed.Summary.Kind);
        Assert.False(string.IsNullOrWhiteSpace(closed.Summary.Text));
        Assert.Equal(3, closed.Summary.Provenance.SourceMemoryIds.Count);
        Assert.Equal(3, summaries.Memories.Count); // session, profile, 2023-05
        Assert.Contains(summaries.Memories, m => m.Provenance.IdempotencyKey == "summary:profile");
        Assert.Contains(summaries.Memories, m => m.Provenance.IdempotencyKey == "summary:period:2023-05");
        Assert.Contains(recalled.Memories, m => m.Memory.Id == closed.Summary.Id);
    }

    [Fact]
    public async Task Closing_an_unknown_session_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Grpc.CloseSessionAsync(new CloseSessionRequest { UserId = NewUser(), SessionId = "nope" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task An_entity_timeline_lists_its_memories_in_time_order()
    {
        var user = NewUser();
        await TellAsync(user,
            ("Biscuit", "unused"),
            ("Nate", "I adopted a dog named Biscuit in March."),
            ("Nate", "Biscuit learned to fetch the ball yesterday."),
            ("Nate", "I took Biscuit to the vet for his shots."));

        var timeline = await Grpc.TimelineAsync(new TimelineRequest { UserId = user, Entity = "Biscuit" });

        var facts = timeline.Memories.Where(m => m.Kind == MemoryKind.Semantic).ToList();
        Assert.True(facts.Count >= 2, string.Join(" | ", timeline.Memories.Select(m => m.Text)));
        Assert.Equal(facts.OrderBy(m => m.ValidFrom.ToDateTimeOffset()).Select(m => m.Id), facts.Select(m => m.Id));
        Assert.Contains(timeline.Links, l => l.Relation == "continues" && string.Equals(l.Topic, "Biscuit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Recall_can_expand_each_hit_with_its_timeline_neighbours()
    {
        var user = NewUser();
        await TellAsync(user, ("Ana", "I live in Paris with my partner."), ("Ana", "I moved to Berlin last month."));

        var response = await Grpc.RecallAsync(new RecallRequest
        {
            UserId = user,
            Query = "Where does Ana live?",
            Filter = new MemoryFilter { Kinds = { MemoryKind.Semantic } },
            ExpandTimeline = true,
        });

        var berlin = response.Memories.First(m => m.Memory.Text.Contains("Berlin", StringComparison.Ordinal));
        Assert.Contains(berlin.Timeline, m => m.Text.Contains("Paris", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Flush_reports_caught_up_once_every_episode_is_derived()
    {
        var user = NewUser();
        await server.Client.RememberAsync(user, Enumerable.Range(0, 40).Select(i => new MemoryEvent($"Zoe: I visited museum number {i} in Rome yesterday.") { Speaker = "Zoe", SessionId = "s1", EventTime = T0.AddHours(i) }));

        var flush = await Grpc.FlushAsync(new FlushRequest { UserId = user, Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)) });
        var derived = await TestDatabase.ScalarAsync<long>(server.Schema, "SELECT derived_seq FROM derivation_state WHERE user_id = $1", user);
        var latest = await TestDatabase.ScalarAsync<long>(server.Schema, "SELECT max(seq) FROM memories WHERE user_id = $1 AND kind = 1", user);

        Assert.True(flush.CaughtUp);
        Assert.Equal(latest, derived);
    }

    [Fact]
    public async Task History_of_an_unknown_memory_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Grpc.HistoryAsync(new HistoryRequest { UserId = NewUser(), MemoryId = Guid.NewGuid().ToString() }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Timeline_without_an_anchor_is_rejected()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Grpc.TimelineAsync(new TimelineRequest { UserId = NewUser() }).ResponseAsync);

        Assert.Equal("anchor", Assert.Single(error.GetFieldViolations()).Field);
    }

    private static string NewUser() => "drv-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<RememberResponse> TellAsync(string user, params (string Speaker, string Text)[] turns)
    {
        var events = turns.Where(t => t.Text != "unused").Select((t, i) => new MemoryEvent($"{t.Speaker}: {t.Text}")
        {
            Speaker = t.Speaker,
            Role = Role.User,
            SessionId = "s1",
            EventTime = T0.AddMinutes(i),
        }).ToList();
        return await server.RememberAndFlushAsync(user, events);
    }

    private async Task<List<Memory>> FactsAsync(string user, bool includeInvalidated = false)
    {
        var listed = new List<Memory>();
        await foreach (var memory in server.Client.ListAllAsync(user, new ListOptions { Filter = new MemoryFilterOptions { Kinds = [MemoryKind.Semantic] } }))
        {
            if (includeInvalidated || (memory.ValidTo is null && memory.ExpiredAt is null))
            {
                listed.Add(memory);
            }
        }

        return listed.OrderBy(m => m.EventTime.ToDateTimeOffset()).ThenBy(m => m.Text, StringComparer.Ordinal).ToList();
    }
}
