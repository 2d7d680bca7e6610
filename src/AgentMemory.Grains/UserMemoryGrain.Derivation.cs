using AgentMemory.Abstractions;
using AgentMemory.Core.Extraction;
using AgentMemory.Derivation;
using AgentMemory.Inference;
using AgentMemory.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace AgentMemory.Grains;

/// <summary>
/// The derivation stage, per user and in order: each step reads the next episodes after the
/// watermark, extracts candidate facts, decides ADD / UPDATE / INVALIDATE / MERGE / NOOP for each
/// against the user's most similar current facts, and commits every change together with the
/// new watermark in one transaction. A crash before the commit redoes the step; after it, the
/// step is never seen again: nothing lost, nothing duplicated.
/// </summary>
public sealed partial class UserMemoryGrain
{
    private const string ReminderName = "derivation";
    private IGrainTimer? _derivationTimer;

    // Failed steps in a row, for the retry's backoff; a step that succeeds (from a tick or a Flush) resets it.
    private int _failedDerivationSteps;
    private bool _reminderRegistered;

    private DerivationOptions Derivation => _derivationOptions.Value;

    public async Task<bool> Flush(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Derivation.Enabled)
        {
            return true;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (await DeriveNextBatchAsync(deadline.Token))
            {
            }

            return _knowledge.DerivedSeq >= await _store.LatestEpisodeSeqAsync(_scope, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<MemoryRecord> Merge(IReadOnlyList<Guid> ids, string? text, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        if (distinct.Count < 2)
        {
            throw new InvalidMemoryRequestException("ids", "name at least two different facts to merge");
        }

        var missing = distinct.Where(id => !_index.Contains(id)).ToList();
        if (missing.Count > 0)
        {
            throw new MemoryNotFoundException(missing);
        }

        var records = distinct.Select(id => _index.Find(id)!).ToList();
        if (AlreadyMerged(records, text) is { } done)
        {
            return done;
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Kind != MemoryKind.Semantic || !records[i].IsCurrent)
            {
                throw new InvalidMemoryRequestException($"ids[{i}]", $"only current facts (semantic memories) can be merged; {records[i].Id} is {(records[i].IsCurrent ? records[i].Kind.ToString().ToLowerInvariant() : "no longer current")}");
            }
        }

        var keeper = records[0];
        var newText = string.IsNullOrWhiteSpace(text) ? keeper.Text : text.Trim();
        var vector = newText == keeper.Text ? (ReadOnlyMemory<float>?)null : (await EmbedAsync([newText], cancellationToken))[0];
        var sources = records.SelectMany(r => r.SourceIds).Distinct().ToList();
        var now = PostgresTime.Truncate(_clock.GetUtcNow());
        // The merged facts corroborate one another.
        var confidence = records.Skip(1).Aggregate(keeper.Confidence, (sure, other) => other.Confidence is { } c ? FactConfidence.Corroborated(sure, c) : sure);
        var merged = keeper with { Text = newText, SourceIds = sources, Confidence = confidence };

        var changes = new DerivationChanges();
        changes.Revisions.Add(new MemoryRevision(keeper.Id, newText, vector, sources, null, null, null) { Confidence = confidence });
        changes.History.Add(new HistoryRow(keeper.Id, HistoryOperation.Merge, keeper.Text, newText, distinct.Skip(1).ToList(), sources, "explicit merge", keeper.ValidFrom, null));
        var retired = new List<MemoryRecord>();
        foreach (var other in records.Skip(1))
        {
            var gone = other with { ExpiredAt = now, SupersededBy = keeper.Id };
            retired.Add(gone);
            changes.Revisions.Add(new MemoryRevision(other.Id, other.Text, null, other.SourceIds, other.ValidTo, now, keeper.Id));
            changes.History.Add(new HistoryRow(other.Id, HistoryOperation.Merge, other.Text, null, [keeper.Id], other.SourceIds, "explicit merge into " + keeper.Id, other.ValidFrom, other.ValidTo));
        }

        await _store.ApplyDerivationAsync(_scope, changes, now, cancellationToken);

        if (vector is { } v)
        {
            _index.Remove(keeper.Id);
            _index.Add(merged, v.Span);
        }
        else
        {
            _index.UpdateRecord(merged);
        }

        foreach (var gone in retired)
        {
            _index.UpdateRecord(gone);
            _knowledge.Retire(gone.Id);
        }

        _knowledge.AddSources(merged);
        return merged;
    }

    /// <summary>
    /// The first fact, when this merge has been made already: it is current, says the requested text
    /// (if any), and every other fact is retired into it. That is what a retry finds when the first
    /// attempt's reply was lost, and answering with the merged fact makes Merge safe to repeat; any
    /// other state (some facts still current, or retired into something else) is checked as a new merge.
    /// </summary>
    private static MemoryRecord? AlreadyMerged(List<MemoryRecord> records, string? text)
    {
        var keeper = records[0];
        if (keeper.Kind != MemoryKind.Semantic || !keeper.IsCurrent
            || (!string.IsNullOrWhiteSpace(text) && !string.Equals(text.Trim(), keeper.Text, StringComparison.Ordinal)))
        {
            return null;
        }

        return records.Skip(1).All(r => r.Kind == MemoryKind.Semantic && !r.IsCurrent && r.SupersededBy == keeper.Id) ? keeper : null;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        // The reminder keeps work going while the user is idle (and reactivates the grain if it
        // was collected): catch derivation up, then summarize sessions that went quiet.
        var caughtUp = await Flush(TimeSpan.FromSeconds(30), CancellationToken.None);
        var unsummarized = await SummarizeIdleSessionsAsync(CancellationToken.None);
        if (caughtUp && unsummarized == 0)
        {
            await StopBackgroundWorkAsync();
        }
    }

    private async Task OnEpisodesStoredAsync()
    {
        if (!Derivation.Enabled)
        {
            return;
        }

        ScheduleDerivation(TimeSpan.Zero);
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
            _reminderRegistered = true;
        }
    }

    private TimeSpan ReminderPeriod => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, Derivation.SessionIdleTimeout.Ticks / 2));

    /// <summary>On activation: pick up derivation a crash or a deactivation interrupted.</summary>
    private async Task ResumeBackgroundWorkAsync(CancellationToken cancellationToken)
    {
        if (Derivation.Enabled && _index.Count > 0 && await _store.LatestEpisodeSeqAsync(_scope, cancellationToken) > _knowledge.DerivedSeq)
        {
            await OnEpisodesStoredAsync();
        }
    }

    private async Task StopBackgroundWorkAsync()
    {
        _derivationTimer?.Dispose();
        _derivationTimer = null;
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
    }

    private void ScheduleDerivation(TimeSpan due)
    {
        if (_derivationTimer is not null)
        {
            return;
        }

        // One step per tick, so Remember and Recall interleave with a long backlog.
        _derivationTimer = this.RegisterGrainTimer(DerivationTickAsync, new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan });
    }

    // Ticks reach the grain as calls (IGrainTimerInvoker) that are not read-only, so the grain's
    // call filter makes them wait for running searches like any write (UserMemoryGrain.ParallelReads).
    private async Task DerivationTickAsync(CancellationToken cancellationToken)
    {
        // Disposing a timer cancels the token of its running callback: let this tick finish
        // first, and only then release its (one-shot) timer.
        var tick = _derivationTimer;
        _derivationTimer = null;
        try
        {
            if (await DeriveNextBatchAsync(cancellationToken))
            {
                ScheduleDerivation(Derivation.DelayBetweenBatches);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _failedDerivationSteps++;
            var delay = Derivation.RetryDelayAfter(_failedDerivationSteps, Random.Shared.NextDouble());
            _logger.LogWarning(ex, "Derivation for {Scope} failed ({Failures} in a row); retrying in {Delay}", _scope, _failedDerivationSteps, delay);
            ScheduleDerivation(delay);
        }
        finally
        {
            tick?.Dispose();
        }
    }

    /// <summary>Derives the next batch of episodes; true when more may be waiting.</summary>
    private async Task<bool> DeriveNextBatchAsync(CancellationToken cancellationToken)
    {
        var batchSize = Derivation.BatchSize;
        var pending = await _store.ReadPendingEpisodesAsync(_scope, _knowledge.DerivedSeq, batchSize, cancellationToken);
        if (pending.Count == 0)
        {
            return false;
        }

        using var activity = MemoryTelemetry.ActivitySource.StartActivity("agentmemory.derive");
        activity?.SetTag("agentmemory.episodes", pending.Count);
        var changes = new DerivationChanges();
        var now = PostgresTime.Truncate(_clock.GetUtcNow());
        var hotBefore = _index.Count;
        try
        {
            var speakers = SpeakersBySession(pending);
            foreach (var episode in pending)
            {
                await DeriveEpisodeAsync(episode.Record, OtherParticipant(speakers, episode.Record), changes, now, cancellationToken);
            }

            await AddPhraseVectorsAsync(changes, cancellationToken);
            changes.DerivedSeq = pending[^1].Seq;
            await _store.ApplyDerivationAsync(_scope, changes, now, cancellationToken);
            _knowledge.DerivedSeq = pending[^1].Seq;
            _telemetry.HotMemories.Add(_index.Count - hotBefore);
            _failedDerivationSteps = 0;
        }
        catch (Exception ex)
        {
            // The index may hold this step's uncommitted changes: rebuild it from the truth. Not when the sidecar
            // failed before the step changed anything (the usual outage): a sidecar failure comes out of an await
            // (the model's, or the embedder's as DependencyUnavailableException), every change made before it was
            // recorded, and none was. Reloading then would only cost a full read of the user on every retry.
            if (!(changes.IsEmpty && ex is InferenceUnavailableException or DependencyUnavailableException))
            {
                _logger.LogInformation("A failed derivation step for {Scope} had changed the hot index; reloading it from PostgreSQL", _scope);
                await LoadAsync(CancellationToken.None);
                _telemetry.HotMemories.Add(_index.Count - hotBefore);
            }

            throw;
        }

        return pending.Count == batchSize;
    }

    private async Task DeriveEpisodeAsync(MemoryRecord episode, string? otherParticipant, DerivationChanges changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var extraction = await _extractor.ExtractAsync(
            new EpisodeForDerivation(episode.Id, episode.Text, episode.Speaker, episode.SessionId, episode.EventTime), otherParticipant, cancellationToken);
        foreach (var entity in extraction.Entities)
        {
            Mention(changes, episode.Id, entity.Name);
        }

        if (extraction.Facts.Count == 0)
        {
            return;
        }

        var vectors = await EmbedAsync(extraction.Facts.Select(f => f.Text).ToList(), cancellationToken);
        for (var i = 0; i < extraction.Facts.Count; i++)
        {
            await ApplyCandidateAsync(episode, extraction.Facts[i], vectors[i], changes, now, cancellationToken);
        }
    }

    private async Task ApplyCandidateAsync(MemoryRecord episode, ExtractedFact candidate, ReadOnlyMemory<float> vector, DerivationChanges changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var similarHits = _index.SimilarCurrentFacts(vector.Span, Derivation.SimilarFactsConsidered);
        var similar = similarHits.Select(h => ToExisting(h.Fact, h.Similarity)).ToList();

        // Contradictions need not look alike ("lives in Paris" / "moved to Berlin"): add every
        // current holder of the candidate's single-valued slots.
        foreach (var holder in _knowledge.SlotHolders(candidate.Triples))
        {
            if (!similar.Any(s => s.Id == holder) && _index.Find(holder) is { IsCurrent: true } fact)
            {
                similar.Add(ToExisting(fact, 0f));
            }
        }

        var decision = await _decider.DecideAsync(candidate, similar, cancellationToken);
        var targets = decision.Targets.Where(t => t >= 1 && t <= similar.Count).Select(t => _index.Find(similar[t - 1].Id)!).ToList();
        switch (decision.Operation)
        {
            case FactOperation.Add:
                AddFact(episode, candidate, vector, changes, now, decision.Reason);
                break;
            case FactOperation.Invalidate when targets.Count > 0:
                var replacement = AddFact(episode, candidate, vector, changes, now, decision.Reason);
                foreach (var old in targets)
                {
                    Invalidate(old, replacement, changes, now, decision.Reason);
                }

                break;
            case FactOperation.Update when targets.Count == 1:
                var newText = string.IsNullOrWhiteSpace(decision.Text) ? candidate.Text : decision.Text.Trim();
                var newVector = newText == candidate.Text ? vector : (await EmbedAsync([newText], cancellationToken))[0];
                UpdateFact(targets[0], episode, candidate, newText, newVector, changes, decision.Reason);
                break;
            case FactOperation.Merge when targets.Count == 1:
                MergeSource(targets[0], episode, candidate.Confidence, changes, decision.Reason);
                break;
            case FactOperation.Noop:
                break;
            default:
                // A decision that names no usable target is treated as new information.
                AddFact(episode, candidate, vector, changes, now, decision.Reason + " (no usable target; added)");
                break;
        }
    }

    private MemoryRecord AddFact(MemoryRecord episode, ExtractedFact fact, ReadOnlyMemory<float> vector, DerivationChanges changes, DateTimeOffset now, string reason)
    {
        var id = Guid.CreateVersion7();
        var validFrom = fact.ValidFrom is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : episode.EventTime;
        var record = new MemoryRecord(id, MemoryKind.Semantic, fact.Text, fact.Subject, MemoryRole.Unspecified, episode.SessionId,
            episode.EventTime, now, "{}", $"fact:{id:N}", "extraction", [episode.Id])
        {
            ValidFrom = validFrom,
            Confidence = fact.Confidence,
        };
        _index.Add(record, vector.Span);
        _knowledge.AddSources(record);
        changes.Inserts.Add(new DerivedMemoryRow(record, vector));
        changes.History.Add(new HistoryRow(id, HistoryOperation.Add, null, fact.Text, [], [episode.Id], reason, validFrom, null));
        AddTriples(id, fact.Triples, 0, changes);

        foreach (var entity in fact.Entities.Take(8))
        {
            // Continue the entity's timeline from its latest current fact.
            var previous = _knowledge.Mentioning(entity).Reverse().Select(m => _index.Find(m)).FirstOrDefault(m => m is { Kind: MemoryKind.Semantic, IsCurrent: true } && m.Id != id);
            if (previous is not null && !_knowledge.LinksOf(previous.Id).Any(l => l.ToId == id))
            {
                Link(changes, new TimelineLink(previous.Id, id, "continues", entity));
            }

            Mention(changes, id, entity);
        }

        return record;
    }

    private void Invalidate(MemoryRecord old, MemoryRecord replacement, DerivationChanges changes, DateTimeOffset now, string reason)
    {
        var oldFrom = old.ValidFrom ?? old.EventTime;
        var validTo = replacement.ValidFrom > oldFrom ? replacement.ValidFrom : oldFrom;
        var retired = old with { ValidTo = validTo, ExpiredAt = now, SupersededBy = replacement.Id };
        _index.UpdateRecord(retired);
        _knowledge.Retire(old.Id);
        changes.Revisions.Add(new MemoryRevision(old.Id, old.Text, null, old.SourceIds, validTo, now, replacement.Id));
        changes.History.Add(new HistoryRow(old.Id, HistoryOperation.Invalidate, old.Text, old.Text, [replacement.Id], old.SourceIds, reason, old.ValidFrom, validTo));
        var topic = _knowledge.TriplesOf(old.Id).Select(t => t.Subject).FirstOrDefault() ?? old.Speaker ?? "fact";
        Link(changes, new TimelineLink(old.Id, replacement.Id, "updates", topic));
    }

    private void UpdateFact(MemoryRecord old, MemoryRecord episode, ExtractedFact candidate, string newText, ReadOnlyMemory<float> vector, DerivationChanges changes, string reason)
    {
        var sources = old.SourceIds.Contains(episode.Id) ? old.SourceIds : [.. old.SourceIds, episode.Id];
        // A more informative version of the same fact: it is at least as sure as the surer of the two.
        var confidence = Math.Max(old.Confidence ?? 0, candidate.Confidence);
        var updated = old with { Text = newText, SourceIds = sources, Confidence = confidence };
        _index.Remove(old.Id);
        _index.Add(updated, vector.Span);
        _knowledge.AddSources(updated);
        changes.Revisions.Add(new MemoryRevision(old.Id, newText, vector, sources, old.ValidTo, old.ExpiredAt, old.SupersededBy) { Confidence = confidence });
        changes.History.Add(new HistoryRow(old.Id, HistoryOperation.Update, old.Text, newText, [episode.Id], sources, reason, old.ValidFrom, old.ValidTo));
        AddTriples(old.Id, candidate.Triples, (short)_knowledge.TriplesOf(old.Id).Count, changes);
        foreach (var entity in candidate.Entities.Take(8))
        {
            Mention(changes, old.Id, entity);
        }
    }

    /// <summary>Another episode says the same fact again: it becomes a source, and corroborates the fact.</summary>
    private void MergeSource(MemoryRecord fact, MemoryRecord episode, double supporting, DerivationChanges changes, string reason)
    {
        if (fact.SourceIds.Contains(episode.Id))
        {
            return;
        }

        List<Guid> sources = [.. fact.SourceIds, episode.Id];
        var confidence = FactConfidence.Corroborated(fact.Confidence, supporting);
        _index.UpdateRecord(fact with { SourceIds = sources, Confidence = confidence });
        _knowledge.Graph.AddSource(fact.Id, episode.Id);
        changes.Revisions.Add(new MemoryRevision(fact.Id, fact.Text, null, sources, fact.ValidTo, fact.ExpiredAt, fact.SupersededBy) { Confidence = confidence });
        changes.History.Add(new HistoryRow(fact.Id, HistoryOperation.Merge, fact.Text, fact.Text, [episode.Id], sources, reason, fact.ValidFrom, fact.ValidTo));
    }

    private void AddTriples(Guid factId, IReadOnlyList<ExtractedTriple> triples, short firstOrdinal, DerivationChanges changes)
    {
        if (triples.Count == 0)
        {
            return;
        }

        var all = _knowledge.TriplesOf(factId).ToList();
        for (var i = 0; i < triples.Count; i++)
        {
            var t = triples[i];
            changes.Triples.Add(new TripleRow(factId, (short)(firstOrdinal + i), t.Subject, t.Relation, t.Object));
            all.Add(t);
        }

        _knowledge.SetTriples(factId, all, current: _index.Find(factId) is { IsCurrent: true });
    }

    private void Mention(DerivationChanges changes, Guid memoryId, string entity)
    {
        if (string.IsNullOrWhiteSpace(entity) || _knowledge.EntitiesOf(memoryId).Contains(entity, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        _knowledge.AddMention(memoryId, entity);
        changes.Mentions.Add(new MentionRow(memoryId, entity));
    }

    private void Link(DerivationChanges changes, TimelineLink link)
    {
        _knowledge.AddLink(link);
        changes.Links.Add(link);
    }

    /// <summary>
    /// Embeds the graph's new phrases (one call for the step) and joins each to its near-identical
    /// phrases; the phrases and synonym edges are committed with the step.
    /// </summary>
    private async Task AddPhraseVectorsAsync(DerivationChanges changes, CancellationToken cancellationToken)
    {
        var phrases = _knowledge.Graph.PhrasesWithoutVector();
        if (phrases.Count == 0)
        {
            return;
        }

        var vectors = await EmbedAsync(phrases, cancellationToken);
        for (var i = 0; i < phrases.Count; i++)
        {
            _knowledge.Graph.SetPhraseVector(phrases[i], vectors[i].Span, changes.Synonyms);
            changes.Phrases.Add(new PhraseRow(UserKnowledgeGraph.KeyOf(phrases[i]), vectors[i]));
        }
    }

    /// <summary>
    /// On activation: phrases stored before the graph had embeddings (or whose step failed after
    /// the mentions were written) get them now. Best effort: without them the graph only lacks
    /// synonym edges, so a failure is logged and the phrases wait for the next step or activation.
    /// </summary>
    private async Task BackfillPhraseVectorsAsync(CancellationToken cancellationToken)
    {
        var changes = new DerivationChanges();
        try
        {
            await AddPhraseVectorsAsync(changes, cancellationToken);
        }
        catch (DependencyUnavailableException ex)
        {
            // Embedding failed before the graph was touched: nothing to undo.
            _logger.LogWarning(ex, "Embedding the graph phrases of {Scope} failed; synonym edges wait for the next derivation step", _scope);
            return;
        }

        try
        {
            await _store.ApplyDerivationAsync(_scope, changes, PostgresTime.Truncate(_clock.GetUtcNow()), cancellationToken);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            // The graph now holds edges the database does not: rebuild it from the truth.
            _logger.LogWarning(ex, "Storing the graph phrases of {Scope} failed; reloading", _scope);
            await LoadAsync(cancellationToken);
        }
    }

    private ExistingFact ToExisting(MemoryRecord fact, float similarity) =>
        new(fact.Id, fact.Text, _knowledge.TriplesOf(fact.Id), similarity, fact.ValidFrom ?? fact.EventTime);

    /// <summary>The speakers of each session the batch touches, from what the user has said so far.</summary>
    private Dictionary<string, List<string>> SpeakersBySession(List<PendingEpisode> pending)
    {
        var sessions = pending.Select(p => p.Record.SessionId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var speakers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var record in _index.Records)
        {
            if (record is { Kind: MemoryKind.Episodic, SessionId: { } session, Speaker: { } speaker } && sessions.Contains(session))
            {
                var list = speakers.TryGetValue(session, out var l) ? l : speakers[session] = [];
                if (!list.Contains(speaker, StringComparer.OrdinalIgnoreCase))
                {
                    list.Add(speaker);
                }
            }
        }

        return speakers;
    }

    /// <summary>Who the speaker is talking to: the session's other speaker, when there is exactly one.</summary>
    private static string? OtherParticipant(Dictionary<string, List<string>> speakers, MemoryRecord episode)
    {
        if (episode.SessionId is null || !speakers.TryGetValue(episode.SessionId, out var list))
        {
            return null;
        }

        var others = list.Where(s => !string.Equals(s, episode.Speaker, StringComparison.OrdinalIgnoreCase)).ToList();
        return others.Count == 1 ? others[0] : null;
    }
}
