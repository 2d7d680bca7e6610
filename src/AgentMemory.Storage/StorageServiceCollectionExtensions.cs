using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentMemory.Storage;

/// <summary>Registers PostgreSQL storage.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Name of the Npgsql ActivitySource, for tracing.</summary>
    public const string NpgsqlActivitySource = "Npgsql";

    /// <summary>
    /// Adds the data source (with pgvector, scoped to the configured schema), the migrator,
    /// the memory store, and migrations at start. Requires an embedding generator in DI.
    /// </summary>
    public static IServiceCollection AddAgentMemoryStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .PostConfigure(o => o.ConnectionString = string.IsNullOrWhiteSpace(o.ConnectionString) ? configuration.GetConnectionString("AgentMemory") : o.ConnectionString)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp => new StorageSchema(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Schema));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString)
            {
                SearchPath = $"{options.Schema},public",
                CommandTimeout = options.CommandTimeoutSeconds,
            };
            if (string.IsNullOrEmpty(connection.ApplicationName))
            {
                connection.ApplicationName = "agentmemory";
            }

            var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
            builder.UseVector();
            builder.UseLoggerFactory(sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>());
            return builder.Build();
        });
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<MemoryStore>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
