using AgentMemory.Client;
using AgentMemory.Protocol.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AgentMemory SDK in a service collection.</summary>
public static class AgentMemoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AgentMemoryClient"/> (also as <see cref="IAgentMemoryClient"/>) and the
    /// generated <see cref="MemoryService.MemoryServiceClient"/> through the gRPC client factory,
    /// configured in code.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets address, API key, deadline and retries.</param>
    /// <returns>The builder of the underlying HTTP client, for further handlers or settings.</returns>
    public static IHttpClientBuilder AddAgentMemoryClient(this IServiceCollection services, Action<AgentMemoryClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AgentMemoryClientOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Registers <see cref="AgentMemoryClient"/> (also as <see cref="IAgentMemoryClient"/>) and the
    /// generated <see cref="MemoryService.MemoryServiceClient"/>, with options bound from the
    /// configuration section <c>AgentMemory:Client</c> (<see cref="AgentMemoryClientOptions.SectionName"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration root (the section is looked up in it).</param>
    /// <returns>The builder of the underlying HTTP client, for further handlers or settings.</returns>
    public static IHttpClientBuilder AddAgentMemoryClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AgentMemoryClientOptions>().Bind(configuration.GetSection(AgentMemoryClientOptions.SectionName));
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentMemoryClientOptions>, AgentMemoryClientOptionsValidator>());
        var builder = services
            .AddGrpcClient<MemoryService.MemoryServiceClient>((sp, o) =>
                o.Address = new Uri(sp.GetRequiredService<IOptions<AgentMemoryClientOptions>>().Value.Address))
            .ConfigureChannel((sp, channel) =>
                channel.MaxReceiveMessageSize = sp.GetRequiredService<IOptions<AgentMemoryClientOptions>>().Value.MaxReceiveMessageSize)
            .ConfigurePrimaryHttpMessageHandler(AgentMemoryClient.CreateHttpHandler);
        services.TryAddTransient(sp => new AgentMemoryClient(
            sp.GetRequiredService<MemoryService.MemoryServiceClient>(),
            sp.GetRequiredService<IOptions<AgentMemoryClientOptions>>().Value));
        services.TryAddTransient<IAgentMemoryClient>(sp => sp.GetRequiredService<AgentMemoryClient>());
        return builder;
    }

    private sealed class AgentMemoryClientOptionsValidator : IValidateOptions<AgentMemoryClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, AgentMemoryClientOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
