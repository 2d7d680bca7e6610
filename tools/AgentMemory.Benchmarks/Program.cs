using AgentMemory.Benchmarks;
using BenchmarkDotNet.Running;

// "--memory [N]" measures resident bytes per memory of a built index; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--memory")
{
    MemoryProbe.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
    return;
}

// "--recall [N] [SECONDS] [MODE]" times one thread's recall per mode (or only the one named, as the probe prints it,
// for example "hybrid with the graph") over the load generator's corpus (N turns, default 10,000).
if (args.Length > 0 && args[0] == "--recall")
{
    RecallProbe.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000,
        TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5),
        args.Length > 3 ? args[3] : null);
    return;
}

// "--lexicon" times loading the embedded concept lexicon and measures what it keeps in memory.
if (args.Length > 0 && args[0] == "--lexicon")
{
    LexiconProbe.Run(rounds: 3);
    return;
}

// "--activation CONNECTION SCHEMA TENANT USER" times activation's read path against a real database.
if (args.Length > 0 && args[0] == "--activation")
{
    if (args.Length != 5)
    {
        Console.Error.WriteLine("usage: --activation CONNECTION_STRING SCHEMA TENANT USER");
        Environment.ExitCode = 2;
        return;
    }

    await ActivationProbe.RunAsync(args[1], args[2], args[3], args[4], rounds: 5);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
