using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentMemory.Derivation;

/// <summary>
/// Text helpers shared by the LLM-backed derivation: how dates are shown to the model, how its replies are
/// normalized, and how words are counted (whitespace-separated, the same rule the extractive summarizer keeps).
/// </summary>
internal static partial class LlmText
{
    private const string Ellipsis = "\u2026";

    /// <summary>"Thursday, 25 May 2023": the weekday lets the model resolve "last Saturday" without a calendar.</summary>
    public static string LongDate(DateTimeOffset time) =>
        time.ToString("dddd, d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"2023-05-25": the form the model must answer dates in.</summary>
    public static string IsoDate(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Whitespace runs (newlines included) collapsed to one space, trimmed; empty for null.</summary>
    public static string OneLine(string? text) =>
        string.IsNullOrWhiteSpace(text) ? string.Empty : Whitespace().Replace(text, " ").Trim();

    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Whether <paramref name="phrase"/> occurs in <paramref name="text"/> as whole words ("Al" is not in "Alice").</summary>
    public static bool ContainsWord(string text, string phrase)
    {
        for (var at = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(phrase, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + phrase.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sentences of a (one-line) text: split after . ! ? or … followed by whitespace.</summary>
    public static List<string> SplitSentences(string text) =>
        SentenceEnd().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    /// <summary>At most <paramref name="maxChars"/> characters, cut at a word boundary and marked with "…".</summary>
    public static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', Math.Max(0, maxChars - 1));
        return (cut > 0 ? text[..cut] : text[..maxChars]).TrimEnd() + Ellipsis;
    }

    /// <summary>
    /// Cleans a plain-text model reply: code fences, a "Summary:" label and wrapping quotes removed, whitespace
    /// collapsed. Models add these despite being told not to; none of them belongs in a stored memory.
    /// </summary>
    public static string CleanReply(string? reply)
    {
        var text = (reply ?? string.Empty).Trim();
        if (text.StartsWith("```", StringComparison.Ordinal))
        {
            var firstNewline = text.IndexOf('\n', StringComparison.Ordinal);
            text = firstNewline < 0 ? string.Empty : text[(firstNewline + 1)..];
            var fence = text.LastIndexOf("```", StringComparison.Ordinal);
            if (fence >= 0)
            {
                text = text[..fence];
            }
        }

        text = Label().Replace(OneLine(text), string.Empty);
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1];
        }

        return text.Trim();
    }

    /// <summary>Capitalized and ending with sentence punctuation, as <c>ExtractedFact.Text</c> promises.</summary>
    public static string AsSentence(string text)
    {
        var builder = new StringBuilder(OneLine(text));
        if (builder.Length == 0)
        {
            return string.Empty;
        }

        builder[0] = char.ToUpperInvariant(builder[0]);
        if (builder[^1] is not ('.' or '!' or '?' or '"' or '\u201d' or ')'))
        {
            builder.Append('.');
        }

        return builder.ToString();
    }

    /// <summary>An excerpt of a model reply for a log line or a correction message.</summary>
    public static string Excerpt(string? text, int maxChars = 300) =>
        string.IsNullOrWhiteSpace(text) ? "(empty)" : Truncate(OneLine(text), maxChars);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=[.!?\u2026][""'\u201d)]?)\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(summary|profile|updated profile|user profile)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Label();
}
