using System.Globalization;
using System.Net;

namespace AgentMemory.LoadGenerator;

internal enum LoadMode
{
    Remember,
    Recall,
    Mixed,

    /// <summary>Remember the seed events, then wait (Flush) until derivation has caught up: derivation throughput.</summary>
    Derive,
}

/// <summary>A mistake in how the tool was called (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The settings of one load run, parsed from the command line.</summary>
internal sealed record LoadOptions
{
    public const string HelpText = """
        loadgen — AgentMemory load generator (throughput, and latency at the client and, as the
        service times its calls (a Server-Timing trailer), at the server)

        usage: loadgen [options]
          --address URL          service address (default $AGENTMEMORY_ADDRESS or http://127.0.0.1:50051);
                                 only loopback addresses unless --allow-remote
          --api-key KEY          API key (default $AGENTMEMORY_API_KEY)
          --mode M               remember | recall | mixed | derive (default recall); derive
                         remembers --seed-memories per user, then waits for derivation
          --concurrency N        concurrent callers (default 64)
          --duration D           measured phase, e.g. 20s, 500ms, 2m (default 20s)
          --requests N           stop after N measured calls (whichever of this and --duration comes first)
          --warmup D             unmeasured phase before it (default 3s)
          --users N              users the calls are spread over (default 1)
          --batch N              events per Remember call, also when seeding (default 100)
          --seed-memories N      recall/mixed: events remembered into each user before the run (default 10000);
                                 derivation adds facts and summaries, so a user holds about 1.9 N memories
          --k N                  results per Recall (default 10)
          --recall-mode M        hybrid | dense | lexical | graph (default hybrid)
          --remember-share F     mixed: share of calls that are Remember (default 0.1)
          --deadline D           deadline per call (default 10s); calls are never retried
          --seed N               random seed of the synthetic text (default 42)
          --user-prefix P        user ids are P-<n> (default loadgen-<run id>; reuse one to skip reseeding
                                 with --seed-memories 0)
          --keep                 keep the users at the end (default: forget them)
          --json FILE            also write the JSON summary to FILE
        """;

    public string Address { get; init; } = "http://127.0.0.1:50051";
    public string? ApiKey { get; init; }
    public LoadMode Mode { get; init; } = LoadMode.Recall;
    public int Concurrency { get; init; } = 64;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public long? Requests { get; init; }
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public int Users { get; init; } = 1;
    public int Batch { get; init; } = 100;
    public int SeedMemories { get; init; } = 10_000;
    public int K { get; init; } = 10;
    public string RecallMode { get; init; } = "hybrid";
    public double RememberShare { get; init; } = 0.1;
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(10);
    public int Seed { get; init; } = 42;
    public string? UserPrefix { get; init; }
    public bool Keep { get; init; }
    public bool AllowRemote { get; init; }
    public string? JsonPath { get; init; }
    public bool Help { get; init; }

    /// <summary>The longest a run may measure; a bound even when only --requests is given.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var o = new LoadOptions
        {
            Address = Environment.GetEnvironmentVariable("AGENTMEMORY_ADDRESS") is { Length: > 0 } env ? env : "http://127.0.0.1:50051",
            ApiKey = Environment.GetEnvironmentVariable("AGENTMEMORY_API_KEY"),
        };
        var durationGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"{arg} needs a value.");
                }

                return args[++i];
            }

            switch (arg)
            {
                case "--help" or "-h":
                    o = o with { Help = true };
                    break;
                case "--address":
                    o = o with { Address = Value() };
                    break;
                case "--api-key":
                    o = o with { ApiKey = Value() };
                    break;
                case "--mode":
                    o = o with
                    {
                        Mode = Value().ToLowerInvariant() switch
                        {
                            "remember" => LoadMode.Remember,
                            "recall" => LoadMode.Recall,
                            "mixed" => LoadMode.Mixed,
                            "derive" => LoadMode.Derive,
                            var m => throw new UsageException($"--mode must be remember, recall, mixed or derive, not '{m}'."),
                        },
                    };
                    break;
                case "--concurrency":
                    o = o with { Concurrency = Int(arg, Value(), 1, 10_000) };
                    break;
                case "--duration":
                    o = o with { Duration = ParseDuration(arg, Value()) };
                    durationGiven = true;
                    break;
                case "--requests":
                    o = o with { Requests = Int(arg, Value(), 1, int.MaxValue) };
                    break;
                case "--warmup":
                    o = o with { Warmup = ParseDuration(arg, Value()) };
                    break;
                case "--users":
                    o = o with { Users = Int(arg, Value(), 1, 100_000) };
                    break;
                case "--batch":
                    o = o with { Batch = Int(arg, Value(), 1, 10_000) };
                    break;
                case "--seed-memories":
                    o = o with { SeedMemories = Int(arg, Value(), 0, 10_000_000) };
                    break;
                case "--k":
                case "-k":
                    o = o with { K = Int(arg, Value(), 1, 100) };
                    break;
                case "--recall-mode":
                    var rm = Value().ToLowerInvariant();
                    o = rm is "hybrid" or "dense" or "lexical" or "graph" ? o with { RecallMode = rm } : throw new UsageException($"--recall-mode must be hybrid, dense, lexical or graph, not '{rm}'.");
                    break;
                case "--remember-share":
                    var text = Value();
                    o = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1
                        ? o with { RememberShare = share }
                        : throw new UsageException($"--remember-share must be a number in 0..1, not '{text}'.");
                    break;
                case "--deadline":
                    o = o with { Deadline = ParseDuration(arg, Value()) };
                    break;
                case "--seed":
                    o = o with { Seed = Int(arg, Value(), int.MinValue, int.MaxValue) };
                    break;
                case "--user-prefix":
                    o = o with { UserPrefix = Value() };
                    break;
                case "--keep":
                    o = o with { Keep = true };
                    break;
                case "--allow-remote":
                    o = o with { AllowRemote = true };
                    break;
                case "--json":
                    o = o with { JsonPath = Value() };
                    break;
                default:
                    throw new UsageException($"unknown argument '{args[i]}'.");
            }
        }

        if (o.Requests is not null && !durationGiven)
        {
            o = o with { Duration = MaxDuration };
        }

        if (o.Duration > MaxDuration)
        {
            throw new UsageException($"--duration is at most {MaxDuration.TotalMinutes:0} minutes.");
        }

        if (o.Deadline <= TimeSpan.Zero)
        {
            throw new UsageException("--deadline must be positive.");
        }

        if (!Uri.TryCreate(o.Address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--address must be an absolute http:// or https:// URI, not '{o.Address}'.");
        }

        if (!o.AllowRemote && !IsLoopback(uri))
        {
            throw new UsageException($"refusing to load {uri.Host}: only loopback addresses (127.0.0.0/8, ::1, localhost) unless --allow-remote.");
        }

        return o;
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static int Int(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new UsageException($"{name} must be an integer in {min}..{max}, not '{text}'.");

    /// <summary>Parses "20s", "500ms", "2m", "1h" or plain seconds.</summary>
    public static TimeSpan ParseDuration(string name, string text) =>
        AgentMemory.Tooling.DurationText.TryParse(text, out var duration)
            ? duration
            : throw new UsageException($"{name} must be a duration like 20s, 500ms or 2m, not '{text}'.");
}
