using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentMemory.Cli.Locomo;
using AgentMemory.Client;
using AgentMemory.Protocol.V1;

namespace AgentMemory.Cli.Evaluation;

/// <summary>Settings of one <c>am eval locomo</c> run.</summary>
internal sealed record LocomoEvalSettings
{
    public required string Directory { get; init; }
    public int KMax { get; init; } = 50;
    public RecallMode Mode { get; init; } = RecallMode.Hybrid;
    public int Parallelism { get; init; } = 8;
    public bool Keep { get; init; }
    /// <summary>Which memories recall ranks: turns (episodes), facts, or both (facts count as hitting their source turns).</summary>
    public EvalMemories Memories { get; init; } = EvalMemories.Turns;
    public bool Bm25Only { get; init; }
    public string RunId { get; init; } = NewRunId();
    public string? JsonPath { get; init; }
    /// <summary>Where to write one JSON line per scored question (evidence ranks of both systems), for error analysis.</summary>
    public string? QuestionsPath { get; init; }
    public int BatchSize { get; init; } = Importer.DefaultBatchSize;

    public static string NewRunId() =>
        DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3));
}

/// <summary>
/// Runs the LoCoMo retrieval evaluation: imports each conversation into its own user, asks every
/// question through Recall, maps results back to turns via metadata "dia_id", and scores the
/// service and a plain BM25 baseline over the same turns with <see cref="RetrievalMetrics"/>.
/// </summary>
internal sealed class LocomoEvaluation(LocomoEvalSettings settings, IAgentMemoryClient? client, TextWriter output)
{
    public const string SystemName = "agentmemory";
    public const string BaselineName = "bm25";

    private readonly List<string> _skipped = [];
    private readonly List<string> _questionLines = [];
    private readonly List<double> _recallMillis = [];
    private int _questions;
    private int _excludedQuestions;
    private int _repairedEvidence;
    private int _unparseableEvidence;
    private int _unknownEvidence;
    private int _unmappedResults;

    public MetricsAccumulator Service { get; } = new();
    public MetricsAccumulator Baseline { get; } = new();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!settings.Bm25Only && client is null)
        {
            throw new InvalidOperationException("A client is needed unless only the baseline runs.");
        }

        var files = System.IO.Directory.Exists(settings.Directory)
            ? System.IO.Directory.GetFiles(settings.Directory, "*.json").Order(StringComparer.Ordinal).ToList()
            : throw new UsageException($"no such directory: {settings.Directory}");
        if (files.Count == 0)
        {
            throw new UsageException($"no *.json conversation in {settings.Directory}");
        }

        output.WriteLine($"LoCoMo retrieval evaluation: {files.Count} conversations in {settings.Directory}");
        output.WriteLine(settings.Bm25Only ? $"bm25 baseline only, k={settings.KMax}" : $"run id {settings.RunId}; recall k={settings.KMax}, mode {settings.Mode}, " + (settings.Memories switch
            {
                EvalMemories.Facts => "facts only (each mapped to its source turns)",
                EvalMemories.Mixed => "turns, facts and summaries (derived ones mapped to their source turns)",
                _ => "turns only",
            }));
        output.WriteLine("metrics: " + RetrievalMetrics.Definition);
        output.WriteLine();

        foreach (var file in files)
        {
            await EvaluateConversationAsync(file, cancellationToken).ConfigureAwait(false);
        }

        output.WriteLine();
        output.WriteLine($"questions: {_questions} total, {_questions - _excludedQuestions} scored, {_excludedQuestions} excluded (no valid evidence)");
        output.WriteLine($"evidence: {_repairedEvidence} malformed strings repaired, {_unparseableEvidence} unparseable tokens skipped, {_unknownEvidence} ids naming no existing turn skipped");
        foreach (var line in _skipped)
        {
            output.WriteLine("  " + line);
        }

        if (_unmappedResults > 0)
        {
            output.WriteLine($"recall results that map to no turn (ignored in the ranking): {_unmappedResults}");
        }

        if (_recallMillis.Count > 0)
        {
            _recallMillis.Sort();
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "recall latency (client side, {0} calls): p50 {1:0.0} ms, p95 {2:0.0} ms, max {3:0.0} ms",
                _recallMillis.Count, Percentile(_recallMillis, 0.50), Percentile(_recallMillis, 0.95), _recallMillis[^1]));
        }

        output.WriteLine();
        var systems = new List<(string, MetricsAccumulator)>();
        if (!settings.Bm25Only)
        {
            output.Write(EvalReport.Table($"{SystemName} (mode {settings.Mode}, k={settings.KMax})", Service));
            output.WriteLine();
            systems.Add((SystemName, Service));
        }

        output.Write(EvalReport.Table($"{BaselineName} (k1 1.2, b 0.75, stemmed; same turns)", Baseline));
        systems.Add((BaselineName, Baseline));
        if (!settings.Bm25Only)
        {
            output.WriteLine();
            output.WriteLine("side by side:");
            output.Write(EvalReport.Comparison(systems, ["turn_recall@10", "session_recall@5"]));
            var ours = EvalReport.Value(Service.Overall(), "turn_recall@10");
            var theirs = EvalReport.Value(Baseline.Overall(), "turn_recall@10");
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "turn Recall@10 overall: {0} {1:0.000} vs {2} {3:0.000} ({4:+0.0;-0.0} points)", SystemName, ours, BaselineName, theirs, (ours - theirs) * 100));
        }

        if (settings.QuestionsPath is not null)
        {
            await File.WriteAllLinesAsync(settings.QuestionsPath, _questionLines, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"wrote {settings.QuestionsPath} ({_questionLines.Count} questions)");
        }

        if (settings.JsonPath is not null)
        {
            await File.WriteAllTextAsync(settings.JsonPath, EvalReport.ToJson(systems) + "\n", cancellationToken).ConfigureAwait(false);
            output.WriteLine($"wrote {settings.JsonPath}");
        }

        return 0;
    }

    private async Task EvaluateConversationAsync(string file, CancellationToken cancellationToken)
    {
        var conversation = LocomoParser.Load(file);
        var events = LocomoParser.ToEvents(conversation);
        var existing = conversation.Turns.Where(t => t.Id is not null).Select(t => t.Id!.Value).ToHashSet();
        var stem = Path.GetFileNameWithoutExtension(file);

        // Resolve evidence once; both systems score the same questions.
        var scored = new List<(LocomoQuestion Question, IReadOnlyList<TurnId> Evidence)>();
        foreach (var question in conversation.Questions)
        {
            _questions++;
            var resolved = EvidenceResolver.Resolve(question.Evidence, existing);
            _repairedEvidence += resolved.Repaired.Count;
            _unparseableEvidence += resolved.Unparseable.Count;
            _unknownEvidence += resolved.Unknown.Count;
            var where = $"{conversation.Name} q{question.Index}";
            foreach (var r in resolved.Repaired)
            {
                _skipped.Add($"{where}: repaired evidence \"{r}\"");
            }

            foreach (var u in resolved.Unparseable)
            {
                _skipped.Add($"{where}: skipped unparseable evidence \"{u}\"");
            }

            foreach (var u in resolved.Unknown)
            {
                _skipped.Add($"{where}: skipped evidence {u} (no such turn)");
            }

            if (resolved.Valid.Count == 0)
            {
                _excludedQuestions++;
                _skipped.Add($"{where}: question excluded, no valid evidence (evidence [{string.Join(", ", question.Evidence)}]): {question.Question}");
                continue;
            }

            scored.Add((question, resolved.Valid));
        }

        var baseline = new Bm25Baseline(events.Where(e => e.Turn.Id is not null).Select(e => (e.Turn.Id!.Value, e.Event.Text)));
        var baselineRankings = new List<List<TurnId>>(scored.Count);
        foreach (var (question, evidence) in scored)
        {
            var ranking = baseline.Rank(question.Question, settings.KMax);
            baselineRankings.Add(ranking);
            Baseline.Add(question.Category, ranking, evidence);
        }

        if (settings.Bm25Only)
        {
            output.WriteLine($"{conversation.Name}: {events.Count} turns, {scored.Count} questions scored (bm25 only)");
            return;
        }

        var userId = $"locomo-eval-{settings.RunId}-{stem}";
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var import = await Importer.ImportAsync(client!, userId, events.Select(e => e.Event).ToList(), settings.BatchSize, null, cancellationToken).ConfigureAwait(false);
            var importSeconds = stopwatch.Elapsed.TotalSeconds;

            // Questions are asked once derivation has caught up, so results never depend on timing.
            if (!await client!.FlushAsync(userId, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false))
            {
                output.WriteLine($"warning: derivation for {userId} had not caught up after 5 minutes");
            }
            var memoryToTurn = new Dictionary<string, TurnId>(StringComparer.Ordinal);
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Turn.Id is { } id)
                {
                    memoryToTurn[import.Remembered[i].MemoryId] = id;
                }
            }

            var rankings = new ConcurrentDictionary<int, List<TurnId>>();
            var latencies = new ConcurrentBag<double>();
            var unmapped = 0;
            stopwatch.Restart();
            var options = new RecallOptions
            {
                K = settings.KMax,
                Mode = settings.Mode,
                Filter = settings.Memories switch
                {
                    EvalMemories.Facts => new MemoryFilterOptions { Kinds = [MemoryKind.Semantic] },
                    EvalMemories.Mixed => null,
                    _ => new MemoryFilterOptions { Kinds = [MemoryKind.Episodic] },
                },
            };
            await Parallel.ForEachAsync(
                Enumerable.Range(0, scored.Count),
                new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var started = Stopwatch.GetTimestamp();
                    var response = await client!.RecallAsync(userId, scored[i].Question.Question, options, ct).ConfigureAwait(false);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var ranking = MapToTurns(response.Memories.Select(m => m.Memory), memoryToTurn, out var missed);
                    Interlocked.Add(ref unmapped, missed);
                    rankings[i] = ranking;
                }).ConfigureAwait(false);
            _unmappedResults += unmapped;
            _recallMillis.AddRange(latencies);
            for (var i = 0; i < scored.Count; i++)
            {
                Service.Add(scored[i].Question.Category, rankings[i], scored[i].Evidence);
                if (settings.QuestionsPath is not null)
                {
                    _questionLines.Add(QuestionLine(conversation.Name, scored[i].Question, scored[i].Evidence, rankings[i], baselineRankings[i]));
                }
            }

            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0}: {1} turns imported into {2} ({3} new, {4} deduplicated) in {5:0.0} s; {6} questions recalled in {7:0.0} s",
                conversation.Name, events.Count, userId, import.New, import.Deduplicated, importSeconds, scored.Count, stopwatch.Elapsed.TotalSeconds));
        }
        finally
        {
            if (!settings.Keep)
            {
                try
                {
                    await client!.ForgetUserAsync(userId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Grpc.Core.RpcException ex)
                {
                    output.WriteLine($"warning: could not forget {userId}: {ex.Describe()}");
                }
            }
        }
    }

    /// <summary>
    /// The ranked turns of a recall result: a memory maps to its turn through metadata "dia_id",
    /// else through its id (as remembered during import), else, for derived memories, through its
    /// provenance source ids (each source turn in order). Duplicates keep their best rank.
    /// </summary>
    internal static List<TurnId> MapToTurns(IEnumerable<Memory> memories, IReadOnlyDictionary<string, TurnId> memoryToTurn, out int unmapped)
    {
        var ranking = new List<TurnId>();
        var seen = new HashSet<TurnId>();
        unmapped = 0;
        foreach (var memory in memories)
        {
            var mapped = false;
            foreach (var id in TurnsOf(memory, memoryToTurn))
            {
                mapped = true;
                if (seen.Add(id))
                {
                    ranking.Add(id);
                }
            }

            if (!mapped)
            {
                unmapped++;
            }
        }

        return ranking;
    }

    private static IEnumerable<TurnId> TurnsOf(Memory memory, IReadOnlyDictionary<string, TurnId> memoryToTurn)
    {
        if (DiaIdOf(memory.MetadataJson) is { } fromMetadata)
        {
            yield return fromMetadata;
            yield break;
        }

        if (memoryToTurn.TryGetValue(memory.Id, out var direct))
        {
            yield return direct;
            yield break;
        }

        if (memory.Provenance is { } provenance)
        {
            foreach (var source in provenance.SourceMemoryIds)
            {
                if (memoryToTurn.TryGetValue(source, out var id))
                {
                    yield return id;
                }
            }
        }
    }

    /// <summary>
    /// One question as a JSON line: its category and text, its evidence turns, and the 1-based rank
    /// of each evidence turn in the service's and the baseline's ranking (null when not ranked).
    /// </summary>
    internal static string QuestionLine(string conversation, LocomoQuestion question, IReadOnlyList<TurnId> evidence, IReadOnlyList<TurnId> service, IReadOnlyList<TurnId> baseline)
    {
        static int?[] RanksOf(IReadOnlyList<TurnId> evidence, IReadOnlyList<TurnId> ranking)
        {
            var rankOf = new Dictionary<TurnId, int>();
            for (var i = 0; i < ranking.Count; i++)
            {
                rankOf.TryAdd(ranking[i], i + 1);
            }

            return evidence.Select(e => rankOf.TryGetValue(e, out var rank) ? rank : (int?)null).ToArray();
        }

        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["conversation"] = conversation,
            ["index"] = question.Index,
            ["category"] = question.Category,
            ["question"] = question.Question,
            ["evidence"] = evidence.Select(e => e.ToString()).ToArray(),
            ["service_ranks"] = RanksOf(evidence, service),
            ["bm25_ranks"] = RanksOf(evidence, baseline),
            ["service_top"] = service.Take(10).Select(t => t.ToString()).ToArray(),
        });
    }

    internal static TurnId? DiaIdOf(string? metadataJson)
    {
        if (string.IsNullOrWhiteSpace(metadataJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(metadataJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("dia_id", out var dia)
                && dia.ValueKind == JsonValueKind.String
                && TurnId.TryParse(dia.GetString(), out var id) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
