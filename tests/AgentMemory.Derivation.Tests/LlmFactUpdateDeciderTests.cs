using AgentMemory.Core.Extraction;
using AgentMemory.Testing;
using static AgentMemory.Derivation.Tests.TestSupport;

namespace AgentMemory.Derivation.Tests;

public sealed class LlmFactUpdateDeciderTests
{
    private static readonly DateTimeOffset April = new(2023, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ExtractedFact Candidate = new(
        "Caroline moved to Berlin on 20 May 2023.",
        "Caroline",
        [new ExtractedTriple("Caroline", "moved_to", "Berlin")],
        ["Caroline", "Berlin"],
        new DateOnly(2023, 5, 20),
        0.9);

    private static readonly ExistingFact[] Similar =
    [
        new(Guid.Parse("0a0a0a0a-aaaa-4bbb-8ccc-111111111111"), "Caroline likes Berlin techno.", [new("Caroline", "likes", "Berlin techno")], 0.62f, April),
        new(Guid.Parse("0b0b0b0b-aaaa-4bbb-8ccc-222222222222"), "Caroline lives in Paris.", [new("Caroline", "lives_in", "Paris")], 0.55f, April),
    ];

    private static (LlmFactUpdateDecider Decider, ListLogger<LlmFactUpdateDecider> Logger) Create(FakeOpenAIServer server)
    {
        var logger = new ListLogger<LlmFactUpdateDecider>();
        return (new LlmFactUpdateDecider(ChatClient(server), new RuleBasedFactUpdateDecider(Options()), logger), logger);
    }

    private static string Reply(string operation, string targets, string? text = null, string reason = "because") =>
        $$"""{"operation":"{{operation}}","targets":[{{targets}}],"text":{{(text is null ? "null" : $"\"{text}\"")}},"reason":"{{reason}}"}""";

    [Fact]
    public async Task Invalidate_with_a_number_maps_to_that_target()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies(Reply("INVALIDATE", "2", reason: "Caroline no longer lives in Paris."));
        var (decider, _) = Create(server);

        var decision = await decider.DecideAsync(Candidate, Similar, Ct);

        Assert.Equal(FactOperation.Invalidate, decision.Operation);
        Assert.Equal([2], decision.Targets);
        Assert.Null(decision.Text);
        Assert.Equal("Caroline no longer lives in Paris.", decision.Reason);
        Assert.Equal(1, server.ChatCalls);
    }

    [Fact]
    public async Task Prompt_numbers_the_facts_and_never_shows_their_ids()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies(Reply("ADD", ""));
        var (decider, _) = Create(server);

        await decider.DecideAsync(Candidate, Similar, Ct);

        var request = Assert.Single(server.ChatRequests);
        Assert.Equal("json_schema", (string?)request["response_format"]!["type"]);
        var prompt = FakeOpenAIServer.PromptOf(request);
        Assert.Contains("New fact: Caroline moved to Berlin on 20 May 2023.", prompt);
        Assert.Contains("1. Caroline likes Berlin techno.", prompt);
        Assert.Contains("2. Caroline lives in Paris.", prompt);
        foreach (var fact in Similar)
        {
            Assert.DoesNotContain(fact.Id.ToString(), request.ToJsonString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(fact.Id.ToString("N"), request.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Out_of_range_target_twice_falls_back_to_the_rule()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies(Reply("INVALIDATE", "3"), Reply("MERGE", "7"));
        var (decider, logger) = Create(server);

        var decision = await decider.DecideAsync(Candidate, Similar, Ct);

        // The rule: moved_to Berlin fills the lives_in slot that fact 2 holds with Paris.
        Assert.Equal(FactOperation.Invalidate, decision.Operation);
        Assert.Equal([2], decision.Targets);
        Assert.Contains("rule fallback", decision.Reason);
        Assert.Equal(2, server.ChatCalls);
        Assert.Contains("numbered 1 to 2", FakeOpenAIServer.PromptOf(server.ChatRequests.Last()));
        Assert.Contains("fell back to the rules", Assert.Single(logger.Warnings));
    }

    [Fact]
    public async Task Request_the_sidecar_refuses_is_decided_by_the_rule()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.AlwaysFail = true;
        server.FailureStatus = 413;
        var (decider, logger) = Create(server);

        var decision = await decider.DecideAsync(Candidate, Similar, Ct);

        Assert.Equal(FactOperation.Invalidate, decision.Operation);
        Assert.Equal([2], decision.Targets);
        Assert.Contains("refused the request", decision.Reason);
        Assert.Equal(1, server.ChatCalls);
        Assert.Contains("fell back to the rules", Assert.Single(logger.Warnings));
    }

    [Fact]
    public async Task Invalid_then_valid_reply_is_used()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies("I think you should MERGE it", Reply("merge", "1"));
        var (decider, logger) = Create(server);

        var decision = await decider.DecideAsync(Candidate, Similar, Ct);

        Assert.Equal(FactOperation.Merge, decision.Operation);
        Assert.Equal([1], decision.Targets);
        Assert.Equal(2, server.ChatCalls);
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public async Task Empty_similar_list_is_an_add_without_a_call()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (decider, _) = Create(server);

        var decision = await decider.DecideAsync(Candidate, [], Ct);

        Assert.Equal(FactOperation.Add, decision.Operation);
        Assert.Empty(decision.Targets);
        Assert.Equal(0, server.ChatCalls);
    }

    [Fact]
    public async Task Update_without_text_keeps_the_candidate_text()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies(Reply("UPDATE", "1"));
        var (decider, _) = Create(server);

        var decision = await decider.DecideAsync(Candidate, Similar, Ct);

        Assert.Equal(FactOperation.Update, decision.Operation);
        Assert.Equal([1], decision.Targets);
        Assert.Equal(Candidate.Text, decision.Text);
    }

    [Theory]
    [InlineData(FactOperation.Update, "1", null)]
    [InlineData(FactOperation.Update, "2", null)]
    [InlineData(FactOperation.Merge, "1", null)]
    [InlineData(FactOperation.Merge, "1, 1", null)] // a repeated target is one target
    [InlineData(FactOperation.Invalidate, "1, 2", null)]
    [InlineData(FactOperation.Add, "", null)]
    [InlineData(FactOperation.Add, "5", null)] // stray targets of ADD are ignored, not an error
    [InlineData(FactOperation.Noop, "", null)]
    [InlineData(FactOperation.Update, "1, 2", "exactly one target")]
    [InlineData(FactOperation.Merge, "", "exactly one target")]
    [InlineData(FactOperation.Invalidate, "", "at least one target")]
    [InlineData(FactOperation.Invalidate, "0", "do not exist")]
    [InlineData(FactOperation.Invalidate, "1, 3", "do not exist")]
    [InlineData((FactOperation)42, "1", "must be one of")]
    public void Validation_rules(FactOperation operation, string targets, string? problem)
    {
        var reply = new LlmDecisionReply
        {
            Operation = operation,
            Targets = targets.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList(),
        };

        var failure = LlmFactUpdateDecider.Validate(reply, 2);

        if (problem is null)
        {
            Assert.Null(failure);
        }
        else
        {
            Assert.Contains(problem, failure);
        }
    }

    [Theory]
    [InlineData("\"DELETE\"")]
    [InlineData("2")]
    [InlineData("\"\"")]
    public async Task Operation_outside_the_enum_is_retried_then_decided_by_the_rule(string operation)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var bad = $$"""{"operation":{{operation}},"targets":[1],"text":null,"reason":"x"}""";
        server.EnqueueChatReplies(bad, bad);
        var (decider, logger) = Create(server);

        var decision = await decider.DecideAsync(Candidate, Similar, Ct);

        Assert.Equal(FactOperation.Invalidate, decision.Operation); // the rule's slot conflict
        Assert.Equal(2, server.ChatCalls);
        Assert.Single(logger.Warnings);
    }

    [Fact]
    public async Task Schema_offers_exactly_the_five_operations()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChatReplies(Reply("NOOP", ""));
        var (decider, _) = Create(server);

        var decision = await decider.DecideAsync(Candidate, Similar, Ct);

        Assert.Equal(FactOperation.Noop, decision.Operation);
        var schema = Assert.Single(server.ChatRequests)["response_format"]!["json_schema"]!["schema"]!;
        Assert.Equal(
            ["ADD", "UPDATE", "INVALIDATE", "MERGE", "NOOP"],
            schema["properties"]!["operation"]!["enum"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Add_and_noop_decisions_carry_no_targets()
    {
        var decision = LlmFactUpdateDecider.ToDecision(new LlmDecisionReply { Operation = FactOperation.Add, Targets = [5], Reason = " " }, Candidate);

        Assert.Equal(FactOperation.Add, decision.Operation);
        Assert.Empty(decision.Targets);
        Assert.Equal("model decision", decision.Reason);
    }
}
