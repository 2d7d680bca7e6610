using System.Diagnostics;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace AgentMemory.IntegrationTests.Infrastructure;

/// <summary>
/// The chart in helm/agentmemory, linted and rendered by the real helm 3 binary that
/// tools/setup-helm provides (tools/test exports its path as AGENTMEMORY_HELM).
/// </summary>
public static class HelmChart
{
    /// <summary>The Kubernetes version templates are rendered for; helm 3.6's own default (1.20) is below the chart's kubeVersion.</summary>
    public const string KubeVersion = "1.29.0";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ChartDirectory => Path.Combine(RepositoryRoot, "helm", "agentmemory");

    /// <summary>Runs helm with these arguments and returns its exit code and output; never throws for a failing exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(HelmBinary())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("helm did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Renders a release named "am" with these values files (YAML, later ones merged over earlier
    /// ones, as repeated <c>--values</c> are) over the chart's defaults; a failing render throws with helm's message.
    /// </summary>
    public static async Task<RenderedRelease> RenderAsync(params string[] valuesYaml)
    {
        var (exitCode, output, error) = await TemplateAsync(valuesYaml);
        return exitCode == 0 ? new RenderedRelease(ParseDocuments(output)) : throw new InvalidOperationException($"helm template failed:\n{error}");
    }

    /// <summary>Runs helm template with these values files and returns what helm said, for renders that are meant to fail.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> TemplateAsync(params string[] valuesYaml)
    {
        var files = new List<string>();
        try
        {
            List<string> arguments = ["template", "am", ChartDirectory, "--kube-version", KubeVersion];
            foreach (var values in valuesYaml)
            {
                var file = Path.GetTempFileName();
                files.Add(file);
                await File.WriteAllTextAsync(file, values);
                arguments.AddRange(["--values", file]);
            }

            return await RunAsync([.. arguments]);
        }
        finally
        {
            files.ForEach(File.Delete);
        }
    }

    /// <summary>Each YAML document of a multi-document stream as JSON (every scalar a string, as YAML leaves it untyped).</summary>
    private static List<JsonObject> ParseDocuments(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var documents = new List<JsonObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (ToJson(deserializer.Deserialize<object?>(parser)) is JsonObject document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(entry => KeyValuePair.Create(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!, ToJson(entry.Value)))),
        IList<object?> list => new JsonArray([.. list.Select(ToJson)]),
        _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static string HelmBinary()
    {
        if (Environment.GetEnvironmentVariable("AGENTMEMORY_HELM") is { Length: > 0 } configured)
        {
            return configured;
        }

        var provided = Path.Combine(RepositoryRoot, "artifacts", "tools", "helm-3.6.2", "helm");
        return File.Exists(provided)
            ? provided
            : throw new InvalidOperationException($"No helm binary: run tools/setup-helm (tools/test does) or set AGENTMEMORY_HELM. Looked for {provided}.");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgentMemory.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AgentMemory.sln not found above {AppContext.BaseDirectory}.");
    }
}
