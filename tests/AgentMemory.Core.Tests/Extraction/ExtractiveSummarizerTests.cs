using AgentMemory.Core.Extraction;

namespace AgentMemory.Core.Tests.Extraction;

public class ExtractiveSummarizerTests
{
    private static readonly DateTimeOffset May8 = new(2023, 5, 8, 13, 56, 0, TimeSpan.Zero);
    private readonly ExtractiveSummarizer summarizer = new();

    private static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public void Never_exceeds_the_word_budget_never_cuts_mid_word_and_never_returns_empty()
    {
        var random = new Random(42);
        string[] vocabulary =
        [
            "Caroline", "Melanie", "painted", "a", "sunset", "over", "the", "lake", "went", "to", "support", "group",
            "adoption", "agency", "Sweden", "camping", "kids", "pottery", "class", "in", "May", "2023", "loves",
            "music", "extraordinarily-long-hyphenated-word", "and", "it", "was", "great", "3.5", "miles", "—",
        ];
        for (var iteration = 0; iteration < 400; iteration++)
        {
            var sentences = Enumerable.Range(0, random.Next(1, 25))
                .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(1, 30)).Select(_ => vocabulary[random.Next(vocabulary.Length)])) + ".")
                .ToArray();
            var maxWords = random.Next(1, 80);
            var inputWords = sentences.SelectMany(s => s.Split(' ')).ToHashSet(StringComparer.Ordinal);

            var summary = summarizer.Summarize(sentences, maxWords);

            Assert.False(string.IsNullOrWhiteSpace(summary));
            Assert.InRange(CountWords(summary), 1, maxWords);
            foreach (var word in summary.Split(' '))
            {
                var bare = word.EndsWith('\u2026') ? word[..^1] : word;
                Assert.True(
                    inputWords.Contains(bare) || inputWords.Any(w => w.TrimEnd(',', ';', ':', '-', '\u2013', '\u2014', '.', '!', '?') == bare),
                    $"'{word}' is not a whole input word");
            }
        }
    }

    [Fact]
    public void Keeps_chosen_sentences_in_their_original_order()
    {
        string[] sentences =
        [
            "Caroline adopted a cat named Luna.",
            "The weather was gray.",
            "Luna the cat sleeps on Caroline's bed.",
            "Traffic was slow downtown.",
            "Caroline buys cat toys for Luna every week.",
        ];

        var summary = summarizer.Summarize(sentences, 30);

        var positions = sentences.Select(s => summary.IndexOf(s, StringComparison.Ordinal)).Where(p => p >= 0).ToArray();
        Assert.True(positions.Length >= 2, summary);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Prefers_the_sentence_most_like_the_others()
    {
        string[] sentences =
        [
            "The parking lot was full.",
            "Caroline adopted a cat named Luna.",
            "Luna the cat loves Caroline.",
            "Caroline feeds her cat Luna twice a day.",
            "Stocks fell sharply on Tuesday.",
        ];

        var summary = summarizer.Summarize(sentences, 7);

        Assert.Contains("Luna", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("parking", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Stocks", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Drops_near_duplicate_sentences()
    {
        string[] sentences = ["Caroline went to the support group.", "Caroline went to the support group.", "Melanie painted a sunset."];

        var summary = summarizer.Summarize(sentences, 50);

        Assert.Equal(1, CountOccurrences(summary, "support group"));
    }

    [Fact]
    public void Cuts_a_single_overlong_sentence_at_a_word_boundary_with_an_ellipsis()
    {
        var summary = summarizer.Summarize(["Caroline went to a LGBTQ support group on 7 May 2023, and it was powerful."], 9);

        Assert.Equal("Caroline went to a LGBTQ support group on 7\u2026", summary);
    }

    [Fact]
    public void Drops_whole_sentences_rather_than_cutting_when_a_shorter_one_fits()
    {
        string[] sentences = ["Caroline went to a LGBTQ support group on 7 May 2023 and it was powerful.", "Caroline loves the support group."];

        var summary = summarizer.Summarize(sentences, 6);

        Assert.Equal("Caroline loves the support group.", summary);
    }

    [Fact]
    public void Returns_empty_for_empty_input_or_a_budget_below_one()
    {
        Assert.Equal(string.Empty, summarizer.Summarize([], 10));
        Assert.Equal(string.Empty, summarizer.Summarize(["", "   "], 10));
        Assert.Equal(string.Empty, summarizer.Summarize(["Caroline went home."], 0));
        Assert.Equal(string.Empty, summarizer.Summarize(null!, 10));
    }

    [Fact]
    public void Summarizes_a_session_from_self_contained_facts_with_a_date_prefix()
    {
        (string?, string)[] turns =
        [
            ("Caroline", "Hey Mel! Good to see you! How have you been?"),
            ("Melanie", "Hey Caroline! Good to see you! I'm swamped with the kids & work. What's up with you?"),
            ("Caroline", "I went to a LGBTQ support group yesterday and it was so powerful."),
            ("Melanie", "Wow, that's cool, Caroline! What happened that was so awesome?"),
        ];

        var summary = summarizer.SummarizeSession(turns, May8, 40);

        Assert.StartsWith("On 8 May 2023: ", summary, StringComparison.Ordinal);
        Assert.Contains("Caroline went to a LGBTQ support group on 7 May 2023", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Good to see you", summary, StringComparison.Ordinal);
        Assert.InRange(CountWords(summary), 1, 40);
    }

    [Fact]
    public void Falls_back_to_speaker_prefixed_turns_when_no_fact_is_found()
    {
        (string?, string)[] turns = [("Caroline", "Hey Mel!"), ("Melanie", "Hi Caroline! How are you?")];

        var summary = summarizer.SummarizeSession(turns, May8, 20);

        Assert.StartsWith("On 8 May 2023: ", summary, StringComparison.Ordinal);
        Assert.Contains("Caroline: Hey Mel!", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_summary_respects_the_budget_including_its_prefix()
    {
        (string?, string)[] turns =
        [
            ("Caroline", "I went to a LGBTQ support group yesterday and it was so powerful."),
            ("Melanie", "I painted a sunset over the lake last year and I'm proud of it."),
            ("Caroline", "I'm researching adoption agencies because I want to give kids a loving home."),
        ];

        for (var maxWords = 5; maxWords <= 40; maxWords++)
        {
            Assert.InRange(CountWords(summarizer.SummarizeSession(turns, May8, maxWords)), 5, maxWords);
        }

        Assert.Equal(string.Empty, summarizer.SummarizeSession([], May8, 20));
        Assert.Equal(string.Empty, summarizer.SummarizeSession([("Caroline", "  ")], May8, 20));
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
