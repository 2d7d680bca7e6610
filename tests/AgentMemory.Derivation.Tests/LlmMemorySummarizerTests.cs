using AgentMemory.Testing;
using static AgentMemory.Derivation.Tests.TestSupport;

namespace AgentMemory.Derivation.Tests;

public sealed class LlmMemorySummarizerTests
{
    private static readonly DateTimeOffset Thursday = new(2023, 5, 25, 13, 56, 0, TimeSpan.Zero);

    private static readonly EpisodeForDerivation[] Turns =
    [
        new(Guid.NewGuid(), "I went to a LGBTQ support group yesterday. It was so powerful.", "Caroline", "s1", Thursday),
        new(Guid.NewGuid(), "That's great! I painted a lake sunrise last year.", "Melanie", "s1", Thursday.AddMinutes(1)),
        new(Guid.NewGuid(), "I want to work in counseling and mental health.", "Caroline", "s1", Thursday.AddMinutes(2)),
    ];

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static (LlmMemorySummarizer Summarizer, ListLogger<LlmMemorySummarizer> Logger) Create(
        FakeOpenAIServer server, Action<DerivationOptions>? configure = null)
    {
        var options = Options(configure);
        var logger = new ListLogger<LlmMemorySummarizer>();
        return (new LlmMemorySummarizer(ChatClient(server), new ExtractiveMemorySummarizer(options), options, logger), logger);
    }

    [Fact]
    public async Task Session_summary_is_the_scripted_text_and_the_prompt_has_turns_date_and_limit()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies("Caroline told Melanie about a support group she attended on 24 May 2023.");
        var (summarizer, _) = Create(server, o => o.SessionSummaryMaxWords = 60);

        var summary = await summarizer.SummarizeSessionAsync(Turns, Ct);

        Assert.Equal("Caroline told Melanie about a support group she attended on 24 May 2023.", summary);
        var request = Assert.Single(server.ChatRequests);
        Assert.Null(request["response_format"]); // plain text, no schema
        var prompt = FakeOpenAIServer.PromptOf(request);
        Assert.Contains("Thursday, 25 May 2023", prompt);
        Assert.Contains("Caroline: I went to a LGBTQ support group yesterday.", prompt);
        Assert.Contains("Melanie: That's great!", prompt);
        Assert.Contains("at most 60 words", prompt);
        Assert.Contains("third-person", prompt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    [InlineData("```\n```")]
    public async Task Empty_reply_falls_back_to_the_extractive_summary(string reply)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies(reply);
        var (summarizer, logger) = Create(server);

        var summary = await summarizer.SummarizeSessionAsync(Turns, Ct);

        Assert.False(string.IsNullOrWhiteSpace(summary));
        Assert.Equal(await new ExtractiveMemorySummarizer(Options()).SummarizeSessionAsync(Turns, Ct), summary);
        Assert.Single(logger.Warnings);
    }

    [Fact]
    public async Task Overlong_reply_is_trimmed_within_the_limit_at_a_word_boundary()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var sentences = Enumerable.Range(1, 30).Select(i => $"Caroline talked with Melanie about topic number {i} at length.");
        var reply = string.Join(' ', sentences);
        server.EnqueueChatReplies(reply);
        var (summarizer, _) = Create(server, o => o.SessionSummaryMaxWords = 25);

        var summary = await summarizer.SummarizeSessionAsync(Turns, Ct);

        Assert.InRange(Words(summary), 1, 25);
        var replyWords = reply.Split(' ').ToHashSet();
        Assert.All(summary.Split(' '), w => Assert.Contains(w, replyWords)); // whole words only
        Assert.EndsWith(".", summary); // whole sentences
    }

    [Fact]
    public async Task One_overlong_sentence_is_cut_at_a_word_boundary()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var reply = "Caroline " + string.Join(' ', Enumerable.Range(1, 80).Select(i => $"word{i}")) + ".";
        server.EnqueueChatReplies(reply);
        var (summarizer, _) = Create(server, o => o.SessionSummaryMaxWords = 20);

        var summary = await summarizer.SummarizeSessionAsync(Turns, Ct);

        Assert.InRange(Words(summary), 1, 20);
        var words = summary.TrimEnd('\u2026').Split(' ');
        var replyWords = reply.TrimEnd('.').Split(' ').ToHashSet();
        Assert.All(words, w => Assert.Contains(w, replyWords));
    }

    [Fact]
    public async Task Reply_is_cleaned_of_labels_fences_and_line_breaks()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies("```text\nSummary: Caroline went to a support group.\nShe wants to be a counselor.\n```");
        var (summarizer, _) = Create(server);

        var summary = await summarizer.SummarizeSessionAsync(Turns, Ct);

        Assert.Equal("Caroline went to a support group. She wants to be a counselor.", summary);
    }

    [Fact]
    public async Task Profile_update_sends_previous_profile_and_new_summary()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies("Caroline lives in Boston and wants to become a counselor.");
        var (summarizer, _) = Create(server, o => o.ProfileMaxWords = 80);

        var profile = await summarizer.UpdateProfileAsync("Caroline lives in Austin.", "Caroline moved to Boston.", Ct);

        Assert.Equal("Caroline lives in Boston and wants to become a counselor.", profile);
        var prompt = FakeOpenAIServer.PromptOf(Assert.Single(server.ChatRequests));
        Assert.Contains("Caroline lives in Austin.", prompt);
        Assert.Contains("Caroline moved to Boston.", prompt);
        Assert.Contains("at most 80 words", prompt);
    }

    [Fact]
    public async Task First_profile_says_there_is_none_yet_and_empty_reply_falls_back()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies(" ");
        var (summarizer, _) = Create(server);

        var profile = await summarizer.UpdateProfileAsync(null, "Caroline moved to Boston. She likes hiking.", Ct);

        Assert.Contains("(none yet)", FakeOpenAIServer.PromptOf(Assert.Single(server.ChatRequests)));
        Assert.Contains("Boston", profile);
    }

    [Fact]
    public async Task Summary_the_sidecar_refuses_is_the_extractive_one()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.AlwaysFail = true;
        server.FailureStatus = 400;
        var (summarizer, logger) = Create(server);

        var summary = await summarizer.SummarizeSessionAsync(Turns, Ct);

        Assert.Equal(await new ExtractiveMemorySummarizer(Options()).SummarizeSessionAsync(Turns, Ct), summary);
        Assert.Equal(1, server.ChatCalls);
        Assert.Contains("refused the session summary request", Assert.Single(logger.Warnings));
    }

    [Fact]
    public async Task Summary_with_a_sidecar_rejecting_the_credentials_fails_so_the_step_is_retried()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.AlwaysFail = true;
        server.FailureStatus = 401;
        var (summarizer, logger) = Create(server);

        var error = await Assert.ThrowsAsync<AgentMemory.Inference.InferenceUnavailableException>(() => summarizer.SummarizeSessionAsync(Turns, Ct));

        Assert.Equal(401, error.StatusCode);
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public async Task Period_summary_is_prefixed_with_the_period_and_within_the_limit()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies(string.Join(' ', Enumerable.Repeat("In May Caroline went to a support group and painted.", 10)));
        var (summarizer, _) = Create(server, o => o.PeriodSummaryMaxWords = 20);

        var summary = await summarizer.SummarizePeriodAsync("2023-05", ["Caroline went to a support group.", "Caroline painted."], Ct);

        Assert.StartsWith("2023-05: ", summary);
        Assert.InRange(Words(summary["2023-05: ".Length..]), 1, 20);
        var prompt = FakeOpenAIServer.PromptOf(Assert.Single(server.ChatRequests));
        Assert.Contains("- Caroline went to a support group.", prompt);
        Assert.Contains("- Caroline painted.", prompt);
    }

    [Fact]
    public async Task Period_without_summaries_makes_no_call()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (summarizer, _) = Create(server);

        var summary = await summarizer.SummarizePeriodAsync("2023-05", [" "], Ct);

        Assert.StartsWith("2023-05", summary);
        Assert.Equal(0, server.ChatCalls);
    }

    [Fact]
    public async Task Input_too_large_for_one_request_is_summarized_extractively()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var turns = Enumerable.Range(0, 2_000)
            .Select(i => new EpisodeForDerivation(Guid.NewGuid(), $"Caroline said thing number {i} about her painting class today.", "Caroline", "s1", Thursday))
            .ToList();
        var (summarizer, _) = Create(server);

        var summary = await summarizer.SummarizeSessionAsync(turns, Ct);

        Assert.False(string.IsNullOrWhiteSpace(summary));
        Assert.InRange(Words(summary), 1, new DerivationOptions().SessionSummaryMaxWords);
        Assert.Equal(0, server.ChatCalls);
    }

    [Fact]
    public async Task Session_without_turns_is_an_argument_error()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (summarizer, _) = Create(server);

        await Assert.ThrowsAsync<ArgumentException>(() => summarizer.SummarizeSessionAsync([], Ct));
    }
}
