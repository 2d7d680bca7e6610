using System.Text.Json.Nodes;

namespace AgentMemory.IntegrationTests.Infrastructure;

/// <summary>The Kubernetes objects of one rendered release, and the container environment a kubelet would give its pod.</summary>
public sealed class RenderedRelease(IReadOnlyList<JsonObject> objects)
{
    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Single(string kind) => Assert.Single(OfKind(kind));

    /// <summary>The one container of the Deployment's pod template.</summary>
    public JsonObject Container => (JsonObject)Assert.Single(Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!;

    /// <summary>The container port of this name.</summary>
    public int ContainerPort(string name) =>
        int.Parse((string)Container["ports"]!.AsArray().Single(p => (string?)p!["name"] == name)!["containerPort"]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The container's environment as the kubelet resolves it: plain values as written, the
    /// downward API's pod IP and name from the arguments, secret keys from the Secrets this
    /// release renders or, for Secrets it expects to exist, from <paramref name="existingSecrets"/>.
    /// Any other source fails, so a new kind of entry is noticed here rather than skipped.
    /// </summary>
    public Dictionary<string, string> PodEnvironment(string podIp, string podName, IReadOnlyDictionary<(string Secret, string Key), string>? existingSecrets = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Container["env"]!.AsArray().Select(e => e!.AsObject()))
        {
            var name = (string)entry["name"]!;
            environment[name] = entry["valueFrom"] is not JsonObject source ? (string?)entry["value"] ?? string.Empty
                : source["fieldRef"] is { } field ? (string)field["fieldPath"]! switch
                {
                    "status.podIP" => podIp,
                    "metadata.name" => podName,
                    var other => throw new InvalidOperationException($"{name}: unsupported fieldRef {other}"),
                }
                : source["secretKeyRef"] is { } secret ? SecretValue((string)secret["name"]!, (string)secret["key"]!, existingSecrets)
                : throw new InvalidOperationException($"{name}: unsupported valueFrom {source.ToJsonString()}");
        }

        return environment;
    }

    private string SecretValue(string secret, string key, IReadOnlyDictionary<(string Secret, string Key), string>? existingSecrets)
    {
        var rendered = OfKind("Secret").FirstOrDefault(s => (string?)s["metadata"]!["name"] == secret);
        if (rendered is not null)
        {
            return (string?)rendered["stringData"]?[key] ?? throw new InvalidOperationException($"Secret {secret} has no key {key}.");
        }

        return existingSecrets is not null && existingSecrets.TryGetValue((secret, key), out var value)
            ? value
            : throw new InvalidOperationException($"Secret {secret} (key {key}) is neither rendered nor given as existing.");
    }
}
