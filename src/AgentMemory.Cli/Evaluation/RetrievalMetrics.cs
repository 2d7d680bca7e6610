using AgentMemory.Cli.Locomo;

namespace AgentMemory.Cli.Evaluation;

/// <summary>
/// Retrieval metrics that need no LLM, computed from one ranked list of turns per question.
/// </summary>
/// <remarks>
/// <para>
/// <b>Turn-level Recall@k</b> of a question = |E ∩ T_k| / |E|, where E is the set of the
/// question's (valid, distinct) evidence turns and T_k the first k turns of the ranking (the
/// ranking has duplicates removed, keeping the first occurrence).
/// </para>
/// <para>
/// <b>Session-level Recall@k</b> of a question = |S(E) ∩ R_k| / |S(E)|, where S(E) is the set of
/// sessions that contain the evidence turns (the N of "D&lt;N&gt;:&lt;turn&gt;") and R_k the
/// first k distinct sessions of the ranking: the ranked turns are mapped to their sessions and
/// duplicates removed keeping the first (best-ranked) occurrence, so R_k are the k best-ranked
/// sessions, as if the retriever ranked sessions by their best turn.
/// </para>
/// <para>
/// A system's score is the mean over questions (each question weighs the same), per category and
/// over all questions. Questions without valid evidence are excluded before averaging.
/// </para>
/// </remarks>
internal static class RetrievalMetrics
{
    public static readonly int[] TurnKs = [1, 5, 10, 20, 50];
    public static readonly int[] SessionKs = [1, 3, 5, 10];

    public const string Definition =
        "turn Recall@k = share of a question's evidence turns among the top k ranked turns; "
        + "session Recall@k = share of the evidence turns' sessions among the first k distinct sessions of the ranking "
        + "(ranked turns mapped to their sessions, duplicates dropped keeping the best rank); "
        + "each is averaged over questions with valid evidence, per category and overall.";

    /// <summary>|E ∩ top-k distinct turns| / |E|; 0 when there is no evidence.</summary>
    public static double TurnRecallAtK(IReadOnlyList<TurnId> ranking, IReadOnlyCollection<TurnId> evidence, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var wanted = evidence.ToHashSet();
        if (wanted.Count == 0)
        {
            return 0;
        }

        var hits = 0;
        foreach (var turn in DistinctPrefix(ranking, k))
        {
            if (wanted.Contains(turn))
            {
                hits++;
            }
        }

        return (double)hits / wanted.Count;
    }

    /// <summary>The ranking's sessions, best-ranked first, each once.</summary>
    public static List<int> SessionRanking(IReadOnlyList<TurnId> ranking)
    {
        var seen = new HashSet<int>();
        var sessions = new List<int>();
        foreach (var turn in ranking)
        {
            if (seen.Add(turn.Session))
            {
                sessions.Add(turn.Session);
            }
        }

        return sessions;
    }

    /// <summary>|S(E) ∩ first k distinct sessions| / |S(E)|; 0 when there is no evidence.</summary>
    public static double SessionRecallAtK(IReadOnlyList<TurnId> ranking, IReadOnlyCollection<TurnId> evidence, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var wanted = evidence.Select(e => e.Session).ToHashSet();
        if (wanted.Count == 0)
        {
            return 0;
        }

        var top = SessionRanking(ranking).Take(k);
        return (double)top.Count(wanted.Contains) / wanted.Count;
    }

    private static IEnumerable<TurnId> DistinctPrefix(IReadOnlyList<TurnId> ranking, int k)
    {
        var seen = new HashSet<TurnId>();
        foreach (var turn in ranking)
        {
            if (seen.Count == k)
            {
                yield break;
            }

            if (seen.Add(turn))
            {
                yield return turn;
            }
        }
    }
}

/// <summary>The averaged metrics of one group of questions (a category, or all).</summary>
internal sealed record MetricSummary(int Questions, IReadOnlyDictionary<int, double> TurnRecall, IReadOnlyDictionary<int, double> SessionRecall)
{
    /// <summary>Metric name → value, in the order of the JSON report ("turn_recall@1", …, "session_recall@10", "questions").</summary>
    public IEnumerable<KeyValuePair<string, double>> Named()
    {
        foreach (var k in RetrievalMetrics.TurnKs)
        {
            yield return new($"turn_recall@{k}", TurnRecall[k]);
        }

        foreach (var k in RetrievalMetrics.SessionKs)
        {
            yield return new($"session_recall@{k}", SessionRecall[k]);
        }
    }
}

/// <summary>Collects per-question metrics of one system and averages them per category and overall.</summary>
internal sealed class MetricsAccumulator
{
    private readonly List<(int Category, double[] Turn, double[] Session)> _rows = [];

    public int Count => _rows.Count;

    public void Add(int category, IReadOnlyList<TurnId> ranking, IReadOnlyCollection<TurnId> evidence)
    {
        if (evidence.Count == 0)
        {
            throw new ArgumentException("A question without evidence is excluded before it is scored.", nameof(evidence));
        }

        _rows.Add((
            category,
            RetrievalMetrics.TurnKs.Select(k => RetrievalMetrics.TurnRecallAtK(ranking, evidence, k)).ToArray(),
            RetrievalMetrics.SessionKs.Select(k => RetrievalMetrics.SessionRecallAtK(ranking, evidence, k)).ToArray()));
    }

    public MetricSummary Overall() => Summarize(_rows);

    /// <summary>Per category, in ascending category order.</summary>
    public SortedDictionary<int, MetricSummary> ByCategory()
    {
        var result = new SortedDictionary<int, MetricSummary>();
        foreach (var group in _rows.GroupBy(r => r.Category))
        {
            result[group.Key] = Summarize(group.ToList());
        }

        return result;
    }

    private static MetricSummary Summarize(IReadOnlyList<(int Category, double[] Turn, double[] Session)> rows)
    {
        var turn = new Dictionary<int, double>();
        var session = new Dictionary<int, double>();
        for (var i = 0; i < RetrievalMetrics.TurnKs.Length; i++)
        {
            turn[RetrievalMetrics.TurnKs[i]] = rows.Count == 0 ? 0 : rows.Average(r => r.Turn[i]);
        }

        for (var i = 0; i < RetrievalMetrics.SessionKs.Length; i++)
        {
            session[RetrievalMetrics.SessionKs[i]] = rows.Count == 0 ? 0 : rows.Average(r => r.Session[i]);
        }

        return new MetricSummary(rows.Count, turn, session);
    }
}
