using System.Diagnostics;
using System.Text;

namespace AgentMemory.IntegrationTests.Infrastructure;

/// <summary>
/// The service as a separate operating-system process (the same build the test references), so
/// a test can kill it without warning, as a crash or an OOM kill would, and start it again.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, string grpcAddress, string httpAddress)
    {
        _process = process;
        GrpcAddress = grpcAddress;
        HttpAddress = httpAddress;
    }

    public string GrpcAddress { get; }

    public string HttpAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server with these settings (as environment variables) and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(string schema, IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        var grpcAddress = $"http://127.0.0.1:{LoopbackPort.Free()}";
        var httpAddress = $"http://127.0.0.1:{LoopbackPort.Free()}";
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__AgentMemory"] = TestDatabase.ConnectionString,
            ["AgentMemory__Storage__Schema"] = schema,
            ["AgentMemory__Orleans__ClusterId"] = schema,
            ["AgentMemory__Orleans__SiloPort"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgentMemory__Orleans__GatewayPort"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kestrel__Endpoints__Grpc__Url"] = grpcAddress,
            ["Kestrel__Endpoints__Grpc__Protocols"] = "Http2",
            ["Kestrel__Endpoints__Http__Url"] = httpAddress,
            ["Kestrel__Endpoints__Http__Protocols"] = "Http1",
            ["Logging__LogLevel__Default"] = "Warning",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return await StartAsync(environment, grpcAddress, httpAddress, "/healthz/ready", timeout);
    }

    /// <summary>
    /// Starts the server with exactly this environment added to the test's own (as a container's
    /// manifest would set it) and waits until <paramref name="readyPath"/> on <paramref name="httpAddress"/> answers.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string grpcAddress, string httpAddress, string readyPath, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "AgentMemory.Server.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        var server = new ServerProcess(process, grpcAddress, httpAddress);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync(readyPath, timeout ?? TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no deactivation.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(string readyPath, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri(HttpAddress), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(readyPath)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The server was not ready within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
