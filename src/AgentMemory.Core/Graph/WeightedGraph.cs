namespace AgentMemory.Core.Graph;

/// <summary>
/// A mutable, undirected, weighted graph over dense integer node ids, kept as adjacency lists and
/// updated incrementally.
/// </summary>
/// <remarks>
/// <para>
/// This is the HippoRAG 2 knowledge graph of one user (phrase and passage nodes) that a grain holds
/// in memory. Memories are remembered and forgotten one at a time, so every change is a local edit:
/// nothing is ever rebuilt. The grain maps its own ids to the node ids handed out by
/// <see cref="AddNode"/>; ids freed by <see cref="RemoveNode"/> are reused (last freed, first reused)
/// so the id space, and with it the dense score arrays of <see cref="PersonalizedPageRank"/>, stays
/// as small as the live graph.
/// </para>
/// <para>
/// Each node keeps its edges in its own <see cref="GraphEdge"/> array (grown by doubling), so
/// <see cref="Neighbours"/> is a span over contiguous memory and a PageRank pass iterates without
/// allocation. An undirected edge is stored at both ends with the same weight. Finding an edge is a
/// linear scan of the shorter of the two ends' lists: most nodes have a handful of edges. Hubs (a speaker's
/// name is linked to thousands of passages) get a target → position dictionary once they pass
/// <see cref="HubThreshold"/> edges, so adding to or removing from a hub stays O(1); it is dropped
/// again when the hub shrinks to half that. Removing an edge swaps the last edge into its place.
/// </para>
/// <para>
/// <see cref="WeightedDegree"/> is maintained on every change, because PageRank divides by it for
/// every active node in every iteration. It is a double updated by the exact difference of the float
/// edge weights, so it equals the sum of the node's edge weights without drift.
/// </para>
/// <para>Not thread-safe: the graph is owned by one grain activation, whose turn-based scheduling serialises access.</para>
/// </remarks>
public sealed class WeightedGraph
{
    /// <summary>Edges at or below this weight are removed rather than kept as near-zero noise.</summary>
    private const float RemovalEpsilon = 1e-6f;

    // A node with more edges than this gets a target → position index; linear scans stop paying off.
    private const int HubThreshold = 32;

    private const int InitialNodeCapacity = 16;
    private const int InitialEdgeCapacity = 4;

    private NodeSlot[] _nodes = [];
    private int[] _free = [];
    private int _freeCount;

    /// <summary>The number of live nodes.</summary>
    public int NodeCount { get; private set; }

    /// <summary>One past the highest node id ever handed out (live or free); node ids lie in [0, Capacity).</summary>
    public int Capacity { get; private set; }

    /// <summary>The number of undirected edges.</summary>
    public int EdgeCount { get; private set; }

    /// <summary>Approximate heap bytes held by the graph (node table, edge arrays, hub indexes), for memory metrics.</summary>
    public long ApproximateBytes
    {
        get
        {
            // NodeSlot: two references, a double, an int and a bool, padded to 32 bytes.
            long bytes = 64 + ((long)_nodes.Length * 32) + ((long)_free.Length * sizeof(int));
            for (var node = 0; node < Capacity; node++)
            {
                ref readonly var slot = ref _nodes[node];
                if (slot.Edges.Length > 0)
                {
                    bytes += 24 + ((long)slot.Edges.Length * 8);
                }

                if (slot.Hub is { } hub)
                {
                    // Each entry costs a 4-byte bucket plus a 16-byte (hash, next, key, value) entry.
                    bytes += 80 + ((long)hub.Capacity * 20);
                }
            }

            return bytes;
        }
    }

    /// <summary>Creates a node without edges and returns its id: the most recently freed id, else <see cref="Capacity"/>.</summary>
    public int AddNode()
    {
        int node;
        if (_freeCount > 0)
        {
            node = _free[--_freeCount];
        }
        else
        {
            if (Capacity == _nodes.Length)
            {
                Array.Resize(ref _nodes, Math.Max(InitialNodeCapacity, _nodes.Length * 2));
            }

            node = Capacity++;
        }

        _nodes[node] = new NodeSlot { Edges = [], Live = true };
        NodeCount++;
        return node;
    }

    /// <summary>Removes every edge of <paramref name="node"/> (from both ends) and frees its id for reuse.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside [0, <see cref="Capacity"/>).</exception>
    /// <exception cref="ArgumentException">The node is not live (already removed).</exception>
    public void RemoveNode(int node)
    {
        EnsureLive(node, nameof(node));
        ref var slot = ref _nodes[node];
        foreach (var edge in slot.Edges.AsSpan(0, slot.Count))
        {
            ref var other = ref _nodes[edge.Target];
            RemoveAt(ref other, IndexOf(in other, node));
            AdjustDegree(ref other, -(double)edge.Weight);
        }

        EdgeCount -= slot.Count;
        slot = default;
        slot.Edges = [];

        if (_freeCount == _free.Length)
        {
            Array.Resize(ref _free, Math.Max(InitialNodeCapacity, _free.Length * 2));
        }

        _free[_freeCount++] = node;
        NodeCount--;
    }

    /// <summary>Adds <paramref name="weight"/> to the undirected edge between two live nodes, creating it when absent.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A node id is out of range, or the weight is not a finite positive number.</exception>
    /// <exception cref="ArgumentException">A node is not live, or <paramref name="a"/> equals <paramref name="b"/>.</exception>
    public void AddEdgeWeight(int a, int b, float weight)
    {
        EnsureEdgeArguments(a, b, weight);
        ref var slotA = ref _nodes[a];
        ref var slotB = ref _nodes[b];
        if (!TryFind(ref slotA, a, ref slotB, b, out var indexA, out var indexB))
        {
            Append(ref slotA, new GraphEdge(b, weight));
            Append(ref slotB, new GraphEdge(a, weight));
            AdjustDegree(ref slotA, weight);
            AdjustDegree(ref slotB, weight);
            EdgeCount++;
            return;
        }

        var old = slotA.Edges[indexA].Weight;
        SetWeight(ref slotA, indexA, ref slotB, indexB, old, old + weight);
    }

    /// <summary>
    /// Subtracts <paramref name="weight"/> from the undirected edge between two live nodes; the edge
    /// disappears when its weight falls to 1e-6 or less. Nothing happens when there is no such edge.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A node id is out of range, or the weight is not a finite positive number.</exception>
    /// <exception cref="ArgumentException">A node is not live, or <paramref name="a"/> equals <paramref name="b"/>.</exception>
    public void RemoveEdgeWeight(int a, int b, float weight)
    {
        EnsureEdgeArguments(a, b, weight);
        ref var slotA = ref _nodes[a];
        ref var slotB = ref _nodes[b];
        if (!TryFind(ref slotA, a, ref slotB, b, out var indexA, out var indexB))
        {
            return;
        }

        var old = slotA.Edges[indexA].Weight;
        var updated = old - weight;
        if (updated > RemovalEpsilon)
        {
            SetWeight(ref slotA, indexA, ref slotB, indexB, old, updated);
            return;
        }

        RemoveAt(ref slotA, indexA);
        RemoveAt(ref slotB, indexB);
        AdjustDegree(ref slotA, -(double)old);
        AdjustDegree(ref slotB, -(double)old);
        EdgeCount--;
    }

    /// <summary>The weight of the edge between two nodes; 0 when there is none (or either node is not live).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A node id is outside [0, <see cref="Capacity"/>).</exception>
    public float EdgeWeight(int a, int b)
    {
        EnsureInRange(a, nameof(a));
        EnsureInRange(b, nameof(b));
        ref var slotA = ref _nodes[a];
        ref var slotB = ref _nodes[b];
        return TryFind(ref slotA, a, ref slotB, b, out var indexA, out _) ? slotA.Edges[indexA].Weight : 0f;
    }

    /// <summary>The node's edges, in no particular order; empty for a node that is not live.</summary>
    /// <remarks>The span is invalidated by the next change to the graph.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside [0, <see cref="Capacity"/>).</exception>
    public ReadOnlySpan<GraphEdge> Neighbours(int node)
    {
        EnsureInRange(node, nameof(node));
        ref readonly var slot = ref _nodes[node];
        return new ReadOnlySpan<GraphEdge>(slot.Edges, 0, slot.Count);
    }

    /// <summary>The sum of the node's edge weights; 0 for a node without edges or not live.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside [0, <see cref="Capacity"/>).</exception>
    public double WeightedDegree(int node)
    {
        EnsureInRange(node, nameof(node));
        return _nodes[node].Degree;
    }

    /// <summary>Whether <paramref name="node"/> is a live node id; false for any other value, including out-of-range ones.</summary>
    public bool IsLive(int node) => (uint)node < (uint)Capacity && _nodes[node].Live;

    /// <summary>Removes every node and edge; ids start again from 0.</summary>
    public void Clear()
    {
        _nodes = [];
        _free = [];
        _freeCount = 0;
        NodeCount = 0;
        Capacity = 0;
        EdgeCount = 0;
    }

    /// <summary>
    /// The node's edges and weighted degree in one bounds check, for the PageRank inner loop; the
    /// caller guarantees the id is in range.
    /// </summary>
    internal ReadOnlySpan<GraphEdge> EdgesOf(int node, out double degree)
    {
        ref readonly var slot = ref _nodes[node];
        degree = slot.Degree;
        return new ReadOnlySpan<GraphEdge>(slot.Edges, 0, slot.Count);
    }

    /// <summary>
    /// Locates the edge a–b at both ends, searching first at whichever end finds it cheapest (a hub
    /// index, else the shorter list) so that the common miss costs one short scan.
    /// </summary>
    private static bool TryFind(ref NodeSlot slotA, int a, ref NodeSlot slotB, int b, out int indexA, out int indexB)
    {
        if (slotA.Hub is not null || (slotB.Hub is null && slotA.Count <= slotB.Count))
        {
            indexA = IndexOf(in slotA, b);
            indexB = indexA < 0 ? -1 : IndexOf(in slotB, a);
        }
        else
        {
            indexB = IndexOf(in slotB, a);
            indexA = indexB < 0 ? -1 : IndexOf(in slotA, b);
        }

        return indexA >= 0;
    }

    private static int IndexOf(in NodeSlot slot, int target)
    {
        if (slot.Hub is { } hub)
        {
            return hub.TryGetValue(target, out var position) ? position : -1;
        }

        var edges = slot.Edges.AsSpan(0, slot.Count);
        for (var i = 0; i < edges.Length; i++)
        {
            if (edges[i].Target == target)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Append(ref NodeSlot slot, GraphEdge edge)
    {
        if (slot.Count == slot.Edges.Length)
        {
            Array.Resize(ref slot.Edges, Math.Max(InitialEdgeCapacity, slot.Edges.Length * 2));
        }

        slot.Edges[slot.Count] = edge;
        if (slot.Hub is { } hub)
        {
            hub.Add(edge.Target, slot.Count);
        }
        else if (slot.Count + 1 > HubThreshold)
        {
            hub = new Dictionary<int, int>(slot.Edges.Length);
            for (var i = 0; i <= slot.Count; i++)
            {
                hub.Add(slot.Edges[i].Target, i);
            }

            slot.Hub = hub;
        }

        slot.Count++;
    }

    private static void RemoveAt(ref NodeSlot slot, int index)
    {
        var last = slot.Count - 1;
        var removedTarget = slot.Edges[index].Target;
        if (index != last)
        {
            slot.Edges[index] = slot.Edges[last];
            slot.Hub?[slot.Edges[index].Target] = index;
        }

        slot.Edges[last] = default;
        slot.Count = last;
        if (slot.Hub is { } hub)
        {
            hub.Remove(removedTarget);
            if (last <= HubThreshold / 2)
            {
                // Hysteresis: a node hovering around the threshold does not rebuild its index on every edit.
                slot.Hub = null;
            }
        }

        // Give memory back when a former hub loses most of its edges (forgotten passages).
        if (slot.Edges.Length >= 64 && last <= slot.Edges.Length / 4)
        {
            Array.Resize(ref slot.Edges, slot.Edges.Length / 2);
        }
    }

    private static void SetWeight(ref NodeSlot slotA, int indexA, ref NodeSlot slotB, int indexB, float old, float updated)
    {
        slotA.Edges[indexA] = new GraphEdge(slotA.Edges[indexA].Target, updated);
        slotB.Edges[indexB] = new GraphEdge(slotB.Edges[indexB].Target, updated);

        // The difference of two floats is exact in double, so the degree never drifts from the sum of its edges.
        var delta = (double)updated - old;
        AdjustDegree(ref slotA, delta);
        AdjustDegree(ref slotB, delta);
    }

    private static void AdjustDegree(ref NodeSlot slot, double delta) =>
        slot.Degree = slot.Count == 0 ? 0d : slot.Degree + delta;

    private void EnsureEdgeArguments(int a, int b, float weight)
    {
        EnsureLive(a, nameof(a));
        EnsureLive(b, nameof(b));
        if (a == b)
        {
            throw new ArgumentException($"Self-loops are not allowed (node {a}).", nameof(b));
        }

        if (!(weight > 0f) || float.IsPositiveInfinity(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight must be a finite positive number.");
        }
    }

    private void EnsureLive(int node, string parameterName)
    {
        EnsureInRange(node, parameterName);
        if (!_nodes[node].Live)
        {
            throw new ArgumentException($"Node {node} is not live.", parameterName);
        }
    }

    private void EnsureInRange(int node, string parameterName)
    {
        if ((uint)node >= (uint)Capacity)
        {
            throw new ArgumentOutOfRangeException(parameterName, node, $"Node ids lie in [0, {Capacity}).");
        }
    }

    private struct NodeSlot
    {
        public GraphEdge[] Edges;
        public Dictionary<int, int>? Hub;
        public double Degree;
        public int Count;
        public bool Live;
    }
}
