using AgentMemory.Abstractions;
using AgentMemory.Derivation;
using AgentMemory.Storage;

namespace AgentMemory.Grains;

/// <summary>
/// Recursive summaries: a session summary when a session is closed or goes idle, then the
/// rolling user profile (previous profile + the new session summary) and the summary of the
/// session's month (from that month's session summaries). Each is one memory of kind Summary
/// under a stable key, rewritten in place when it changes, with its history kept.
/// </summary>
public sealed partial class UserMemoryGrain
{
    private const string ProfileKey = "summary:profile";

    public async Task<MemoryRecord?> CloseSession(string sessionId, CancellationToken cancellationToken)
    {
        if (Derivation.Enabled)
        {
            await Flush(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return await SummarizeSessionAsync(sessionId, cancellationToken);
    }

    /// <summary>Summarizes every session that has been quiet for the idle timeout and changed since its summary.</summary>
    /// <returns>How many sessions are still waiting to go idle.</returns>
    private async Task<int> SummarizeIdleSessionsAsync(CancellationToken cancellationToken)
    {
        var quietSince = _clock.GetUtcNow() - Derivation.SessionIdleTimeout;
        var waiting = 0;
        foreach (var (session, lastRecorded) in StaleSessions())
        {
            if (lastRecorded <= quietSince)
            {
                await SummarizeSessionAsync(session, cancellationToken);
            }
            else
            {
                waiting++;
            }
        }

        return waiting;
    }

    /// <summary>Sessions whose summary is missing or older than their episodes, with their latest record time.</summary>
    private IEnumerable<(string Session, DateTimeOffset LastRecorded)> StaleSessions()
    {
        var episodes = new Dictionary<string, (int Count, DateTimeOffset Last)>(StringComparer.Ordinal);
        var summarized = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in _index.Records)
        {
            if (record.SessionId is not { } session)
            {
                continue;
            }

            if (record.Kind == MemoryKind.Episodic)
            {
                var (count, last) = episodes.GetValueOrDefault(session);
                episodes[session] = (count + 1, record.RecordedAt > last ? record.RecordedAt : last);
            }
            else if (record.Kind == MemoryKind.Summary && record.IdempotencyKey == SessionKey(session))
            {
                summarized[session] = record.SourceIds.Count;
            }
        }

        return episodes.Where(e => summarized.GetValueOrDefault(e.Key) != e.Value.Count).Select(e => (e.Key, e.Value.Last)).ToList();
    }

    private async Task<MemoryRecord?> SummarizeSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var turns = _index.Records
            .Where(r => r.Kind == MemoryKind.Episodic && r.SessionId == sessionId)
            .OrderBy(r => r.EventTime).ThenBy(r => r.Id)
            .ToList();
        var existing = FindByKey(SessionKey(sessionId));
        if (turns.Count == 0)
        {
            return null;
        }

        if (existing is not null && existing.SourceIds.Count == turns.Count && turns.All(t => existing.SourceIds.Contains(t.Id)))
        {
            return existing;
        }

        var now = PostgresTime.Truncate(_clock.GetUtcNow());
        var changes = new DerivationChanges();
        var text = await _summarizer.SummarizeSessionAsync(
            turns.Select(t => new EpisodeForDerivation(t.Id, t.Text, t.Speaker, t.SessionId, t.EventTime)).ToList(), cancellationToken);
        var sessionTime = turns[^1].EventTime;
        var summary = await UpsertSummaryAsync(existing, SessionKey(sessionId), text, sessionId, sessionTime, turns.Select(t => t.Id).ToList(), "session", changes, now, cancellationToken);

        // Recursion: the profile folds in the new session summary; the month is re-summarized from its sessions.
        var profile = FindByKey(ProfileKey);
        var profileText = await _summarizer.UpdateProfileAsync(profile?.Text, text, cancellationToken);
        await UpsertSummaryAsync(profile, ProfileKey, profileText, null, sessionTime, [summary.Id], "profile", changes, now, cancellationToken);

        var period = sessionTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var monthSessions = _index.Records
            .Where(r => r.Kind == MemoryKind.Summary && r.IdempotencyKey.StartsWith("summary:session:", StringComparison.Ordinal) && r.EventTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) == period)
            .OrderBy(r => r.EventTime)
            .ToList();
        var periodText = await _summarizer.SummarizePeriodAsync(period, monthSessions.Select(r => r.Text).ToList(), cancellationToken);
        await UpsertSummaryAsync(FindByKey("summary:period:" + period), "summary:period:" + period, periodText, null, sessionTime, monthSessions.Select(r => r.Id).ToList(), "period", changes, now, cancellationToken);

        await _store.ApplyDerivationAsync(_scope, changes, now, cancellationToken);
        return FindByKey(SessionKey(sessionId));
    }

    private async Task<MemoryRecord> UpsertSummaryAsync(MemoryRecord? existing, string key, string text, string? sessionId, DateTimeOffset eventTime,
        List<Guid> sources, string level, DerivationChanges changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var vector = (await EmbedAsync([text], cancellationToken))[0];
        if (existing is null)
        {
            var id = Guid.CreateVersion7();
            var record = new MemoryRecord(id, MemoryKind.Summary, text, null, MemoryRole.Unspecified, sessionId, eventTime, now,
                $"{{\"summary\": \"{level}\"}}", key, "summary", sources);
            _index.Add(record, vector.Span);
            changes.Inserts.Add(new DerivedMemoryRow(record, vector));
            changes.History.Add(new HistoryRow(id, HistoryOperation.Add, null, text, [], sources, $"{level} summary", null, null));
            _telemetry.HotMemories.Add(1);
            return record;
        }

        var updated = existing with { Text = text, SourceIds = sources, EventTime = eventTime > existing.EventTime ? eventTime : existing.EventTime };
        _index.Remove(existing.Id);
        _index.Add(updated, vector.Span);
        changes.Revisions.Add(new MemoryRevision(existing.Id, text, vector, sources, null, null, null));
        changes.History.Add(new HistoryRow(existing.Id, HistoryOperation.Update, existing.Text, text, [], sources, $"{level} summary rewritten", null, null));
        return updated;
    }

    private MemoryRecord? FindByKey(string key) =>
        _index.Records.FirstOrDefault(r => r.Kind == MemoryKind.Summary && string.Equals(r.IdempotencyKey, key, StringComparison.Ordinal));

    private static string SessionKey(string sessionId) => "summary:session:" + sessionId;
}
