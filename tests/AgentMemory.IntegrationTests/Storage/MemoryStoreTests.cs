using AgentMemory.Abstractions;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Storage;
using Microsoft.Extensions.AI;

namespace AgentMemory.IntegrationTests.Storage;

public sealed class MemoryStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private MemoryStore Store => fixture.Store;

    [Fact]
    public async Task Insert_stores_rows_and_a_retry_with_the_same_keys_stores_nothing_new()
    {
        var scope = NewScope();
        var rows = await RowsAsync(("alice likes tea", "k1", T0), ("bob likes coffee", "k2", T0.AddMinutes(1)));

        var first = await Store.InsertEpisodesAsync(scope, rows, T0, CancellationToken.None);
        var retry = await Store.InsertEpisodesAsync(scope, await RowsAsync(("alice likes tea", "k1", T0), ("bob likes coffee", "k2", T0.AddMinutes(1))), T0, CancellationToken.None);

        Assert.All(first, o => Assert.True(o.Inserted));
        Assert.All(retry, o => Assert.False(o.Inserted));
        Assert.Equal(first.Select(o => o.MemoryId), retry.Select(o => o.MemoryId));
        Assert.Equal(2L, await CountAsync(scope));
    }

    [Fact]
    public async Task A_batch_mixing_new_and_known_keys_inserts_only_the_new_ones()
    {
        var scope = NewScope();
        var known = await Store.InsertEpisodesAsync(scope, await RowsAsync(("first", "a", T0)), T0, CancellationToken.None);

        var mixed = await Store.InsertEpisodesAsync(scope, await RowsAsync(("first again", "a", T0), ("second", "b", T0)), T0, CancellationToken.None);

        Assert.False(mixed[0].Inserted);
        Assert.Equal(known[0].MemoryId, mixed[0].MemoryId);
        Assert.True(mixed[1].Inserted);
        Assert.Equal(2L, await CountAsync(scope));
        var stored = await Store.GetAsync(scope, [known[0].MemoryId], CancellationToken.None);
        Assert.Equal("first", Assert.Single(stored).Text);
    }

    [Fact]
    public async Task Load_streams_every_row_with_its_embedding_and_fields_intact()
    {
        var scope = NewScope();
        var rows = await RowsAsync(("Caroline went to a support group", "k1", T0), ("Melanie painted a sunrise", "k2", T0.AddDays(1)));
        await Store.InsertEpisodesAsync(scope, rows, T0.AddDays(2), CancellationToken.None);

        var loaded = new List<(MemoryRecord Record, float[] Embedding)>();
        var count = await Store.LoadUserAsync(scope, (r, e) => loaded.Add((r, e.ToArray())), CancellationToken.None);

        Assert.Equal(2, count);
        Assert.Equal(["Caroline went to a support group", "Melanie painted a sunrise"], loaded.Select(l => l.Record.Text));
        var first = loaded[0].Record;
        Assert.Equal(MemoryKind.Episodic, first.Kind);
        Assert.Equal("speaker", first.Speaker);
        Assert.Equal("s1", first.SessionId);
        Assert.Equal(MemoryRole.User, first.Role);
        Assert.Equal(T0, first.EventTime);
        Assert.Equal(T0.AddDays(2), first.RecordedAt);
        Assert.Equal("{\"n\": 1}", first.MetadataJson);
        Assert.Equal("remember", first.Origin);
        Assert.Equal(rows[0].Embedding.ToArray(), loaded[0].Embedding);
    }

    [Fact]
    public async Task Load_reads_only_the_requested_user()
    {
        var mine = NewScope();
        var other = mine with { UserId = mine.UserId + "-other" };
        await Store.InsertEpisodesAsync(mine, await RowsAsync(("mine", "k", T0)), T0, CancellationToken.None);
        await Store.InsertEpisodesAsync(other, await RowsAsync(("theirs", "k", T0)), T0, CancellationToken.None);

        var texts = new List<string>();
        await Store.LoadUserAsync(mine, (r, _) => texts.Add(r.Text), CancellationToken.None);

        Assert.Equal(["mine"], texts);
    }

    [Fact]
    public async Task List_pages_newest_first_without_gaps_or_repeats()
    {
        var scope = NewScope();
        var rows = await RowsAsync(Enumerable.Range(0, 25).Select(i => ($"event {i}", $"k{i}", T0.AddMinutes(i % 5))).ToArray());
        await Store.InsertEpisodesAsync(scope, rows, T0, CancellationToken.None);

        var seen = new List<MemoryRecord>();
        ListCursor? cursor = null;
        var pages = 0;
        do
        {
            var (page, next) = await Store.ListAsync(scope, MemoryFilter.None, 7, cursor, CancellationToken.None);
            seen.AddRange(page);
            cursor = next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(4, pages);
        Assert.Equal(25, seen.Select(r => r.Id).Distinct().Count());
        var order = seen.Select(r => (r.EventTime, r.Id)).ToList();
        Assert.Equal(order.OrderByDescending(o => o.EventTime).ThenByDescending(o => o.Id), order);
    }

    [Fact]
    public async Task List_applies_session_kind_and_time_filters()
    {
        var scope = NewScope();
        var rows = await RowsAsync(("early", "a", T0), ("middle", "b", T0.AddHours(1)), ("late", "c", T0.AddHours(2)));
        await Store.InsertEpisodesAsync(scope, rows, T0, CancellationToken.None);

        var window = new MemoryFilter([MemoryKind.Episodic], "s1", T0.AddHours(1), T0.AddHours(2));
        var (page, _) = await Store.ListAsync(scope, window, 10, null, CancellationToken.None);
        var (otherSession, _) = await Store.ListAsync(scope, new MemoryFilter([], "s2", null, null), 10, null, CancellationToken.None);
        var (facts, _) = await Store.ListAsync(scope, new MemoryFilter([MemoryKind.Semantic], null, null, null), 10, null, CancellationToken.None);

        Assert.Equal(["middle"], page.Select(r => r.Text));
        Assert.Empty(otherSession);
        Assert.Empty(facts);
    }

    [Fact]
    public async Task Delete_user_removes_rows_from_every_user_table()
    {
        var scope = NewScope();
        await Store.InsertEpisodesAsync(scope, await RowsAsync(("a", "1", T0), ("b", "2", T0)), T0, CancellationToken.None);
        var before = await Store.CountUserRowsAsync(scope, CancellationToken.None);

        var removed = await Store.DeleteUserAsync(scope, CancellationToken.None);

        Assert.Contains("memories", before.Keys);
        Assert.Contains("users", before.Keys);
        Assert.Equal(before.Values.Sum(), removed);
        Assert.All(await Store.CountUserRowsAsync(scope, CancellationToken.None), table => Assert.Equal(0, table.Value));
    }

    [Fact]
    public async Task User_count_follows_inserts_and_forgets()
    {
        var scope = NewScope();
        var outcomes = await Store.InsertEpisodesAsync(scope, await RowsAsync(("a", "1", T0), ("b", "2", T0), ("c", "3", T0)), T0, CancellationToken.None);
        await Store.ForgetAsync(scope, [outcomes[0].MemoryId], [], [], [], T0, T0.AddDays(-7), CancellationToken.None);

        var count = await TestDatabase.ScalarAsync<long>(fixture.Schema, "SELECT memory_count FROM users WHERE tenant_id = $1 AND user_id = $2", scope.TenantId, scope.UserId);

        Assert.Equal(2L, count);
    }

    [Fact]
    public async Task A_forgotten_id_is_found_as_forgotten_within_the_retention_only()
    {
        var scope = NewScope();
        var outcomes = await Store.InsertEpisodesAsync(scope, await RowsAsync(("a", "1", T0), ("b", "2", T0)), T0, CancellationToken.None);
        var forgotten = outcomes[0].MemoryId;
        var kept = outcomes[1].MemoryId;
        var neverStored = Guid.NewGuid();

        var removed = await Store.ForgetAsync(scope, [forgotten], [], [], [], T0, T0.AddDays(-7), CancellationToken.None);
        var recent = await Store.FindForgottenAsync(scope, [forgotten, kept, neverStored], T0.AddMinutes(-1), CancellationToken.None);
        var afterRetention = await Store.FindForgottenAsync(scope, [forgotten], T0.AddSeconds(1), CancellationToken.None);
        var otherUser = await Store.FindForgottenAsync(NewScope(), [forgotten], T0.AddMinutes(-1), CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Equal([forgotten], recent);
        Assert.Empty(afterRetention);
        Assert.Empty(otherUser);
    }

    [Fact]
    public async Task A_later_forget_prunes_the_users_tombstones_older_than_the_retention()
    {
        var scope = NewScope();
        var outcomes = await Store.InsertEpisodesAsync(scope, await RowsAsync(("a", "1", T0), ("b", "2", T0)), T0, CancellationToken.None);
        var other = NewScope();
        var othersOutcome = await Store.InsertEpisodesAsync(other, await RowsAsync(("c", "3", T0)), T0, CancellationToken.None);
        await Store.ForgetAsync(scope, [outcomes[0].MemoryId], [], [], [], T0, T0.AddDays(-7), CancellationToken.None);
        await Store.ForgetAsync(other, [othersOutcome[0].MemoryId], [], [], [], T0, T0.AddDays(-7), CancellationToken.None);

        // Eight days later, with a seven-day retention: the first tombstone goes, the new one stays, another user's is untouched.
        var later = T0.AddDays(8);
        await Store.ForgetAsync(scope, [outcomes[1].MemoryId], [], [], [], later, later.AddDays(-7), CancellationToken.None);
        var tombstones = await TestDatabase.ScalarAsync<long>(fixture.Schema,
            "SELECT count(*) FROM forgotten_memories WHERE tenant_id = $1 AND user_id = $2", scope.TenantId, scope.UserId);
        var stillForgotten = await Store.FindForgottenAsync(scope, [outcomes[0].MemoryId, outcomes[1].MemoryId], DateTimeOffset.MinValue, CancellationToken.None);
        var othersKept = await Store.FindForgottenAsync(other, [othersOutcome[0].MemoryId], DateTimeOffset.MinValue, CancellationToken.None);

        Assert.Equal(1L, tombstones);
        Assert.Equal([outcomes[1].MemoryId], stillForgotten);
        Assert.Single(othersKept);
    }

    private static UserScope NewScope() => new("tenant-a", "user-" + Guid.NewGuid().ToString("N")[..12]);

    private Task<long> CountAsync(UserScope scope) =>
        TestDatabase.ScalarAsync<long>(fixture.Schema, "SELECT count(*) FROM memories WHERE tenant_id = $1 AND user_id = $2", scope.TenantId, scope.UserId);

    private async Task<EpisodeRow[]> RowsAsync(params (string Text, string Key, DateTimeOffset Time)[] events)
    {
        var embeddings = await fixture.Embedder.GenerateAsync(events.Select(e => e.Text));
        return events.Select((e, i) => new EpisodeRow(
            Guid.CreateVersion7(),
            new NewEpisode(e.Text, "speaker", MemoryRole.User, "s1", e.Time, "{\"n\": 1}", e.Key),
            embeddings[i].Vector)).ToArray();
    }
}
