using AgentMemory.Client;
using AgentMemory.LoadGenerator;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"loadgen: {ex.Message}");
    Console.Error.WriteLine("run 'loadgen --help' for usage.");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(LoadOptions.HelpText);
    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

using var client = AgentMemoryClient.Create(new AgentMemoryClientOptions
{
    Address = options.Address,
    ApiKey = options.ApiKey,
    DefaultDeadline = options.Deadline,
    MaxRetries = 0,
});
try
{
    return await new LoadRunner(options, client, Console.Out).RunAsync(cancellation.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("loadgen: cancelled");
    return 1;
}
catch (Grpc.Core.RpcException ex)
{
    Console.Error.WriteLine($"loadgen: {ex.Describe()}");
    return 1;
}
