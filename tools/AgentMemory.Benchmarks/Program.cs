using AgentMemory.Benchmarks;
using BenchmarkDotNet.Running;

// "--memory [N]" measures resident bytes per memory of a built index; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--memory")
{
    MemoryProbe.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
