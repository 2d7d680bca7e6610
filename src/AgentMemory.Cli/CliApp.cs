using AgentMemory.Client;
using Grpc.Core;

namespace AgentMemory.Cli;

/// <summary>Entry point of <c>am</c>: finds the command, parses its options, runs it, maps failures to exit codes.</summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public const string HelpText = """
        am — AgentMemory command-line tool

        usage: am <command> [options]

        global options:
          --address URL       service address (default: $AGENTMEMORY_ADDRESS or http://127.0.0.1:50051)
          --api-key KEY       API key, sent as "authorization: Bearer KEY" (default: $AGENTMEMORY_API_KEY)
          --user ID           the user to act on
          --deadline D        deadline per attempt, e.g. 10s (default 10s; eval: 60s)

        commands:
          import <file> --user U [--session S] [--batch 200]
              Remember a LoCoMo conversation (.json) or events (JSON Lines, one
              {"text","speaker","role","session_id","event_time","metadata","idempotency_key"} per line).
              LoCoMo: one event per turn, text "<speaker>: <text>" [+ " [image: <caption>]"], session id
              session_N (prefixed "S/" with --session), event time = session time + n seconds for the
              n-th turn, metadata {"dia_id": "D1:3"}, idempotency key "<file name>:<dia_id>".
              JSONL: --session is the session of events that name none.
          recall "<query>" --user U [-k 10] [--mode hybrid|dense|lexical|graph] [--budget N] [--session S] [--json]
              Ranked memories with their score breakdown, then the context block.
          get --user U --ids a,b
          list --user U [--page-size N] [--all] [--session S] [--json]
          forget --user U (--ids a,b | --session S | --all-user)
          eval locomo <dir> [--json FILE] [--questions FILE] [--k-max 50] [--mode hybrid] [--parallel 8] [--keep]
                            [--memories turns|facts|mixed] [--bm25-only] [--run-id ID]
              Imports each conversation into its own user (locomo-eval-<run id>-<file>), asks every
              question through Recall, and prints turn- and session-level Recall@k per category for the
              service and for plain BM25 over the same turns. Users are forgotten at the end unless --keep.

        exit codes: 0 ok, 1 failed (the error is printed), 2 usage error
        """;

    private static readonly string[] GlobalValues = ["--address", "--api-key", "--user", "--deadline"];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var (command, rest) = SplitCommand(args);
            if (command is null or "help" || args.Contains("--help") || args.Contains("-h"))
            {
                stdout.WriteLine(HelpText);
                return command is null && args.Length > 0 && !args.Contains("--help") && !args.Contains("-h") ? Usage : Ok;
            }

            var spec = SpecFor(command);
            var parsed = CommandLine.Parse(rest, spec);
            return await Commands.RunAsync(command, parsed, stdout, cancellation.Token).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"am: {ex.Message}");
            stderr.WriteLine("run 'am --help' for usage.");
            return Usage;
        }
        catch (RpcException ex)
        {
            stderr.WriteLine($"am: {ex.Describe()}");
            return Failed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            stderr.WriteLine($"am: {ex.Message}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("am: cancelled");
            return Failed;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The first argument that is neither an option nor the value of a global option is the command.</summary>
    internal static (string? Command, List<string> Remaining) SplitCommand(IReadOnlyList<string> args)
    {
        var rest = new List<string>();
        string? command = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (command is null && arg.StartsWith('-'))
            {
                rest.Add(arg);
                if (GlobalValues.Contains(arg) && i + 1 < args.Count)
                {
                    rest.Add(args[++i]);
                }

                continue;
            }

            if (command is null)
            {
                command = arg;
                continue;
            }

            rest.Add(arg);
        }

        return (command, rest);
    }

    internal static OptionSpec SpecFor(string command)
    {
        var spec = new OptionSpec().Value(GlobalValues);
        return command switch
        {
            "import" => spec.Value("--session", "--batch"),
            "recall" => spec.Value("--k", "--mode", "--budget", "--session").Flag("--json").Alias("-k", "--k"),
            "get" => spec.Value("--ids").Flag("--json"),
            "list" => spec.Value("--page-size", "--session").Flag("--all", "--json"),
            "forget" => spec.Value("--ids", "--session").Flag("--all-user"),
            "eval" => spec.Value("--json", "--questions", "--k-max", "--mode", "--parallel", "--run-id", "--batch", "--memories").Flag("--keep", "--bm25-only"),
            _ => throw new UsageException($"unknown command '{command}'."),
        };
    }
}
