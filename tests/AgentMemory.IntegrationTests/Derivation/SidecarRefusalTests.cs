using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Testing;
using Grpc.Core;

namespace AgentMemory.IntegrationTests.Derivation;

/// <summary>
/// A chat sidecar that refuses one episode (HTTP 400, as a model refuses an input too long for its
/// context) and answers the others: the refused episode must not stall the user's derivation.
/// </summary>
public sealed class SidecarRefusalTests : IAsyncLifetime
{
    private const string Refused = "PASTED LOG TOO LONG FOR THE MODEL";
    private const string ExtractedFact = "Caroline adopted a dog named Rex.";

    private readonly string _schema = TestDatabase.NewSchemaName("refusal");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await TestDatabase.DropSchemaAsync(_schema);

    [Fact]
    public async Task Episode_the_sidecar_refuses_is_skipped_and_the_rest_are_derived()
    {
        const string User = "refused-episode-user";
        await using var sidecar = await FakeOpenAIServer.StartAsync();
        sidecar.ChatReply = $$"""{"facts":[{"text":"{{ExtractedFact}}","subject":"Caroline","valid_from":null,"triples":[],"entities":["Caroline","Rex"]}],"entities":[],"triples":[]}""";
        sidecar.RefuseChat = prompt => prompt.Contains(Refused, StringComparison.Ordinal) ? 400 : null;
        await using var server = await StartServerAsync(sidecar);
        using var client = AgentMemoryClient.Create(server.GrpcAddress);
        var t0 = new DateTimeOffset(2023, 5, 8, 13, 0, 0, TimeSpan.Zero);

        await client.RememberAsync(User,
        [
            new MemoryEvent("Caroline: I adopted a dog, his name is Rex.") { SessionId = "s1", EventTime = t0 },
            new MemoryEvent($"Caroline: here is the build output. {Refused}") { SessionId = "s1", EventTime = t0.AddMinutes(1) },
            new MemoryEvent("Caroline: Rex is my new dog.") { SessionId = "s1", EventTime = t0.AddMinutes(2) },
        ]);
        var caughtUp = await client.FlushAsync(User, TimeSpan.FromSeconds(30));

        Assert.True(caughtUp, "derivation stalled on the refused episode:\n" + server.Output);
        Assert.Contains(sidecar.ChatRequests, r => FakeOpenAIServer.PromptOf(r).Contains(Refused, StringComparison.Ordinal));
        // Facts from the first and the third episode, none from the refused one.
        Assert.Equal(ExtractedFact, await ScalarAsync<string>("SELECT string_agg(DISTINCT text, '|') FROM memories WHERE user_id = $1 AND kind = 2", User));
        Assert.Equal("Caroline: I adopted a dog, his name is Rex.|Caroline: Rex is my new dog.", await ScalarAsync<string>(
            "SELECT string_agg(DISTINCT e.text, '|' ORDER BY e.text) FROM memories f JOIN memories e ON e.user_id = f.user_id AND e.memory_id = ANY (f.source_ids) WHERE f.user_id = $1 AND f.kind = 2", User));
        Assert.Contains("refused the request", server.Output);
    }

    [Fact]
    public async Task Flush_with_a_sidecar_rejecting_the_credentials_is_unavailable_and_keeps_the_episodes()
    {
        const string User = "rejected-key-user";
        await using var sidecar = await FakeOpenAIServer.StartAsync();
        sidecar.RefuseChat = _ => 401;
        await using var server = await StartServerAsync(sidecar);
        using var client = AgentMemoryClient.Create(new AgentMemoryClientOptions { Address = server.GrpcAddress, MaxRetries = 0 });

        await client.RememberAsync(User, [new MemoryEvent("Caroline: I adopted a dog, his name is Rex.")]);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.FlushAsync(User, TimeSpan.FromSeconds(30)));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("HTTP 401", error.Status.Detail);
        Assert.StartsWith("The inference sidecar failed", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("Caroline: I adopted a dog, his name is Rex.", Assert.Single((await client.ListAsync(User)).Memories).Text);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM memories WHERE user_id = $1 AND kind = 2", User));
        Assert.DoesNotContain(Reloading, server.Output); // the step failed before it changed anything: nothing to undo
    }

    [Fact]
    public async Task Step_that_fails_after_changing_the_hot_index_reloads_it_and_keeps_nothing_of_the_step()
    {
        const string Changed = "changed-then-rejected-user";
        const string Unchanged = "rejected-at-once-user";
        const string Rejected = "REJECTED BY THE SIDECAR";
        await using var sidecar = await FakeOpenAIServer.StartAsync();
        sidecar.ChatReply = $$"""{"facts":[{"text":"{{ExtractedFact}}","subject":"Caroline","valid_from":null,"triples":[],"entities":["Caroline","Rex"]}],"entities":[],"triples":[]}""";
        sidecar.RefuseChat = prompt => prompt.Contains(Rejected, StringComparison.Ordinal) ? 401 : null;
        await using var server = await StartServerAsync(sidecar);
        using var client = AgentMemoryClient.Create(new AgentMemoryClientOptions { Address = server.GrpcAddress, MaxRetries = 0 });

        // One step each: the first episode of one user is extracted (its facts enter the hot index) before the
        // second fails; the other user's only episode fails at once.
        await client.RememberAsync(Changed, [new MemoryEvent("Caroline: I adopted a dog, his name is Rex."), new MemoryEvent($"Caroline: {Rejected}")]);
        await client.RememberAsync(Unchanged, [new MemoryEvent($"Caroline: {Rejected}")]);
        await Assert.ThrowsAsync<RpcException>(() => client.FlushAsync(Changed, TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<RpcException>(() => client.FlushAsync(Unchanged, TimeSpan.FromSeconds(30)));

        var reloads = server.Output.Split('\n').Where(line => line.Contains(Reloading, StringComparison.Ordinal)).ToList();
        Assert.True(reloads.Exists(line => line.Contains(Changed, StringComparison.Ordinal)), "no reload logged for the changed user:\n" + server.Output);
        Assert.DoesNotContain(reloads, line => line.Contains(Unchanged, StringComparison.Ordinal));
        // The failed step's fact is neither stored nor recalled: the reload dropped it from the hot index.
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM memories WHERE user_id = $1 AND kind = 2", Changed));
        Assert.DoesNotContain((await client.RecallAsync(Changed, "adopted a dog named Rex", new RecallOptions { K = 10 })).Memories, m => m.Memory.Text == ExtractedFact);
    }

    private const string Reloading = "reloading it from PostgreSQL";

    private Task<ServerProcess> StartServerAsync(FakeOpenAIServer sidecar) => ServerProcess.StartAsync(_schema, new Dictionary<string, string>
    {
        ["AgentMemory:Inference:Endpoint"] = sidecar.Endpoint.ToString(),
        ["AgentMemory:Inference:EmbeddingModel"] = "test-embed",
        ["AgentMemory:Inference:ChatModel"] = "test-chat",
        ["AgentMemory:Inference:RetryBaseDelay"] = "00:00:00.010",
        ["Logging:LogLevel:AgentMemory.Grains"] = "Information", // the reload is logged at Information
    });

    private Task<T> ScalarAsync<T>(string sql, string user) => TestDatabase.ScalarAsync<T>(_schema, sql, user);
}
