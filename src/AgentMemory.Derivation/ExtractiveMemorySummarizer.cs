using AgentMemory.Core.Extraction;
using Microsoft.Extensions.Options;

namespace AgentMemory.Derivation;

/// <summary>
/// The built-in summarizer: extractive (sentence centrality), so every sentence it returns was
/// said or derived; never empty, never cut mid-word.
/// </summary>
public sealed class ExtractiveMemorySummarizer(IOptions<DerivationOptions> options) : IMemorySummarizer
{
    private readonly ExtractiveSummarizer _summarizer = new();

    public Task<string> SummarizeSessionAsync(IReadOnlyList<EpisodeForDerivation> turns, CancellationToken cancellationToken)
    {
        if (turns.Count == 0)
        {
            throw new ArgumentException("A session summary needs at least one turn.", nameof(turns));
        }

        var summary = _summarizer.SummarizeSession(turns.Select(t => (t.Speaker, t.Text)).ToList(), turns[0].EventTime, options.Value.SessionSummaryMaxWords);
        return Task.FromResult(summary);
    }

    public Task<string> UpdateProfileAsync(string? previousProfile, string sessionSummary, CancellationToken cancellationToken)
    {
        // Newer sentences come last, so the centrality ranking sees the whole history while the
        // word limit keeps the profile bounded (the recursion of Recursively Summarizing).
        var sentences = SplitSentences(previousProfile).Concat(SplitSentences(sessionSummary)).ToList();
        return Task.FromResult(_summarizer.Summarize(sentences, options.Value.ProfileMaxWords));
    }

    public Task<string> SummarizePeriodAsync(string period, IReadOnlyList<string> sessionSummaries, CancellationToken cancellationToken)
    {
        var sentences = sessionSummaries.SelectMany(SplitSentences).ToList();
        var summary = _summarizer.Summarize(sentences, options.Value.PeriodSummaryMaxWords);
        return Task.FromResult($"{period}: {summary}");
    }

    private static IEnumerable<string> SplitSentences(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split(['.', '!', '?'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(s => s.Length > 0)
                .Select(s => s + ".");
}
