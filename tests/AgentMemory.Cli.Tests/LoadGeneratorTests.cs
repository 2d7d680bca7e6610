using System.Diagnostics;
using AgentMemory.Client;
using AgentMemory.LoadGenerator;
using AgentMemory.Protocol.V1;
using AgentMemory.Tooling;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace AgentMemory.Cli.Tests;

public class LoadGeneratorTests
{
    [Fact]
    public void Synthetic_text_is_deterministic_and_varied()
    {
        var a = new SyntheticText(7);
        var b = new SyntheticText(7);
        var first = Enumerable.Range(0, 500).Select(_ => a.NextSentence()).ToList();
        Assert.Equal(first, Enumerable.Range(0, 500).Select(_ => b.NextSentence()).ToList());
        Assert.True(first.Distinct().Count() > 490, "sentences should rarely repeat");
        var words = first.SelectMany(s => s.Split(' ')).Distinct().Count();
        Assert.True(words > 250, $"only {words} distinct words");
        Assert.NotEqual(first, Enumerable.Range(0, 500).Select(_ => new SyntheticText(8).NextSentence()).ToList());
        Assert.All(Enumerable.Range(0, 50).Select(_ => a.NextQuery()), q => Assert.False(string.IsNullOrWhiteSpace(q)));
    }

    [Fact]
    public void Options_parse_with_defaults()
    {
        var o = LoadOptions.Parse(["--mode", "mixed", "--concurrency", "8", "--duration", "5s", "--warmup=500ms", "--users", "3", "--batch", "50", "--seed-memories", "0", "-k", "20"]);
        Assert.Equal((LoadMode.Mixed, 8, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500), 3, 50, 0, 20),
            (o.Mode, o.Concurrency, o.Duration, o.Warmup, o.Users, o.Batch, o.SeedMemories, o.K));
        var d = LoadOptions.Parse([]);
        Assert.Equal((64, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3), 1, 100, 10_000, 10), (d.Concurrency, d.Duration, d.Warmup, d.Users, d.Batch, d.SeedMemories, d.K));
    }

    [Fact]
    public void Request_count_alone_is_still_bounded_in_time()
    {
        var o = LoadOptions.Parse(["--requests", "1000"]);
        Assert.Equal(1000, o.Requests);
        Assert.Equal(LoadOptions.MaxDuration, o.Duration);
        Assert.Throws<AgentMemory.LoadGenerator.UsageException>(() => LoadOptions.Parse(["--duration", "2h"]));
    }

    [Theory]
    [InlineData("http://127.0.0.1:50051", true)]
    [InlineData("http://127.5.6.7:1", true)]
    [InlineData("http://localhost:50051", true)]
    [InlineData("http://[::1]:50051", true)]
    [InlineData("http://10.0.0.1:50051", false)]
    [InlineData("http://192.168.1.2:50051", false)]
    [InlineData("https://example.com", false)]
    public void Only_loopback_addresses_are_targeted(string address, bool allowed)
    {
        if (allowed)
        {
            Assert.Equal(address, LoadOptions.Parse(["--address", address]).Address);
        }
        else
        {
            Assert.Throws<AgentMemory.LoadGenerator.UsageException>(() => LoadOptions.Parse(["--address", address]));
        }
    }

    [Theory]
    [InlineData("--mode", "fast")]
    [InlineData("--concurrency", "0")]
    [InlineData("--remember-share", "2")]
    [InlineData("--bogus", "1")]
    public void Bad_options_are_usage_errors(string name, string value) =>
        Assert.Throws<AgentMemory.LoadGenerator.UsageException>(() => LoadOptions.Parse([name, value]));

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var sorted = Enumerable.Range(1, 100).Select(i => (long)i).ToArray();
        Assert.Equal(50, LatencySummary.Percentile(sorted, 0.50));
        Assert.Equal(95, LatencySummary.Percentile(sorted, 0.95));
        Assert.Equal(99, LatencySummary.Percentile(sorted, 0.99));
        Assert.Equal(1, LatencySummary.Percentile([1L], 0.99));
        var summary = LatencySummary.FromSortedTicks([Stopwatch.Frequency / 1000, Stopwatch.Frequency / 100]); // 1 ms, 10 ms
        Assert.Equal(1.0, summary.P50, 6);
        Assert.Equal(10.0, summary.Max, 6);
        Assert.Equal(5.5, summary.Mean, 6);
    }

    [Fact]
    public void Stats_merge_calls_errors_and_events()
    {
        var stats = new OperationStats();
        stats.Merge([1, 2, 3], [1, 2], new Dictionary<string, long> { ["Unavailable"] = 2 }, 300);
        stats.Merge([4], [], new Dictionary<string, long> { ["Unavailable"] = 1, ["DeadlineExceeded"] = 1 }, 100);
        Assert.Equal(8, stats.Calls);
        Assert.Equal(4, stats.ErrorCount);
        Assert.Equal(400, stats.Events);
        Assert.Equal(3, stats.Errors["Unavailable"]);
        Assert.Equal(4, stats.Summarize().Count);

        // Only the calls the service timed count at the server.
        Assert.Equal(2, stats.SummarizeAtServer().Count);
    }

    [Theory]
    [InlineData("app;dur=0.532", true, 0.532)]
    [InlineData("app;dur=12", true, 12.0)]
    [InlineData("app;dur=", false, 0.0)]
    [InlineData("app;dur=-1", false, 0.0)]
    [InlineData("app;dur=1,5", false, 0.0)]
    [InlineData("db;dur=3", false, 0.0)]
    [InlineData(null, false, 0.0)]
    public void Server_timing_trailers_are_read_only_in_the_format_the_service_writes(string? value, bool readable, double milliseconds)
    {
        Assert.Equal(readable, ServerTiming.TryParse(value, out var parsed));
        Assert.Equal(milliseconds, parsed, 9);
    }

    [Fact]
    public void Server_timing_written_by_the_service_reads_back_to_the_microsecond()
    {
        Assert.Equal("app;dur=0.532", ServerTiming.Format(0.5321));
        Assert.True(ServerTiming.TryParse(ServerTiming.Format(17.25), out var parsed));
        Assert.Equal(17.25, parsed, 9);
    }

    [Fact]
    public async Task The_recorder_asks_every_call_for_the_servers_time_and_hands_it_to_the_calling_worker()
    {
        var invoker = new FakeCallInvoker((_, _, _) => new RecallResponse()) { Trailers = new Metadata { { "server-timing", "app;dur=1.25" } } };
        var grpc = new MemoryService.MemoryServiceClient(invoker.Intercept(new ServerTimingRecorder()));
        using var client = new AgentMemoryClient(grpc, new AgentMemoryClientOptions { Address = "http://127.0.0.1:1", ApiKey = "0123456789abcdef", MaxRetries = 0 });
        var slot = ServerTimingRecorder.Track();

        await client.RecallAsync("u1", "what happened", new RecallOptions());
        Assert.Equal(1.25, slot.Milliseconds);

        // The SDK's own headers are kept beside the request for the time.
        var headers = Assert.Single(invoker.Calls).Options.Headers!;
        Assert.NotNull(headers.Get("am-server-timing"));
        Assert.Equal("Bearer 0123456789abcdef", headers.GetValue("authorization"));

        // A reply without the trailer (an older service) leaves no time from the call before.
        invoker.Trailers = [];
        await client.RecallAsync("u1", "what happened", new RecallOptions());
        Assert.Null(slot.Milliseconds);
    }
}
