using System.Globalization;
using AgentMemory.Cli.Evaluation;
using AgentMemory.Client;
using AgentMemory.Protocol.V1;
using Google.Protobuf;

namespace AgentMemory.Cli;

/// <summary>The commands of <c>am</c>.</summary>
internal static class Commands
{
    public static async Task<int> RunAsync(string command, ParsedArguments a, TextWriter o, CancellationToken ct)
    {
        switch (command)
        {
            case "import":
                return await ImportAsync(a, o, ct).ConfigureAwait(false);
            case "recall":
                return await RecallAsync(a, o, ct).ConfigureAwait(false);
            case "get":
                return await GetAsync(a, o, ct).ConfigureAwait(false);
            case "list":
                return await ListAsync(a, o, ct).ConfigureAwait(false);
            case "forget":
                return await ForgetAsync(a, o, ct).ConfigureAwait(false);
            case "eval":
                return await EvalAsync(a, o, ct).ConfigureAwait(false);
            default:
                throw new UsageException($"unknown command '{command}'.");
        }
    }

    public static AgentMemoryClientOptions ClientOptions(ParsedArguments a, TimeSpan defaultDeadline)
    {
        var address = a.Get("--address") ?? Environment.GetEnvironmentVariable("AGENTMEMORY_ADDRESS");
        var options = new AgentMemoryClientOptions
        {
            Address = string.IsNullOrWhiteSpace(address) ? "http://127.0.0.1:50051" : address,
            ApiKey = a.Get("--api-key") ?? Environment.GetEnvironmentVariable("AGENTMEMORY_API_KEY"),
            DefaultDeadline = a.Get("--deadline") is { } d ? CommandLine.ParseDuration(d, "--deadline") : defaultDeadline,
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join(" ", problems));
        }

        return options;
    }

    private static string User(ParsedArguments a, string command) => a.Require("--user", $"for {command}");

    private static async Task<int> ImportAsync(ParsedArguments a, TextWriter o, CancellationToken ct)
    {
        if (a.Positionals.Count != 1)
        {
            throw new UsageException("import takes one file: am import <file> --user U [--session S].");
        }

        var user = User(a, "import");
        var path = a.Positionals[0];
        if (!File.Exists(path))
        {
            throw new UsageException($"no such file: {path}");
        }

        var batch = a.GetInt("--batch", Importer.DefaultBatchSize, 1, 10_000);
        var file = EventFileReader.Read(path, a.Get("--session"));
        o.WriteLine($"{Path.GetFileName(path)}: {file.Format}, {file.Events.Count} events");
        if (file.Events.Count == 0)
        {
            return CliApp.Ok;
        }

        using var client = AgentMemoryClient.Create(ClientOptions(a, TimeSpan.FromSeconds(60)));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await Importer.ImportAsync(client, user, file.Events, batch, null, ct).ConfigureAwait(false);
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        o.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "imported {0} events into user {1}: {2} new, {3} deduplicated ({4:0.00} s, {5:0} events/s)",
            file.Events.Count, user, result.New, result.Deduplicated, seconds, file.Events.Count / Math.Max(seconds, 1e-9)));
        return CliApp.Ok;
    }

    public static RecallMode ParseMode(string? text) => (text ?? "hybrid").ToLowerInvariant() switch
    {
        "hybrid" => RecallMode.Hybrid,
        "dense" => RecallMode.Dense,
        "lexical" or "bm25" => RecallMode.Lexical,
        "graph" => RecallMode.Graph,
        _ => throw new UsageException($"--mode must be hybrid, dense, lexical or graph, not '{text}'."),
    };

    private static async Task<int> RecallAsync(ParsedArguments a, TextWriter o, CancellationToken ct)
    {
        if (a.Positionals.Count == 0)
        {
            throw new UsageException("recall needs a query: am recall \"<query>\" --user U.");
        }

        var user = User(a, "recall");
        var query = string.Join(' ', a.Positionals);
        var options = new RecallOptions
        {
            K = a.GetInt("--k", 10, 1, 100),
            Mode = ParseMode(a.Get("--mode")),
            TokenBudget = a.GetInt("--budget", 0, 0, 1_000_000),
            Filter = a.Get("--session") is { } s ? new MemoryFilterOptions { SessionId = s } : null,
        };
        using var client = AgentMemoryClient.Create(ClientOptions(a, TimeSpan.FromSeconds(10)));
        var response = await client.RecallAsync(user, query, options, ct).ConfigureAwait(false);
        if (a.Has("--json"))
        {
            o.WriteLine(JsonFormatter.Default.Format(response));
            return CliApp.Ok;
        }

        o.Write(FormatRecall(response));
        return CliApp.Ok;
    }

    internal static string FormatRecall(RecallResponse response)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,3} {1,8} {2,13} {3,13} {4,13} {5,7}  {6,-10} {7,-19}  {8}", "#", "fused", "dense (rank)", "lexical(rank)", "graph (rank)", "recency", "session", "event time (UTC)", "text"));
        var rank = 0;
        foreach (var recalled in response.Memories)
        {
            rank++;
            var m = recalled.Memory ?? new Memory();
            var s = recalled.Score ?? new ScoreBreakdown();
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,3} {1,8:0.0000} {2,13} {3,13} {4,13} {5,7:0.000}  {6,-10} {7,-19}  {8}",
                rank,
                s.Fused,
                s.DenseRank > 0 ? $"{s.Dense:0.000} ({s.DenseRank})" : "-",
                s.LexicalRank > 0 ? $"{s.Lexical:0.00} ({s.LexicalRank})" : "-",
                s.GraphRank > 0 ? $"{s.Graph:0.0000} ({s.GraphRank})" : "-",
                s.Recency,
                Shorten(m.SessionId, 10),
                m.EventTime is null ? "" : m.EventTime.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Shorten(m.Text.ReplaceLineEndings(" "), 100)));
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,3} {1}{2}{3}", "", $"id {m.Id} {KindName(m.Kind)}", string.IsNullOrEmpty(m.MetadataJson) ? "" : " " + m.MetadataJson,
                s.SeedPhrases.Count > 0 ? " via " + string.Join(", ", s.SeedPhrases) : ""));
        }

        if (rank == 0)
        {
            sb.AppendLine("(no memories)");
        }

        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"context ({response.ContextTokens} tokens):"));
        sb.AppendLine(response.Context);
        return sb.ToString();
    }

    private static async Task<int> GetAsync(ParsedArguments a, TextWriter o, CancellationToken ct)
    {
        var user = User(a, "get");
        var ids = SplitIds(a.Require("--ids", "for get"));
        using var client = AgentMemoryClient.Create(ClientOptions(a, TimeSpan.FromSeconds(10)));
        var memories = await client.GetAsync(user, ids, ct).ConfigureAwait(false);
        foreach (var m in memories)
        {
            o.WriteLine(a.Has("--json") ? JsonFormatter.Default.Format(m) : FormatMemory(m));
        }

        return CliApp.Ok;
    }

    private static async Task<int> ListAsync(ParsedArguments a, TextWriter o, CancellationToken ct)
    {
        var user = User(a, "list");
        var options = new ListOptions
        {
            PageSize = a.GetInt("--page-size", 0, 0, 1000),
            Filter = a.Get("--session") is { } s ? new MemoryFilterOptions { SessionId = s } : null,
        };
        var json = a.Has("--json");
        using var client = AgentMemoryClient.Create(ClientOptions(a, TimeSpan.FromSeconds(10)));
        var count = 0;
        if (a.Has("--all"))
        {
            await foreach (var m in client.ListAllAsync(user, options, ct).ConfigureAwait(false))
            {
                o.WriteLine(json ? JsonFormatter.Default.Format(m) : FormatMemory(m));
                count++;
            }

            if (!json)
            {
                o.WriteLine($"({count} memories)");
            }

            return CliApp.Ok;
        }

        var page = await client.ListAsync(user, options, ct).ConfigureAwait(false);
        foreach (var m in page.Memories)
        {
            o.WriteLine(json ? JsonFormatter.Default.Format(m) : FormatMemory(m));
        }

        if (!json)
        {
            o.WriteLine(string.IsNullOrEmpty(page.NextPageToken)
                ? $"({page.Memories.Count} memories, last page)"
                : $"({page.Memories.Count} memories; more with --all)");
        }

        return CliApp.Ok;
    }

    private static async Task<int> ForgetAsync(ParsedArguments a, TextWriter o, CancellationToken ct)
    {
        var user = User(a, "forget");
        var chosen = new[] { a.Get("--ids") is not null, a.Get("--session") is not null, a.Has("--all-user") }.Count(b => b);
        if (chosen != 1)
        {
            throw new UsageException("forget needs exactly one of --ids a,b | --session S | --all-user.");
        }

        using var client = AgentMemoryClient.Create(ClientOptions(a, TimeSpan.FromSeconds(30)));
        long removed;
        if (a.Get("--ids") is { } ids)
        {
            removed = await client.ForgetAsync(user, SplitIds(ids), ct).ConfigureAwait(false);
        }
        else if (a.Get("--session") is { } session)
        {
            removed = await client.ForgetByFilterAsync(user, new MemoryFilterOptions { SessionId = session }, ct).ConfigureAwait(false);
        }
        else
        {
            removed = await client.ForgetUserAsync(user, ct).ConfigureAwait(false);
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"removed {removed} rows"));
        return CliApp.Ok;
    }

    private static async Task<int> EvalAsync(ParsedArguments a, TextWriter o, CancellationToken ct)
    {
        if (a.Positionals.Count != 2 || a.Positionals[0] != "locomo")
        {
            throw new UsageException("usage: am eval locomo <dir> [--json FILE] [--questions FILE] [--k-max 50] [--mode hybrid].");
        }

        var settings = new LocomoEvalSettings
        {
            Directory = a.Positionals[1],
            KMax = a.GetInt("--k-max", 50, 1, 100),
            Mode = ParseMode(a.Get("--mode")),
            Parallelism = a.GetInt("--parallel", 8, 1, 256),
            Keep = a.Has("--keep"),
            Memories = a.Get("--memories") switch
            {
                null or "turns" => EvalMemories.Turns,
                "facts" => EvalMemories.Facts,
                "mixed" => EvalMemories.Mixed,
                var other => throw new ArgumentException($"--memories must be turns, facts or mixed, not '{other}'."),
            },
            Bm25Only = a.Has("--bm25-only"),
            RunId = a.Get("--run-id") ?? LocomoEvalSettings.NewRunId(),
            JsonPath = a.Get("--json"),
            QuestionsPath = a.Get("--questions"),
            BatchSize = a.GetInt("--batch", Importer.DefaultBatchSize, 1, 10_000),
        };
        if (settings.Bm25Only && settings.QuestionsPath is not null)
        {
            throw new UsageException("--questions compares the service with BM25; it cannot be combined with --bm25-only.");
        }

        if (settings.KMax < RetrievalMetrics.TurnKs[^1])
        {
            o.WriteLine($"note: --k-max {settings.KMax} is below {RetrievalMetrics.TurnKs[^1]}: Recall@k for larger k is computed from the shorter ranking.");
        }

        if (settings.Bm25Only)
        {
            return await new LocomoEvaluation(settings, null, o).RunAsync(ct).ConfigureAwait(false);
        }

        using var client = AgentMemoryClient.Create(ClientOptions(a, TimeSpan.FromSeconds(60)));
        return await new LocomoEvaluation(settings, client, o).RunAsync(ct).ConfigureAwait(false);
    }

    internal static List<string> SplitIds(string text)
    {
        var ids = text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return ids.Count > 0 ? ids : throw new UsageException("--ids needs at least one id.");
    }

    internal static string FormatMemory(Memory m) =>
        string.Format(CultureInfo.InvariantCulture, "{0}  {1,-9} {2,-19}  {3,-12} {4}",
            m.Id,
            KindName(m.Kind),
            m.EventTime is null ? "" : m.EventTime.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            Shorten(m.SessionId, 12),
            Shorten(m.Text.ReplaceLineEndings(" "), 120));

    private static string KindName(MemoryKind kind) => kind switch
    {
        MemoryKind.Episodic => "episodic",
        MemoryKind.Semantic => "semantic",
        MemoryKind.Summary => "summary",
        _ => "-",
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
