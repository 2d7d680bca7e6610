using AgentMemory.Client;
using AgentMemory.LoadGenerator;
using AgentMemory.Protocol.V1;
using Grpc.Core.Interceptors;

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

var clientOptions = new AgentMemoryClientOptions
{
    Address = options.Address,
    ApiKey = options.ApiKey,
    DefaultDeadline = options.Deadline,
    MaxRetries = 0,
};

// The SDK's own channel, with the service asked for its time on every call.
using var channel = AgentMemoryClient.CreateChannel(clientOptions);
using var client = new AgentMemoryClient(new MemoryService.MemoryServiceClient(channel.Intercept(new ServerTimingRecorder())), clientOptions);
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
