using System.Net;
using AgentMemory.Derivation;
using AgentMemory.Grains;
using AgentMemory.Inference;
using AgentMemory.Server.Grpc;
using AgentMemory.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace AgentMemory.Server.Hosting;

/// <summary>Composes the service: storage, inference, the co-hosted silo, gRPC and telemetry.</summary>
public static class AgentMemoryServerExtensions
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddAgentMemoryServer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddAgentMemoryInference(configuration);
        // Registered before the silo so migrations finish before any grain can activate.
        services.AddAgentMemoryStorage(configuration);
        services.AddAgentMemoryDerivation(configuration);
        services.AddAgentMemoryTelemetry(configuration);

        services.AddOptions<OrleansHostingOptions>().Bind(configuration.GetSection(OrleansHostingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();

        var orleans = configuration.GetSection(OrleansHostingOptions.SectionName).Get<OrleansHostingOptions>() ?? new OrleansHostingOptions();
        builder.UseOrleans(silo =>
        {
            UseMembership(silo, orleans);
            silo.AddActivityPropagation();
            UseReminders(silo, orleans);
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = orleans.IdleUserTimeout);
            silo.AddAgentMemoryGrains(configuration);
        });

        services.AddSingleton<CallerTenantResolver>();
        services.AddSingleton<MemoryRequestMapper>();
        services.AddSingleton<UserGrainReferences>();
        services.AddGrpc(o =>
        {
            // Outermost: the time it reports covers every other interceptor too.
            o.Interceptors.Add<ServerTimingInterceptor>();
            o.Interceptors.Add<ExceptionMappingInterceptor>();
            o.MaxReceiveMessageSize = 64 * 1024 * 1024;
        });
        services.AddGrpcReflection();
        services.AddHealthChecks()
            .AddCheck<SiloActiveHealthCheck>("silo", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("postgresql", tags: [ReadyTag]);
        services.AddGrpcHealthChecks(o => o.Services.Map(string.Empty, r => r.Tags.Contains(ReadyTag)));
        services.AddHostedService<StartupBanner>();
        return builder;
    }

    /// <summary>One silo on localhost, or a cluster whose membership is in the service's schema (migration 0007).</summary>
    private static void UseMembership(ISiloBuilder silo, OrleansHostingOptions orleans)
    {
        if (orleans.Clustering != ClusterMembership.PostgreSQL)
        {
            silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, null, orleans.ServiceId, orleans.ClusterId);
            return;
        }

        // Through the storage's data source, whose search path is the service's schema.
        silo.UseAdoNetClustering(options => options.Configure<NpgsqlDataSource>((clustering, dataSource) =>
        {
            clustering.Invariant = "Npgsql";
            clustering.DataSource = dataSource;
        }));
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (orleans.ClusterId, orleans.ServiceId));
        if (string.IsNullOrWhiteSpace(orleans.AdvertisedAddress))
        {
            silo.ConfigureEndpoints(orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: true);
            return;
        }

        var advertised = IPAddress.TryParse(orleans.AdvertisedAddress, out var address) ? address
            : throw new InvalidOperationException($"AgentMemory:Orleans:AdvertisedAddress must be an IP address (got '{orleans.AdvertisedAddress}').");
        silo.ConfigureEndpoints(advertised, orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: true);
    }

    /// <summary>
    /// Reminders keep derivation and session summaries going while a user is idle; kept in the
    /// service's schema (migration 0006, created before the silo starts) they also survive a restart.
    /// </summary>
    private static void UseReminders(ISiloBuilder silo, OrleansHostingOptions orleans)
    {
        if (orleans.Reminders == ReminderStorage.Memory)
        {
            silo.UseInMemoryReminderService();
            return;
        }

        silo.UseAdoNetReminderService(options => options.Configure<NpgsqlDataSource>((reminders, dataSource) =>
        {
            reminders.Invariant = "Npgsql";
            reminders.DataSource = dataSource;
        }));
    }

    public static WebApplication MapAgentMemoryEndpoints(this WebApplication app)
    {
        app.MapGrpcService<MemoryGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();

        // Liveness must not touch grains or the database: a slow database is not a reason to restart.
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) });
        return app;
    }
}
