using System.Text.Json.Nodes;
using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using Grpc.Core;

namespace AgentMemory.IntegrationTests.Deployment;

/// <summary>
/// The Helm chart, checked by the real helm binary and then by the real service: a pod's
/// environment rendered by the chart starts a silo that joins the cluster in PostgreSQL and
/// answers gRPC, so a wrong setting name, port or secret reference fails here and not in a cluster.
/// </summary>
public sealed class HelmChartTests() : PrivateSchemaTests("helm")
{
    private const string ApiKey = "helm-test-key-0123456789abcdef";

    [Fact]
    public async Task The_chart_passes_helm_lint_in_strict_mode()
    {
        var (exitCode, output, error) = await HelmChart.RunAsync("lint", "--strict", HelmChart.ChartDirectory, "--set", "postgresql.existingSecret=agentmemory-db");

        Assert.True(exitCode == 0, $"helm lint failed:\n{output}\n{error}");
        Assert.Contains("0 chart(s) failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_without_a_database_fails_naming_the_values_to_set()
    {
        var (exitCode, _, error) = await HelmChart.TemplateAsync("replicaCount: 2\n");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("postgresql.existingSecret or postgresql.connectionString is required", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replicaCount: 0", "- replicaCount: Must be greater than or equal to 1")]
    [InlineData("orleans:\n  siloPort: 70000", "- orleans.siloPort: Must be less than or equal to 65535")]
    [InlineData("telemetry:\n  otlpProtocol: udp", "- telemetry.otlpProtocol: telemetry.otlpProtocol must be one of the following")]
    [InlineData("postgresql:\n  schema: Memories-2024", "- postgresql.schema: Does not match pattern")]
    [InlineData("inference:\n  endpoint: http://vllm:8000/v1", "inference.embeddingModel is required when inference.endpoint is set")]
    [InlineData("auth:\n  apiKeys:\n    - tenant: acme\n      secretName: keys", "- auth.apiKeys.0: secretKey is required")]
    public async Task Bad_values_are_rejected_naming_the_value(string values, string named)
    {
        // Two files, merged as helm merges repeated --values, so a row may set other postgresql values too.
        var (exitCode, _, error) = await HelmChart.TemplateAsync("postgresql:\n  existingSecret: agentmemory-db\n", values + "\n");

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_silo_advertises_its_pod_address_and_keeps_membership_and_reminders_in_postgresql()
    {
        var release = await HelmChart.RenderAsync("postgresql:\n  existingSecret: agentmemory-db\n");
        var env = release.Container["env"]!.AsArray().Select(e => e!.AsObject()).ToDictionary(e => (string)e["name"]!);
        var deployment = release.Single("Deployment");

        Assert.Equal("PostgreSQL", (string?)env["AgentMemory__Orleans__Clustering"]["value"]);
        Assert.Equal("PostgreSQL", (string?)env["AgentMemory__Orleans__Reminders"]["value"]);
        Assert.Equal("status.podIP", (string?)env["AgentMemory__Orleans__AdvertisedAddress"]["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("agentmemory-db", (string?)env["ConnectionStrings__AgentMemory"]["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.Equal("am-agentmemory", (string?)env["AgentMemory__Orleans__ClusterId"]["value"]);

        // Rolling updates add a silo before removing one; the PDB keeps voluntary evictions to one at a time.
        Assert.Equal("0", (string?)deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]);
        Assert.Equal("1", (string?)release.Single("PodDisruptionBudget")["spec"]!["maxUnavailable"]);

        // Silos talk pod to pod: the Service carries callers' gRPC only.
        var servicePorts = release.Single("Service")["spec"]!["ports"]!.AsArray();
        Assert.Equal(["grpc"], servicePorts.Select(p => (string?)p!["name"]));
        Assert.Equal(11111, release.ContainerPort("silo"));

        // No CPU limit (throttling stalls a silo); liveness never asks the database.
        Assert.Null(release.Container["resources"]!["limits"]!["cpu"]);
        Assert.Equal("/healthz/live", (string?)release.Container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/healthz/ready", (string?)release.Container["readinessProbe"]!["httpGet"]!["path"]);
    }

    [Fact]
    public async Task The_dashboard_ships_whole_in_a_config_map_labelled_for_grafanas_sidecar()
    {
        var release = await HelmChart.RenderAsync("postgresql:\n  existingSecret: agentmemory-db\n");
        var dashboard = release.OfKind("ConfigMap").Single(c => (string?)c["metadata"]!["name"] == "am-agentmemory-dashboard");
        var shipped = (string)dashboard["data"]!["agentmemory.json"]!;

        Assert.Equal("1", (string?)dashboard["metadata"]!["labels"]!["grafana_dashboard"]);
        Assert.Equal(
            JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(HelmChart.ChartDirectory, "dashboards", "agentmemory.json")))!.ToJsonString(),
            JsonNode.Parse(shipped)!.ToJsonString());
    }

    [Fact]
    public async Task The_network_policy_admits_only_the_releases_own_silos_to_the_silo_port()
    {
        var release = await HelmChart.RenderAsync("""
            postgresql:
              existingSecret: agentmemory-db
            networkPolicy:
              enabled: true
              grpcFrom:
                - namespaceSelector:
                    matchLabels:
                      team: agents
            """);
        var rules = release.Single("NetworkPolicy")["spec"]!["ingress"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var silo = rules.Single(r => (string?)r["ports"]![0]!["port"] == "silo");
        var grpc = rules.Single(r => (string?)r["ports"]![0]!["port"] == "grpc");
        var podSelector = release.Single("Deployment")["spec"]!["selector"]!["matchLabels"]!.ToJsonString();

        Assert.Equal(podSelector, Assert.Single(silo["from"]!.AsArray())!["podSelector"]!["matchLabels"]!.ToJsonString());
        Assert.Equal("agents", (string?)Assert.Single(grpc["from"]!.AsArray())!["namespaceSelector"]!["matchLabels"]!["team"]);
        Assert.Empty((await HelmChart.RenderAsync("postgresql:\n  existingSecret: agentmemory-db\n")).OfKind("NetworkPolicy"));
    }

    [Fact]
    public async Task Alert_rules_are_rendered_only_when_asked_for_and_filter_on_the_services_job()
    {
        var release = await HelmChart.RenderAsync("postgresql:\n  existingSecret: agentmemory-db\nalerts:\n  enabled: true\n  job: memory-prod\n  labels:\n    release: prometheus\n");
        var rule = release.Single("PrometheusRule");
        var alerts = rule["spec"]!["groups"]![0]!["rules"]!.AsArray().Select(r => r!.AsObject()).ToList();

        Assert.Equal("prometheus", (string?)rule["metadata"]!["labels"]!["release"]);
        Assert.Contains(alerts, a => (string?)a["alert"] == "AgentMemoryServerErrors" && (string?)a["labels"]!["severity"] == "critical");
        Assert.All(alerts, a => Assert.Contains("job=\"memory-prod\"", (string)a["expr"]!, StringComparison.Ordinal));
        Assert.Empty((await HelmChart.RenderAsync("postgresql:\n  existingSecret: agentmemory-db\n")).OfKind("PrometheusRule"));
    }

    [Fact]
    public async Task One_replica_gets_no_disruption_budget_that_would_block_every_node_drain()
    {
        var release = await HelmChart.RenderAsync("replicaCount: 1\npostgresql:\n  existingSecret: agentmemory-db\n");

        Assert.Empty(release.OfKind("PodDisruptionBudget"));
    }

    [Fact]
    public async Task A_pod_started_from_the_rendered_manifest_joins_the_cluster_and_serves_grpc()
    {
        var (grpcPort, httpPort, siloPort) = (LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free());
        var release = await HelmChart.RenderAsync($"""
            postgresql:
              connectionString: "{TestDatabase.ConnectionString}"
              schema: {Schema}
            service:
              grpcPort: {grpcPort}
            httpPort: {httpPort}
            orleans:
              siloPort: {siloPort}
              gatewayPort: {LoopbackPort.Free()}
            auth:
              apiKeys:
                - tenant: acme
                  secretName: am-api-keys
                  secretKey: acme
            """);
        var environment = release.PodEnvironment(podIp: "127.0.0.1", podName: "am-agentmemory-0", new Dictionary<(string, string), string> { [("am-api-keys", "acme")] = ApiKey });
        var readiness = release.Container["readinessProbe"]!["httpGet"]!;
        var liveness = release.Container["livenessProbe"]!["httpGet"]!;

        // The kubelet probes the ports by name; the Service sends gRPC to the port named grpc.
        await using var pod = await ServerProcess.StartAsync(
            environment,
            $"http://127.0.0.1:{release.ContainerPort("grpc")}",
            $"http://127.0.0.1:{release.ContainerPort((string)readiness["port"]!)}",
            (string)readiness["path"]!,
            TimeSpan.FromSeconds(90));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{release.ContainerPort((string)liveness["port"]!)}") };
        var live = await http.GetAsync((string)liveness["path"]!);

        using var anonymous = AgentMemoryClient.Create(new AgentMemoryClientOptions { Address = pod.GrpcAddress, MaxRetries = 0 });
        var refused = await Assert.ThrowsAsync<RpcException>(() => anonymous.RecallAsync("helm-user", "anything"));
        using var client = AgentMemoryClient.Create(pod.GrpcAddress, ApiKey);
        await client.RememberAsync("helm-user", [new MemoryEvent("Melanie: I signed up for a pottery class on Tuesdays.") { SessionId = "s1" }]);
        var recalled = await client.RecallAsync("helm-user", "pottery class");
        var silo = await TestDatabase.ScalarAsync<string>(Schema, "SELECT deployment_id || ' ' || address || ':' || port FROM orleans_membership WHERE status = 3");

        Assert.True(live.IsSuccessStatusCode, $"liveness answered {live.StatusCode}");
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains(recalled.Memories, m => m.Memory.Text.Contains("pottery", StringComparison.Ordinal));
        Assert.Equal($"am-agentmemory 127.0.0.1:{siloPort}", silo);
    }
}
