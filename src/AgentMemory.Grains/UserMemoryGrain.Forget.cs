using AgentMemory.Abstractions;
using AgentMemory.Storage;

namespace AgentMemory.Grains;

public sealed partial class UserMemoryGrain
{
    /// <summary>
    /// Forgets memories and what was derived only from them: a fact whose every source is
    /// forgotten goes too, a fact with other sources loses just the forgotten ones (recorded in
    /// its history), and a summary built from any forgotten episode goes (it is rebuilt from what
    /// remains when its session is summarized again). One transaction, which also records every
    /// id removed as forgotten (see <see cref="MemoryLimitsOptions.ForgottenIdRetention"/>).
    /// </summary>
    /// <returns>How many memories were removed, derived ones included.</returns>
    private async Task<long> ForgetWithDerivedAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var doomed = ids.ToHashSet();
        var revisions = new List<MemoryRevision>();
        var history = new List<HistoryRow>();
        var revised = new List<MemoryRecord>();

        // Derived memories can be sources of others (a merged fact), so widen until stable.
        bool grew;
        do
        {
            grew = false;
            foreach (var record in _index.Records)
            {
                if (record.Kind == MemoryKind.Episodic || doomed.Contains(record.Id) || !record.SourceIds.Any(doomed.Contains))
                {
                    continue;
                }

                if (record.Kind == MemoryKind.Summary || record.SourceIds.All(doomed.Contains))
                {
                    doomed.Add(record.Id);
                    grew = true;
                }
            }
        }
        while (grew);

        foreach (var record in _index.Records)
        {
            if (record.Kind == MemoryKind.Episodic || doomed.Contains(record.Id) || !record.SourceIds.Any(doomed.Contains))
            {
                continue;
            }

            var remaining = record.SourceIds.Where(s => !doomed.Contains(s)).ToList();
            revisions.Add(new MemoryRevision(record.Id, record.Text, null, remaining, record.ValidTo, record.ExpiredAt, record.SupersededBy));
            history.Add(new HistoryRow(record.Id, HistoryOperation.SourceForgotten, record.Text, record.Text,
                record.SourceIds.Where(doomed.Contains).ToList(), remaining, "a source was forgotten", record.ValidFrom, record.ValidTo));
            revised.Add(record with { SourceIds = remaining });
        }

        var doomedList = doomed.ToList();
        var orphanedPhrases = _knowledge.Graph.PhrasesOrphanedBy(doomed);
        var now = PostgresTime.Truncate(_clock.GetUtcNow());
        await _store.ForgetAsync(_scope, doomedList, revisions, history, orphanedPhrases, now, now - _limits.Value.ForgottenIdRetention, cancellationToken);

        foreach (var id in doomedList)
        {
            _index.Remove(id);
            _knowledge.Remove(id);
        }

        foreach (var record in revised)
        {
            _index.UpdateRecord(record);
        }

        _telemetry.HotMemories.Add(-doomedList.Count);
        _telemetry.MemoriesForgotten.Add(doomedList.Count);
        return doomedList.Count;
    }
}
