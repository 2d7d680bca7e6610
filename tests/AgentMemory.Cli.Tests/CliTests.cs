using AgentMemory.Protocol.V1;

namespace AgentMemory.Cli.Tests;

public class CliTests
{
    private static readonly OptionSpec Spec = new OptionSpec().Value("--user", "--k", "--mode").Flag("--json").Alias("-k", "--k");

    [Fact]
    public void Parser_reads_values_flags_aliases_and_positionals()
    {
        var parsed = CommandLine.Parse(["what did", "--user", "u1", "-k", "5", "--mode=lexical", "--json", "-1", "--", "--literal"], Spec);
        Assert.Equal(["what did", "-1", "--literal"], parsed.Positionals);
        Assert.Equal("u1", parsed.Get("--user"));
        Assert.Equal(5, parsed.GetInt("--k", 10));
        Assert.Equal("lexical", parsed.Get("--mode"));
        Assert.True(parsed.Has("--json"));
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("--user")]
    [InlineData("--json=1")]
    public void Parser_rejects_unknown_options_missing_values_and_valued_flags(string arg) =>
        Assert.Throws<UsageException>(() => CommandLine.Parse([arg], Spec));

    [Fact]
    public void Integers_are_range_checked() =>
        Assert.Throws<UsageException>(() => CommandLine.Parse(["--k", "0"], Spec).GetInt("--k", 10, 1, 100));

    [Theory]
    [InlineData("20s", 20_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5", 1_500)]
    public void Durations_parse(string text, double ms) => Assert.Equal(TimeSpan.FromMilliseconds(ms), CommandLine.ParseDuration(text, "--d"));

    [Theory]
    [InlineData("1e300")]
    [InlineData("NaN")]
    [InlineData("-1s")]
    [InlineData("soon")]
    public void Durations_out_of_range_or_not_numbers_are_usage_errors_naming_the_option(string text)
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.ParseDuration(text, "--d"));
        Assert.Contains("--d", error.Message);
    }

    [Fact]
    public void Global_options_may_come_before_the_command()
    {
        var (command, rest) = CliApp.SplitCommand(["--address", "http://127.0.0.1:1", "--user", "u", "recall", "hello", "-k", "3"]);
        Assert.Equal("recall", command);
        Assert.Equal(["--address", "http://127.0.0.1:1", "--user", "u", "hello", "-k", "3"], rest);
        var parsed = CommandLine.Parse(rest, CliApp.SpecFor("recall"));
        Assert.Equal(["hello"], parsed.Positionals);
        Assert.Equal("u", parsed.Get("--user"));
    }

    [Fact]
    public async Task Usage_errors_exit_with_2_and_help_with_0()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(CliApp.Usage, await CliApp.RunAsync(["frobnicate"], stdout, stderr));
        Assert.Contains("unknown command", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(CliApp.Usage, await CliApp.RunAsync(["recall", "q"], stdout, stderr)); // --user missing
        Assert.Equal(CliApp.Usage, await CliApp.RunAsync(["forget", "--user", "u"], stdout, stderr)); // no target
        Assert.Equal(CliApp.Usage, await CliApp.RunAsync(["forget", "--user", "u", "--all-user", "--ids", "a"], stdout, stderr));
        Assert.Equal(CliApp.Usage, await CliApp.RunAsync(["eval", "locomo", "dir", "--bm25-only", "--questions", "q.jsonl"], stdout, stderr));
        Assert.Contains("--questions", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(CliApp.Ok, await CliApp.RunAsync(["--help"], stdout, stderr));
        Assert.Contains("eval locomo", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Client_options_come_from_flags_then_environment_then_defaults()
    {
        var parsed = CommandLine.Parse(["--address", "http://127.0.0.1:7000", "--api-key", "k", "--deadline", "3s"], CliApp.SpecFor("list"));
        var options = Commands.ClientOptions(parsed, TimeSpan.FromSeconds(10));
        Assert.Equal(("http://127.0.0.1:7000", "k", TimeSpan.FromSeconds(3)), (options.Address, options.ApiKey, options.DefaultDeadline));
        Assert.Throws<UsageException>(() => Commands.ClientOptions(CommandLine.Parse(["--address", "127.0.0.1:7000"], CliApp.SpecFor("list")), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Recall_output_shows_score_breakdown_and_context()
    {
        var response = new RecallResponse { Context = "- Caroline: hi", ContextTokens = 4 };
        response.Memories.Add(new RecalledMemory
        {
            Memory = new Memory { Id = "m1", Kind = MemoryKind.Episodic, Text = "Caroline: hi", SessionId = "session_1", MetadataJson = """{"dia_id":"D1:1"}""" },
            Score = new ScoreBreakdown { Dense = 0.5f, DenseRank = 2, Lexical = 3.25f, LexicalRank = 1, Recency = 0.9f, Fused = 0.0325, Graph = 0.0125f, GraphRank = 3, SeedPhrases = { "Professor Hale", "Lisbon" } },
        });
        var text = Commands.FormatRecall(response);
        Assert.Contains("0.0125 (3)", text, StringComparison.Ordinal);
        Assert.Contains("via Professor Hale, Lisbon", text, StringComparison.Ordinal);
        Assert.Contains("0.500 (2)", text, StringComparison.Ordinal);
        Assert.Contains("3.25 (1)", text, StringComparison.Ordinal);
        Assert.Contains("0.0325", text, StringComparison.Ordinal);
        Assert.Contains("context (4 tokens):", text, StringComparison.Ordinal);
        Assert.Contains("- Caroline: hi", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_split_on_commas() => Assert.Equal(["a", "b", "c"], Commands.SplitIds("a, b,,c"));
}

public class EventFileReaderTests
{
    [Fact]
    public void Jsonl_lines_map_to_events()
    {
        const string text = """
            {"text":"hello","speaker":"ann","role":"user","session_id":"s1","event_time":"2024-03-01T10:00:00Z","metadata":{"a":1},"idempotency_key":"k1"}

            {"text":"reply","role":"ROLE_ASSISTANT","event_time":1700000000}
            {"text":"reply","role":"assistant","event_time":1700000000}
            {"text":"tool output","role":4}
            """;
        var events = EventFileReader.ParseJsonLines("chat.jsonl", text, "default-session");
        Assert.Equal(4, events.Count);
        var first = events[0];
        Assert.Equal(("hello", "ann", Role.User, "s1", "k1", """{"a":1}"""), (first.Text, first.Speaker, first.Role, first.SessionId, first.IdempotencyKey, first.MetadataJson));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), first.EventTime);
        Assert.Equal("default-session", events[1].SessionId);
        Assert.Equal(Role.Assistant, events[1].Role);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), events[1].EventTime);
        Assert.Equal(Role.Tool, events[3].Role);

        // Without a key: derived from the content, stable across reads, distinct for deliberate repeats.
        Assert.StartsWith("chat.jsonl:", events[1].IdempotencyKey, StringComparison.Ordinal);
        Assert.NotEqual(events[1].IdempotencyKey, events[2].IdempotencyKey);
        Assert.EndsWith(":1", events[1].IdempotencyKey, StringComparison.Ordinal);
        Assert.EndsWith(":2", events[2].IdempotencyKey, StringComparison.Ordinal);
        var again = EventFileReader.ParseJsonLines("chat.jsonl", text, "default-session");
        Assert.Equal(events.Select(e => e.IdempotencyKey), again.Select(e => e.IdempotencyKey));
    }

    [Theory]
    [InlineData("""{"speaker":"x"}""", "\"text\" is required")]
    [InlineData("""{"text":"x","role":"wizard"}""", "unknown role")]
    [InlineData("""{"text":"x","event_time":"someday"}""", "event_time")]
    [InlineData("""{"text":"x","metadata":[1]}""", "metadata")]
    [InlineData("not json", "not JSON")]
    public void Bad_lines_name_the_line_and_the_problem(string line, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => EventFileReader.ParseJsonLines("f.jsonl", "{\"text\":\"ok\"}\n" + line, null));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_are_recognized_by_content()
    {
        var dir = Directory.CreateTempSubdirectory("am-read-test-");
        try
        {
            var locomo = Path.Combine(dir.FullName, "conv.json");
            File.WriteAllText(locomo, TestData.TinyConversation);
            Assert.Equal("locomo", EventFileReader.Read(locomo, null).Format);

            var lines = Path.Combine(dir.FullName, "events.json");
            File.WriteAllText(lines, "{\"text\":\"a\"}\n{\"text\":\"b\"}\n");
            var read = EventFileReader.Read(lines, null);
            Assert.Equal(("jsonl", 2), (read.Format, read.Events.Count));

            var array = Path.Combine(dir.FullName, "array.json");
            File.WriteAllText(array, "[{\"text\":\"a\"},{\"text\":\"b\"},{\"text\":\"c\"}]");
            Assert.Equal(("json-array", 3), (EventFileReader.Read(array, null).Format, EventFileReader.Read(array, null).Events.Count));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
