using System.Globalization;
using System.Text;
using AgentMemory.Core.Extraction;
using AgentMemory.Inference;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMemory.Derivation;

/// <summary>
/// Recursive summaries (session → profile and period) written by the sidecar chat model as plain text, with the
/// same guarantees as <see cref="ExtractiveMemorySummarizer"/>: never empty, within the configured word limit, never
/// cut mid-word.
/// </summary>
/// <remarks>
/// <para>
/// Plain completions rather than structured output: the answer is one piece of prose, and a schema would only add
/// ways to fail. The reply is cleaned (code fences, "Summary:" labels, wrapping quotes, line breaks). An empty reply
/// falls back to the extractive summary of the same input; an over-long one is cut to whole sentences by the
/// extractive summarizer's selection (which keeps sentence order and, only if not even one sentence fits, cuts at a
/// word boundary with "…"). Inputs too large for one request are summarized extractively instead, because a request
/// the server rejects would fail the step on every retry; so is an input the sidecar refuses all the same (400, 413,
/// 422). Other transport failures propagate, so the pipeline retries.
/// </para>
/// <para>
/// Period summaries keep the extractive form's <c>"{period}: "</c> prefix, so the label is in the text whichever
/// implementation wrote it (and lexical recall finds "2023-05").
/// </para>
/// </remarks>
public sealed class LlmMemorySummarizer(
    IChatClient chat,
    ExtractiveMemorySummarizer fallback,
    IOptions<DerivationOptions> options,
    ILogger<LlmMemorySummarizer> logger) : IMemorySummarizer
{
    /// <summary>Largest prompt (in characters, roughly 12k tokens) sent in one request.</summary>
    internal const int MaxInputChars = 48_000;

    private const string SystemPrompt = """
        You write summaries for a person's long-term memory. Write plain third-person prose: no lists, headings, labels or preamble.
        Name the people. Keep concrete facts: names, places, dates, events, plans, preferences and feelings. Write dates as absolute dates.
        Never add anything the input does not say.
        """;

    private readonly ExtractiveSummarizer _trimmer = new();

    public async Task<string> SummarizeSessionAsync(IReadOnlyList<EpisodeForDerivation> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count == 0)
        {
            throw new ArgumentException("A session summary needs at least one turn.", nameof(turns));
        }

        var maxWords = options.Value.SessionSummaryMaxWords;
        var prompt = new StringBuilder();
        prompt.Append("Conversation session on ").Append(LlmText.LongDate(turns[0].EventTime)).AppendLine(".").AppendLine();
        foreach (var turn in turns)
        {
            var speaker = string.IsNullOrWhiteSpace(turn.Speaker) ? "Unknown" : LlmText.OneLine(turn.Speaker);
            prompt.Append(speaker).Append(": ").AppendLine(LlmText.OneLine(turn.Text));
        }

        prompt.AppendLine().Append(CultureInfo.InvariantCulture,
            $"Write a concise third-person summary of this session in at most {maxWords} words. Resolve relative dates against the session date.");

        return (await CompleteAsync(
            "session", prompt.ToString(), maxWords, () => fallback.SummarizeSessionAsync(turns, cancellationToken), cancellationToken)).Text;
    }

    public async Task<string> UpdateProfileAsync(string? previousProfile, string sessionSummary, CancellationToken cancellationToken)
    {
        var maxWords = options.Value.ProfileMaxWords;
        var previous = LlmText.OneLine(previousProfile);
        var prompt = $"""
            Previous profile:
            {(previous.Length > 0 ? previous : "(none yet)")}

            New session summary:
            {LlmText.OneLine(sessionSummary)}

            Write the updated profile in at most {maxWords} words: the stable facts and preferences about the person and the people in their life (identity, relationships, home, work, interests, likes and dislikes, goals, important events with their dates). Keep what still holds, replace what the new session changes, and leave out passing details.
            """;

        return (await CompleteAsync(
            "profile", prompt, maxWords, () => fallback.UpdateProfileAsync(previousProfile, sessionSummary, cancellationToken), cancellationToken)).Text;
    }

    public async Task<string> SummarizePeriodAsync(string period, IReadOnlyList<string> sessionSummaries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionSummaries);
        var summaries = sessionSummaries.Select(LlmText.OneLine).Where(s => s.Length > 0).ToList();
        if (summaries.Count == 0)
        {
            return await fallback.SummarizePeriodAsync(period, sessionSummaries, cancellationToken);
        }

        var maxWords = options.Value.PeriodSummaryMaxWords;
        var prompt = new StringBuilder();
        prompt.Append("Session summaries of ").Append(period).AppendLine(", oldest first:");
        foreach (var summary in summaries)
        {
            prompt.Append("- ").AppendLine(summary);
        }

        prompt.AppendLine().Append(CultureInfo.InvariantCulture,
            $"Summarize what happened in {period} in at most {maxWords} words, in time order.");

        var text = await CompleteAsync(
            "period", prompt.ToString(), maxWords, () => fallback.SummarizePeriodAsync(period, sessionSummaries, cancellationToken), cancellationToken);
        return text.FromFallback ? text.Text : $"{period}: {text.Text}";
    }

    /// <summary>
    /// The model's summary within <paramref name="maxWords"/>, or the extractive one (<c>FromFallback</c>: already in
    /// its finished form).
    /// </summary>
    private async Task<(string Text, bool FromFallback)> CompleteAsync(
        string kind, string prompt, int maxWords, Func<Task<string>> extractive, CancellationToken cancellationToken)
    {
        if (prompt.Length > MaxInputChars)
        {
            logger.LogInformation(
                "The {Kind} summary input ({Chars} characters) exceeds {Max}; summarizing extractively", kind, prompt.Length, MaxInputChars);
            return (await extractive(), true);
        }

        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, SystemPrompt), new ChatMessage(ChatRole.User, prompt)],
                new ChatOptions { Temperature = 0.2f },
                cancellationToken);
        }
        catch (InferenceUnavailableException ex) when (ex.RefusedTheRequest)
        {
            // Refused once, refused on every retry: summarize this one extractively and let the step go on.
            logger.LogWarning("The sidecar refused the {Kind} summary request; using the extractive summary: {Reason}", kind, ex.Message);
            return (await extractive(), true);
        }

        var text = LlmText.CleanReply(response.Text);
        if (text.Length == 0)
        {
            logger.LogWarning("The model returned an empty {Kind} summary; using the extractive summary", kind);
            return (await extractive(), true);
        }

        var words = LlmText.CountWords(text);
        if (words <= maxWords)
        {
            return (text, false);
        }

        var trimmed = _trimmer.Summarize(LlmText.SplitSentences(text), maxWords);
        logger.LogInformation("The model's {Kind} summary had {Words} words, over {Max}; trimmed to whole sentences", kind, words, maxWords);
        return trimmed.Length > 0 ? (trimmed, false) : (await extractive(), true);
    }
}
