namespace AgentMemory.Server.Hosting;

/// <summary>Says where the service listens and whether callers must authenticate, once it is up.</summary>
internal sealed class StartupBanner(IHostApplicationLifetime lifetime, Microsoft.AspNetCore.Hosting.Server.IServer server, CallerTenantResolver tenants, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
            logger.LogInformation("AgentMemory listening on {Addresses}", string.Join(", ", addresses));
            if (!tenants.RequiresKey)
            {
                logger.LogWarning("No API keys configured (AgentMemory:Auth:ApiKeys): every caller acts as the default tenant. Use this only on a trusted machine.");
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
