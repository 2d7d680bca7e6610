using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentMemory.Cli.Evaluation;

/// <summary>Renders evaluation results: the JSON report and the text tables.</summary>
internal static class EvalReport
{
    public static readonly IReadOnlyDictionary<int, string> CategoryNames = new Dictionary<int, string>
    {
        [1] = "multi-hop",
        [2] = "temporal",
        [3] = "open-domain",
        [4] = "single-hop",
        [5] = "adversarial",
    };

    /// <summary>
    /// {"systems": {"&lt;name&gt;": {"overall": {metrics…, "questions": n}, "by_category": {"1": {…}, …}}, …}},
    /// systems in the order given, categories ascending, metrics in <see cref="MetricSummary.Named"/> order.
    /// </summary>
    public static string ToJson(IReadOnlyList<(string Name, MetricsAccumulator Metrics)> systems)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("systems");
            foreach (var (name, metrics) in systems)
            {
                writer.WriteStartObject(name);
                writer.WritePropertyName("overall");
                WriteSummary(writer, metrics.Overall());
                writer.WriteStartObject("by_category");
                foreach (var (category, summary) in metrics.ByCategory())
                {
                    writer.WritePropertyName(category.ToString(CultureInfo.InvariantCulture));
                    WriteSummary(writer, summary);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One table: a row per category and one for all questions.</summary>
    public static string Table(string title, MetricsAccumulator metrics)
    {
        var sb = new StringBuilder();
        sb.AppendLine(title);
        var header = string.Format(CultureInfo.InvariantCulture, "  {0,-16} {1,5}", "category", "n");
        header += string.Concat(RetrievalMetrics.TurnKs.Select(k => string.Format(CultureInfo.InvariantCulture, " {0,6}", $"T@{k}")));
        header += " |";
        header += string.Concat(RetrievalMetrics.SessionKs.Select(k => string.Format(CultureInfo.InvariantCulture, " {0,6}", $"S@{k}")));
        sb.AppendLine(header);
        foreach (var (category, summary) in metrics.ByCategory())
        {
            var label = CategoryNames.TryGetValue(category, out var n) ? $"{category} {n}" : category.ToString(CultureInfo.InvariantCulture);
            sb.AppendLine(Row(label, summary));
        }

        sb.AppendLine(Row("overall", metrics.Overall()));
        return sb.ToString();
    }

    /// <summary>Side by side: one row per category and overall, the chosen metrics of every system.</summary>
    public static string Comparison(IReadOnlyList<(string Name, MetricsAccumulator Metrics)> systems, IReadOnlyList<string> metricNames)
    {
        var sb = new StringBuilder();
        var header = string.Format(CultureInfo.InvariantCulture, "  {0,-16} {1,5}", "category", "n");
        foreach (var metric in metricNames)
        {
            foreach (var (name, _) in systems)
            {
                header += string.Format(CultureInfo.InvariantCulture, " {0,22}", $"{name} {Short(metric)}");
            }
        }

        sb.AppendLine(header);
        var categories = systems.SelectMany(s => s.Metrics.ByCategory().Keys).Distinct().Order().ToList();
        foreach (var category in categories)
        {
            var label = CategoryNames.TryGetValue(category, out var n) ? $"{category} {n}" : category.ToString(CultureInfo.InvariantCulture);
            var count = systems[0].Metrics.ByCategory().TryGetValue(category, out var s0) ? s0.Questions : 0;
            var line = string.Format(CultureInfo.InvariantCulture, "  {0,-16} {1,5}", label, count);
            foreach (var metric in metricNames)
            {
                foreach (var (_, m) in systems)
                {
                    var value = m.ByCategory().TryGetValue(category, out var s) ? Value(s, metric) : double.NaN;
                    line += string.Format(CultureInfo.InvariantCulture, " {0,22:0.000}", value);
                }
            }

            sb.AppendLine(line);
        }

        var overall = string.Format(CultureInfo.InvariantCulture, "  {0,-16} {1,5}", "overall", systems[0].Metrics.Overall().Questions);
        foreach (var metric in metricNames)
        {
            foreach (var (_, m) in systems)
            {
                overall += string.Format(CultureInfo.InvariantCulture, " {0,22:0.000}", Value(m.Overall(), metric));
            }
        }

        sb.AppendLine(overall);
        return sb.ToString();
    }

    public static double Value(MetricSummary summary, string metric) =>
        summary.Named().First(p => p.Key == metric).Value;

    private static string Short(string metric) => metric.Replace("turn_recall@", "T@").Replace("session_recall@", "S@");

    private static string Row(string label, MetricSummary summary)
    {
        var line = string.Format(CultureInfo.InvariantCulture, "  {0,-16} {1,5}", label, summary.Questions);
        line += string.Concat(RetrievalMetrics.TurnKs.Select(k => string.Format(CultureInfo.InvariantCulture, " {0,6:0.000}", summary.TurnRecall[k])));
        line += " |";
        line += string.Concat(RetrievalMetrics.SessionKs.Select(k => string.Format(CultureInfo.InvariantCulture, " {0,6:0.000}", summary.SessionRecall[k])));
        return line;
    }

    private static void WriteSummary(Utf8JsonWriter writer, MetricSummary summary)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in summary.Named())
        {
            writer.WriteNumber(name, Math.Round(value, 6));
        }

        writer.WriteNumber("questions", summary.Questions);
        writer.WriteEndObject();
    }
}
