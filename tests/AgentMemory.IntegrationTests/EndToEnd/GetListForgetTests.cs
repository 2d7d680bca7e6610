using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;
using Grpc.Core;

namespace AgentMemory.IntegrationTests.EndToEnd;

public sealed class GetListForgetTests(ServerFixture server)
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private AgentMemoryClient Client => server.Client;

    [Fact]
    public async Task Get_returns_memories_in_request_order()
    {
        var user = NewUser();
        var stored = await Client.RememberAsync(user, [Event("first", 0), Event("second", 1)]);

        var memories = await Client.GetAsync(user, [stored.Results[1].MemoryId, stored.Results[0].MemoryId]);

        Assert.Equal(["second", "first"], memories.Select(m => m.Text));
        Assert.Equal(T0.AddMinutes(1), memories[0].EventTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Another_users_memory_is_not_found()
    {
        var owner = NewUser();
        var stored = await Client.RememberAsync(owner, [Event("private note", 0)]);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.GetAsync(NewUser(), [stored.Results[0].MemoryId]));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task List_pages_newest_first_and_follows_page_tokens()
    {
        var user = NewUser();
        await Client.RememberAsync(user, Enumerable.Range(0, 12).Select(i => Event($"event {i}", i)));

        var first = await Client.ListAsync(user, Episodes with { PageSize = 5 });
        var all = new List<Memory>();
        await foreach (var memory in Client.ListAllAsync(user, Episodes with { PageSize = 5 }))
        {
            all.Add(memory);
        }

        Assert.Equal(["event 11", "event 10", "event 9", "event 8", "event 7"], first.Memories.Select(m => m.Text));
        Assert.NotEmpty(first.NextPageToken);
        Assert.Equal(Enumerable.Range(0, 12).Reverse().Select(i => $"event {i}"), all.Select(m => m.Text));
    }

    [Fact]
    public async Task Forget_by_ids_removes_exactly_those()
    {
        var user = NewUser();
        var stored = await Client.RememberAsync(user, [Event("a", 0), Event("b", 1), Event("c", 2)]);

        var removed = await Client.ForgetAsync(user, [stored.Results[0].MemoryId, stored.Results[2].MemoryId]);
        var left = await Client.ListAsync(user, Episodes);

        Assert.Equal(2, removed);
        Assert.Equal(["b"], left.Memories.Select(m => m.Text));
    }

    [Fact]
    public async Task Forget_by_ids_with_an_unknown_id_is_not_found_and_removes_nothing()
    {
        var user = NewUser();
        var stored = await Client.RememberAsync(user, [Event("stays", 0)]);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ForgetAsync(user, [stored.Results[0].MemoryId, Guid.NewGuid().ToString()]));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Single((await Client.ListAsync(user, Episodes)).Memories);
    }

    [Fact]
    public async Task Forgetting_the_same_ids_again_succeeds_and_removes_nothing_more()
    {
        var user = NewUser();
        var stored = await Client.RememberAsync(user, [Event("a", 0), Event("b", 1), Event("c", 2)]);
        string[] ids = [stored.Results[0].MemoryId, stored.Results[2].MemoryId];

        // The second call is what a client's retry sends when the first call's reply was lost.
        var first = await Client.ForgetAsync(user, ids);
        var again = await Client.ForgetAsync(user, ids);
        var left = await Client.ListAsync(user, Episodes);

        Assert.Equal(2, first);
        Assert.Equal(0, again);
        Assert.Equal(["b"], left.Memories.Select(m => m.Text));
    }

    [Fact]
    public async Task Forget_naming_a_forgotten_id_and_an_unknown_one_is_not_found_for_the_unknown_and_removes_nothing()
    {
        var user = NewUser();
        var stored = await Client.RememberAsync(user, [Event("gone", 0), Event("stays", 1)]);
        await Client.ForgetAsync(user, [stored.Results[0].MemoryId]);
        var unknown = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ForgetAsync(user, [stored.Results[0].MemoryId, stored.Results[1].MemoryId, unknown]));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains(unknown, error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Results[0].MemoryId, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["stays"], (await Client.ListAsync(user, Episodes)).Memories.Select(m => m.Text));
    }

    [Fact]
    public async Task A_memory_forgotten_by_filter_can_be_forgotten_by_id_afterwards()
    {
        var user = NewUser();
        var stored = await Client.RememberAsync(user, [Event("morning", 0, "s1"), Event("evening", 1, "s2")]);
        await Client.ForgetByFilterAsync(user, new MemoryFilterOptions { SessionId = "s2" });

        var removed = await Client.ForgetAsync(user, [stored.Results[1].MemoryId]);

        Assert.Equal(0, removed);
        Assert.Equal(["morning"], (await Client.ListAsync(user, Episodes)).Memories.Select(m => m.Text));
    }

    [Fact]
    public async Task Forget_by_filter_removes_the_matching_session()
    {
        var user = NewUser();
        await Client.RememberAsync(user, [Event("morning", 0, "s1"), Event("evening", 1, "s2"), Event("night", 2, "s2")]);

        var removed = await Client.ForgetByFilterAsync(user, new MemoryFilterOptions { SessionId = "s2" });
        var recalled = await Client.RecallAsync(user, "evening night");

        Assert.Equal(2, removed);
        Assert.All(recalled.Memories, m => Assert.Equal("s1", m.Memory.SessionId));
    }

    [Fact]
    public async Task Forget_user_leaves_no_row_behind_in_any_table()
    {
        var user = NewUser();
        await Client.RememberAsync(user, Enumerable.Range(0, 5).Select(i => Event($"fact {i}", i)));

        await server.Client.GrpcClient.FlushAsync(new FlushRequest { UserId = user });
        var held = await RowsOfUserAsync(user);
        var remindersBefore = await RemindersOfUserAsync(user);
        var removed = await Client.ForgetUserAsync(user);
        var leftovers = await RowsOfUserAsync(user);
        var recalled = await Client.RecallAsync(user, "fact");

        Assert.True(held >= 6, $"five memories and the user row at least, got {held}");
        Assert.Equal(held, removed);
        Assert.Equal(0L, leftovers);
        Assert.Empty(recalled.Memories);
        Assert.Equal(1L, remindersBefore);
        Assert.Equal(0L, await RemindersOfUserAsync(user));
    }

    private static readonly ListOptions Episodes = new() { Filter = new MemoryFilterOptions { Kinds = [MemoryKind.Episodic] } };

    /// <summary>Rows of the user in every table of the schema that has a user_id column.</summary>
    private Task<long> RowsOfUserAsync(string user) => TestDatabase.ScalarAsync<long>(server.Schema, """
            SELECT coalesce(sum(n), 0)::bigint FROM (
                SELECT (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I WHERE user_id = %L', t.table_schema, t.table_name, $1), false, true, '')))[1]::text::bigint AS n
                FROM information_schema.columns t
                WHERE t.table_schema = current_schema() AND t.column_name = 'user_id') counts
            """, user);

    /// <summary>The user's rows in Orleans' reminder table (its grain's derivation reminder).</summary>
    private Task<long> RemindersOfUserAsync(string user) =>
        TestDatabase.ScalarAsync<long>(server.Schema, "SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE '%/' || $1", user);

    private static string NewUser() => "glf-" + Guid.NewGuid().ToString("N")[..12];

    private static MemoryEvent Event(string text, int minute, string session = "s1") =>
        new(text) { SessionId = session, EventTime = T0.AddMinutes(minute), IdempotencyKey = $"{session}:{minute}" };
}
