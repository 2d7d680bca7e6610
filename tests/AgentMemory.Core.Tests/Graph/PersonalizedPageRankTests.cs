using AgentMemory.Core.Graph;

namespace AgentMemory.Core.Tests.Graph;

public class PersonalizedPageRankTests
{
    private static readonly PageRankOptions Defaults = new();
    private static readonly PageRankOptions Tight = new() { Tolerance = 1e-13, MaxIterations = 500 };

    private static WeightedGraph GraphWithNodes(int count)
    {
        var graph = new WeightedGraph();
        for (var i = 0; i < count; i++)
        {
            graph.AddNode();
        }

        return graph;
    }

    private static WeightedGraph Path(int length)
    {
        var graph = GraphWithNodes(length);
        for (var node = 1; node < length; node++)
        {
            graph.AddEdgeWeight(node - 1, node, 1f);
        }

        return graph;
    }

    // Six connected nodes with uneven weights, a dangling node (6) and a separate pair (7, 8).
    private static WeightedGraph SmallGraph()
    {
        var graph = GraphWithNodes(9);
        graph.AddEdgeWeight(0, 1, 1f);
        graph.AddEdgeWeight(0, 2, 3f);
        graph.AddEdgeWeight(1, 2, 0.5f);
        graph.AddEdgeWeight(2, 3, 2f);
        graph.AddEdgeWeight(3, 4, 1f);
        graph.AddEdgeWeight(4, 5, 4f);
        graph.AddEdgeWeight(1, 5, 1.5f);
        graph.AddEdgeWeight(7, 8, 1f);
        return graph;
    }

    private static WeightedGraph RandomGraph(int nodes, int edges, int seed)
    {
        var random = new Random(seed);
        var graph = GraphWithNodes(nodes);
        for (var i = 0; i < edges; i++)
        {
            var a = random.Next(nodes);
            var b = random.Next(nodes);
            if (a != b)
            {
                graph.AddEdgeWeight(a, b, (float)(0.5 + random.NextDouble()));
            }
        }

        return graph;
    }

    /// <summary>
    /// The textbook dense iteration, 200 rounds unless told otherwise: p = (1 − d)·r + d·(Wᵀ D⁻¹ p),
    /// with the mass of nodes without edges redistributed by r.
    /// </summary>
    private static double[] DenseReference(WeightedGraph graph, IReadOnlyList<SeedWeight> seeds, double damping, int rounds = 200, bool[]? stop = null)
    {
        bool IsStop(int node) => stop is not null && node < stop.Length && stop[node];

        var n = graph.Capacity;
        var matrix = new double[n, n];
        var degree = new double[n];
        for (var u = 0; u < n; u++)
        {
            for (var v = 0; v < n; v++)
            {
                matrix[u, v] = u == v || !graph.IsLive(u) || !graph.IsLive(v) ? 0d : graph.EdgeWeight(u, v);
                degree[u] += matrix[u, v];
            }
        }

        var reset = new double[n];
        foreach (var seed in seeds.Where(seed => seed.Weight > 0 && graph.IsLive(seed.Node) && !IsStop(seed.Node)))
        {
            reset[seed.Node] += seed.Weight;
        }

        var total = reset.Sum();
        for (var v = 0; v < n; v++)
        {
            reset[v] /= total;
        }

        var p = (double[])reset.Clone();
        for (var round = 0; round < rounds; round++)
        {
            var next = new double[n];
            var dangling = 0d;
            for (var u = 0; u < n; u++)
            {
                if (degree[u] == 0)
                {
                    dangling += p[u];
                    continue;
                }

                for (var v = 0; v < n; v++)
                {
                    if (IsStop(v))
                    {
                        // Stepping onto a stop node restarts the walk.
                        dangling += p[u] * matrix[u, v] / degree[u];
                    }
                    else
                    {
                        next[v] += damping * p[u] * matrix[u, v] / degree[u];
                    }
                }
            }

            for (var v = 0; v < n; v++)
            {
                next[v] += ((1 - damping) + (damping * dangling)) * reset[v];
            }

            p = next;
        }

        return p;
    }

    private static double[] Scores(WeightedGraph graph, SeedWeight[] seeds, PageRankOptions options)
    {
        using var result = PersonalizedPageRank.Run(graph, seeds, options);
        return result.Scores.ToArray();
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.85)]
    [InlineData(0.15)]
    public void Scores_match_a_dense_reference_computation(double damping)
    {
        var graph = SmallGraph();
        SeedWeight[] seeds = [new(0, 2), new(4, 1), new(6, 0.5), new(0, 1), new(8, -3)];
        var options = new PageRankOptions { Damping = damping, Tolerance = 1e-13, MaxIterations = 500 };

        var expected = DenseReference(graph, seeds, damping);
        var actual = Scores(graph, seeds, options);

        Assert.Equal(expected.Length, actual.Length);
        for (var node = 0; node < expected.Length; node++)
        {
            Assert.Equal(expected[node], actual[node], 1e-6);
        }
    }

    [Fact]
    public void With_stop_nodes_scores_match_a_dense_reference_in_which_stepping_on_one_restarts()
    {
        foreach (var (graph, seeds) in new[]
        {
            (SmallGraph(), new SeedWeight[] { new(0, 2), new(4, 1), new(3, 1) }),
            (RandomGraph(300, 900, seed: 7), new SeedWeight[] { new(1, 1), new(2, 0.5), new(3, 1) }),
        })
        {
            var stop = new bool[graph.Capacity];
            stop[3] = stop[5] = true;
            var expected = DenseReference(graph, seeds, 0.5, stop: stop);

            using var result = PersonalizedPageRank.Run(graph, seeds, Tight, stop);

            Assert.True(result.Converged);
            Assert.Equal(1d, result.Scores.ToArray().Sum(), 1e-9);
            Assert.Equal(0d, result.ScoreOf(3));
            Assert.Equal(0d, result.ScoreOf(5));
            for (var node = 0; node < expected.Length; node++)
            {
                Assert.Equal(expected[node], result.ScoreOf(node), 1e-6);
            }
        }
    }

    [Fact]
    public void A_stop_node_cuts_the_walk_beyond_it()
    {
        var graph = Path(5);
        var stop = new bool[graph.Capacity];
        stop[2] = true;

        using var result = PersonalizedPageRank.Run(graph, [new SeedWeight(0, 1), new SeedWeight(2, 5)], Defaults, stop);

        Assert.True(result.ScoreOf(0) > 0 && result.ScoreOf(1) > 0);
        Assert.Equal(0d, result.ScoreOf(2));
        Assert.Equal(0d, result.ScoreOf(3));
        Assert.Equal(0d, result.ScoreOf(4));
    }

    [Fact]
    public void Any_number_of_iterations_matches_the_same_number_of_dense_rounds()
    {
        // A random core with a hub, a long path hanging off it (which the walk reaches one node per
        // iteration), a dangling node and a second component. The reachable part is small, so it is
        // closed before the first iteration and every iteration runs on the snapshot.
        var random = new Random(21);
        var graph = RandomGraph(120, 200, seed: 21);
        for (var node = 1; node < 120; node += 3)
        {
            graph.AddEdgeWeight(0, node, (float)(0.2 + random.NextDouble()));
        }

        var previous = 5;
        for (var i = 0; i < 40; i++)
        {
            var node = graph.AddNode();
            graph.AddEdgeWeight(previous, node, 1f);
            previous = node;
        }

        var dangling = graph.AddNode();
        var island = graph.AddNode();
        graph.AddEdgeWeight(island, graph.AddNode(), 2f);
        SeedWeight[] seeds = [new(7, 1), new(50, 0.5), new(dangling, 0.25), new(130, 0.1)];

        foreach (var rounds in new[] { 1, 2, 3, 4, 5, 6, 8, 13, 21, 34, 55 })
        {
            var expected = DenseReference(graph, seeds, 0.5, rounds);
            using var result = PersonalizedPageRank.Run(graph, seeds, new PageRankOptions { Tolerance = 1e-300, MaxIterations = rounds });

            Assert.Equal(rounds, result.Iterations);
            for (var node = 0; node < expected.Length; node++)
            {
                Assert.Equal(expected[node], result.ScoreOf(node), 1e-12);
            }

            Assert.Equal(expected.Count(score => score != 0), result.TouchedNodes.Count);
        }
    }

    [Fact]
    public void A_walk_that_keeps_reaching_new_nodes_matches_the_dense_reference()
    {
        // On a path longer than the search before the first iteration may add (1,024 nodes), the walk
        // discovers one node per iteration and never runs out of new ones within the iteration
        // limit, so the set is never closed and every iteration is expanding.
        var graph = Path(1_200);
        SeedWeight[] seeds = [new(0, 1), new(3, 1)];

        foreach (var rounds in new[] { 10, 60 })
        {
            var expected = DenseReference(graph, seeds, 0.5, rounds);
            using var result = PersonalizedPageRank.Run(graph, seeds, new PageRankOptions { Tolerance = 1e-300, MaxIterations = rounds });

            for (var node = 0; node < expected.Length; node++)
            {
                Assert.Equal(expected[node], result.ScoreOf(node), 1e-12);
            }

            Assert.Equal(expected.Count(score => score != 0), result.TouchedNodes.Count);
        }
    }

    [Fact]
    public void A_walk_too_large_to_close_at_once_expands_then_closes_and_matches_the_dense_reference()
    {
        // Everything is reachable, but more than the first search may add: it fails, the walk expands
        // (over the nodes that search added without mass, too), reaches every node and closes.
        var graph = RandomGraph(2_400, 9_600, seed: 5);
        SeedWeight[] seeds = [new(3, 1), new(1_700, 0.5)];

        foreach (var rounds in new[] { 1, 2, 3, 5, 8, 13, 40 })
        {
            var expected = DenseReference(graph, seeds, 0.5, rounds);
            using var result = PersonalizedPageRank.Run(graph, seeds, new PageRankOptions { Tolerance = 1e-300, MaxIterations = rounds });

            Assert.Equal(rounds, result.Iterations);
            for (var node = 0; node < expected.Length; node++)
            {
                Assert.Equal(expected[node], result.ScoreOf(node), 1e-12);
            }

            Assert.Equal(expected.Count(score => score != 0), result.TouchedNodes.Count);
        }
    }

    [Fact]
    public void Scores_sum_to_one_and_touched_nodes_are_exactly_the_non_zero_ones()
    {
        var graph = RandomGraph(500, 800, seed: 3);

        using var result = PersonalizedPageRank.Run(graph, [new(1, 1), new(2, 3), new(400, 0.25)], Defaults);

        Assert.Equal(1d, result.Scores.ToArray().Sum(), 1e-9);
        var nonZero = Enumerable.Range(0, graph.Capacity).Where(node => result.ScoreOf(node) != 0).ToHashSet();
        Assert.Equal(nonZero, result.TouchedNodes.ToHashSet());
        Assert.Equal(result.TouchedNodes.Count, result.TouchedNodes.Distinct().Count());
        Assert.All(result.TouchedNodes, node => Assert.True(result.ScoreOf(node) > 0));
    }

    [Fact]
    public void A_node_closer_to_the_seed_outranks_a_farther_one_on_a_path()
    {
        var graph = Path(8);

        using var result = PersonalizedPageRank.Run(graph, [new(0, 1)], Defaults);

        for (var node = 1; node < 7; node++)
        {
            Assert.True(result.ScoreOf(node) > result.ScoreOf(node + 1), $"node {node} should outrank node {node + 1}");
        }
    }

    [Fact]
    public void A_disconnected_component_gets_no_score()
    {
        var graph = SmallGraph();

        using var result = PersonalizedPageRank.Run(graph, [new(0, 1)], Defaults);

        Assert.Equal(0d, result.ScoreOf(6));
        Assert.Equal(0d, result.ScoreOf(7));
        Assert.Equal(0d, result.ScoreOf(8));
        Assert.DoesNotContain(7, result.TouchedNodes);
        Assert.Equal(0d, result.ScoreOf(1_000));
    }

    [Fact]
    public void Without_a_usable_seed_every_score_is_zero()
    {
        var graph = SmallGraph();
        graph.RemoveNode(3);

        foreach (SeedWeight[] seeds in new SeedWeight[][] { [], [new(0, 0)], [new(1, -1)], [new(3, 1)], [new(99, 1)] })
        {
            using var result = PersonalizedPageRank.Run(graph, seeds, Defaults);

            Assert.True(result.Converged);
            Assert.Equal(0, result.Iterations);
            Assert.Empty(result.TouchedNodes);
            Assert.Equal(graph.Capacity, result.Scores.Length);
            Assert.All(result.Scores.ToArray(), score => Assert.Equal(0d, score));
        }
    }

    [Fact]
    public void A_seed_without_edges_keeps_all_the_mass()
    {
        var graph = SmallGraph();

        using var result = PersonalizedPageRank.Run(graph, [new(6, 1)], Defaults);

        Assert.Equal(1d, result.ScoreOf(6));
        Assert.Equal(new[] { 6 }, result.TouchedNodes);
        Assert.True(result.Converged);
    }

    [Fact]
    public void Seeds_on_removed_nodes_are_ignored()
    {
        var graph = SmallGraph();
        var expected = Scores(graph, [new(0, 1)], Tight);
        graph.RemoveNode(7);

        var actual = Scores(graph, [new(0, 1), new(7, 5)], Tight);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Converges_within_the_iteration_limit_on_a_large_random_graph()
    {
        var graph = RandomGraph(10_000, 40_000, seed: 7);

        using var result = PersonalizedPageRank.Run(graph, [new(10, 1), new(20, 0.5), new(9_000, 2)], Defaults);

        Assert.True(result.Converged);
        Assert.True(result.Iterations < Defaults.MaxIterations, $"took {result.Iterations} iterations");
        Assert.Equal(1d, result.Scores.ToArray().Sum(), 1e-9);
    }

    [Fact]
    public void Stops_at_MaxIterations_without_converging()
    {
        var graph = Path(50);

        using var result = PersonalizedPageRank.Run(graph, [new(0, 1)], new PageRankOptions { MaxIterations = 3 });

        Assert.False(result.Converged);
        Assert.Equal(3, result.Iterations);
        Assert.Equal(1d, result.Scores.ToArray().Sum(), 1e-12);
    }

    [Fact]
    public void Repeated_runs_give_identical_results()
    {
        var graph = RandomGraph(2_000, 5_000, seed: 11);
        SeedWeight[] seeds = [new(5, 1), new(6, 2)];

        var first = Scores(graph, seeds, Defaults);

        // Dirty the pooled scratch with a run that touches other nodes, and leave one result undisposed.
        _ = PersonalizedPageRank.Run(graph, [new(1_999, 1)], Defaults);
        Scores(graph, [new(1_500, 1), new(3, 1)], Tight);
        var again = Scores(graph, seeds, Defaults);

        Assert.Equal(first, again);
    }

    [Fact]
    public void A_disposed_result_refuses_reads()
    {
        var graph = Path(3);
        var result = PersonalizedPageRank.Run(graph, [new(0, 1)], Defaults);
        var touched = result.TouchedNodes;

        result.Dispose();
        result.Dispose();

        Assert.Throws<ObjectDisposedException>(() => result.ScoreOf(0));
        Assert.Throws<ObjectDisposedException>(() => result.Scores.Length);
        Assert.Throws<ObjectDisposedException>(() => touched[0]);
        Assert.True(result.Converged);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Damping_outside_the_open_unit_interval_is_rejected(double damping)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            PersonalizedPageRank.Run(Path(2), [new(0, 1)], new PageRankOptions { Damping = damping }));

        Assert.Equal(nameof(PageRankOptions.Damping), error.ParamName);
    }

    [Fact]
    public void Other_invalid_options_and_seeds_are_rejected()
    {
        Assert.Equal(
            nameof(PageRankOptions.Tolerance),
            Assert.Throws<ArgumentOutOfRangeException>(() => new PageRankOptions { Tolerance = 0 }.Validate()).ParamName);
        Assert.Equal(
            nameof(PageRankOptions.MaxIterations),
            Assert.Throws<ArgumentOutOfRangeException>(() => new PageRankOptions { MaxIterations = 0 }.Validate()).ParamName);
        Assert.Throws<ArgumentException>(() => PersonalizedPageRank.Run(Path(2), [new(0, double.NaN)], Defaults));
        Assert.Throws<ArgumentException>(() => PersonalizedPageRank.Run(Path(2), [new(0, double.PositiveInfinity)], Defaults));
    }
}
