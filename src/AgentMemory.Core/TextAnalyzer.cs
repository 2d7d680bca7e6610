using System.Buffers;

namespace AgentMemory.Core;

/// <summary>
/// Turns free text into the index terms shared by BM25 and the hashing embedder.
/// </summary>
/// <remarks>
/// <para>
/// Documents and queries must go through exactly the same pipeline or they stop matching, so this
/// is the single place that defines it: lowercase (invariant culture, so results never depend on the
/// server's locale), split on every character that is not a letter or digit, drop apostrophes inside
/// words ("caroline's" → "carolines", "don't" → "dont") so possessives and contractions stay one
/// token, drop <see cref="StopWords"/> and single-character tokens other than digits, and
/// Porter-stem what remains.
/// </para>
/// <para>
/// Term order and duplicates are preserved: BM25 needs term frequencies and the embedder needs
/// adjacency for bigrams.
/// </para>
/// </remarks>
public static class TextAnalyzer
{
    // Words longer than this (URLs, hashes, base64) are rare enough to rent a buffer for.
    private const int StackBufferLength = 128;

    /// <summary>Analyzes <paramref name="text"/> into a new list of terms, in order.</summary>
    public static List<string> Analyze(string text)
    {
        var terms = new List<string>();
        Analyze(text, terms);
        return terms;
    }

    /// <summary>
    /// Appends the terms of <paramref name="text"/> to <paramref name="destination"/>, in order. The list is
    /// not cleared first, so several fields can be analyzed into one list; clear it yourself to reuse it.
    /// </summary>
    public static void Analyze(string text, List<string> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(destination);
        var sink = new StringCollector(destination);
        Tokenize(text, ref sink);
    }

    /// <summary>
    /// Runs the analysis pipeline and hands every surviving term to <paramref name="sink"/> without
    /// allocating: words are normalized and stemmed in reusable stack (or pooled) buffers.
    /// </summary>
    internal static void Tokenize<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : ITermSink, allows ref struct
    {
        Span<char> surfaceBuffer = stackalloc char[StackBufferLength];
        Span<char> stemBuffer = stackalloc char[StackBufferLength];
        char[]? rented = null;
        try
        {
            var position = 0;
            while (TryReadWord(text, ref position, out var wordStart, out var wordLength))
            {
                Span<char> surface = surfaceBuffer;
                Span<char> stem = stemBuffer;
                if (wordLength > StackBufferLength)
                {
                    if (rented is null || rented.Length < 2 * wordLength)
                    {
                        if (rented is not null)
                        {
                            ArrayPool<char>.Shared.Return(rented);
                        }

                        rented = ArrayPool<char>.Shared.Rent(2 * wordLength);
                    }

                    surface = rented.AsSpan(0, wordLength);
                    stem = rented.AsSpan(wordLength, wordLength);
                }

                surface = surface[..Normalize(text.Slice(wordStart, wordLength), surface)];
                if (!IsIndexable(surface))
                {
                    continue;
                }

                surface.CopyTo(stem);
                stem = stem[..PorterStemmer.StemInPlace(stem[..surface.Length])];
                sink.Accept(surface, stem);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Finds the next word at or after <paramref name="position"/>: a maximal run of letters and digits,
    /// where an apostrophe between two letters/digits counts as part of the word.
    /// </summary>
    internal static bool TryReadWord(ReadOnlySpan<char> text, ref int position, out int start, out int length)
    {
        var index = position;
        while (index < text.Length && !char.IsLetterOrDigit(text[index]))
        {
            index++;
        }

        start = index;
        while (index < text.Length)
        {
            var c = text[index];
            if (char.IsLetterOrDigit(c))
            {
                index++;
            }
            else if (IsApostrophe(c) && index + 1 < text.Length && char.IsLetterOrDigit(text[index + 1]))
            {
                // Only reachable inside a word (the scan above skipped leading apostrophes).
                index += 2;
            }
            else
            {
                break;
            }
        }

        length = index - start;
        position = index;
        return length > 0;
    }

    /// <summary>Lowercases <paramref name="word"/> into <paramref name="destination"/>, dropping apostrophes.</summary>
    private static int Normalize(ReadOnlySpan<char> word, Span<char> destination)
    {
        var written = 0;
        foreach (var c in word)
        {
            if (!IsApostrophe(c))
            {
                destination[written++] = char.ToLowerInvariant(c);
            }
        }

        return written;
    }

    private static bool IsIndexable(ReadOnlySpan<char> word) =>
        word.Length switch
        {
            0 => false,
            1 => char.IsDigit(word[0]),
            _ => !StopWords.Contains(word),
        };

    // ASCII apostrophe plus the typographic right single quote that chat clients substitute for it.
    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    private readonly struct StringCollector(List<string> destination) : ITermSink
    {
        public void Accept(scoped ReadOnlySpan<char> surface, scoped ReadOnlySpan<char> stem) => destination.Add(new string(stem));
    }
}
