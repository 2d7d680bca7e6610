using System.Text.Json;
using AgentMemory.Cli.Evaluation;
using AgentMemory.Cli.Locomo;

namespace AgentMemory.Cli.Tests;

public class RetrievalMetricsTests
{
    private static TurnId T(int s, int t) => new(s, t);

    [Fact]
    public void Turn_recall_counts_evidence_in_the_top_k()
    {
        TurnId[] ranking = [T(3, 1), T(1, 1), T(2, 2), T(2, 5), T(4, 4)];
        TurnId[] evidence = [T(1, 1), T(2, 5)];
        Assert.Equal(0.0, RetrievalMetrics.TurnRecallAtK(ranking, evidence, 1));
        Assert.Equal(0.5, RetrievalMetrics.TurnRecallAtK(ranking, evidence, 2));
        Assert.Equal(0.5, RetrievalMetrics.TurnRecallAtK(ranking, evidence, 3));
        Assert.Equal(1.0, RetrievalMetrics.TurnRecallAtK(ranking, evidence, 4));
        Assert.Equal(1.0, RetrievalMetrics.TurnRecallAtK(ranking, evidence, 50)); // k beyond the ranking
    }

    [Fact]
    public void Turn_recall_ignores_duplicates_in_ranking_and_evidence()
    {
        TurnId[] ranking = [T(1, 1), T(1, 1), T(1, 1), T(2, 2)];
        Assert.Equal(1.0, RetrievalMetrics.TurnRecallAtK(ranking, [T(2, 2), T(2, 2)], 2)); // duplicate does not take a slot
        Assert.Equal(0.5, RetrievalMetrics.TurnRecallAtK(ranking, [T(1, 1), T(9, 9)], 10));
    }

    [Fact]
    public void Empty_ranking_or_evidence_scores_zero()
    {
        Assert.Equal(0.0, RetrievalMetrics.TurnRecallAtK([], [T(1, 1)], 10));
        Assert.Equal(0.0, RetrievalMetrics.TurnRecallAtK([T(1, 1)], [], 10));
        Assert.Equal(0.0, RetrievalMetrics.SessionRecallAtK([], [T(1, 1)], 10));
    }

    [Fact]
    public void Session_ranking_keeps_the_best_rank_of_each_session()
    {
        TurnId[] ranking = [T(3, 1), T(3, 2), T(1, 1), T(3, 9), T(2, 2), T(1, 4)];
        Assert.Equal([3, 1, 2], RetrievalMetrics.SessionRanking(ranking));
    }

    [Fact]
    public void Session_recall_counts_evidence_sessions_among_the_first_k_distinct_sessions()
    {
        TurnId[] ranking = [T(3, 1), T(3, 2), T(1, 1), T(3, 9), T(2, 2)];
        TurnId[] evidence = [T(1, 7), T(2, 3), T(1, 8)]; // sessions {1, 2}
        Assert.Equal(0.0, RetrievalMetrics.SessionRecallAtK(ranking, evidence, 1));
        Assert.Equal(0.5, RetrievalMetrics.SessionRecallAtK(ranking, evidence, 2));
        Assert.Equal(1.0, RetrievalMetrics.SessionRecallAtK(ranking, evidence, 3));
        Assert.Equal(1.0, RetrievalMetrics.SessionRecallAtK(ranking, evidence, 10));
    }

    [Fact]
    public void Accumulator_averages_per_question_per_category_and_overall()
    {
        var metrics = new MetricsAccumulator();
        metrics.Add(1, [T(1, 1)], [T(1, 1)]); // category 1: turn@1 = 1
        metrics.Add(1, [T(2, 1)], [T(1, 1), T(1, 2)]); // category 1: turn@1 = 0; session@1 = 0
        metrics.Add(4, [T(5, 5), T(1, 1)], [T(1, 1), T(5, 6)]); // category 4: turn@1 = 0, turn@5 = .5; session@1 = .5, session@3 = 1

        var byCategory = metrics.ByCategory();
        Assert.Equal([1, 4], byCategory.Keys);
        Assert.Equal(2, byCategory[1].Questions);
        Assert.Equal(0.5, byCategory[1].TurnRecall[1]);
        Assert.Equal(0.5, byCategory[1].SessionRecall[1]);
        Assert.Equal(0.0, byCategory[4].TurnRecall[1]);
        Assert.Equal(0.5, byCategory[4].TurnRecall[5]);
        Assert.Equal(0.5, byCategory[4].SessionRecall[1]);
        Assert.Equal(1.0, byCategory[4].SessionRecall[3]);

        var overall = metrics.Overall();
        Assert.Equal(3, overall.Questions);
        Assert.Equal(1.0 / 3, overall.TurnRecall[1], 12);
        Assert.Equal((1 + 0 + 0.5) / 3, overall.TurnRecall[5], 12);
        Assert.Equal((1 + 0 + 0.5) / 3, overall.SessionRecall[1], 12);
    }

    [Fact]
    public void Accumulator_rejects_questions_without_evidence() =>
        Assert.Throws<ArgumentException>(() => new MetricsAccumulator().Add(1, [T(1, 1)], []));

    [Fact]
    public void Json_report_has_exactly_the_agreed_shape()
    {
        var ours = new MetricsAccumulator();
        ours.Add(1, [T(1, 1)], [T(1, 1)]);
        ours.Add(5, [T(1, 1)], [T(2, 2)]);
        var bm25 = new MetricsAccumulator();
        bm25.Add(1, [T(2, 2)], [T(1, 1)]);
        bm25.Add(5, [T(2, 2)], [T(2, 2)]);

        using var json = JsonDocument.Parse(EvalReport.ToJson([("agentmemory", ours), ("bm25", bm25)]));
        var root = json.RootElement;
        Assert.Equal(["systems"], root.EnumerateObject().Select(p => p.Name));
        var systems = root.GetProperty("systems");
        Assert.Equal(["agentmemory", "bm25"], systems.EnumerateObject().Select(p => p.Name));
        string[] keys =
        [
            "turn_recall@1", "turn_recall@5", "turn_recall@10", "turn_recall@20", "turn_recall@50",
            "session_recall@1", "session_recall@3", "session_recall@5", "session_recall@10", "questions",
        ];
        foreach (var system in systems.EnumerateObject())
        {
            Assert.Equal(["overall", "by_category"], system.Value.EnumerateObject().Select(p => p.Name));
            Assert.Equal(keys, system.Value.GetProperty("overall").EnumerateObject().Select(p => p.Name));
            Assert.Equal(2, system.Value.GetProperty("overall").GetProperty("questions").GetInt32());
            Assert.Equal(["1", "5"], system.Value.GetProperty("by_category").EnumerateObject().Select(p => p.Name));
            foreach (var category in system.Value.GetProperty("by_category").EnumerateObject())
            {
                Assert.Equal(keys, category.Value.EnumerateObject().Select(p => p.Name));
                Assert.Equal(1, category.Value.GetProperty("questions").GetInt32());
            }
        }

        Assert.Equal(0.5, systems.GetProperty("agentmemory").GetProperty("overall").GetProperty("turn_recall@1").GetDouble());
        Assert.Equal(1.0, systems.GetProperty("agentmemory").GetProperty("by_category").GetProperty("1").GetProperty("turn_recall@10").GetDouble());
        Assert.Equal(0.0, systems.GetProperty("bm25").GetProperty("by_category").GetProperty("1").GetProperty("turn_recall@10").GetDouble());
    }

    [Fact]
    public void Tables_name_categories_and_carry_an_overall_row()
    {
        var metrics = new MetricsAccumulator();
        metrics.Add(2, [T(1, 1)], [T(1, 1)]);
        var table = EvalReport.Table("title", metrics);
        Assert.Contains("2 temporal", table, StringComparison.Ordinal);
        Assert.Contains("overall", table, StringComparison.Ordinal);
        Assert.Contains("T@50", table, StringComparison.Ordinal);
        Assert.Contains("S@10", table, StringComparison.Ordinal);
        var side = EvalReport.Comparison([("agentmemory", metrics), ("bm25", metrics)], ["turn_recall@10"]);
        Assert.Contains("agentmemory T@10", side, StringComparison.Ordinal);
        Assert.Contains("bm25 T@10", side, StringComparison.Ordinal);
    }
}
