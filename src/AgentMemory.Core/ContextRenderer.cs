using System.Buffers;
using System.Globalization;
using System.Text;

namespace AgentMemory.Core;

/// <summary>
/// Renders ranked memories into a compact, token-budgeted block for an LLM prompt.
/// </summary>
/// <remarks>
/// <para>
/// Each memory becomes one line, <c>- [2023-05-08 13:56] Caroline: I went to a LGBTQ support group yesterday.</c>:
/// a bullet per memory, a UTC timestamp so the model can reason about when things happened, and the
/// speaker when known. Whitespace inside text (including newlines) is collapsed to single spaces so a
/// memory can never break the one-line-per-memory layout.
/// </para>
/// <para>
/// Items are taken whole, in rank order, while the running estimate stays within budget; an item that
/// does not fit is skipped but later, smaller ones are still considered, so one long memory cannot
/// starve the rest. If the top-ranked item does not fit at all and the budget is at least
/// 8 tokens, a prefix of it cut at a word boundary and ended with
/// "…" is included instead (the most relevant memory is worth a partial mention), as long as at least
/// one word of its text fits after the timestamp and speaker. The returned estimate is always
/// <see cref="TokenEstimator.Estimate(string)"/> of the returned text and never exceeds the budget.
/// </para>
/// </remarks>
public static class ContextRenderer
{
    /// <summary>The smallest budget for which a partial first item is worth rendering.</summary>
    private const int MinimumTruncationBudget = 8;

    private const string TimestampFormat = "yyyy-MM-dd HH:mm";
    private const char Ellipsis = '…';

    // "- [" + "yyyy-MM-dd HH:mm" + "] " + ": " + the ellipsis.
    private const int FixedLineOverhead = 3 + 16 + 2 + 2 + 1;

    private static readonly RenderedContext Empty = new(string.Empty, 0, 0);

    /// <summary>Renders as many of <paramref name="itemsInRankOrder"/> as fit in <paramref name="tokenBudget"/>.</summary>
    public static RenderedContext Render(IReadOnlyList<ContextItem> itemsInRankOrder, int tokenBudget)
    {
        ArgumentNullException.ThrowIfNull(itemsInRankOrder);
        if (tokenBudget <= 0 || itemsInRankOrder.Count == 0)
        {
            return Empty;
        }

        var output = new StringBuilder();
        var usedTokens = 0;
        var includedCount = 0;
        var lineBuffer = ArrayPool<char>.Shared.Rent(256);
        try
        {
            for (var index = 0; index < itemsInRankOrder.Count; index++)
            {
                var item = itemsInRankOrder[index];
                var requiredLength = FixedLineOverhead + (item.Speaker?.Length ?? 0) + (item.Text?.Length ?? 0);
                if (lineBuffer.Length < requiredLength)
                {
                    ArrayPool<char>.Shared.Return(lineBuffer);
                    lineBuffer = ArrayPool<char>.Shared.Rent(requiredLength);
                }

                var lineLength = WriteLine(item, lineBuffer, out var textStart);
                var line = lineBuffer.AsSpan(0, lineLength);
                var cost = TokenEstimator.Estimate(line);
                if (usedTokens + cost > tokenBudget)
                {
                    if (index > 0 || tokenBudget < MinimumTruncationBudget)
                    {
                        continue;
                    }

                    lineLength = TruncateToFit(lineBuffer, lineLength, textStart, tokenBudget);
                    if (lineLength == 0)
                    {
                        continue;
                    }

                    line = lineBuffer.AsSpan(0, lineLength);
                    cost = TokenEstimator.Estimate(line);
                }

                if (output.Length > 0)
                {
                    output.Append('\n');
                }

                output.Append(line);
                usedTokens += cost;
                includedCount++;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lineBuffer);
        }

        // Words never span the '\n' separators, so this equals usedTokens; recomputing keeps the
        // "estimate of the returned text" contract independent of that reasoning.
        var text = output.ToString();
        return new RenderedContext(text, TokenEstimator.Estimate(text), includedCount);
    }

    /// <summary>Writes the item's line into <paramref name="buffer"/> and returns its length.</summary>
    /// <param name="item">The memory to render.</param>
    /// <param name="buffer">Large enough for the line plus one spare character.</param>
    /// <param name="textStart">Where the item's own text begins, after the timestamp and speaker.</param>
    private static int WriteLine(ContextItem item, Span<char> buffer, out int textStart)
    {
        "- [".CopyTo(buffer);
        var length = 3;
        item.EventTime.UtcDateTime.TryFormat(buffer[length..], out var written, TimestampFormat, CultureInfo.InvariantCulture);
        length += written;
        "] ".CopyTo(buffer[length..]);
        length += 2;

        var speakerLength = WriteCollapsed(item.Speaker, buffer[length..]);
        if (speakerLength > 0)
        {
            length += speakerLength;
            ": ".CopyTo(buffer[length..]);
            length += 2;
        }

        textStart = length;
        length += WriteCollapsed(item.Text, buffer[length..]);

        // An empty text would leave a dangling separator space.
        return length == textStart ? length - 1 : length;
    }

    /// <summary>Copies <paramref name="value"/> with whitespace runs collapsed to one space and trimmed.</summary>
    private static int WriteCollapsed(string? value, Span<char> destination)
    {
        var written = 0;
        var pendingSpace = false;
        foreach (var c in value.AsSpan())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = written > 0;
                continue;
            }

            if (pendingSpace)
            {
                destination[written++] = ' ';
                pendingSpace = false;
            }

            destination[written++] = c;
        }

        return written;
    }

    /// <summary>
    /// Cuts the line after the longest run of whole text words whose estimate, with "…" appended, fits
    /// <paramref name="budget"/>; writes the ellipsis and returns the new length, or 0 if not even one
    /// word of the text fits. The buffer has room for the ellipsis past the line's end.
    /// </summary>
    private static int TruncateToFit(Span<char> buffer, int lineLength, int textStart, int budget)
    {
        // Words are single-space separated, so estimates add up word by word.
        var costBeforeWord = TokenEstimator.Estimate(buffer[..textStart]);
        var bestLength = 0;
        var wordStart = textStart;
        while (wordStart < lineLength)
        {
            var wordEnd = buffer[wordStart..lineLength].IndexOf(' ');
            wordEnd = wordEnd < 0 ? lineLength : wordStart + wordEnd;

            var saved = buffer[wordEnd];
            buffer[wordEnd] = Ellipsis;
            var cost = costBeforeWord + TokenEstimator.Estimate(buffer[wordStart..(wordEnd + 1)]);
            buffer[wordEnd] = saved;

            // Each further word only adds tokens, so the first miss ends the search.
            if (cost > budget)
            {
                break;
            }

            bestLength = wordEnd;
            costBeforeWord += TokenEstimator.Estimate(buffer[wordStart..wordEnd]);
            wordStart = wordEnd + 1;
        }

        if (bestLength == 0)
        {
            return 0;
        }

        buffer[bestLength] = Ellipsis;
        return bestLength + 1;
    }
}
