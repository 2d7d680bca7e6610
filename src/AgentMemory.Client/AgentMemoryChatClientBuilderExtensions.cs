using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentMemory.Client;

/// <summary>Adds <see cref="AgentMemoryChatClient"/> to a Microsoft.Extensions.AI chat pipeline.</summary>
public static class AgentMemoryChatClientBuilderExtensions
{
    /// <summary>
    /// Gives the model the user's memory: recall before each turn, remember after it
    /// (see <see cref="AgentMemoryChatClient"/>).
    /// </summary>
    /// <param name="builder">The chat client pipeline.</param>
    /// <param name="memory">The AgentMemory client; null takes the <see cref="IAgentMemoryClient"/> registered with <c>AddAgentMemoryClient</c>.</param>
    /// <param name="configure">Sets the user, session, recall and failure settings.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseAgentMemory(this ChatClientBuilder builder, IAgentMemoryClient? memory = null, Action<AgentMemoryChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new AgentMemoryChatOptions();
        configure?.Invoke(options);
        return builder.Use((inner, services) => new AgentMemoryChatClient(
            inner,
            memory ?? services.GetRequiredService<IAgentMemoryClient>(),
            options,
            services.GetService<ILogger<AgentMemoryChatClient>>(),
            services.GetService<TimeProvider>()));
    }
}
