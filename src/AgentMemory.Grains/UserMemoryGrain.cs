using System.Diagnostics;
using AgentMemory.Abstractions;
using AgentMemory.Core;
using AgentMemory.Core.Concepts;
using AgentMemory.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using AgentMemory.Derivation;

namespace AgentMemory.Grains;

/// <summary>
/// Owns one (tenant, user): the only writer of the user's rows and the holder of the user's
/// hot index while active. PostgreSQL is the truth; the index is rebuilt from it on every
/// activation and released on deactivation, so a crash loses nothing that was acknowledged.
/// Derivation (facts, timelines, summaries) runs in the grain too, in small committed steps
/// between calls; see the other parts of this class.
/// </summary>
public sealed partial class UserMemoryGrain : Grain, IUserMemoryGrain, IRemindable
{
    private readonly MemoryStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly IOptions<RecallOptions> _recallOptions;
    private readonly IOptions<GraphOptions> _graphOptions;
    private readonly IOptions<MemoryLimitsOptions> _limits;
    private readonly IOptions<DerivationOptions> _derivationOptions;
    private readonly IMemoryExtractor _extractor;
    private readonly IFactUpdateDecider _decider;
    private readonly IMemorySummarizer _summarizer;
    private readonly MemoryTelemetry _telemetry;
    private readonly TimeProvider _clock;
    private readonly ILogger<UserMemoryGrain> _logger;

    private UserScope _scope = null!;
    private UserMemoryIndex _index = null!;
    private DerivedKnowledge _knowledge = null!;
    private TimeSpan _lastActivation;

    public UserMemoryGrain(
        MemoryStore store,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        IOptions<RecallOptions> recallOptions,
        IOptions<GraphOptions> graphOptions,
        IOptions<MemoryLimitsOptions> limits,
        IOptions<DerivationOptions> derivationOptions,
        IMemoryExtractor extractor,
        IFactUpdateDecider decider,
        IMemorySummarizer summarizer,
        MemoryTelemetry telemetry,
        TimeProvider clock,
        ILogger<UserMemoryGrain> logger)
    {
        _store = store;
        _embedder = embedder;
        _recallOptions = recallOptions;
        _graphOptions = graphOptions;
        _limits = limits;
        _derivationOptions = derivationOptions;
        _extractor = extractor;
        _decider = decider;
        _summarizer = summarizer;
        _telemetry = telemetry;
        _clock = clock;
        _logger = logger;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _scope = UserScope.FromGrainKey(this.GetPrimaryKeyString());
        using var activity = MemoryTelemetry.ActivitySource.StartActivity("agentmemory.activate");
        var started = Stopwatch.GetTimestamp();
        var loaded = await LoadAsync(cancellationToken);
        _lastActivation = Stopwatch.GetElapsedTime(started);

        activity?.SetTag("agentmemory.memories", loaded);
        _telemetry.ActivationDuration.Record(_lastActivation.TotalSeconds);
        _telemetry.HotMemories.Add(loaded);
        _telemetry.ActiveUsers.Add(1);
        _logger.LogDebug("Loaded {Count} memories for {Scope} in {Elapsed} ms", loaded, _scope, _lastActivation.TotalMilliseconds);

        await BackfillPhraseVectorsAsync(cancellationToken);
        await ResumeBackgroundWorkAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => WriteExclusivelyAsync(() =>
    {
        if (_index is not null)
        {
            _telemetry.HotMemories.Add(-_index.Count);
            _telemetry.ActiveUsers.Add(-1);
            _index.Clear();
            _knowledge?.Clear();
        }

        return Task.CompletedTask;
    });

    /// <summary>
    /// The concept lexicon, or none if it cannot be read: recall then runs without category
    /// expansion rather than every activation failing.
    /// </summary>
    private ConceptLexicon? ConceptLexiconOrNone()
    {
        try
        {
            return ConceptLexicon.WordNet;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or IOException or InvalidDataException)
        {
            _logger.LogError(ex, "The concept lexicon could not be read; recall for {Scope} runs without category expansion", _scope);
            return null;
        }
    }

    /// <summary>(Re)builds the hot index and the derived structure from PostgreSQL.</summary>
    private async Task<int> LoadAsync(CancellationToken cancellationToken)
    {
        var dimensions = _embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions
            ?? throw new InvalidOperationException("The embedding generator does not report its dimensions.");
        var started = Stopwatch.GetTimestamp();
        var index = new UserMemoryIndex(dimensions, _recallOptions.Value.Scoring.CategoryWeight > 0 ? ConceptLexiconOrNone() : null);
        var loaded = await _store.LoadUserAsync(_scope, (record, embedding) => index.Add(record, embedding.Span), cancellationToken);
        var indexed = Stopwatch.GetElapsedTime(started);
        var derived = await _store.LoadDerivedStateAsync(_scope, cancellationToken);
        var read = Stopwatch.GetElapsedTime(started);
        var knowledge = new DerivedKnowledge(new UserKnowledgeGraph(dimensions, _graphOptions.Value.Synonyms));
        knowledge.Load(derived, id => index.Find(id) is { IsCurrent: true }, index.Records.Where(r => r.Kind == MemoryKind.Semantic));
        _index = index;
        _knowledge = knowledge;
        _logger.LogDebug("Activation of {Scope}: {Count} rows read and indexed by {Indexed} ms, derived rows read by {Read} ms, graph built by {Built} ms",
            _scope, loaded, indexed.TotalMilliseconds, read.TotalMilliseconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return loaded;
    }

    public async Task<IReadOnlyList<RememberedMemory>> Remember(IReadOnlyList<NewEpisode> episodes, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();

        // A key repeated inside one batch is stored once; later copies report the first.
        var firstByKey = new Dictionary<string, int>(episodes.Count, StringComparer.Ordinal);
        var unique = new List<NewEpisode>(episodes.Count);
        foreach (var episode in episodes)
        {
            if (firstByKey.TryAdd(episode.IdempotencyKey, unique.Count))
            {
                unique.Add(episode with { EventTime = PostgresTime.Truncate(episode.EventTime) });
            }
        }

        var quota = _limits.Value.MaxMemoriesPerUser;
        if (_index.Count + unique.Count > quota)
        {
            throw new MemoryLimitExceededException(
                $"User {_scope.UserId} holds {_index.Count} memories; storing {unique.Count} more would exceed the limit of {quota} (AgentMemory:Limits:MaxMemoriesPerUser).");
        }

        var vectors = await EmbedAsync(unique.Select(e => e.Text).ToList(), cancellationToken);
        var rows = new EpisodeRow[unique.Count];
        for (var i = 0; i < unique.Count; i++)
        {
            rows[i] = new EpisodeRow(Guid.CreateVersion7(), unique[i], vectors[i]);
        }

        var recordedAt = PostgresTime.Truncate(_clock.GetUtcNow());
        var outcomes = await _store.InsertEpisodesAsync(_scope, rows, recordedAt, cancellationToken);

        var inserted = 0;
        var uniqueResults = new RememberedMemory[unique.Count];
        for (var i = 0; i < unique.Count; i++)
        {
            var episode = unique[i];
            var outcome = outcomes[i];
            if (outcome.Inserted)
            {
                var record = new MemoryRecord(outcome.MemoryId, MemoryKind.Episodic, episode.Text, episode.Speaker, episode.Role, episode.SessionId,
                    episode.EventTime, recordedAt, outcome.StoredMetadataJson ?? episode.MetadataJson, episode.IdempotencyKey, "remember", []);
                _index.Add(record, vectors[i].Span);
                inserted++;
            }

            uniqueResults[i] = new RememberedMemory(outcome.MemoryId, episode.IdempotencyKey, Deduplicated: !outcome.Inserted);
        }

        var results = new RememberedMemory[episodes.Count];
        var answered = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < episodes.Count; i++)
        {
            var key = episodes[i].IdempotencyKey;
            var result = uniqueResults[firstByKey[key]];

            // Only the first copy of a key in the batch can have been inserted.
            results[i] = answered.Add(key) ? result : result with { Deduplicated = true };
        }

        _telemetry.HotMemories.Add(inserted);
        _telemetry.EventsRemembered.Add(inserted);
        if (inserted > 0)
        {
            await OnEpisodesStoredAsync();
        }

        _telemetry.RememberDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return results;
    }

    public async Task<RecallResult> Recall(RecallQuery query, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var queryVector = query.Mode == RecallMode.Lexical
            ? new float[_index.Dimensions]
            : (await EmbedAsync([query.Query], cancellationToken))[0];

        var graph = new GraphSearch(_knowledge.Graph, _graphOptions.Value.PageRank, _graphOptions.Value.HubPassageShare);
        var budget = query.TokenBudget > 0 ? query.TokenBudget : _limits.Value.DefaultTokenBudget;
        var result = await SearchAsync(() => Rank(query, queryVector, graph, budget));
        _telemetry.RecallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return result;
    }

    /// <summary>A recall's CPU work: ranking, timeline expansion and the context block. Runs in parallel with other recalls (see SearchAsync).</summary>
    private RecallResult Rank(RecallQuery query, ReadOnlyMemory<float> queryVector, GraphSearch graph, int budget)
    {
        var hits = _index.Search(queryVector.Span, query.Query, query.K, query.Filter, query.Mode, _recallOptions.Value.Scoring, query.AsOf, query.IncludeInvalidated, graph);
        if (query.ExpandTimeline)
        {
            for (var i = 0; i < hits.Count; i++)
            {
                hits[i] = hits[i] with { Timeline = TimelineNeighbours(hits[i].Memory.Id, 4) };
            }
        }

        var items = new ContextItem[hits.Count];
        for (var i = 0; i < hits.Count; i++)
        {
            var m = hits[i].Memory;
            items[i] = new ContextItem(m.Text, m.Speaker, m.EventTime, m.Kind.ToString());
        }

        var context = ContextRenderer.Render(items, budget);
        return new RecallResult(hits, context.Text, context.EstimatedTokens);
    }

    public Task<IReadOnlyList<MemoryRecord>> Get(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var records = new MemoryRecord[ids.Count];
        List<Guid>? missing = null;
        for (var i = 0; i < ids.Count; i++)
        {
            if (_index.Find(ids[i]) is { } record)
            {
                records[i] = record;
            }
            else
            {
                (missing ??= []).Add(ids[i]);
            }
        }

        return missing is null
            ? Task.FromResult<IReadOnlyList<MemoryRecord>>(records)
            : throw new MemoryNotFoundException(missing);
    }

    public async Task<MemoryPage> List(ListQuery query, CancellationToken cancellationToken)
    {
        ListCursor? after = null;
        if (!string.IsNullOrEmpty(query.PageToken))
        {
            after = ListCursor.TryDecode(query.PageToken, out var cursor)
                ? cursor
                : throw new InvalidMemoryRequestException("page_token", "not a token returned by List");
        }

        var (page, next) = await _store.ListAsync(_scope, query.Filter, query.PageSize, after, cancellationToken);
        return new MemoryPage(page, next?.Encode());
    }

    public async Task<long> ForgetIds(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        var missing = distinct.Where(id => !_index.Contains(id)).ToList();
        if (missing.Count > 0)
        {
            // Ids forgotten before count as done: a retry of a Forget whose reply was lost must not fail.
            var forgotten = await _store.FindForgottenAsync(_scope, missing, _clock.GetUtcNow() - _limits.Value.ForgottenIdRetention, cancellationToken);
            var unknown = missing.Where(id => !forgotten.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                throw new MemoryNotFoundException(unknown);
            }

            distinct.RemoveAll(forgotten.Contains);
        }

        return await ForgetWithDerivedAsync(distinct, cancellationToken);
    }

    public async Task<long> ForgetMatching(MemoryFilter filter, CancellationToken cancellationToken)
    {
        if (filter.IsEmpty)
        {
            throw new InvalidMemoryRequestException("filter", "must restrict something; forget the whole user instead");
        }

        return await ForgetWithDerivedAsync(_index.Matching(filter).Select(r => r.Id).ToList(), cancellationToken);
    }

    public async Task<long> ForgetUser(CancellationToken cancellationToken)
    {
        var removed = await _store.DeleteUserAsync(_scope, cancellationToken);
        _telemetry.HotMemories.Add(-_index.Count);
        _telemetry.MemoriesForgotten.Add(removed);
        _index.Clear();
        _knowledge.Clear();
        await StopBackgroundWorkAsync();

        // Nothing is left to hold; free the activation now rather than at idle collection.
        DeactivateOnIdle();
        _logger.LogInformation("Forgot user {Scope}: {Removed} rows removed", _scope, removed);
        return removed;
    }

    public Task<MemoryStatistics> GetStatistics() =>
        Task.FromResult(new MemoryStatistics(_index.Count, _index.ApproximateBytes + _knowledge.Graph.ApproximateBytes, _lastActivation));

    private async Task<ReadOnlyMemory<float>[]> EmbedAsync(List<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        GeneratedEmbeddings<Embedding<float>> generated;
        try
        {
            generated = await _embedder.GenerateAsync(texts, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The embedder is a boundary (possibly a remote sidecar): whatever it failed with,
            // the caller gets UNAVAILABLE and nothing was stored. Only the message crosses the
            // grain boundary; the cause stays in this silo's log.
            _logger.LogWarning(ex, "Embedding {Count} texts for {Scope} failed", texts.Count, _scope);
            throw new DependencyUnavailableException($"Embedding failed: {ex.Message}");
        }

        if (generated.Count != texts.Count)
        {
            throw new DependencyUnavailableException($"The embedder returned {generated.Count} vectors for {texts.Count} texts.");
        }

        var vectors = new ReadOnlyMemory<float>[texts.Count];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = generated[i].Vector;
            if (vectors[i].Length != _index.Dimensions)
            {
                throw new DependencyUnavailableException($"The embedder returned a {vectors[i].Length}-dimensional vector; {_index.Dimensions} expected.");
            }
        }

        return vectors;
    }
}
