using AgentMemory.Cli.Locomo;
using AgentMemory.Core;

namespace AgentMemory.Cli.Evaluation;

/// <summary>
/// Plain BM25 over one conversation's turns (k1 1.2, b 0.75, Core's analyzer: lowercase, stop
/// words removed, Porter-stemmed): the baseline the service is measured against.
/// </summary>
internal sealed class Bm25Baseline
{
    private readonly Bm25Index _index = new(k1: 1.2f, b: 0.75f);
    private readonly List<TurnId> _turns = [];

    public Bm25Baseline(IEnumerable<(TurnId Id, string Text)> turns)
    {
        foreach (var (id, text) in turns)
        {
            _index.Add(_turns.Count, TextAnalyzer.Analyze(text));
            _turns.Add(id);
        }
    }

    public int Count => _turns.Count;

    /// <summary>The top <paramref name="k"/> turns for the query, best first.</summary>
    public List<TurnId> Rank(string query, int k) =>
        _index.Search(TextAnalyzer.Analyze(query), k).Select(d => _turns[d.DocumentId]).ToList();
}
