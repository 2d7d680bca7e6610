namespace AgentMemory.Core;

/// <summary>
/// A cheap, tokenizer-free estimate of how many LLM tokens a text costs.
/// </summary>
/// <remarks>
/// <para>
/// Context budgets are expressed in tokens, but the service renders context for many different models
/// and cannot afford to run their tokenizers on every recall. Each whitespace-separated word counts
/// ⌈length / 4⌉ (at least 1), since BPE vocabularies average roughly four characters per token on
/// English, and every maximal run of characters that are neither letters nor digits inside a word
/// ("," in "Hi," or "-", "-" in "2023-05-08") adds 1 more, because tokenizers almost always split
/// punctuation off. The estimate deliberately errs high so that a context rendered "within budget"
/// really does fit the model's window.
/// </para>
/// <para>
/// Words are counted independently, so the estimate of texts joined by whitespace is the sum of their
/// estimates; <see cref="ContextRenderer"/> relies on that to budget line by line.
/// </para>
/// </remarks>
public static class TokenEstimator
{
    /// <summary>Estimates the token count of <paramref name="text"/>; 0 for empty or whitespace-only text.</summary>
    public static int Estimate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Estimate(text.AsSpan());
    }

    /// <summary>Span overload so callers can estimate a line before materialising it as a string.</summary>
    internal static int Estimate(ReadOnlySpan<char> text)
    {
        var tokens = 0;
        var wordLength = 0;
        var inPunctuationRun = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                tokens += TokensForWordLength(wordLength);
                wordLength = 0;
                inPunctuationRun = false;
                continue;
            }

            wordLength++;
            if (char.IsLetterOrDigit(c))
            {
                inPunctuationRun = false;
            }
            else if (!inPunctuationRun)
            {
                inPunctuationRun = true;
                tokens++;
            }
        }

        return tokens + TokensForWordLength(wordLength);
    }

    private static int TokensForWordLength(int length) => length == 0 ? 0 : (length + 3) / 4;
}
