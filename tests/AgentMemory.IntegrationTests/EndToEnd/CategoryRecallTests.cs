using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;

namespace AgentMemory.IntegrationTests.EndToEnd;

/// <summary>
/// Category expansion end to end: a question about a kind of thing ("instruments") recalls the
/// turn that names one ("clarinet") over gRPC, though the two share no word.
/// </summary>
public sealed class CategoryRecallTests(ServerFixture server)
{
    private static readonly DateTimeOffset T0 = new(2023, 6, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Hybrid_recall_finds_the_member_of_a_category_that_lexical_recall_cannot()
    {
        var user = "category-" + Guid.NewGuid().ToString("N")[..10];
        var stored = await server.RememberAndFlushAsync(user, Turns.Select((t, i) => new MemoryEvent($"{t.Speaker}: {t.Text}")
        {
            Speaker = t.Speaker,
            Role = Role.User,
            SessionId = "s" + i,
            EventTime = T0.AddDays(i),
        }).ToList());
        var clarinet = stored.Results[2].MemoryId;
        const string question = "Which instruments were delivered?";

        var hybrid = await RecallAsync(user, question, RecallMode.Hybrid);
        var lexical = await RecallAsync(user, question, RecallMode.Lexical);

        var hit = Assert.Single(hybrid.Memories, m => m.Memory.Id == clarinet);
        // It shares no word with the question or with the turns lexical feedback draws on: only the
        // category ("instruments" → clarinet) gives it a lexical score.
        Assert.True(hit.Score.Lexical > 0, $"lexical score {hit.Score.Lexical}");
        Assert.Equal(stored.Results[5].MemoryId, Assert.Single(lexical.Memories).Memory.Id);
    }

    private static readonly (string Speaker, string Text)[] Turns =
    [
        ("Dana", "The weather was lovely for the parade yesterday."),
        ("Lee", "I repainted the kitchen a pale green over the weekend."),
        ("Lee", "Guess what, a clarinet came in the post for me this morning!"),
        ("Dana", "Our train was two hours late, what a day."),
        ("Lee", "We adopted a puppy called Biscuit."),
        ("Dana", "The new sofa was delivered on Tuesday."),
    ];

    private Task<RecallResponse> RecallAsync(string user, string query, RecallMode mode) =>
        server.Client.RecallAsync(user, query, new AgentMemory.Client.RecallOptions { K = 5, Mode = mode, Filter = new MemoryFilterOptions { Kinds = [MemoryKind.Episodic] } });
}
