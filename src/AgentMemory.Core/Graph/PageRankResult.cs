using System.Collections;

namespace AgentMemory.Core.Graph;

/// <summary>The stationary scores of one <see cref="PersonalizedPageRank"/> run.</summary>
/// <remarks>
/// <para>
/// The result owns the pooled arrays the run worked in, including the dense score array indexed by
/// node id, rather than copying them: a copy would cost O(capacity) per call, which is what the sparse
/// iteration avoids. Dispose the result once its scores have been read (a <c>using</c> declaration)
/// to hand the arrays back for the next run; that makes repeated runs allocation-free apart from the
/// result object itself. An undisposed result is simply collected, and the next run allocates fresh
/// arrays. After disposal reading <see cref="Scores"/>, <see cref="ScoreOf"/> or an element of
/// <see cref="TouchedNodes"/> throws <see cref="ObjectDisposedException"/>; a <see cref="Scores"/>
/// span taken before disposal must not be read after it, because another run may then be
/// writing the pooled array it points into.
/// </para>
/// <para>Not thread-safe; meant to be read by the caller that ran the ranking.</para>
/// </remarks>
public sealed class PageRankResult : IDisposable
{
    private readonly int _capacity;
    private readonly int _touchedCount;
    private PageRankBuffers? _buffers;
    private TouchedNodeList? _touchedNodes;

    internal PageRankResult(PageRankBuffers buffers, int capacity, int touchedCount, int iterations, bool converged)
    {
        _buffers = buffers;
        _capacity = capacity;
        _touchedCount = touchedCount;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>The number of iterations run; 0 when there was no usable seed.</summary>
    public int Iterations { get; }

    /// <summary>Whether the L1 change fell below the tolerance within the iteration limit.</summary>
    public bool Converged { get; }

    /// <summary>
    /// The score of every node id of the graph as it was when ranked (length = its
    /// <see cref="WeightedGraph.Capacity"/>); scores are non-negative and sum to 1 unless there was
    /// no usable seed, in which case all are 0.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The result has been disposed.</exception>
    public ReadOnlySpan<double> Scores => Buffers.Current.AsSpan(0, _capacity);

    /// <summary>
    /// The nodes with a non-zero score, in no particular order. Iterating them instead of <see cref="Scores"/> keeps a caller's work proportional to the
    /// touched part of the graph.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The result has been disposed.</exception>
    public IReadOnlyList<int> TouchedNodes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffers is null, this);
            return _touchedNodes ??= new TouchedNodeList(this);
        }
    }

    /// <summary>The score of <paramref name="node"/>; 0 for ids at or beyond the capacity the graph had when ranked.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is negative.</exception>
    /// <exception cref="ObjectDisposedException">The result has been disposed.</exception>
    public double ScoreOf(int node)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        var scores = Buffers.Current;
        return node < _capacity ? scores[node] : 0d;
    }

    /// <summary>Returns the pooled arrays; the scores are unreadable afterwards. Safe to call twice.</summary>
    public void Dispose()
    {
        var buffers = _buffers;
        _buffers = null;
        buffers?.Return(_touchedCount);
    }

    private PageRankBuffers Buffers
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffers is null, this);
            return _buffers;
        }
    }

    /// <summary>A read-only view of the touched prefix of the pooled node list that refuses reads after disposal.</summary>
    private sealed class TouchedNodeList(PageRankResult owner) : IReadOnlyList<int>
    {
        public int Count => owner._touchedCount;

        public int this[int index]
        {
            get
            {
                var nodes = owner.Buffers.Nodes;
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, owner._touchedCount);
                return nodes[index];
            }
        }

        public IEnumerator<int> GetEnumerator()
        {
            for (var i = 0; i < owner._touchedCount; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
