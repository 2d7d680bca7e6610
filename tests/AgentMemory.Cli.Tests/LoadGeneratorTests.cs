using System.Diagnostics;
using AgentMemory.LoadGenerator;
using AgentMemory.Tooling;

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
        stats.Merge([1, 2, 3], new Dictionary<string, long> { ["Unavailable"] = 2 }, 300);
        stats.Merge([4], new Dictionary<string, long> { ["Unavailable"] = 1, ["DeadlineExceeded"] = 1 }, 100);
        Assert.Equal(8, stats.Calls);
        Assert.Equal(4, stats.ErrorCount);
        Assert.Equal(400, stats.Events);
        Assert.Equal(3, stats.Errors["Unavailable"]);
        Assert.Equal(4, stats.Summarize().Count);
    }
}
