namespace AgentMemory.Core.Graph;

/// <summary>
/// Personalized PageRank (random walk with restart) over a <see cref="WeightedGraph"/>, computed
/// sparsely from a handful of seed nodes.
/// </summary>
/// <remarks>
/// <para>
/// HippoRAG 2 retrieves by spreading a query's relevance through the memory's knowledge graph: the
/// seeds are the phrase nodes linked to the query (the phrases of the facts that matched it, each
/// weighted by the fact's score and divided by the number of passages the phrase occurs in, so that a
/// phrase mentioned everywhere counts for little), plus every passage node with a small weight times
/// its dense similarity to the query. The walk then scores passages by how strongly they connect to
/// those seeds, which finds passages that share no words with the query but are one phrase away from
/// ones that do (multi-hop recall).
/// </para>
/// <para>
/// Each iteration computes p ← (1 − d)·r + d·Σ_u p[u]·w(u, v) / deg(u), where r is the seed
/// (reset) vector normalised to sum 1, d the damping, w the edge weights and deg the weighted degree,
/// starting from p = r. Mass at a node without edges cannot be passed on, so it restarts too: it is
/// added to the reset part, and the scores always sum to 1. HippoRAG 2 uses d = 0.5, so a walk
/// restarts after one step on average and stays close to the seeds; that is what makes the ranking
/// query-specific rather than a measure of global centrality.
/// </para>
/// <para>
/// The iteration is sparse and runs in two phases. While the walk is still reaching new nodes, an
/// iteration visits only the nodes that hold mass, scatters along their edges into a dense array
/// indexed by node id and appends the nodes it discovers. Once the reachable set stops growing (or a
/// bounded breadth-first search finishes it off), the edges of the active nodes are copied into a
/// compact snapshot and the remaining iterations gather over it, several times faster per edge.
/// When the part of the graph the seeds can reach is small (see <see cref="ClosingBudget"/>), the
/// search runs before the first iteration and every iteration gathers over the snapshot. Either
/// way the cost scales with the part of the graph within reach of the seeds (through hubs this can be
/// most of it), never with the graph's capacity, and the arrays are pooled (see
/// <see cref="PageRankResult"/>) so a run allocates only its result object and its touched-node list. Safe to call concurrently
/// on different graphs; a graph must not change while it is being ranked.
/// </para>
/// </remarks>
public static class PersonalizedPageRank
{
    /// <summary>The least <see cref="ClosingBudget"/>: a graph this small is always closed before the walk starts.</summary>
    private const int MinimumClosingBudget = 1024;

    /// <summary>Ranks every node of <paramref name="graph"/> by its stationary probability under a walk that restarts at the seeds.</summary>
    /// <param name="graph">The graph; not modified.</param>
    /// <param name="seeds">
    /// Restart nodes and their relative weights. Seeds with a weight of zero or less, or on a node that
    /// is not live, are ignored; repeated nodes add up. With no usable seed every score is 0,
    /// <see cref="PageRankResult.Iterations"/> is 0 and <see cref="PageRankResult.Converged"/> is true.
    /// </param>
    /// <param name="options">Damping, tolerance and iteration limit; validated on every call.</param>
    /// <returns>The scores, which the caller should dispose after reading.</returns>
    /// <exception cref="ArgumentException">A seed weight is NaN or infinite (a bug upstream, which would poison every score).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static PageRankResult Run(WeightedGraph graph, ReadOnlySpan<SeedWeight> seeds, PageRankOptions options)
        => Run(graph, seeds, options, default);

    /// <summary>
    /// As <see cref="Run(WeightedGraph, ReadOnlySpan{SeedWeight}, PageRankOptions)"/>, with stop nodes:
    /// a walk that steps onto one restarts instead (its mass goes back to the seeds), a stop node is
    /// never a seed and always scores 0.
    /// </summary>
    /// <remarks>
    /// A memory graph has hub phrases (the speakers' names) joined to most passages. They carry no
    /// information for a walk (their seed weight, divided by their passage count, is already near
    /// zero), but passing through them spreads mass over the whole graph and makes every walk cost
    /// the whole graph. Stopping at them keeps a walk within the part its seeds are specific to.
    /// </remarks>
    /// <param name="stopNodes">Indexed by node id; empty (or shorter than the capacity) means no stop beyond its length.</param>
    public static PageRankResult Run(WeightedGraph graph, ReadOnlySpan<SeedWeight> seeds, PageRankOptions options, ReadOnlySpan<bool> stopNodes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        foreach (var seed in seeds)
        {
            if (!double.IsFinite(seed.Weight))
            {
                throw new ArgumentException($"Seed weight of node {seed.Node} is not finite ({seed.Weight}).", nameof(seeds));
            }
        }

        var capacity = graph.Capacity;
        var buffers = PageRankBuffers.Rent(capacity);
        var activeCount = CollectSeeds(graph, seeds, stopNodes, buffers, out var seedCount);
        if (seedCount == 0)
        {
            return new PageRankResult(buffers, capacity, 0, 0, converged: true);
        }

        var damping = options.Damping;
        var iterations = 0;
        var converged = false;
        var expanding = true;
        var nextClosingAttempt = 0;

        // A memory graph with its hubs stopped usually lets the seeds reach a few hundred nodes; the
        // walk would touch all of them within its first iterations anyway, and scattering over them
        // (a cache miss per node, twice per edge) cost three times what the snapshot's gathers do.
        if (TryCloseIntoSnapshot(graph, stopNodes, buffers, ref activeCount, ClosingBudget(capacity), seedCount, damping))
        {
            expanding = false;
        }
        else
        {
            nextClosingAttempt = 2 * activeCount;
        }

        while (iterations < options.MaxIterations)
        {
            iterations++;
            double change;
            if (expanding)
            {
                var walked = activeCount;
                change = IterateExpanding(graph, stopNodes, buffers, seedCount, damping, ref activeCount, out var closed);
                if (change >= options.Tolerance && !closed && (activeCount - walked) * 4 <= activeCount && activeCount >= nextClosingAttempt)
                {
                    // The walk has slowed to a trickle of new nodes: finish the reachable set with a
                    // breadth-first search, so the remaining iterations can run on a snapshot.
                    closed = TryClose(graph, stopNodes, buffers, ref activeCount, budget: activeCount / 2);
                    nextClosingAttempt = 2 * activeCount;
                }

                if (closed && change >= options.Tolerance)
                {
                    TakeSnapshot(graph, stopNodes, buffers, activeCount, seedCount, damping);
                    expanding = false;
                }
            }
            else
            {
                change = IterateClosed(buffers, activeCount, damping);
            }

            if (change < options.Tolerance)
            {
                converged = true;
                break;
            }
        }

        if (!expanding)
        {
            LeaveSnapshot(buffers, activeCount);
        }

        var touchedCount = Finish(buffers, activeCount);
        return new PageRankResult(buffers, capacity, touchedCount, iterations, converged);
    }

    /// <summary>
    /// How many nodes beyond the seeds the search before the first iteration may add: an eighth of the
    /// graph, and at least <see cref="MinimumClosingBudget"/>. A larger reachable part is walked by
    /// expanding iterations, which visit only what the walk's mass has reached; the nodes the failed
    /// search added stay in the active list without mass, as after any failed search.
    /// </summary>
    private static int ClosingBudget(int capacity) => Math.Max(MinimumClosingBudget, capacity / 8);

    /// <summary>
    /// Merges the usable seeds into the distinct-seed arrays, sets p = r in <see cref="PageRankBuffers.Current"/>
    /// and makes the seeds the first active nodes.
    /// </summary>
    /// <returns>The number of active nodes (the distinct seeds).</returns>
    private static int CollectSeeds(WeightedGraph graph, ReadOnlySpan<SeedWeight> seeds, ReadOnlySpan<bool> stopNodes, PageRankBuffers buffers, out int seedCount)
    {
        buffers.EnsureSeedCapacity(seeds.Length);
        var current = buffers.Current;
        var active = buffers.Active;
        var nodes = buffers.Nodes;
        var seedNodes = buffers.SeedNodes;
        var seedWeights = buffers.SeedWeights;
        seedCount = 0;
        var total = 0d;
        foreach (var seed in seeds)
        {
            if (!(seed.Weight > 0d) || !graph.IsLive(seed.Node) || IsStop(stopNodes, seed.Node))
            {
                continue;
            }

            // Current accumulates the raw weight of repeated seeds; Active marks a node already listed.
            if (!active[seed.Node])
            {
                active[seed.Node] = true;
                seedNodes[seedCount++] = seed.Node;
            }

            current[seed.Node] += seed.Weight;
            total += seed.Weight;
        }

        if (!double.IsFinite(total))
        {
            // Each weight is finite, but their sum overflowed: every reset weight would be 0 or NaN.
            throw new ArgumentException("The seed weights sum to more than a double holds; scale them down.", nameof(seeds));
        }

        for (var i = 0; i < seedCount; i++)
        {
            var node = seedNodes[i];
            var reset = current[node] / total;
            current[node] = reset;
            seedWeights[i] = reset;
            nodes[i] = node;
        }

        return seedCount;
    }

    /// <summary>
    /// One power iteration from Current into Next while the walk may still reach new nodes: it checks
    /// every edge's target against the active set and appends the ones it discovers.
    /// </summary>
    /// <param name="closed">
    /// Set when every neighbour of every active node was already active: from then on no node can be
    /// discovered, and the caller switches to <see cref="IterateClosed"/>.
    /// </param>
    /// <returns>The L1 change between the two iterates.</returns>
    private static double IterateExpanding(WeightedGraph graph, ReadOnlySpan<bool> stopNodes, PageRankBuffers buffers, int seedCount, double damping, ref int activeCount, out bool closed)
    {
        var current = buffers.Current;
        var next = buffers.Next;
        var active = buffers.Active;
        var nodes = buffers.Nodes;

        // Nodes discovered during this pass hold no mass yet, so only the ones active at its start are walked.
        var walked = activeCount;
        var dangling = 0d;
        var skipped = false;
        for (var i = 0; i < walked; i++)
        {
            var node = nodes[i];
            var mass = current[node];
            if (mass == 0d)
            {
                skipped = true;
                continue;
            }

            var edges = graph.EdgesOf(node, out var degree);
            if (edges.IsEmpty)
            {
                dangling += mass;
                continue;
            }

            var share = damping * mass / degree;
            foreach (var edge in edges)
            {
                var target = edge.Target;
                if (IsStop(stopNodes, target))
                {
                    // Stepping onto a stop node restarts the walk: counted with the stuck mass.
                    dangling += share * edge.Weight / damping;
                    continue;
                }

                if (!active[target])
                {
                    active[target] = true;
                    nodes[activeCount++] = target;
                }

                next[target] += share * edge.Weight;
            }
        }

        closed = !skipped && activeCount == walked;
        return Complete(buffers, activeCount, seedCount, damping, dangling);
    }

    /// <summary>
    /// Before the first iteration: a breadth-first search from the seeds that writes the snapshot as
    /// it goes, each node's edges copied once its own turn comes, with positions in the order nodes are
    /// found (the seeds first). False, leaving the nodes found so far active as
    /// <see cref="TryClose"/> does, once more than <paramref name="budget"/> new nodes are within reach.
    /// </summary>
    /// <remarks>
    /// Searching and then taking the snapshot read every reachable node's edges twice and sorted the
    /// nodes in between; on a memory graph with its hubs stopped (about 600 nodes and 7,000 edges within
    /// reach) that was two thirds of a walk. The iterations gather over positions, so their order only
    /// changes the order in which the dangling mass and the change are summed.
    /// </remarks>
    private static bool TryCloseIntoSnapshot(WeightedGraph graph, ReadOnlySpan<bool> stopNodes, PageRankBuffers buffers, ref int activeCount, int budget, int seedCount, double damping)
    {
        var limit = activeCount + budget;
        buffers.EnsureSnapshotCapacity(limit);
        var active = buffers.Active;
        var nodes = buffers.Nodes;
        var positionOf = buffers.PositionOf;
        var current = buffers.Current;
        var offsets = buffers.EdgeOffsets;
        var scales = buffers.Scales;
        var resets = buffers.Resets;
        var values = buffers.Values;
        var stopped = buffers.StopShares;
        for (var i = 0; i < activeCount; i++)
        {
            positionOf[nodes[i]] = i;
        }

        var position = 0;
        for (var i = 0; i < activeCount; i++)
        {
            var node = nodes[i];
            var own = graph.EdgesOf(node, out var degree);
            offsets[i] = position;
            scales[i] = own.IsEmpty ? 0d : damping / degree;
            resets[i] = 0d;
            values[i] = current[node];
            var stopWeight = 0d;
            var edges = buffers.EnsureSnapshotEdges(position + own.Length);
            foreach (var edge in own)
            {
                var target = edge.Target;
                if (IsStop(stopNodes, target))
                {
                    stopWeight += edge.Weight;
                    continue;
                }

                if (!active[target])
                {
                    if (activeCount == limit)
                    {
                        return false;
                    }

                    active[target] = true;
                    positionOf[target] = activeCount;
                    nodes[activeCount++] = target;
                }

                edges[position++] = new GraphEdge(positionOf[target], edge.Weight);
            }

            // Share of the node's mass whose walk steps onto a stop node (undamped, like dangling mass).
            stopped[i] = own.IsEmpty ? 0d : stopWeight / degree;
        }

        offsets[activeCount] = position;
        var seedNodes = buffers.SeedNodes;
        var seedWeights = buffers.SeedWeights;
        for (var i = 0; i < seedCount; i++)
        {
            resets[positionOf[seedNodes[i]]] = seedWeights[i];
        }

        return true;
    }

    /// <summary>
    /// Adds to the active list every node reachable from it, by breadth-first search, unless that
    /// would add more than <paramref name="budget"/> nodes.
    /// </summary>
    /// <remarks>
    /// The expanding walk discovers one ring of neighbours per iteration and pays for a membership
    /// check on every edge while it does; on a memory graph it covers most of the reachable part in a
    /// few iterations and then spends several more discovering a handful of far nodes. Searching out
    /// the rest costs about one iteration without the arithmetic. The budget keeps this from walking
    /// a large graph the scores would never reach: on failure the nodes added so far stay in the list
    /// (with no mass, which every iteration handles) and the caller waits until the list has doubled
    /// before trying again, so the searches cost at most a constant times the touched part.
    /// </remarks>
    /// <returns>Whether the active list is now closed under taking neighbours.</returns>
    private static bool TryClose(WeightedGraph graph, ReadOnlySpan<bool> stopNodes, PageRankBuffers buffers, ref int activeCount, int budget)
    {
        var active = buffers.Active;
        var nodes = buffers.Nodes;
        var limit = activeCount + budget;
        for (var i = 0; i < activeCount; i++)
        {
            foreach (var edge in graph.EdgesOf(nodes[i], out _))
            {
                var target = edge.Target;
                if (active[target] || IsStop(stopNodes, target))
                {
                    continue;
                }

                if (activeCount == limit)
                {
                    return false;
                }

                active[target] = true;
                nodes[activeCount++] = target;
            }
        }

        return true;
    }

    /// <summary>
    /// One power iteration over the active set once it can no longer grow, on the snapshot built by
    /// <see cref="TakeSnapshot"/>: each node gathers from its neighbours instead of scattering to them.
    /// </summary>
    /// <remarks>
    /// The graph is undirected, so a node's edges are also its in-edges, and the update is a sparse
    /// matrix-vector product over contiguous arrays: first every node's outgoing share
    /// (mass × damping / degree), then for each node the sum of its neighbours' shares times the
    /// edge weights, accumulated in a register rather than by read-modify-write of a score array,
    /// which would serialise on hubs that thousands of passages point to.
    /// </remarks>
    /// <returns>The L1 change between the two iterates.</returns>
    private static double IterateClosed(PageRankBuffers buffers, int activeCount, double damping)
    {
        var values = buffers.Values.AsSpan(0, activeCount);
        var scales = buffers.Scales.AsSpan(0, activeCount);
        var shares = buffers.Next.AsSpan(0, activeCount);
        var dangling = 0d;
        var stopped = buffers.StopShares.AsSpan(0, activeCount);
        for (var i = 0; i < values.Length; i++)
        {
            var scale = scales[i];
            if (scale == 0d)
            {
                // A node without edges: its mass restarts.
                dangling += values[i];
            }

            // The part of its walk that steps onto stop nodes restarts too.
            dangling += values[i] * stopped[i];
            shares[i] = values[i] * scale;
        }

        // The restart share, plus the walk share of mass that restarts instead of moving on:
        // mass at nodes without edges, and the part of a walk that would step onto a stop node.
        var restart = (1d - damping) + (damping * dangling);
        var resets = buffers.Resets.AsSpan(0, activeCount);
        var offsets = buffers.EdgeOffsets;
        var edges = buffers.Edges;
        var change = 0d;
        for (var i = 0; i < values.Length; i++)
        {
            var sum = restart * resets[i];
            foreach (var edge in edges.AsSpan(offsets[i], offsets[i + 1] - offsets[i]))
            {
                sum += shares[edge.Target] * edge.Weight;
            }

            change += Math.Abs(sum - values[i]);
            values[i] = sum;
        }

        return change;
    }

    /// <summary>
    /// Adds the restart mass to Next, measures the L1 change and clears the old iterate in the same
    /// pass (leaving it ready to be the next Next), then swaps the iterates.
    /// </summary>
    private static double Complete(PageRankBuffers buffers, int activeCount, int seedCount, double damping, double dangling)
    {
        var current = buffers.Current;
        var next = buffers.Next;

        // The restart share, plus the walk share of mass that restarts instead of moving on:
        // mass at nodes without edges, and the part of a walk that would step onto a stop node.
        var restart = (1d - damping) + (damping * dangling);
        var seedNodes = buffers.SeedNodes;
        var seedWeights = buffers.SeedWeights;
        for (var i = 0; i < seedCount; i++)
        {
            next[seedNodes[i]] += restart * seedWeights[i];
        }

        var change = 0d;
        foreach (var node in buffers.Nodes.AsSpan(0, activeCount))
        {
            change += Math.Abs(next[node] - current[node]);
            current[node] = 0d;
        }

        buffers.Swap();
        return change;
    }

    /// <summary>
    /// Builds the snapshot <see cref="IterateClosed"/> works on for a walk that closed while expanding
    /// (one closed before its first iteration gets it from <see cref="TryCloseIntoSnapshot"/>, in the
    /// order its nodes were found): the active nodes in ascending id order, renumbered 0..n−1, with their edges copied into
    /// one contiguous array (targets renumbered too), each node's damping / degree, its reset weight
    /// and its current score.
    /// </summary>
    /// <remarks>
    /// Every later iteration walks the same edges. Read from each node's own array they cost a random
    /// access to the node table and another to the edge array per node, and a scattered update per
    /// edge; the snapshot turns an iteration into two front-to-back passes over small dense arrays.
    /// It costs about one iteration to build and is proportional to the touched part of the graph:
    /// the node list is put in id order by scanning the dense active flags only when the set is a
    /// large part of the capacity, and by sorting it otherwise.
    /// </remarks>
    private static void TakeSnapshot(WeightedGraph graph, ReadOnlySpan<bool> stopNodes, PageRankBuffers buffers, int activeCount, int seedCount, double damping)
    {
        var nodes = buffers.Nodes.AsSpan(0, activeCount);
        var capacity = graph.Capacity;
        if (activeCount >= capacity / 16)
        {
            var active = buffers.Active.AsSpan(0, capacity);
            var count = 0;
            for (var node = 0; node < active.Length; node++)
            {
                if (active[node])
                {
                    nodes[count++] = node;
                }
            }
        }
        else
        {
            nodes.Sort();
        }

        // Closed: every node the active ones reach is active, so none is added.
        if (!TryCloseIntoSnapshot(graph, stopNodes, buffers, ref activeCount, budget: 0, seedCount, damping))
        {
            throw new InvalidOperationException("A snapshot was taken of an active set that is not closed.");
        }
    }

    /// <summary>
    /// Copies the snapshot's scores back into <see cref="PageRankBuffers.Current"/> by node id, and
    /// clears the part of <see cref="PageRankBuffers.Next"/> that held the shares.
    /// </summary>
    private static void LeaveSnapshot(PageRankBuffers buffers, int activeCount)
    {
        var nodes = buffers.Nodes.AsSpan(0, activeCount);
        var values = buffers.Values;
        var current = buffers.Current;
        for (var i = 0; i < nodes.Length; i++)
        {
            current[nodes[i]] = values[i];
        }

        buffers.Next.AsSpan(0, activeCount).Clear();
    }

    /// <summary>
    /// Clears the active flags and compacts the node list to the nodes with a non-zero score, which
    /// are also the only non-zero entries the buffer will need to reset when it is returned.
    /// </summary>
    private static int Finish(PageRankBuffers buffers, int activeCount)
    {
        var scores = buffers.Current;
        var active = buffers.Active;
        var nodes = buffers.Nodes;
        var touched = 0;
        for (var i = 0; i < activeCount; i++)
        {
            var node = nodes[i];
            active[node] = false;
            if (scores[node] != 0d)
            {
                nodes[touched++] = node;
            }
        }

        return touched;
    }

    private static bool IsStop(ReadOnlySpan<bool> stopNodes, int node) => (uint)node < (uint)stopNodes.Length && stopNodes[node];
}
