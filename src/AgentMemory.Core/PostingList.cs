namespace AgentMemory.Core;

/// <summary>
/// The documents containing one term, as a growable array of inline <see cref="Posting"/> structs.
/// </summary>
/// <remarks>
/// Scoring only sums contributions, so order is irrelevant: removal swaps the last posting into the
/// hole (O(n) to find, O(1) to remove) and the array stays dense for cache-friendly scans.
/// </remarks>
internal sealed class PostingList
{
    private const int InitialCapacity = 4;

    private Posting[] _postings = new Posting[InitialCapacity];
    private int _count;

    // Document frequency per partition (see Bm25Index): allocated when a second partition appears.
    private int[]? _partitionCounts;

    /// <summary>The document frequency n of the term.</summary>
    public int Count => _count;

    /// <summary>The document frequency of the term among the documents of one partition.</summary>
    public int CountIn(int partition) => _partitionCounts is null ? (partition == 0 ? _count : 0) : _partitionCounts[partition];

    public ReadOnlySpan<Posting> AsSpan() => _postings.AsSpan(0, _count);

    public void Add(int documentId, int termFrequency, int partition = 0)
    {
        if (_count == _postings.Length)
        {
            Array.Resize(ref _postings, _postings.Length * 2);
        }

        if (partition != 0 && _partitionCounts is null)
        {
            _partitionCounts = new int[Bm25Index.MaxPartitions];
            _partitionCounts[0] = _count;
        }

        _postings[_count++] = new Posting(documentId, termFrequency);
        if (_partitionCounts is not null)
        {
            _partitionCounts[partition]++;
        }
    }

    /// <summary>Removes the posting for <paramref name="documentId"/>; false if the term never occurred in it.</summary>
    public bool Remove(int documentId, int partition = 0)
    {
        var postings = _postings.AsSpan(0, _count);
        for (var index = 0; index < postings.Length; index++)
        {
            if (postings[index].DocumentId == documentId)
            {
                postings[index] = postings[^1];
                _count--;
                if (_partitionCounts is not null)
                {
                    _partitionCounts[partition]--;
                }

                return true;
            }
        }

        return false;
    }
}
