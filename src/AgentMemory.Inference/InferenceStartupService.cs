using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentMemory.Inference;

/// <summary>Builds the inference clients when the host starts, so the "Embeddings: …" line and any setup error appear at startup.</summary>
internal sealed class InferenceStartupService(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        _ = services.GetService<IChatClient>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
