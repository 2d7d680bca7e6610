using System.Text.Json.Nodes;
using AgentMemory.Core.Extraction;
using AgentMemory.Inference;
using AgentMemory.Testing;
using static AgentMemory.Derivation.Tests.TestSupport;

namespace AgentMemory.Derivation.Tests;

public sealed class LlmMemoryExtractorTests
{
    private static readonly EpisodeForDerivation Episode = new(
        Guid.Parse("6f1c2a8e-1111-4e5b-9c3d-0123456789ab"),
        "I went to a LGBTQ support group last Saturday, and I moved to Boston!",
        "Caroline",
        "s1",
        new DateTimeOffset(2023, 5, 25, 13, 56, 0, TimeSpan.Zero));

    private const string ValidReply = """
        {
          "facts": [
            {
              "text": "Caroline went to a LGBTQ support group on 20 May 2023.",
              "subject": "Caroline",
              "valid_from": "2023-05-20",
              "triples": [ { "subject": "Caroline", "relation": "went_to", "object": "LGBTQ support group" } ],
              "entities": [ "Caroline", "LGBTQ" ]
            },
            {
              "text": "caroline moved to Boston",
              "subject": "Caroline",
              "valid_from": null,
              "triples": [ { "subject": "Caroline", "relation": "Moved To", "object": "Boston" } ],
              "entities": [ "Caroline", "Boston" ]
            }
          ],
          "entities": [ { "name": "Boston", "kind": "place" }, { "name": "Caroline", "kind": "person" } ],
          "triples": [ { "subject": "Caroline", "relation": "lives_in", "object": "Boston" } ]
        }
        """;

    private static (LlmMemoryExtractor Extractor, ListLogger<LlmMemoryExtractor> Logger) Create(FakeOpenAIServer server)
    {
        var logger = new ListLogger<LlmMemoryExtractor>();
        return (new LlmMemoryExtractor(ChatClient(server), logger), logger);
    }

    [Fact]
    public async Task Scripted_reply_maps_to_facts_with_triples_entities_and_dates()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies(ValidReply);
        var (extractor, _) = Create(server);

        var result = await extractor.ExtractAsync(Episode, "Melanie", Ct);

        Assert.Equal(2, result.Facts.Count);
        var group = result.Facts[0];
        Assert.Equal("Caroline went to a LGBTQ support group on 20 May 2023.", group.Text);
        Assert.Equal("Caroline", group.Subject);
        Assert.Equal(new DateOnly(2023, 5, 20), group.ValidFrom);
        Assert.Equal(new ExtractedTriple("Caroline", "went_to", "LGBTQ support group"), Assert.Single(group.Triples));
        Assert.Equal(["Caroline", "LGBTQ"], group.Entities);
        Assert.InRange(group.Confidence, 0.0, 1.0);

        var moved = result.Facts[1];
        Assert.Equal("Caroline moved to Boston.", moved.Text); // capitalized, ended with a period
        Assert.Null(moved.ValidFrom);
        Assert.Equal("moved_to", Assert.Single(moved.Triples).Relation); // normalized to snake_case

        Assert.Equal(new ExtractedEntity("Caroline", EntityKind.Person), result.Entities[0]); // participant first
        Assert.Contains(new ExtractedEntity("Boston", EntityKind.Place), result.Entities);
        Assert.Equal(
            ["went_to", "moved_to", "lives_in"],
            result.Triples.Select(t => t.Relation));
    }

    [Fact]
    public async Task Request_uses_json_schema_and_gives_speaker_listener_and_event_date()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies(ValidReply);
        var (extractor, _) = Create(server);

        await extractor.ExtractAsync(Episode, "Melanie", Ct);

        var request = Assert.Single(server.ChatRequests);
        var format = request["response_format"]!.AsObject();
        Assert.Equal("json_schema", (string?)format["type"]);
        var schema = format["json_schema"]!["schema"]!.ToJsonString();
        Assert.Contains("valid_from", schema);
        Assert.Contains("triples", schema);

        var prompt = FakeOpenAIServer.PromptOf(request);
        Assert.Contains("Speaker: Caroline", prompt);
        Assert.Contains("Talking to: Melanie", prompt);
        Assert.Contains("Thursday, 25 May 2023", prompt);
        Assert.Contains("2023-05-25", prompt);
        Assert.Contains(Episode.Text, prompt);
        Assert.Contains("lives_in", prompt); // the relation vocabulary, with the single-valued ones
        Assert.Contains("favorite_<thing>", prompt);
        Assert.Equal(0.0, (double?)request["temperature"]);
    }

    [Fact]
    public async Task Malformed_reply_is_retried_once_with_a_correction()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies("{ \"facts\": [ { \"text\": \"Caroline went", ValidReply);
        var (extractor, logger) = Create(server);

        var result = await extractor.ExtractAsync(Episode, "Melanie", Ct);

        Assert.Equal(2, result.Facts.Count);
        Assert.Equal(2, server.ChatCalls);
        var retry = server.ChatRequests.Last();
        Assert.Contains("That reply was invalid", FakeOpenAIServer.PromptOf(retry));
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public async Task Malformed_twice_skips_the_episode_with_a_warning_and_no_exception()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies("not json at all", "{\"facts\": [ {\"text\": \"\"} ]");
        var (extractor, logger) = Create(server);

        var result = await extractor.ExtractAsync(Episode, "Melanie", Ct);

        Assert.Empty(result.Facts);
        Assert.Empty(result.Entities);
        Assert.Empty(result.Triples);
        Assert.Equal(2, server.ChatCalls);
        var warning = Assert.Single(logger.Warnings);
        Assert.Contains(Episode.Id.ToString(), warning);
        Assert.Contains("not a JSON object", warning);
    }

    [Fact]
    public async Task Facts_all_without_text_violate_the_schema_and_are_retried()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        const string blank = """{"facts":[{"text":"  ","subject":"Caroline","valid_from":null,"triples":[],"entities":[]}],"entities":[],"triples":[]}""";
        server.EnqueueChatReplies(blank, blank);
        var (extractor, logger) = Create(server);

        var result = await extractor.ExtractAsync(Episode, null, Ct);

        Assert.Same(ExtractionResult.Empty, result);
        Assert.Equal(2, server.ChatCalls);
        Assert.Contains("empty \"text\"", Assert.Single(logger.Warnings));
    }

    [Fact]
    public async Task Invalid_items_are_dropped_and_the_rest_kept()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies("""
            {
              "facts": [
                { "text": "", "subject": "Caroline", "valid_from": null, "triples": [], "entities": [] },
                { "text": "Caroline likes hiking.", "subject": "", "valid_from": "last week",
                  "triples": [ { "subject": "Caroline", "relation": "likes", "object": "" },
                               { "subject": "Caroline", "relation": "likes", "object": "hiking" } ],
                  "entities": [ "", "Caroline" ] },
                null
              ],
              "entities": [ { "name": "", "kind": "person" }, { "name": "Caroline", "kind": "1" } ],
              "triples": []
            }
            """);
        var (extractor, _) = Create(server);

        var result = await extractor.ExtractAsync(Episode, "Melanie", Ct);

        var fact = Assert.Single(result.Facts);
        Assert.Equal("Caroline likes hiking.", fact.Text);
        Assert.Equal("Caroline", fact.Subject); // blank subject: the triple's subject
        Assert.Null(fact.ValidFrom); // "last week" is not an ISO date
        Assert.Equal(new ExtractedTriple("Caroline", "likes", "hiking"), Assert.Single(fact.Triples));
        Assert.Equal(new ExtractedEntity("Caroline", EntityKind.Person), Assert.Single(result.Entities));
    }

    [Fact]
    public async Task Empty_facts_is_a_valid_answer_nothing_to_remember()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies("""{"facts":[],"entities":[],"triples":[]}""");
        var (extractor, logger) = Create(server);

        var result = await extractor.ExtractAsync(Episode with { Text = "Hi! How are you?" }, "Melanie", Ct);

        Assert.Empty(result.Facts);
        Assert.Equal(1, server.ChatCalls);
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public async Task Blank_episode_makes_no_call()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (extractor, _) = Create(server);

        var result = await extractor.ExtractAsync(Episode with { Text = "   " }, null, Ct);

        Assert.Same(ExtractionResult.Empty, result);
        Assert.Equal(0, server.ChatCalls);
    }

    [Fact]
    public async Task Transport_failure_propagates_so_the_pipeline_retries_later()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.AlwaysFail = true;
        var (extractor, logger) = Create(server);

        await Assert.ThrowsAsync<InferenceUnavailableException>(() => extractor.ExtractAsync(Episode, "Melanie", Ct));
        Assert.Empty(logger.Warnings);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(413)]
    [InlineData(422)]
    public async Task Episode_the_sidecar_refuses_is_skipped_with_a_warning_and_not_sent_again(int status)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.AlwaysFail = true;
        server.FailureStatus = status;
        var (extractor, logger) = Create(server);

        var result = await extractor.ExtractAsync(Episode, "Melanie", Ct);

        Assert.Same(ExtractionResult.Empty, result);
        Assert.Equal(1, server.ChatCalls); // a refusal is final: no correction round, no transport retry
        var warning = Assert.Single(logger.Warnings);
        Assert.Contains(Episode.Id.ToString(), warning);
        Assert.Contains($"refused the request", warning);
        Assert.Contains($"HTTP {status}", warning);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    public async Task Sidecar_rejecting_every_request_fails_the_step_so_it_is_retried(int status)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.AlwaysFail = true;
        server.FailureStatus = status;
        var (extractor, logger) = Create(server);

        var error = await Assert.ThrowsAsync<InferenceUnavailableException>(() => extractor.ExtractAsync(Episode, "Melanie", Ct));

        Assert.Equal(status, error.StatusCode);
        Assert.False(error.RefusedTheRequest);
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public async Task Unknown_speaker_and_listener_are_said_to_be_unknown()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies("""{"facts":[],"entities":[],"triples":[]}""");
        var (extractor, _) = Create(server);

        await extractor.ExtractAsync(Episode with { Speaker = null }, null, Ct);

        var prompt = FakeOpenAIServer.PromptOf(Assert.Single(server.ChatRequests));
        Assert.Contains("Speaker: unknown", prompt);
        Assert.Contains("Talking to: unknown", prompt);
    }

    [Theory]
    [InlineData("2023-05-20", "2023-05-20")]
    [InlineData(" 2023-05 ", "2023-05-01")]
    [InlineData("2023-05-20T10:00:00Z", "2023-05-20")]
    [InlineData("20 May 2023", null)]
    [InlineData("null", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Dates_must_be_ISO(string? value, string? expected) =>
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), LlmMemoryExtractor.ParseDate(value));

    [Fact]
    public void Overlong_episode_text_is_cut_at_a_word_boundary()
    {
        var words = string.Join(' ', Enumerable.Repeat("remember", 5_000));

        var prompt = LlmMemoryExtractor.BuildUserPrompt(Episode with { Text = words }, null);

        Assert.True(prompt.Length < LlmMemoryExtractor.MaxEpisodeChars + 500);
        Assert.EndsWith("remember\u2026", prompt.TrimEnd());
    }

    [Fact]
    public void Schema_names_are_snake_case()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new LlmExtractionReply
        {
            Facts = [new LlmExtractionReply.FactItem { Text = "x", ValidFrom = "2023-05-20" }],
        }, LlmStructuredOutput.JsonOptions);

        var node = JsonNode.Parse(json)!;
        Assert.Equal("2023-05-20", (string?)node["facts"]![0]!["valid_from"]);
    }
}
