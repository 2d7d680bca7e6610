using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentMemory.Client;
using AgentMemory.Tooling;
using AgentMemory.Protocol.V1;
using Grpc.Core;

namespace AgentMemory.LoadGenerator;

/// <summary>
/// Runs one load test: optional seeding, a warmup, then a measured phase in which
/// <see cref="LoadOptions.Concurrency"/> callers issue calls back to back until the duration or the
/// request count is reached. Calls in flight at the end finish and count; nothing is cancelled.
/// Latency is client-side (Stopwatch around each call) for successful calls; failures are counted by
/// status code. Calls are never retried, so every failure is visible.
/// </summary>
internal sealed class LoadRunner(LoadOptions options, IAgentMemoryClient client, TextWriter output)
{
    private const int SentencePool = 50_000;

    private readonly string _runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3));
    private string[] _sentences = [];
    private string[] _queries = [];
    private string[] _users = [];
    private long _keyCounter;

    public OperationStats RecallStats { get; } = new();
    public OperationStats RememberStats { get; } = new();
    public TimeSpan Measured { get; private set; }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var prefix = options.UserPrefix ?? $"loadgen-{_runId}";
        _users = Enumerable.Range(0, options.Users).Select(i => $"{prefix}-{i}").ToArray();
        var text = new SyntheticText(options.Seed);
        _sentences = Enumerable.Range(0, SentencePool).Select(_ => text.NextSentence()).ToArray();
        _queries = Enumerable.Range(0, 5_000).Select(_ => text.NextQuery()).ToArray();

        output.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "loadgen: {0} against {1}: {2} callers, {3} measured after {4:0.#} s warmup; {5} user(s) ({6}-*), batch {7}, k {8}, recall mode {9}",
            options.Mode.ToString().ToLowerInvariant(), options.Address, options.Concurrency,
            options.Requests is { } n ? $"up to {n} calls or {options.Duration.TotalSeconds:0.#} s" : $"{options.Duration.TotalSeconds:0.#} s",
            options.Warmup.TotalSeconds, options.Users, prefix, options.Batch, options.K, options.RecallMode));

        try
        {
            await client.ListAsync(_users[0], new ListOptions { PageSize = 1 }, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            output.WriteLine($"loadgen: the service does not answer: {ex.Describe()}");
            return 1;
        }

        if (options.Mode == LoadMode.Derive)
        {
            return await DeriveAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (options.Mode != LoadMode.Remember && options.SeedMemories > 0)
            {
                await SeedAsync(cancellationToken).ConfigureAwait(false);

                // Recall is measured on the derived state (facts and the knowledge graph in
                // place), not while derivation of the seed competes for the same grains.
                var started = Stopwatch.GetTimestamp();
                var caughtUp = await FlushAllAsync(cancellationToken).ConfigureAwait(false);
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "derived the seed in {0:0.0} s{1}",
                    Stopwatch.GetElapsedTime(started).TotalSeconds, caughtUp ? string.Empty : " (not caught up: derivation still running)"));

                // Derivation adds facts and summaries to the events seeded, about as many again: say how
                // many memories a recall ranks, which is what the recall targets are stated in.
                var memories = 0;
                await foreach (var _ in client.ListAllAsync(_users[0], new ListOptions { PageSize = 1000 }, cancellationToken).ConfigureAwait(false))
                {
                    memories++;
                }

                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} holds {1} memories: {2} events and {3} derived",
                    _users[0], memories, options.SeedMemories, memories - options.SeedMemories));
            }

            if (options.Warmup > TimeSpan.Zero)
            {
                await RunPhaseAsync(options.Warmup, null, null, null, cancellationToken).ConfigureAwait(false);
            }

            Measured = await RunPhaseAsync(options.Duration, options.Requests, RecallStats, RememberStats, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ForgetUsersAsync().ConfigureAwait(false);
        }

        var summary = Summary();
        output.Write(Report());
        var json = JsonSerializer.Serialize(summary);
        output.WriteLine(json);
        if (options.JsonPath is not null)
        {
            await File.WriteAllTextAsync(options.JsonPath, json + "\n", cancellationToken).ConfigureAwait(false);
        }

        var successes = RecallStats.Calls - RecallStats.ErrorCount + RememberStats.Calls - RememberStats.ErrorCount;
        return successes > 0 ? 0 : 1;
    }

    /// <summary>
    /// Derivation throughput: remember the seed events into every user, then flush each user and
    /// report events derived per second, end to end (from the first Remember to the last flush).
    /// </summary>
    private async Task<int> DeriveAsync(CancellationToken cancellationToken)
    {
        var total = (long)options.SeedMemories * _users.Length;
        try
        {
            var started = Stopwatch.GetTimestamp();
            await SeedAsync(cancellationToken).ConfigureAwait(false);
            var remembered = Stopwatch.GetElapsedTime(started);
            var caughtUp = await FlushAllAsync(cancellationToken).ConfigureAwait(false);
            var derived = Stopwatch.GetElapsedTime(started);
            Measured = derived;
            var perSecond = total / Math.Max(derived.TotalSeconds, 1e-9);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "derive: {0} events in {1} user(s) remembered in {2:0.00} s and derived by {3:0.00} s: {4:0} events/s end to end{5}",
                total, _users.Length, remembered.TotalSeconds, derived.TotalSeconds, perSecond, caughtUp ? string.Empty : " (a flush timed out)"));
            var json = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["tool"] = "loadgen",
                ["mode"] = "derive",
                ["address"] = options.Address,
                ["users"] = options.Users,
                ["events"] = total,
                ["remember_s"] = Math.Round(remembered.TotalSeconds, 3),
                ["derived_s"] = Math.Round(derived.TotalSeconds, 3),
                ["events_per_s"] = Math.Round(perSecond, 1),
                ["caught_up"] = caughtUp,
            });
            output.WriteLine(json);
            if (options.JsonPath is not null)
            {
                await File.WriteAllTextAsync(options.JsonPath, json + "\n", cancellationToken).ConfigureAwait(false);
            }

            return caughtUp ? 0 : 1;
        }
        finally
        {
            await ForgetUsersAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits until derivation has caught up for every user; false when one did not within the time allowed.</summary>
    private async Task<bool> FlushAllAsync(CancellationToken cancellationToken)
    {
        var caughtUp = await Task.WhenAll(_users.Select(u => client.FlushAsync(u, TimeSpan.FromMinutes(9), cancellationToken))).ConfigureAwait(false);
        return caughtUp.All(c => c);
    }

    /// <summary>Forgets the run's users unless --keep; a failure is reported and does not hide the run's result.</summary>
    private async Task ForgetUsersAsync()
    {
        if (options.Keep)
        {
            return;
        }

        foreach (var user in _users)
        {
            try
            {
                await client.ForgetUserAsync(user, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                output.WriteLine($"warning: could not forget {user}: {ex.Describe()}");
            }
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var batches = _users.SelectMany(u => Enumerable.Range(0, (options.SeedMemories + options.Batch - 1) / options.Batch)
            .Select(b => (User: u, Offset: b * options.Batch))).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(8, options.Concurrency), CancellationToken = cancellationToken },
            async (b, ct) =>
            {
                var count = Math.Min(options.Batch, options.SeedMemories - b.Offset);
                await client.RememberAsync(b.User, Events(count, b.Offset), ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var total = (long)options.SeedMemories * _users.Length;
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "seeded {0} events into {1} user(s) in {2:0.0} s ({3:0} events/s, batches of {4}, 8 in flight)",
            total, _users.Length, seconds, total / Math.Max(seconds, 1e-9), options.Batch));
    }

    private List<MemoryEvent> Events(int count, long offset)
    {
        var events = new List<MemoryEvent>(count);
        var baseTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref _keyCounter);
            var sentence = _sentences[(int)((offset + i) % _sentences.Length)];
            events.Add(new MemoryEvent
            {
                Text = sentence,
                Speaker = sentence[..Math.Max(1, sentence.IndexOf(' ', StringComparison.Ordinal))],
                Role = (n & 1) == 0 ? Role.User : Role.Assistant,
                SessionId = string.Create(CultureInfo.InvariantCulture, $"s{(offset + i) / 50}"),
                EventTime = baseTime.AddSeconds(offset + i),
                IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"lg:{_runId}:{n}"),
            });
        }

        return events;
    }

    private async Task<TimeSpan> RunPhaseAsync(TimeSpan duration, long? requests, OperationStats? recall, OperationStats? remember, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long issued = 0;
        var recallOptions = new RecallOptions
        {
            K = options.K,
            Mode = options.RecallMode switch
            {
                "dense" => RecallMode.Dense,
                "lexical" => RecallMode.Lexical,
                "graph" => RecallMode.Graph,
                _ => RecallMode.Hybrid,
            },
        };

        async Task Worker(int worker)
        {
            var random = new Random(HashCode.Combine(options.Seed, worker, recall is null));
            var recallLatencies = new List<long>(1024);
            var rememberLatencies = new List<long>(256);

            // The service's own times of the same calls, where it reports them.
            var recallAtServer = new List<long>(1024);
            var rememberAtServer = new List<long>(256);
            var serverTiming = ServerTimingRecorder.Track();
            var recallErrors = new Dictionary<string, long>(StringComparer.Ordinal);
            var rememberErrors = new Dictionary<string, long>(StringComparer.Ordinal);
            long events = 0;
            while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < stopAt)
            {
                if (requests is { } limit && Interlocked.Increment(ref issued) > limit)
                {
                    break;
                }

                var isRemember = options.Mode switch
                {
                    LoadMode.Remember => true,
                    LoadMode.Recall => false,
                    _ => random.NextDouble() < options.RememberShare,
                };
                var user = _users[random.Next(_users.Length)];
                var batch = isRemember ? Events(options.Batch, random.Next(_sentences.Length)) : null;
                var query = isRemember ? null : _queries[random.Next(_queries.Length)];
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    if (isRemember)
                    {
                        await client.RememberAsync(user, batch!, cancellationToken).ConfigureAwait(false);
                        rememberLatencies.Add(Stopwatch.GetTimestamp() - t0);
                        AddServerTime(rememberAtServer, serverTiming);
                        events += batch!.Count;
                    }
                    else
                    {
                        await client.RecallAsync(user, query!, recallOptions, cancellationToken).ConfigureAwait(false);
                        recallLatencies.Add(Stopwatch.GetTimestamp() - t0);
                        AddServerTime(recallAtServer, serverTiming);
                    }
                }
                catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    var errors = isRemember ? rememberErrors : recallErrors;
                    var code = ex.StatusCode.ToString();
                    errors[code] = errors.GetValueOrDefault(code) + 1;
                }
            }

            recall?.Merge(recallLatencies, recallAtServer, recallErrors, 0);
            remember?.Merge(rememberLatencies, rememberAtServer, rememberErrors, events);
        }

        static void AddServerTime(List<long> times, ServerTimingSlot slot)
        {
            if (slot.Milliseconds is { } milliseconds)
            {
                times.Add((long)(milliseconds * Stopwatch.Frequency / 1000));
            }
        }

        var workers = Enumerable.Range(0, options.Concurrency).Select(i => Task.Run(() => Worker(i), CancellationToken.None)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    public Dictionary<string, object?> Summary()
    {
        var seconds = Math.Max(Measured.TotalSeconds, 1e-9);
        var ops = new Dictionary<string, object?>();
        foreach (var (name, stats, isRemember) in new[] { ("recall", RecallStats, false), ("remember", RememberStats, true) })
        {
            if (stats.Calls == 0)
            {
                continue;
            }

            var latency = stats.Summarize();
            var entry = new Dictionary<string, object?>
            {
                ["calls"] = stats.Calls,
                ["ok"] = stats.Calls - stats.ErrorCount,
                ["errors"] = stats.Errors.ToDictionary(p => p.Key, p => p.Value),
                ["calls_per_s"] = Math.Round((stats.Calls - stats.ErrorCount) / seconds, 1),
                ["p50_ms"] = Math.Round(latency.P50, 3),
                ["p95_ms"] = Math.Round(latency.P95, 3),
                ["p99_ms"] = Math.Round(latency.P99, 3),
                ["max_ms"] = Math.Round(latency.Max, 3),
                ["mean_ms"] = Math.Round(latency.Mean, 3),
            };
            var atServer = stats.SummarizeAtServer();
            if (atServer.Count > 0)
            {
                entry["server_calls"] = atServer.Count;
                entry["server_p50_ms"] = Math.Round(atServer.P50, 3);
                entry["server_p95_ms"] = Math.Round(atServer.P95, 3);
                entry["server_p99_ms"] = Math.Round(atServer.P99, 3);
                entry["server_max_ms"] = Math.Round(atServer.Max, 3);
            }

            if (isRemember)
            {
                entry["events"] = stats.Events;
                entry["events_per_s"] = Math.Round(stats.Events / seconds, 1);
            }

            ops[name] = entry;
        }

        return new Dictionary<string, object?>
        {
            ["tool"] = "loadgen",
            ["mode"] = options.Mode.ToString().ToLowerInvariant(),
            ["address"] = options.Address,
            ["concurrency"] = options.Concurrency,
            ["users"] = options.Users,
            ["batch"] = options.Batch,
            ["k"] = options.K,
            ["recall_mode"] = options.RecallMode,
            ["seed_memories"] = options.Mode == LoadMode.Remember ? 0 : options.SeedMemories,
            ["duration_s"] = Math.Round(Measured.TotalSeconds, 3),
            ["ops"] = ops,
        };
    }

    public string Report()
    {
        var sb = new System.Text.StringBuilder();
        var seconds = Math.Max(Measured.TotalSeconds, 1e-9);
        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "measured {0:0.00} s", Measured.TotalSeconds));
        foreach (var (name, stats, isRemember) in new[] { ("recall", RecallStats, false), ("remember", RememberStats, true) })
        {
            if (stats.Calls == 0)
            {
                continue;
            }

            var l = stats.Summarize();
            var ok = stats.Calls - stats.ErrorCount;
            sb.Append(string.Format(CultureInfo.InvariantCulture, "{0,-9} calls {1}, errors {2}, {3:0.0} calls/s", name + ":", stats.Calls, stats.ErrorCount, ok / seconds));
            if (isRemember)
            {
                sb.Append(string.Format(CultureInfo.InvariantCulture, ", {0:0} events/s", stats.Events / seconds));
            }

            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "; latency ms p50 {0:0.00}, p95 {1:0.00}, p99 {2:0.00}, max {3:0.00} (ok calls)", l.P50, l.P95, l.P99, l.Max));
            var atServer = stats.SummarizeAtServer();
            if (atServer.Count > 0)
            {
                sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "          at the server ({0} calls timed by the service): p50 {1:0.00}, p95 {2:0.00}, p99 {3:0.00}, max {4:0.00} ms",
                    atServer.Count, atServer.P50, atServer.P95, atServer.P99, atServer.Max));
            }

            if (stats.ErrorCount > 0)
            {
                sb.AppendLine("          errors by status: " + string.Join(", ", stats.Errors.OrderByDescending(p => p.Value).Select(p => $"{p.Key}={p.Value}")));
            }
        }

        return sb.ToString();
    }
}
