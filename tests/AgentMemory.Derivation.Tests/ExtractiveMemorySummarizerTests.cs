using static AgentMemory.Derivation.Tests.TestSupport;

namespace AgentMemory.Derivation.Tests;

public sealed class ExtractiveMemorySummarizerTests
{
    private static readonly DateTimeOffset Thursday = new(2023, 5, 25, 13, 56, 0, TimeSpan.Zero);

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static EpisodeForDerivation Turn(string text, string? speaker = "Caroline") =>
        new(Guid.NewGuid(), text, speaker, "s1", Thursday);

    [Fact]
    public async Task Session_summary_is_never_empty_and_within_the_limit()
    {
        var summarizer = new ExtractiveMemorySummarizer(Options(o => o.SessionSummaryMaxWords = 30));
        var turns = Enumerable.Range(0, 40)
            .Select(i => Turn($"I went hiking with my friend number {i} near the lake last weekend and it was wonderful.", i % 2 == 0 ? "Caroline" : "Melanie"))
            .ToList();

        var summary = await summarizer.SummarizeSessionAsync(turns, Ct);

        Assert.False(string.IsNullOrWhiteSpace(summary));
        Assert.InRange(Words(summary), 1, 30);
    }

    [Fact]
    public async Task Session_of_small_talk_still_has_a_summary()
    {
        var summarizer = new ExtractiveMemorySummarizer(Options());

        var summary = await summarizer.SummarizeSessionAsync([Turn("Hi!"), Turn("Hey, how are you?", "Melanie")], Ct);

        Assert.False(string.IsNullOrWhiteSpace(summary));
    }

    [Fact]
    public async Task Profile_stays_within_its_limit_as_sessions_accumulate()
    {
        var summarizer = new ExtractiveMemorySummarizer(Options(o => o.ProfileMaxWords = 40));
        string? profile = null;
        for (var i = 0; i < 20; i++)
        {
            profile = await summarizer.UpdateProfileAsync(profile, $"Caroline visited museum {i} in Boston. She liked painting number {i}.", Ct);
            Assert.False(string.IsNullOrWhiteSpace(profile));
            Assert.InRange(Words(profile), 1, 40);
        }
    }

    [Fact]
    public async Task Period_summary_is_labelled_and_within_the_limit()
    {
        var summarizer = new ExtractiveMemorySummarizer(Options(o => o.PeriodSummaryMaxWords = 15));
        var sessions = Enumerable.Range(0, 10).Select(i => $"Caroline and Melanie talked about painting class {i}. They planned a trip.").ToList();

        var summary = await summarizer.SummarizePeriodAsync("2023-05", sessions, Ct);

        Assert.StartsWith("2023-05: ", summary);
        Assert.InRange(Words(summary["2023-05: ".Length..]), 1, 15);
    }

    [Fact]
    public async Task Session_without_turns_is_an_argument_error()
    {
        var summarizer = new ExtractiveMemorySummarizer(Options());

        await Assert.ThrowsAsync<ArgumentException>(() => summarizer.SummarizeSessionAsync([], Ct));
    }
}
