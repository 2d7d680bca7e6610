using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace AgentMemory.IntegrationTests.EndToEnd;

/// <summary>
/// Every rejected request is INVALID_ARGUMENT with a field violation naming the field and the
/// rule, and leaves what was stored untouched. The fixture's limits: 50 events per call,
/// 2000 characters of text.
/// </summary>
public sealed class InvalidInputTests(ServerFixture server) : IAsyncLifetime
{
    private readonly string _user = "bad-" + Guid.NewGuid().ToString("N")[..12];

    private MemoryService.MemoryServiceClient Grpc => server.Client.GrpcClient;

    public async ValueTask InitializeAsync() =>
        await server.Client.RememberAsync(_user, [new MemoryEvent("a memory that must survive every bad request") { IdempotencyKey = "survivor" }]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public Task Empty_text_is_rejected_naming_the_event() =>
        AssertRejectedAsync(() => Grpc.RememberAsync(Remember(Ok("fine"), Ok("  "))).ResponseAsync, "events[1].text", "must not be empty");

    [Fact]
    public Task Text_over_the_configured_size_is_rejected() =>
        AssertRejectedAsync(() => Grpc.RememberAsync(Remember(Ok(new string('x', 2001)))).ResponseAsync, "events[0].text", "at most 2000");

    [Fact]
    public Task Too_many_events_in_one_call_are_rejected() =>
        AssertRejectedAsync(() => Grpc.RememberAsync(Remember(Enumerable.Range(0, 51).Select(i => Ok($"e{i}")).ToArray())).ResponseAsync, "events", "at most 50");

    [Fact]
    public Task Metadata_that_is_not_json_is_rejected() =>
        AssertRejectedAsync(() => Grpc.RememberAsync(Remember(WithMetadata(Ok("x"), "{not json"))).ResponseAsync, "events[0].metadata_json", "not valid JSON");

    [Fact]
    public Task Metadata_that_is_not_an_object_is_rejected() =>
        AssertRejectedAsync(() => Grpc.RememberAsync(Remember(WithMetadata(Ok("x"), "[1,2]"))).ResponseAsync, "events[0].metadata_json", "JSON object");

    [Fact]
    public Task An_unknown_role_is_rejected() =>
        AssertRejectedAsync(() => Grpc.RememberAsync(Remember(new Event { Text = "x", Role = (Role)42 })).ResponseAsync, "events[0].role", "unknown role");

    [Fact]
    public Task A_malformed_user_id_is_rejected() =>
        AssertRejectedAsync(() => Grpc.RecallAsync(new RecallRequest { UserId = "no spaces/or slashes", Query = "q" }).ResponseAsync, "user_id", "letters, digits");

    [Fact]
    public Task An_empty_query_is_rejected() =>
        AssertRejectedAsync(() => Grpc.RecallAsync(new RecallRequest { UserId = _user, Query = "" }).ResponseAsync, "query", "must not be empty");

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public Task K_out_of_range_is_rejected(int k) =>
        AssertRejectedAsync(() => Grpc.RecallAsync(new RecallRequest { UserId = _user, Query = "q", K = k }).ResponseAsync, "k", "between 1 and 100");

    [Fact]
    public Task A_time_range_ending_before_it_starts_is_rejected()
    {
        var filter = new MemoryFilter { EventTimeFrom = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddDays(2)), EventTimeTo = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch) };
        return AssertRejectedAsync(() => Grpc.RecallAsync(new RecallRequest { UserId = _user, Query = "q", Filter = filter }).ResponseAsync, "filter.event_time_to", "after event_time_from");
    }

    [Fact]
    public Task An_unknown_kind_is_rejected()
    {
        var filter = new MemoryFilter { Kinds = { MemoryKind.Episodic, (MemoryKind)9 } };
        return AssertRejectedAsync(() => Grpc.ListAsync(new ListRequest { UserId = _user, Filter = filter }).ResponseAsync, "filter.kinds[1]", "unknown memory kind 9");
    }

    [Fact]
    public Task A_negative_token_budget_is_rejected() =>
        AssertRejectedAsync(() => Grpc.RecallAsync(new RecallRequest { UserId = _user, Query = "q", TokenBudget = -5 }).ResponseAsync, "token_budget", "between 1 and");

    [Fact]
    public Task A_malformed_memory_id_is_rejected() =>
        AssertRejectedAsync(() => Grpc.GetAsync(new GetRequest { UserId = _user, Ids = { Guid.NewGuid().ToString(), "not-a-uuid" } }).ResponseAsync, "ids[1]", "UUID");

    [Fact]
    public Task A_page_token_the_service_did_not_issue_is_rejected() =>
        AssertRejectedAsync(() => Grpc.ListAsync(new ListRequest { UserId = _user, PageToken = "garbage!" }).ResponseAsync, "page_token", "not a token");

    [Fact]
    public Task A_page_size_over_the_limit_is_rejected() =>
        AssertRejectedAsync(() => Grpc.ListAsync(new ListRequest { UserId = _user, PageSize = 5000 }).ResponseAsync, "page_size", "between 1 and 1000");

    [Fact]
    public Task Forget_without_a_target_is_rejected() =>
        AssertRejectedAsync(() => Grpc.ForgetAsync(new ForgetRequest { UserId = _user }).ResponseAsync, "target", "one of ids, filter or whole_user");

    [Fact]
    public Task Forget_with_an_empty_filter_is_rejected() =>
        AssertRejectedAsync(() => Grpc.ForgetAsync(new ForgetRequest { UserId = _user, Filter = new MemoryFilter() }).ResponseAsync, "filter", "must restrict something");

    [Fact]
    public async Task A_batch_with_one_bad_event_stores_none_of_its_events()
    {
        await AssertRejectedAsync(() => Grpc.RememberAsync(Remember(Ok("good one"), Ok("good two"), Ok(""))).ResponseAsync, "events[2].text", "must not be empty");

        var recalled = await server.Client.RecallAsync(_user, "good one");

        Assert.DoesNotContain(recalled.Memories, m => m.Memory.Text.StartsWith("good", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_of_an_unknown_id_is_not_found_and_names_it()
    {
        var unknown = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<RpcException>(() => Grpc.GetAsync(new GetRequest { UserId = _user, Ids = { unknown } }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains(unknown, error.Status.Detail);
        await AssertSurvivorIntactAsync();
    }

    [Fact]
    public async Task All_violations_of_a_request_are_reported_together()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Grpc.RememberAsync(Remember(Ok(""), WithMetadata(Ok("x"), "nope"))).ResponseAsync);

        var fields = error.GetFieldViolations().Select(v => v.Field).ToList();
        Assert.Equal(["events[0].text", "events[1].metadata_json"], fields);
    }

    private RememberRequest Remember(params Event[] events) => new() { UserId = _user, Events = { events } };

    private static Event Ok(string text) => new() { Text = text, IdempotencyKey = Guid.NewGuid().ToString("N") };

    private static Event WithMetadata(Event e, string json)
    {
        e.MetadataJson = json;
        return e;
    }

    private async Task AssertRejectedAsync(Func<Task> call, string field, string rule)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetFieldViolations(), v => v.Field == field);
        Assert.Contains(rule, violation.Description);
        await AssertSurvivorIntactAsync();
    }

    private async Task AssertSurvivorIntactAsync()
    {
        var listed = await server.Client.ListAsync(_user, new ListOptions { Filter = new MemoryFilterOptions { Kinds = [MemoryKind.Episodic] } });
        Assert.Equal(["a memory that must survive every bad request"], listed.Memories.Select(m => m.Text));
    }
}
