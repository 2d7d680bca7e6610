using System.Runtime.InteropServices;

namespace AgentMemory.Core;

/// <summary>
/// Keeps the best <c>k</c> of a stream of scored documents in a bounded min-heap whose root is the
/// worst kept entry, so selecting the top k of N costs O(N log k) instead of sorting all N.
/// </summary>
/// <remarks>
/// The heap lives directly in the result list's backing array, so a search allocates exactly one
/// list and nothing else.
/// </remarks>
internal ref struct TopKCollector
{
    private readonly List<ScoredDocument> _results;
    private readonly Span<ScoredDocument> _heap;
    private int _count;

    /// <param name="capacity">k, already capped at the number of candidates.</param>
    public TopKCollector(int capacity)
    {
        _results = new List<ScoredDocument>(capacity);
        CollectionsMarshal.SetCount(_results, capacity);
        _heap = CollectionsMarshal.AsSpan(_results);
        _count = 0;
    }

    /// <summary>Offers a candidate; it is kept if fewer than k are held or it beats the worst kept one.</summary>
    public void Offer(int documentId, float score)
    {
        var candidate = new ScoredDocument(documentId, score);
        if (_count < _heap.Length)
        {
            _heap[_count] = candidate;
            SiftUp(_count++);
        }
        else if (_heap.Length > 0 && ScoredDocumentRanking.RanksAhead(candidate, _heap[0]))
        {
            _heap[0] = candidate;
            SiftDown(0);
        }
    }

    /// <summary>Returns the kept documents, best first.</summary>
    public readonly List<ScoredDocument> ToSortedList()
    {
        CollectionsMarshal.SetCount(_results, _count);
        RankingSort.ByRanking(CollectionsMarshal.AsSpan(_results));
        return _results;
    }

    // Heap order: a parent never ranks ahead of its children, so the root is the worst kept entry.
    private readonly void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!ScoredDocumentRanking.RanksAhead(_heap[parent], _heap[index]))
            {
                return;
            }

            (_heap[parent], _heap[index]) = (_heap[index], _heap[parent]);
            index = parent;
        }
    }

    private readonly void SiftDown(int index)
    {
        while (true)
        {
            var worst = index;
            var left = (2 * index) + 1;
            var right = left + 1;
            if (left < _count && ScoredDocumentRanking.RanksAhead(_heap[worst], _heap[left]))
            {
                worst = left;
            }

            if (right < _count && ScoredDocumentRanking.RanksAhead(_heap[worst], _heap[right]))
            {
                worst = right;
            }

            if (worst == index)
            {
                return;
            }

            (_heap[worst], _heap[index]) = (_heap[index], _heap[worst]);
            index = worst;
        }
    }
}
