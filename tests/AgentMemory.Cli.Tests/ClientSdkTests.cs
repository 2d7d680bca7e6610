using AgentMemory.Client;
using AgentMemory.Protocol.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentMemory.Cli.Tests;

public class ClientSdkTests
{
    private static AgentMemoryClientOptions Fast(int retries = 3) => new()
    {
        ApiKey = "secret",
        MaxRetries = retries,
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(2),
        DefaultDeadline = TimeSpan.FromSeconds(5),
    };

    private static (AgentMemoryClient Client, FakeCallInvoker Invoker) Create(Func<string, object, int, object> handler, AgentMemoryClientOptions? options = null)
    {
        var invoker = new FakeCallInvoker(handler);
        return (new AgentMemoryClient(new MemoryService.MemoryServiceClient(invoker), options ?? Fast()), invoker);
    }

    private static RememberResponse Echo(object request)
    {
        var response = new RememberResponse();
        foreach (var e in ((RememberRequest)request).Events)
        {
            response.Results.Add(new RememberedEvent { MemoryId = "id-" + e.IdempotencyKey, IdempotencyKey = e.IdempotencyKey });
        }

        return response;
    }

    [Fact]
    public async Task Remember_retries_unavailable_with_the_same_idempotency_keys_and_sends_key_and_deadline()
    {
        var (client, invoker) = Create((_, request, attempt) =>
            attempt <= 2 ? throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "down")) : Echo(request));
        var events = new[]
        {
            new MemoryEvent("first") { Speaker = "ann", Role = Role.User, SessionId = "s1", EventTime = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero) },
            new MemoryEvent("second") { IdempotencyKey = "mine" },
        };

        var before = DateTime.UtcNow;
        var response = await client.RememberAsync("u1", events, TestContext.Current.CancellationToken);

        Assert.Equal(3, invoker.Calls.Count);
        var keys = invoker.Calls.Select(c => string.Join(",", ((RememberRequest)c.Request).Events.Select(e => e.IdempotencyKey))).Distinct().ToList();
        Assert.Single(keys); // every attempt carried the same keys
        var sent = ((RememberRequest)invoker.Calls[0].Request).Events;
        Assert.StartsWith("sdk:", sent[0].IdempotencyKey, StringComparison.Ordinal);
        Assert.Equal(events[0].EffectiveIdempotencyKey, sent[0].IdempotencyKey);
        Assert.Equal("mine", sent[1].IdempotencyKey);
        Assert.Equal("ann", sent[0].Speaker);
        Assert.Equal(Role.User, sent[0].Role);
        Assert.Equal("s1", sent[0].SessionId);
        Assert.Equal(Timestamp.FromDateTimeOffset(events[0].EventTime!.Value), sent[0].EventTime);
        Assert.Null(sent[1].EventTime);
        Assert.Equal("u1", ((RememberRequest)invoker.Calls[0].Request).UserId);
        Assert.Equal(2, response.Results.Count);

        foreach (var (_, _, options) in invoker.Calls)
        {
            Assert.Equal("Bearer secret", options.Headers!.GetValue("authorization"));
            Assert.NotNull(options.Deadline);
            Assert.InRange(options.Deadline!.Value, before.AddSeconds(4), DateTime.UtcNow.AddSeconds(5.1));
        }
    }

    [Fact]
    public async Task Deadline_exceeded_is_retried_too()
    {
        var (client, invoker) = Create((_, _, attempt) =>
            attempt == 1 ? throw new RpcException(new Grpc.Core.Status(StatusCode.DeadlineExceeded, "slow")) : new RecallResponse { Context = "ok" });
        var response = await client.RecallAsync("u", "q", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("ok", response.Context);
        Assert.Equal(2, invoker.Calls.Count);
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Unauthenticated)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.Internal)]
    public async Task Other_failures_are_not_retried(StatusCode code)
    {
        var (client, invoker) = Create((_, _, _) => throw new RpcException(new Grpc.Core.Status(code, "no")));
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.GetAsync("u", ["a"], TestContext.Current.CancellationToken));
        Assert.Equal(code, ex.StatusCode);
        Assert.Single(invoker.Calls);
    }

    [Fact]
    public async Task Retries_stop_after_max_retries()
    {
        var (client, invoker) = Create((_, _, _) => throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "down")), Fast(retries: 2));
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ForgetUserAsync("u", TestContext.Current.CancellationToken));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(3, invoker.Calls.Count);
    }

    [Fact]
    public async Task No_authorization_header_without_an_api_key()
    {
        var options = Fast();
        options.ApiKey = null;
        var (client, invoker) = Create((_, _, _) => new ForgetResponse { Removed = 7 }, options);
        Assert.Equal(7, await client.ForgetAsync("u", ["a", "b"], TestContext.Current.CancellationToken));
        Assert.Null(invoker.Calls[0].Options.Headers?.GetValue("authorization"));
        var request = (ForgetRequest)invoker.Calls[0].Request;
        Assert.Equal(["a", "b"], request.Ids.Ids);
    }

    [Fact]
    public async Task A_cancelled_token_fails_with_cancelled_and_sends_nothing()
    {
        var (client, invoker) = Create((_, _, _) => new RecallResponse());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.RecallAsync("u", "q", null, cts.Token));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public async Task Forget_variants_build_the_right_target()
    {
        var (client, invoker) = Create((_, _, _) => new ForgetResponse { Removed = 1 });
        var from = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await client.ForgetByFilterAsync("u", new MemoryFilterOptions { SessionId = "s", Kinds = [MemoryKind.Semantic], EventTimeFrom = from }, TestContext.Current.CancellationToken);
        await client.ForgetUserAsync("u", TestContext.Current.CancellationToken);
        var byFilter = (ForgetRequest)invoker.Calls[0].Request;
        Assert.Equal(ForgetRequest.TargetOneofCase.Filter, byFilter.TargetCase);
        Assert.Equal("s", byFilter.Filter.SessionId);
        Assert.Equal([MemoryKind.Semantic], byFilter.Filter.Kinds);
        Assert.Equal(Timestamp.FromDateTimeOffset(from), byFilter.Filter.EventTimeFrom);
        Assert.Null(byFilter.Filter.EventTimeTo);
        var whole = (ForgetRequest)invoker.Calls[1].Request;
        Assert.Equal(ForgetRequest.TargetOneofCase.WholeUser, whole.TargetCase);
        Assert.True(whole.WholeUser);
    }

    [Fact]
    public async Task Recall_sends_its_options()
    {
        var (client, invoker) = Create((_, _, _) => new RecallResponse());
        await client.RecallAsync("u", "where?", new RecallOptions { K = 25, Mode = RecallMode.Lexical, TokenBudget = 300, Filter = new MemoryFilterOptions { SessionId = "s9" } }, TestContext.Current.CancellationToken);
        var request = (RecallRequest)invoker.Calls[0].Request;
        Assert.Equal(("u", "where?", 25, RecallMode.Lexical, 300, "s9"), (request.UserId, request.Query, request.K, request.Mode, request.TokenBudget, request.Filter.SessionId));
        await client.RecallAsync("u", "q", cancellationToken: TestContext.Current.CancellationToken);
        var defaults = (RecallRequest)invoker.Calls[1].Request;
        Assert.Equal((10, RecallMode.Hybrid, 0), (defaults.K, defaults.Mode, defaults.TokenBudget));
        Assert.Null(defaults.Filter);
    }

    [Fact]
    public async Task ListAll_follows_page_tokens_to_the_last_page()
    {
        var (client, invoker) = Create((_, request, _) =>
        {
            var token = ((ListRequest)request).PageToken;
            var page = new ListResponse();
            switch (token)
            {
                case "":
                    page.Memories.Add(new Memory { Id = "1" });
                    page.Memories.Add(new Memory { Id = "2" });
                    page.NextPageToken = "p2";
                    break;
                case "p2":
                    page.Memories.Add(new Memory { Id = "3" });
                    page.NextPageToken = "p3";
                    break;
                default:
                    page.Memories.Add(new Memory { Id = "4" });
                    break;
            }

            return page;
        });

        var ids = new List<string>();
        await foreach (var m in client.ListAllAsync("u", new ListOptions { PageSize = 2 }, TestContext.Current.CancellationToken))
        {
            ids.Add(m.Id);
        }

        Assert.Equal(["1", "2", "3", "4"], ids);
        Assert.Equal(["", "p2", "p3"], invoker.Calls.Select(c => ((ListRequest)c.Request).PageToken));
        Assert.All(invoker.Calls, c => Assert.Equal(2, ((ListRequest)c.Request).PageSize));
    }

    [Fact]
    public async Task ListAll_stops_when_the_service_repeats_a_token()
    {
        var (client, invoker) = Create((_, _, _) => new ListResponse { Memories = { new Memory { Id = "x" } }, NextPageToken = "same" });
        var count = 0;
        await foreach (var _ in client.ListAllAsync("u", null, TestContext.Current.CancellationToken))
        {
            count++;
        }

        Assert.Equal(2, count);
        Assert.Equal(2, invoker.Calls.Count);
    }

    [Fact]
    public void Generated_idempotency_keys_are_stable_per_instance_and_new_per_copy()
    {
        var e = new MemoryEvent("hello");
        var same = e.EffectiveIdempotencyKey;
        Assert.Equal(same, e.EffectiveIdempotencyKey);
        Assert.Equal(same, e.ToProto().IdempotencyKey);
        var copy = e with { Text = "other" };
        Assert.NotEqual(same, copy.EffectiveIdempotencyKey);
        var equalButDistinct = new MemoryEvent("hello");
        Assert.Equal(e, equalButDistinct); // record equality ignores the generated key
        Assert.NotEqual(same, equalButDistinct.EffectiveIdempotencyKey);
        Assert.Equal("k", new MemoryEvent("x") { IdempotencyKey = "k" }.EffectiveIdempotencyKey);
    }

    [Fact]
    public void Metadata_is_sent_as_a_json_object()
    {
        var e = new MemoryEvent("x") { Metadata = new Dictionary<string, object?> { ["dia_id"] = "D1:3", ["n"] = 2, ["none"] = null } };
        Assert.Equal("""{"dia_id":"D1:3","n":2,"none":null}""", e.ToProto().MetadataJson);
        Assert.Equal("""{"a":1}""", new MemoryEvent("x") { MetadataJson = """{"a":1}""" }.ToProto().MetadataJson);
        Assert.Throws<ArgumentException>(() => (e with { MetadataJson = "{}" }).ToProto());
    }

    [Fact]
    public void Field_violations_are_read_from_the_bad_request_detail()
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = "invalid request",
            Details =
            {
                Any.Pack(new BadRequest
                {
                    FieldViolations =
                    {
                        new BadRequest.Types.FieldViolation { Field = "events[2].text", Description = "must not be empty" },
                    },
                }),
            },
        };
        var ex = status.ToRpcException();
        var violation = Assert.Single(ex.GetFieldViolations());
        Assert.Equal("events[2].text", violation.Field);
        Assert.Equal("InvalidArgument: invalid request [events[2].text: must not be empty]", ex.Describe());
        Assert.Empty(new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, "plain")).GetFieldViolations());
        status.Message = "events[2].text: must not be empty";
        Assert.Equal("InvalidArgument: events[2].text: must not be empty", status.ToRpcException().Describe()); // not repeated
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Empty(new AgentMemoryClientOptions().Validate());
        Assert.Equal(TimeSpan.FromSeconds(10), new AgentMemoryClientOptions().DefaultDeadline);
        Assert.Equal(3, new AgentMemoryClientOptions().MaxRetries);
        Assert.Equal(3, new AgentMemoryClientOptions { Address = "localhost:50051", DefaultDeadline = TimeSpan.Zero, MaxRetries = -1 }.Validate().Count);
        Assert.Throws<ArgumentException>(() => AgentMemoryClient.Create("not a uri"));
        var invalid = Assert.Throws<ArgumentException>(() => AgentMemoryClient.CreateChannel(new AgentMemoryClientOptions { Address = "localhost:50051" }));
        Assert.Equal("options", invalid.ParamName);
        Assert.Contains("Address must be an absolute http:// or https:// URI", invalid.Message);
        using var channel = AgentMemoryClient.CreateChannel(new AgentMemoryClientOptions { Address = "http://127.0.0.1:50051" });
        Assert.Equal("127.0.0.1:50051", channel.Target);
        Assert.True(AgentMemoryClient.IsRetryable(StatusCode.Unavailable));
        Assert.False(AgentMemoryClient.IsRetryable(StatusCode.Aborted));
    }

    [Fact]
    public void Dependency_injection_binds_the_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentMemory:Client:Address"] = "http://127.0.0.1:6001",
            ["AgentMemory:Client:ApiKey"] = "k1",
            ["AgentMemory:Client:DefaultDeadline"] = "00:00:03",
            ["AgentMemory:Client:MaxRetries"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddAgentMemoryClient(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AgentMemoryClientOptions>>().Value;
        Assert.Equal(("http://127.0.0.1:6001", "k1", TimeSpan.FromSeconds(3), 1), (options.Address, options.ApiKey, options.DefaultDeadline, options.MaxRetries));
        Assert.NotNull(provider.GetRequiredService<AgentMemoryClient>());
        Assert.IsType<AgentMemoryClient>(provider.GetRequiredService<IAgentMemoryClient>());
        Assert.NotNull(provider.GetRequiredService<MemoryService.MemoryServiceClient>());
    }

    [Fact]
    public void Dependency_injection_rejects_invalid_options()
    {
        var services = new ServiceCollection();
        services.AddAgentMemoryClient(o => o.Address = "nowhere");
        using var provider = services.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IAgentMemoryClient>());
    }
}
