using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMemory.IntegrationTests.Deployment;

/// <summary>
/// The Grafana dashboard shipped with the Helm chart (helm/agentmemory/dashboards/agentmemory.json)
/// queries Prometheus names that only exist if the service really emits the OpenTelemetry
/// instruments behind them. A renamed instrument, a changed unit or a dropped tag silently
/// empties a panel in production, so the dashboard is checked here against what a real server
/// records while it serves Remember, Recall, Forget and a rejected call.
/// </summary>
public sealed partial class DashboardTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string DatasourceUid = "${datasource}";

    // Labels every series carries without being an instrument tag: the histogram bucket bound and
    // the resource attributes service.name and service.instance.id as the translation names them.
    private static readonly HashSet<string> ResourceLabels = ["le", "job", "instance"];

    private static readonly HashSet<string> PromQlKeywords = ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"];

    private AgentMemoryClient Client => server.Client;

    [Fact]
    public async Task Every_series_the_dashboard_and_the_alerts_query_is_emitted_by_the_service()
    {
        using var recorder = new InstrumentRecorder();
        await ExerciseTheServiceAsync();
        recorder.RecordObservableInstruments();

        var byPrometheusName = new Dictionary<string, ObservedInstrument>(StringComparer.Ordinal);
        foreach (var instrument in recorder.Observed.OrderBy(i => i.Meter, StringComparer.Ordinal))
        {
            foreach (var name in PrometheusNames(instrument))
            {
                byPrometheusName.TryAdd(name, instrument);
            }
        }

        var queries = DashboardQueries(LoadDashboard()).Concat((await AlertExpressionsAsync()).Select(Parse)).ToList();
        var missing = queries.SelectMany(q => q.Metrics).Where(m => !byPrometheusName.ContainsKey(m)).Distinct().Order(StringComparer.Ordinal).ToList();
        var available = byPrometheusName.Keys.Where(n => n.StartsWith("agentmemory_", StringComparison.Ordinal) || n.StartsWith("http_", StringComparison.Ordinal) || n.StartsWith("db_", StringComparison.Ordinal) || n.StartsWith("dotnet_", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.True(missing.Count == 0, $"The dashboard or the alerts query metrics the service does not emit: {string.Join(", ", missing)}.\nEmitted (agentmemory/http/db/dotnet): {string.Join(", ", available)}");

        // A label the series do not carry makes "sum by" collapse everything into one unlabelled series.
        // "by" labels apply to every metric of the expression; a selector's labels to its own metric.
        var unknownLabels = (
            from q in queries
            from use in q.Metrics.SelectMany(m => q.Labels.Select(label => (Metric: m, Label: label))).Concat(q.Filters.Select(f => (f.Metric, f.Label)))
            let tags = byPrometheusName[use.Metric].TagKeys.Select(PrometheusLabel).ToHashSet(StringComparer.Ordinal)
            where !ResourceLabels.Contains(use.Label) && !tags.Contains(use.Label)
            select $"{use.Label} on {use.Metric} (tags seen: {string.Join(", ", tags.Order(StringComparer.Ordinal))}) in {q.Expression}").Distinct().ToList();
        Assert.True(unknownLabels.Count == 0, "The dashboard or the alerts group or filter by labels the metrics do not carry:\n" + string.Join("\n", unknownLabels));

        // A filter on a tag's value ("only the gRPC routes") must keep what the service records, or the panel is empty.
        var emptyFilters = (
            from q in queries
            from filter in q.Filters
            let metric = filter.Metric
            where !ResourceLabels.Contains(filter.Label) && filter.Operator is "=" or "=~"
            let seen = byPrometheusName[metric].TagValues.Where(t => PrometheusLabel(t.Key) == filter.Label).SelectMany(t => t.Value).ToList()
            where !seen.Any(value => filter.Operator == "=" ? value == filter.Value : Regex.IsMatch(value, $"^(?:{filter.Value})$"))
            select $"{filter.Label}{filter.Operator}\"{filter.Value}\" on {metric} keeps none of: {string.Join(", ", seen)}").Distinct().ToList();
        Assert.True(emptyFilters.Count == 0, "The dashboard or the alerts filter on values the service never records:\n" + string.Join("\n", emptyFilters));
    }

    [Fact]
    public async Task A_rejected_call_is_counted_as_a_failure_with_its_method_and_status()
    {
        using var recorder = new InstrumentRecorder();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.RecallAsync(NewUser(), ""));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        // Other test classes run servers of their own in this process; only this server's meter counts.
        var meters = server.Services.GetRequiredService<IMeterFactory>();
        var failures = recorder.Measurements.Where(m => m.Instrument.Name == "agentmemory.rpc.failures" && ReferenceEquals(m.Instrument.Meter.Scope, meters)).ToList();
        Assert.Contains(failures, m => Equals(m.Tags.GetValueOrDefault("rpc.method"), "Recall") && Equals(m.Tags.GetValueOrDefault("rpc.grpc.status_code"), (int)StatusCode.InvalidArgument) && m.Value == 1);
    }

    [Fact]
    public void Every_panel_queries_the_selected_datasource_job_and_instances()
    {
        using var dashboard = LoadDashboard();
        var root = dashboard.RootElement;
        var panels = Panels(root.GetProperty("panels")).ToList();

        Assert.Equal("agentmemory", root.GetProperty("uid").GetString());
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(panels.Where(p => p.GetProperty("type").GetString() != "row"), panel =>
        {
            var title = panel.GetProperty("title").GetString();
            Assert.True(panel.TryGetProperty("targets", out var targets) && targets.GetArrayLength() > 0, $"panel '{title}' has no target");
            Assert.True(DatasourceUid == panel.GetProperty("datasource").GetProperty("uid").GetString(), $"panel '{title}' does not use ${{datasource}}");
            Assert.All(targets.EnumerateArray(), target =>
            {
                Assert.True(DatasourceUid == target.GetProperty("datasource").GetProperty("uid").GetString(), $"a target of '{title}' does not use ${{datasource}}");
                var expr = target.GetProperty("expr").GetString() ?? string.Empty;
                foreach (var selector in Selector().Matches(expr).Cast<Match>())
                {
                    var matchers = selector.Groups["matchers"].Value;
                    Assert.True(matchers.Contains("job=\"$job\"", StringComparison.Ordinal) && matchers.Contains("instance=~\"$instance\"", StringComparison.Ordinal), $"'{title}': {selector.Value} does not filter on job and instance");
                }
            });
        });

        // Grafana shows "definition" in the variable editor but runs "query": they must not drift apart.
        Assert.All(root.GetProperty("templating").GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"), variable =>
            Assert.Equal(variable.GetProperty("query").GetString(), variable.GetProperty("definition").GetString()));

        // Panels overlapping on Grafana's 24-column grid are pushed around on load and the layout is lost.
        var boxes = panels.Select(p => (Title: p.GetProperty("title").GetString(), Grid: p.GetProperty("gridPos"))).Select(p => (p.Title, X: p.Grid.GetProperty("x").GetInt32(), Y: p.Grid.GetProperty("y").GetInt32(), W: p.Grid.GetProperty("w").GetInt32(), H: p.Grid.GetProperty("h").GetInt32())).ToList();
        Assert.All(boxes, b => Assert.True(b.X >= 0 && b.X + b.W <= 24, $"'{b.Title}' is wider than the grid"));
        var overlaps = boxes.SelectMany((a, i) => boxes.Skip(i + 1).Where(b => a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H).Select(b => $"'{a.Title}' and '{b.Title}'")).ToList();
        Assert.True(overlaps.Count == 0, "Overlapping panels: " + string.Join(", ", overlaps));
    }

    /// <summary>The expressions of the chart's alert rules (alerts.enabled), as rendered.</summary>
    private static async Task<List<string>> AlertExpressionsAsync()
    {
        var release = await HelmChart.RenderAsync("postgresql:\n  existingSecret: agentmemory-db\nalerts:\n  enabled: true\n");
        var rules = release.Single("PrometheusRule")["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray());
        return [.. rules.Select(r => (string)r!["expr"]!)];
    }

    /// <summary>Every path the dashboard draws: remember (activation, events, the grain histogram), recall, forget, one rejected call; each writes or reads PostgreSQL through Npgsql.</summary>
    private async Task ExerciseTheServiceAsync()
    {
        var user = NewUser();
        var stored = await Client.RememberAsync(user, [new MemoryEvent("Dana moved to Lisbon in March"), new MemoryEvent("Dana adopted a grey cat called Miso")]);
        await Client.RecallAsync(user, "Where does Dana live?");
        await Client.ListAsync(user);
        Assert.True(await Client.ForgetAsync(user, [stored.Results[0].MemoryId]) > 0);
        var rejected = await Assert.ThrowsAsync<RpcException>(() => Client.RecallAsync(user, ""));
        Assert.Equal(StatusCode.InvalidArgument, rejected.StatusCode);
    }

    /// <summary>
    /// OpenTelemetry names as Prometheus sees them through the Collector's prometheus and
    /// prometheusremotewrite exporters or Prometheus's OTLP receiver with the default translation:
    /// characters outside [a-zA-Z0-9_:] become '_' (runs collapse); the unit becomes a suffix unless
    /// the name already has it (s → seconds, By → bytes, ms → milliseconds, "X/Y" → X_per_Y; a
    /// {annotation} adds nothing; "1" adds "ratio" on gauges only); monotonic counters end in
    /// _total; histograms are exposed as _bucket (label le), _sum and _count; up-down counters
    /// become plain gauges.
    /// </summary>
    private static IEnumerable<string> PrometheusNames(ObservedInstrument instrument)
    {
        var tokens = NonNameCharacters().Split(instrument.Name).Where(t => t.Length > 0).ToList();
        var isGauge = instrument.Kind is "ObservableGauge" or "Gauge";
        var unit = Annotation().Replace(instrument.Unit ?? string.Empty, string.Empty);
        var suffix = unit switch
        {
            "" => string.Empty,
            "1" => isGauge ? "ratio" : string.Empty,
            _ when unit.Split('/') is [var main, var per] => string.Join("_per_", new[] { UnitWord(main), PerUnitWord(per) }.Where(w => w.Length > 0)),
            _ => UnitWord(unit),
        };
        foreach (var word in suffix.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!tokens.Contains(word))
            {
                tokens.Add(word);
            }
        }

        var name = string.Join('_', tokens);
        return instrument.Kind switch
        {
            "Histogram" => [name + "_bucket", name + "_sum", name + "_count"],
            "Counter" or "ObservableCounter" => [name.EndsWith("_total", StringComparison.Ordinal) ? name : name + "_total"],
            _ => [name],
        };

        static string UnitWord(string unit) => unit switch
        {
            "d" => "days", "h" => "hours", "min" => "minutes", "s" => "seconds", "ms" => "milliseconds", "us" => "microseconds", "ns" => "nanoseconds",
            "By" => "bytes", "KiBy" => "kibibytes", "MiBy" => "mebibytes", "GiBy" => "gibibytes", "KBy" => "kilobytes", "MBy" => "megabytes", "GBy" => "gigabytes",
            "%" => "percent", "1" => string.Empty,
            _ => NonNameCharacters().Replace(unit, "_"),
        };

        static string PerUnitWord(string unit) => unit switch
        {
            "s" => "second", "m" => "minute", "h" => "hour", "d" => "day", "w" => "week", "mo" => "month", "y" => "year",
            _ => NonNameCharacters().Replace(unit, "_"),
        };
    }

    /// <summary>Attribute keys translate like names, without suffixes: rpc.method → rpc_method.</summary>
    private static string PrometheusLabel(string tagKey) => NonLabelCharacters().Replace(tagKey, "_");

    /// <summary>The metrics and labels each expression (and each templating query) of the dashboard uses.</summary>
    private static IEnumerable<DashboardQuery> DashboardQueries(JsonDocument dashboard)
    {
        var root = dashboard.RootElement;
        foreach (var target in Panels(root.GetProperty("panels")).Where(p => p.TryGetProperty("targets", out _)).SelectMany(p => p.GetProperty("targets").EnumerateArray()))
        {
            yield return Parse(target.GetProperty("expr").GetString() ?? string.Empty);
        }

        foreach (var variable in root.GetProperty("templating").GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
        {
            var query = variable.GetProperty("query").GetString() ?? string.Empty;
            var labelValues = LabelValues().Match(query);
            Assert.True(labelValues.Success, $"templating query '{query}' is not label_values(metric, label)");
            var inner = Parse(labelValues.Groups["selector"].Value);
            yield return inner with { Expression = query, Labels = [.. inner.Labels, labelValues.Groups["label"].Value] };
        }
    }

    /// <summary>
    /// Label matchers, range selectors and by/without/on/ignoring clauses are blanked out first;
    /// what is left are functions (followed by '('), keywords, numbers and the metric names.
    /// </summary>
    private static DashboardQuery Parse(string expr)
    {
        var labels = new List<string>();
        foreach (var clause in Grouping().Matches(expr).Cast<Match>().Where(m => m.Groups["keyword"].Value == "by"))
        {
            labels.AddRange(clause.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        var filters = new List<LabelFilter>();
        foreach (var selector in Selector().Matches(expr).Cast<Match>())
        {
            foreach (var matcher in Matcher().Matches(selector.Groups["matchers"].Value).Cast<Match>())
            {
                // A PromQL string escapes its backslashes: "\\." is the regex \. .
                filters.Add(new LabelFilter(selector.Groups["metric"].Value, matcher.Groups["label"].Value, matcher.Groups["op"].Value, matcher.Groups["value"].Value.Replace(@"\\", @"\", StringComparison.Ordinal)));
            }
        }

        var blanked = Grouping().Replace(expr, " ");
        blanked = Braces().Replace(blanked, " ");
        blanked = Range().Replace(blanked, " ");
        var metrics = Identifier().Matches(blanked).Cast<Match>()
            .Where(m => !blanked[(m.Index + m.Length)..].TrimStart().StartsWith('('))
            .Select(m => m.Value)
            .Where(name => !PromQlKeywords.Contains(name.ToLowerInvariant()))
            .Distinct()
            .ToList();
        return new DashboardQuery(expr, metrics, labels.Distinct().ToList(), filters);
    }

    private static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            // A collapsed row carries its panels inside it.
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in Panels(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static JsonDocument LoadDashboard() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(HelmChart.ChartDirectory, "dashboards", "agentmemory.json")));

    private static string NewUser() => "dash-" + Guid.NewGuid().ToString("N")[..12];

    [GeneratedRegex(@"[^a-zA-Z0-9:]+")]
    private static partial Regex NonNameCharacters();

    [GeneratedRegex(@"[^a-zA-Z0-9_]")]
    private static partial Regex NonLabelCharacters();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Annotation();

    [GeneratedRegex(@"(?<![\w:])(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{(?<matchers>[^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?<op>=~|!~|!=|=)\s*""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\b(?<keyword>by|without|on|ignoring|group_left|group_right)\s*\((?<labels>[^)]*)\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"(?<![\w:$.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\s*label_values\(\s*(?<selector>[a-zA-Z_:][a-zA-Z0-9_:]*\s*(?:\{[^}]*\})?)\s*,\s*(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$")]
    private static partial Regex LabelValues();

    private sealed record DashboardQuery(string Expression, IReadOnlyList<string> Metrics, IReadOnlyList<string> Labels, IReadOnlyList<LabelFilter> Filters);

    /// <summary>A label matcher of one selector: <paramref name="Metric"/>{<paramref name="Label"/><paramref name="Operator"/>"<paramref name="Value"/>"}.</summary>
    private sealed record LabelFilter(string Metric, string Label, string Operator, string Value);

    private sealed record ObservedInstrument(string Meter, string Name, string? Unit, string Kind, IReadOnlyDictionary<string, IReadOnlySet<string>> TagValues)
    {
        public IEnumerable<string> TagKeys => TagValues.Keys;
    }

    private sealed record RecordedMeasurement(Instrument Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>
    /// Listens to every instrument of every meter in the test process: a listener is told about
    /// instruments published before it started, so the fixture's server needs no hook. Keeps the
    /// tags (keys and values) of everything measured, and whole measurements of the service's own meter.
    /// </summary>
    private sealed class InstrumentRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<Instrument, ConcurrentDictionary<string, ConcurrentDictionary<string, bool>>> _tagValues = new();
        private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();

        public InstrumentRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument);
            _listener.SetMeasurementEventCallback<byte>((i, v, tags, _) => Record(i, v, tags));
            _listener.SetMeasurementEventCallback<short>((i, v, tags, _) => Record(i, v, tags));
            _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
            _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
            _listener.SetMeasurementEventCallback<decimal>((i, v, tags, _) => Record(i, (double)v, tags));
            _listener.Start();
        }

        /// <summary>Instruments that recorded at least one measurement: one never measured exports nothing.</summary>
        public IReadOnlyList<ObservedInstrument> Observed =>
            _tagValues.GroupBy(p => (p.Key.Meter.Name, p.Key.Name))
                .Select(g => new ObservedInstrument(g.Key.Item1, g.Key.Item2, g.First().Key.Unit, KindOf(g.First().Key), g.SelectMany(p => p.Value)
                    .GroupBy(t => t.Key, StringComparer.Ordinal)
                    .ToDictionary(t => t.Key, t => (IReadOnlySet<string>)t.SelectMany(v => v.Value.Keys).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal)))
                .ToList();

        public IReadOnlyCollection<RecordedMeasurement> Measurements => _measurements;

        public void RecordObservableInstruments() => _listener.RecordObservableInstruments();

        public void Dispose() => _listener.Dispose();

        private static string KindOf(Instrument instrument)
        {
            for (var type = instrument.GetType(); type is not null; type = type.BaseType)
            {
                if (type.IsGenericType)
                {
                    return type.GetGenericTypeDefinition().Name.Split('`')[0];
                }
            }

            return instrument.GetType().Name;
        }

        private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            where T : struct
        {
            var values = _tagValues.GetOrAdd(instrument, _ => new ConcurrentDictionary<string, ConcurrentDictionary<string, bool>>(StringComparer.Ordinal));
            foreach (var tag in tags)
            {
                values.GetOrAdd(tag.Key, _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal))
                    .TryAdd(Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, true);
            }

            if (instrument.Meter.Name == AgentMemory.Grains.MemoryTelemetry.Name)
            {
                var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var tag in tags)
                {
                    copy[tag.Key] = tag.Value;
                }

                _measurements.Enqueue(new RecordedMeasurement(instrument, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
            }
        }
    }
}
