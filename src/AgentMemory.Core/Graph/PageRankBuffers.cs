namespace AgentMemory.Core.Graph;

/// <summary>
/// The arrays one <see cref="PersonalizedPageRank"/> run works in, pooled so that a run costs in
/// proportion to the part of the graph it touches rather than the graph's capacity.
/// </summary>
/// <remarks>
/// <para>
/// The dense arrays are indexed by node id, which makes the inner loop a plain array update, but
/// allocating or clearing them would cost O(capacity) per call. Instead a buffer is handed out
/// clean (every score zero, every flag false) and handed back clean: a run resets exactly the entries
/// it touched, which it knows from its list of active nodes. Fresh arrays come zeroed from the runtime.
/// </para>
/// <para>
/// The buffer travels with the <see cref="PageRankResult"/> (it holds the scores) and returns here
/// when the result is disposed, possibly on another thread, hence the lock. A few buffers are kept,
/// enough for the grains one silo ranks at the same moment; more are simply dropped to the GC. A
/// buffer that served a 13,000-node memory graph holds about 1 MB (the dense arrays plus the edge
/// snapshot of the part the walk reached).
/// </para>
/// </remarks>
internal sealed class PageRankBuffers
{
    private const int PoolSize = 4;

    private static readonly PageRankBuffers?[] Pool = new PageRankBuffers?[PoolSize];
    private static readonly Lock PoolLock = new();

    private PageRankBuffers(int length)
    {
        Length = length;
        Current = new double[length];
        Next = new double[length];
        Active = new bool[length];
        Nodes = new int[length];
        PositionOf = new int[length];
    }

    /// <summary>The length of every dense array: the largest graph capacity this buffer can serve.</summary>
    public int Length { get; }

    /// <summary>The scores of the current iterate; zero outside <see cref="Nodes"/>.</summary>
    public double[] Current { get; private set; }

    /// <summary>
    /// The iterate being built; zero everywhere between iterations and between runs. The snapshot
    /// phase borrows its first entries for the per-position shares and clears them when it ends.
    /// </summary>
    public double[] Next { get; private set; }

    /// <summary>Whether a node is in <see cref="Nodes"/>; all false between runs.</summary>
    public bool[] Active { get; }

    /// <summary>
    /// The active nodes, each once: every node the walk or the closing search has reached, in
    /// discovery order until the snapshot sorts them; at the end, the nodes with a non-zero score.
    /// </summary>
    public int[] Nodes { get; }

    /// <summary>The distinct seed nodes of the run.</summary>
    public int[] SeedNodes { get; private set; } = [];

    /// <summary>The normalised reset weight of each of <see cref="SeedNodes"/>.</summary>
    public double[] SeedWeights { get; private set; } = [];

    // The snapshot of a closed active set (see PersonalizedPageRank.TakeSnapshot), indexed by position
    // in the node list; written before every read, so never cleaned.

    /// <summary>The position of an active node in the node list.</summary>
    public int[] PositionOf { get; }

    /// <summary>The edges of the active nodes, node after node, with targets given as positions.</summary>
    public GraphEdge[] Edges { get; private set; } = [];

    /// <summary>Where each position's edges start in <see cref="Edges"/>, plus one end offset.</summary>
    public int[] EdgeOffsets { get; private set; } = [];

    /// <summary>Each position's damping / weighted degree; 0 for a node without edges.</summary>
    public double[] Scales { get; private set; } = [];

    /// <summary>Each position's share of mass whose walk steps onto a stop node (restarts instead).</summary>
    public double[] StopShares { get; private set; } = [];

    /// <summary>Each position's normalised reset weight; 0 for a node that is not a seed.</summary>
    public double[] Resets { get; private set; } = [];

    /// <summary>Each position's current score.</summary>
    public double[] Values { get; private set; } = [];

    /// <summary>Takes a clean buffer that can serve a graph of <paramref name="capacity"/> nodes.</summary>
    public static PageRankBuffers Rent(int capacity)
    {
        lock (PoolLock)
        {
            for (var i = 0; i < Pool.Length; i++)
            {
                if (Pool[i] is { } pooled && pooled.Length >= capacity)
                {
                    Pool[i] = null;
                    return pooled;
                }
            }
        }

        // Headroom, so a graph that grows a node at a time does not outgrow its buffer on every call.
        return new PageRankBuffers(Math.Max(64, capacity + (capacity / 4)));
    }

    /// <summary>Makes room for <paramref name="count"/> distinct seeds (the seed arrays need not be clean).</summary>
    public void EnsureSeedCapacity(int count)
    {
        if (SeedNodes.Length < count)
        {
            SeedNodes = new int[count];
            SeedWeights = new double[count];
        }
    }

    /// <summary>Makes room for a snapshot of <paramref name="nodes"/> nodes (these arrays need not be clean).</summary>
    public void EnsureSnapshotCapacity(int nodes)
    {
        if (EdgeOffsets.Length <= nodes)
        {
            var length = Math.Max(nodes + 1, EdgeOffsets.Length * 2);
            EdgeOffsets = new int[length];
            Scales = new double[length];
            StopShares = new double[length];
            Resets = new double[length];
            Values = new double[length];
        }
    }

    /// <summary>Makes room for <paramref name="count"/> snapshot edges, keeping the ones already written, and returns the array.</summary>
    public GraphEdge[] EnsureSnapshotEdges(int count)
    {
        if (Edges.Length < count)
        {
            var edges = Edges;
            Array.Resize(ref edges, Math.Max(count, Math.Max(256, Edges.Length * 2)));
            Edges = edges;
        }

        return Edges;
    }

    /// <summary>Exchanges <see cref="Current"/> and <see cref="Next"/> at the end of an iteration.</summary>
    public void Swap() => (Current, Next) = (Next, Current);

    /// <summary>
    /// Zeroes the first <paramref name="touchedCount"/> entries of <see cref="Nodes"/> in
    /// <see cref="Current"/> (the only non-zero scores left) and puts the buffer back in the pool.
    /// </summary>
    public void Return(int touchedCount)
    {
        var current = Current;
        foreach (var node in Nodes.AsSpan(0, touchedCount))
        {
            current[node] = 0d;
        }

        lock (PoolLock)
        {
            // Prefer an empty slot; otherwise replace a smaller buffer, which is the less useful one to keep.
            var target = -1;
            for (var i = 0; i < Pool.Length; i++)
            {
                if (Pool[i] is null)
                {
                    target = i;
                    break;
                }

                if (Pool[i]!.Length < Length && (target < 0 || Pool[i]!.Length < Pool[target]!.Length))
                {
                    target = i;
                }
            }

            if (target >= 0)
            {
                Pool[target] = this;
            }
        }
    }
}
