using AgentMemory.Abstractions;

namespace AgentMemory.Grains;

/// <summary>Timelines (THEANINE): memories about the same entity or topic, in time order, with their links.</summary>
public sealed partial class UserMemoryGrain
{
    public Task<IReadOnlyList<HistoryEntry>> History(Guid memoryId, CancellationToken cancellationToken)
    {
        return _index.Contains(memoryId)
            ? ReadHistoryAsync()
            : throw new MemoryNotFoundException([memoryId]);

        async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync() => await _store.ReadHistoryAsync(_scope, memoryId, cancellationToken);
    }

    public Task<TimelineView> Timeline(TimelineQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit > 0 ? query.Limit : 50;
        IEnumerable<MemoryRecord> members;
        if (query.MemoryId is { } id)
        {
            var anchor = _index.Find(id) ?? throw new MemoryNotFoundException([id]);
            members = Chain(anchor);
        }
        else if (!string.IsNullOrWhiteSpace(query.Entity))
        {
            members = _knowledge.Mentioning(query.Entity.Trim()).Select(_index.Find).OfType<MemoryRecord>();
        }
        else if (!string.IsNullOrWhiteSpace(query.Topic))
        {
            // A topic is free text: the facts that match it lexically, and what they link to.
            var matches = _index.LexicalMatches(query.Topic, limit, r => r.Kind == MemoryKind.Semantic);
            members = matches.SelectMany(Chain).Concat(matches);
        }
        else
        {
            throw new InvalidMemoryRequestException("anchor", "one of entity, topic or memory_id is required");
        }

        var ordered = members
            .DistinctBy(m => m.Id)
            .OrderBy(m => m.ValidFrom ?? m.EventTime).ThenBy(m => m.RecordedAt).ThenBy(m => m.Id)
            .Take(limit)
            .ToList();
        var ids = ordered.Select(m => m.Id).ToHashSet();
        var links = ordered.SelectMany(m => _knowledge.LinksOf(m.Id)).Where(l => ids.Contains(l.FromId) && ids.Contains(l.ToId)).Distinct().ToList();
        return Task.FromResult(new TimelineView(ordered, links));
    }

    /// <summary>A memory's timeline neighbours (linked both ways), oldest first, for recall expansion.</summary>
    private List<MemoryRecord> TimelineNeighbours(Guid memoryId, int max) =>
        _knowledge.LinksOf(memoryId)
            .Select(l => l.FromId == memoryId ? l.ToId : l.FromId)
            .Distinct()
            .Select(_index.Find)
            .OfType<MemoryRecord>()
            .OrderBy(m => m.ValidFrom ?? m.EventTime)
            .Take(max)
            .ToList();

    /// <summary>Everything reachable from a memory through timeline links.</summary>
    private List<MemoryRecord> Chain(MemoryRecord anchor)
    {
        var seen = new HashSet<Guid> { anchor.Id };
        var queue = new Queue<Guid>([anchor.Id]);
        while (queue.Count > 0 && seen.Count < 500)
        {
            foreach (var link in _knowledge.LinksOf(queue.Dequeue()))
            {
                foreach (var next in new[] { link.FromId, link.ToId })
                {
                    if (seen.Add(next))
                    {
                        queue.Enqueue(next);
                    }
                }
            }
        }

        return seen.Select(_index.Find).OfType<MemoryRecord>().ToList();
    }
}
