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

    /// <summary>The document frequency n of the term.</summary>
    public int Count => _count;

    public ReadOnlySpan<Posting> AsSpan() => _postings.AsSpan(0, _count);

    public void Add(int documentId, int termFrequency)
    {
        if (_count == _postings.Length)
        {
            Array.Resize(ref _postings, _postings.Length * 2);
        }

        _postings[_count++] = new Posting(documentId, termFrequency);
    }

    /// <summary>Removes the posting for <paramref name="documentId"/>; false if the term never occurred in it.</summary>
    public bool Remove(int documentId)
    {
        var postings = _postings.AsSpan(0, _count);
        for (var index = 0; index < postings.Length; index++)
        {
            if (postings[index].DocumentId == documentId)
            {
                postings[index] = postings[^1];
                _count--;
                return true;
            }
        }

        return false;
    }
}
