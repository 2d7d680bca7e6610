using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace AgentMemory.IntegrationTests.Derivation;

/// <summary>
/// The knowledge-update suite, over gRPC on real PostgreSQL with the built-in CPU derivation:
/// after a fact changes, recall returns the current fact, the old one is invalidated with the
/// right times, as_of before the change returns the old one, and the timeline shows both.
/// </summary>
public sealed class KnowledgeUpdateSuiteTests(ServerFixture server)
{
    public static TheoryData<KnowledgeUpdateScenario> Scenarios => new(KnowledgeUpdateScenario.All);

    private MemoryService.MemoryServiceClient Grpc => server.Client.GrpcClient;

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Recall_returns_the_current_fact_and_as_of_returns_the_old_one(KnowledgeUpdateScenario scenario)
    {
        var user = await TellAsync(scenario);

        var now = await RecallFactsAsync(user, scenario.Question, asOf: null, includeInvalidated: false);
        var then = await RecallFactsAsync(user, scenario.Question, asOf: scenario.BeforeChange, includeInvalidated: false);

        Assert.Contains(scenario.NewValue, now[0].Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(now, m => m.Text.Contains(scenario.OldValue, StringComparison.OrdinalIgnoreCase) && !m.Text.Contains(scenario.NewValue, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(scenario.OldValue, then[0].Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(then, m => m.Text.Contains(scenario.NewValue, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_old_fact_is_invalidated_with_the_right_times_and_history(KnowledgeUpdateScenario scenario)
    {
        var user = await TellAsync(scenario);

        var all = await RecallFactsAsync(user, scenario.Question, asOf: null, includeInvalidated: true);
        var old = all.First(m => m.Text.Contains(scenario.OldValue, StringComparison.OrdinalIgnoreCase) && !m.Text.Contains(scenario.NewValue, StringComparison.OrdinalIgnoreCase));
        var replacement = all.First(m => m.Id == old.SupersededBy);
        var history = await Grpc.HistoryAsync(new HistoryRequest { UserId = user, MemoryId = old.Id });

        Assert.Contains(scenario.NewValue, replacement.Text, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(old.ValidTo);
        Assert.NotNull(old.ExpiredAt);
        Assert.Equal(replacement.ValidFrom, old.ValidTo);
        Assert.True(old.ValidFrom.ToDateTimeOffset() <= scenario.BeforeChange);
        Assert.True(replacement.ValidFrom.ToDateTimeOffset() > scenario.BeforeChange);
        Assert.Null(replacement.ValidTo);
        Assert.Equal(["ADD", "INVALIDATE"], history.Entries.Select(e => e.Operation));
        Assert.Equal(replacement.Id, Assert.Single(history.Entries[1].RelatedIds));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_timeline_shows_the_old_and_the_new_fact_in_order(KnowledgeUpdateScenario scenario)
    {
        var user = await TellAsync(scenario);
        var current = (await RecallFactsAsync(user, scenario.Question, asOf: null, includeInvalidated: false))[0];

        var timeline = await Grpc.TimelineAsync(new TimelineRequest { UserId = user, MemoryId = current.Id });

        var texts = timeline.Memories.Select(m => m.Text).ToList();
        var oldAt = texts.FindIndex(t => t.Contains(scenario.OldValue, StringComparison.OrdinalIgnoreCase) && !t.Contains(scenario.NewValue, StringComparison.OrdinalIgnoreCase));
        var newAt = texts.FindIndex(t => t.Contains(scenario.NewValue, StringComparison.OrdinalIgnoreCase));
        Assert.True(oldAt >= 0 && newAt > oldAt, $"expected the old fact before the new one in: {string.Join(" | ", texts)}");
        Assert.Contains(timeline.Links, l => l.ToId == current.Id && l.Relation == "updates");
    }

    private async Task<string> TellAsync(KnowledgeUpdateScenario scenario)
    {
        var user = "ku-" + Guid.NewGuid().ToString("N")[..10];
        await server.Client.RememberAsync(user, scenario.Turns.Select((t, i) => new MemoryEvent($"{scenario.Speaker}: {t.Text}")
        {
            Speaker = scenario.Speaker,
            Role = Role.User,
            SessionId = $"s{i}",
            EventTime = t.When,
            IdempotencyKey = $"{scenario.Name}:{i}",
        }));
        var flush = await Grpc.FlushAsync(new FlushRequest { UserId = user, Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)) });
        Assert.True(flush.CaughtUp);
        return user;
    }

    private async Task<List<Memory>> RecallFactsAsync(string user, string question, DateTimeOffset? asOf, bool includeInvalidated)
    {
        var request = new RecallRequest
        {
            UserId = user,
            Query = question,
            K = 10,
            Filter = new MemoryFilter { Kinds = { MemoryKind.Semantic } },
            IncludeInvalidated = includeInvalidated,
            AsOf = asOf is { } t ? Timestamp.FromDateTimeOffset(t) : null,
        };
        var response = await Grpc.RecallAsync(request);
        Assert.NotEmpty(response.Memories);
        return response.Memories.Select(m => m.Memory).ToList();
    }
}
