using AgentMemory.Core.Graph;

namespace AgentMemory.Core.Tests.Graph;

public class WeightedGraphTests
{
    private static WeightedGraph GraphWithNodes(int count)
    {
        var graph = new WeightedGraph();
        for (var i = 0; i < count; i++)
        {
            graph.AddNode();
        }

        return graph;
    }

    private static Dictionary<int, float> NeighbourMap(WeightedGraph graph, int node)
    {
        var map = new Dictionary<int, float>();
        foreach (var edge in graph.Neighbours(node))
        {
            map.Add(edge.Target, edge.Weight);
        }

        return map;
    }

    [Fact]
    public void AddNode_hands_out_dense_ids_from_zero()
    {
        var graph = new WeightedGraph();

        Assert.Equal([0, 1, 2], new[] { graph.AddNode(), graph.AddNode(), graph.AddNode() });
        Assert.Equal(3, graph.NodeCount);
        Assert.Equal(3, graph.Capacity);
        Assert.True(graph.IsLive(2));
        Assert.False(graph.IsLive(3));
        Assert.False(graph.IsLive(-1));
    }

    [Fact]
    public void Edges_are_visible_from_both_ends_with_the_same_weight()
    {
        var graph = GraphWithNodes(3);

        graph.AddEdgeWeight(0, 2, 1.5f);

        Assert.Equal(1.5f, graph.EdgeWeight(0, 2));
        Assert.Equal(1.5f, graph.EdgeWeight(2, 0));
        Assert.Equal([new GraphEdge(2, 1.5f)], graph.Neighbours(0).ToArray());
        Assert.Equal([new GraphEdge(0, 1.5f)], graph.Neighbours(2).ToArray());
        Assert.True(graph.Neighbours(1).IsEmpty);
        Assert.Equal(0f, graph.EdgeWeight(0, 1));
        Assert.Equal(1, graph.EdgeCount);
    }

    [Fact]
    public void Adding_weight_to_an_existing_edge_accumulates_and_degrees_follow()
    {
        var graph = GraphWithNodes(3);

        graph.AddEdgeWeight(0, 1, 1f);
        graph.AddEdgeWeight(1, 0, 2f);
        graph.AddEdgeWeight(1, 2, 0.5f);

        Assert.Equal(3f, graph.EdgeWeight(0, 1));
        Assert.Equal(2, graph.EdgeCount);
        Assert.Equal(3d, graph.WeightedDegree(0));
        Assert.Equal(3.5d, graph.WeightedDegree(1));
        Assert.Equal(0.5d, graph.WeightedDegree(2));
        Assert.Equal(2, graph.Neighbours(1).Length);
    }

    [Fact]
    public void Removing_weight_keeps_the_edge_until_it_reaches_zero()
    {
        var graph = GraphWithNodes(2);
        graph.AddEdgeWeight(0, 1, 3f);

        graph.RemoveEdgeWeight(0, 1, 1f);
        Assert.Equal(2f, graph.EdgeWeight(1, 0));
        Assert.Equal(2d, graph.WeightedDegree(0));

        graph.RemoveEdgeWeight(1, 0, 2f);
        Assert.Equal(0f, graph.EdgeWeight(0, 1));
        Assert.True(graph.Neighbours(0).IsEmpty);
        Assert.True(graph.Neighbours(1).IsEmpty);
        Assert.Equal(0d, graph.WeightedDegree(0));
        Assert.Equal(0d, graph.WeightedDegree(1));
        Assert.Equal(0, graph.EdgeCount);
    }

    [Fact]
    public void Removing_weight_from_an_absent_edge_does_nothing()
    {
        var graph = GraphWithNodes(3);
        graph.AddEdgeWeight(0, 1, 1f);

        graph.RemoveEdgeWeight(0, 2, 5f);

        Assert.Equal(1, graph.EdgeCount);
        Assert.Equal(1d, graph.WeightedDegree(0));
        Assert.Equal(0d, graph.WeightedDegree(2));
    }

    [Fact]
    public void Removing_more_weight_than_the_edge_has_removes_the_edge()
    {
        var graph = GraphWithNodes(2);
        graph.AddEdgeWeight(0, 1, 1f);

        graph.RemoveEdgeWeight(0, 1, 10f);

        Assert.Equal(0, graph.EdgeCount);
        Assert.Equal(0d, graph.WeightedDegree(1));
    }

    [Fact]
    public void RemoveNode_clears_its_edges_at_both_ends_and_its_id_is_reused()
    {
        var graph = GraphWithNodes(4);
        graph.AddEdgeWeight(1, 0, 1f);
        graph.AddEdgeWeight(1, 2, 2f);
        graph.AddEdgeWeight(1, 3, 4f);
        graph.AddEdgeWeight(0, 2, 8f);

        graph.RemoveNode(1);

        Assert.False(graph.IsLive(1));
        Assert.Equal(3, graph.NodeCount);
        Assert.Equal(1, graph.EdgeCount);
        Assert.Equal(new Dictionary<int, float> { [2] = 8f }, NeighbourMap(graph, 0));
        Assert.Equal(new Dictionary<int, float> { [0] = 8f }, NeighbourMap(graph, 2));
        Assert.True(graph.Neighbours(3).IsEmpty);
        Assert.Equal(8d, graph.WeightedDegree(0));
        Assert.Equal(0d, graph.WeightedDegree(3));

        var reused = graph.AddNode();

        Assert.Equal(1, reused);
        Assert.Equal(4, graph.Capacity);
        Assert.True(graph.Neighbours(reused).IsEmpty);
        Assert.Equal(0d, graph.WeightedDegree(reused));
        Assert.Equal(0f, graph.EdgeWeight(0, reused));
    }

    [Fact]
    public void Freed_ids_are_reused_last_freed_first_before_new_ids()
    {
        var graph = GraphWithNodes(5);
        graph.RemoveNode(1);
        graph.RemoveNode(3);

        Assert.Equal([3, 1, 5], new[] { graph.AddNode(), graph.AddNode(), graph.AddNode() });
    }

    [Fact]
    public void A_hub_with_thousands_of_edges_adds_and_removes_correctly()
    {
        var graph = GraphWithNodes(2_001);
        for (var node = 1; node <= 2_000; node++)
        {
            graph.AddEdgeWeight(node, 0, node);
        }

        for (var node = 2; node <= 2_000; node += 2)
        {
            graph.RemoveEdgeWeight(0, node, node);
        }

        graph.RemoveNode(999);
        graph.AddEdgeWeight(0, 1, 1f);

        Assert.Equal(999, graph.Neighbours(0).Length);
        Assert.Equal(999, graph.EdgeCount);
        Assert.Equal(2f, graph.EdgeWeight(1, 0));
        Assert.Equal(0f, graph.EdgeWeight(0, 2));
        Assert.Equal(1_001f, graph.EdgeWeight(1_001, 0));
        var expectedDegree = Enumerable.Range(0, 1_000).Sum(i => (2d * i) + 1) - 999 + 1;
        Assert.Equal(expectedDegree, graph.WeightedDegree(0));
    }

    [Fact]
    public void A_hub_that_shrinks_below_the_threshold_and_grows_again_still_finds_every_edge()
    {
        var graph = GraphWithNodes(41);
        for (var node = 1; node <= 40; node++)
        {
            graph.AddEdgeWeight(0, node, 1f);
        }

        for (var node = 1; node <= 35; node++)
        {
            graph.RemoveEdgeWeight(node, 0, 1f);
        }

        for (var node = 1; node <= 35; node++)
        {
            graph.AddEdgeWeight(0, node, 2f);
        }

        for (var node = 1; node <= 40; node++)
        {
            Assert.Equal(node <= 35 ? 2f : 1f, graph.EdgeWeight(0, node));
            Assert.Equal(node <= 35 ? 2f : 1f, graph.EdgeWeight(node, 0));
        }

        Assert.Equal(75d, graph.WeightedDegree(0));
        Assert.Equal(40, graph.Neighbours(0).Length);
    }

    [Fact]
    public void Random_operations_match_a_naive_dictionary_model()
    {
        var random = new Random(1234);
        var graph = new WeightedGraph();
        var model = new Dictionary<int, Dictionary<int, float>>();

        for (var step = 0; step < 6_000; step++)
        {
            var live = model.Keys.ToList();
            var roll = random.Next(100);
            if (live.Count < 3 || roll < 8)
            {
                model.Add(graph.AddNode(), []);
            }
            else if (roll < 11)
            {
                var node = live[random.Next(live.Count)];
                graph.RemoveNode(node);
                foreach (var neighbour in model[node].Keys)
                {
                    model[neighbour].Remove(node);
                }

                model.Remove(node);
            }
            else
            {
                // Node 0's stand-in (the first live id) is a hub: a third of edges touch it.
                var a = random.Next(3) == 0 ? live.Min() : live[random.Next(live.Count)];
                var b = live[random.Next(live.Count)];
                if (a == b)
                {
                    continue;
                }

                var weight = random.Next(1, 5) * 0.5f;
                if (roll < 70)
                {
                    graph.AddEdgeWeight(a, b, weight);
                    var updated = model[a].GetValueOrDefault(b) + weight;
                    model[a][b] = updated;
                    model[b][a] = updated;
                }
                else
                {
                    graph.RemoveEdgeWeight(a, b, weight);
                    if (model[a].TryGetValue(b, out var old))
                    {
                        var updated = old - weight;
                        if (updated <= 1e-6f)
                        {
                            model[a].Remove(b);
                            model[b].Remove(a);
                        }
                        else
                        {
                            model[a][b] = updated;
                            model[b][a] = updated;
                        }
                    }
                }
            }
        }

        Assert.True(model.Values.Max(edges => edges.Count) > 32, "the run should have built at least one hub");
        Assert.Equal(model.Count, graph.NodeCount);
        Assert.Equal(model.Values.Sum(edges => edges.Count) / 2, graph.EdgeCount);
        for (var node = 0; node < graph.Capacity; node++)
        {
            Assert.Equal(model.ContainsKey(node), graph.IsLive(node));
            if (!model.TryGetValue(node, out var expected))
            {
                continue;
            }

            Assert.Equal(expected, NeighbourMap(graph, node));
            Assert.Equal(expected.Values.Sum(weight => (double)weight), graph.WeightedDegree(node), 9);
            foreach (var (target, weight) in expected)
            {
                Assert.Equal(weight, graph.EdgeWeight(node, target));
            }
        }
    }

    [Fact]
    public void Clear_removes_everything_and_restarts_ids()
    {
        var graph = GraphWithNodes(3);
        graph.AddEdgeWeight(0, 1, 1f);

        graph.Clear();

        Assert.Equal(0, graph.NodeCount);
        Assert.Equal(0, graph.Capacity);
        Assert.Equal(0, graph.EdgeCount);
        Assert.Equal(0, graph.AddNode());
    }

    [Fact]
    public void ApproximateBytes_grows_with_edges()
    {
        var graph = GraphWithNodes(100);
        var before = graph.ApproximateBytes;

        for (var node = 1; node < 100; node++)
        {
            graph.AddEdgeWeight(0, node, 1f);
        }

        Assert.True(graph.ApproximateBytes > before + (2 * 99 * 8));
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        var graph = GraphWithNodes(3);
        graph.RemoveNode(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => graph.RemoveNode(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.RemoveNode(-1));
        Assert.Throws<ArgumentException>(() => graph.RemoveNode(2));
        Assert.Throws<ArgumentException>(() => graph.AddEdgeWeight(1, 1, 1f));
        Assert.Throws<ArgumentException>(() => graph.AddEdgeWeight(0, 2, 1f));
        Assert.Throws<ArgumentException>(() => graph.RemoveEdgeWeight(0, 0, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.AddEdgeWeight(0, 3, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.AddEdgeWeight(0, 1, 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.AddEdgeWeight(0, 1, -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.AddEdgeWeight(0, 1, float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.AddEdgeWeight(0, 1, float.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.RemoveEdgeWeight(0, 1, 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.Neighbours(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.WeightedDegree(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.EdgeWeight(0, 3));
        Assert.Equal(0, graph.EdgeCount);
    }
}
