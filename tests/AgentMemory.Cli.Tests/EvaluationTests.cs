using System.Text.Json;
using AgentMemory.Cli.Evaluation;
using AgentMemory.Cli.Locomo;
using AgentMemory.Protocol.V1;

namespace AgentMemory.Cli.Tests;

public class EvaluationTests
{
    [Fact]
    public void Bm25_baseline_ranks_the_matching_turn_first_on_a_tiny_conversation()
    {
        using var document = JsonDocument.Parse(TestData.TinyConversation);
        var conversation = LocomoParser.Parse("tiny.json", document.RootElement);
        var baseline = new Bm25Baseline(LocomoParser.ToEvents(conversation).Select(e => (e.Turn.Id!.Value, e.Event.Text)));
        Assert.Equal(5, baseline.Count);

        Assert.Equal(new TurnId(1, 1), baseline.Rank("Where did Caroline go hiking?", 5)[0]); // "hiking" stems to "hike"
        Assert.Equal(new TurnId(1, 2), baseline.Rank("Which sunrises did Melanie paint?", 5)[0]);
        Assert.Equal(new TurnId(2, 1), baseline.Rank("pottery bowl", 5)[0]);
        Assert.Equal(new TurnId(1, 2), baseline.Rank("image of a painting", 5)[0]); // the caption is part of the turn
        Assert.Single(baseline.Rank("kitten", 5));
        Assert.Empty(baseline.Rank("zebra", 5));
    }

    [Fact]
    public void Recall_results_map_to_turns_by_metadata_then_id_then_provenance()
    {
        var byId = new Dictionary<string, TurnId> { ["m-a"] = new(1, 1), ["m-b"] = new(1, 2), ["m-c"] = new(2, 1) };
        Memory[] memories =
        [
            new() { Id = "x", MetadataJson = """{"dia_id":"D2:2"}""" },
            new() { Id = "m-a" },
            new() { Id = "fact", Kind = MemoryKind.Semantic, Provenance = new Provenance { SourceMemoryIds = { "m-c", "m-a", "m-b" } } },
            new() { Id = "summary-without-sources", Kind = MemoryKind.Summary },
            new() { Id = "y", MetadataJson = "not json" },
        ];
        var ranking = LocomoEvaluation.MapToTurns(memories, byId, out var unmapped);
        Assert.Equal([new TurnId(2, 2), new TurnId(1, 1), new TurnId(2, 1), new TurnId(1, 2)], ranking);
        Assert.Equal(2, unmapped);
    }

    [Fact]
    public async Task Evaluation_imports_recalls_scores_both_systems_and_forgets_its_users()
    {
        var dir = Directory.CreateTempSubdirectory("am-eval-test-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "tiny.json"), TestData.TinyConversation, TestContext.Current.CancellationToken);
            var jsonPath = Path.Combine(dir.FullName, "out.json");
            var client = new FakeMemoryClient();
            var output = new StringWriter();
            var questionsPath = Path.Combine(dir.FullName, "questions.jsonl");
            var settings = new LocomoEvalSettings { Directory = dir.FullName, RunId = "r1", JsonPath = jsonPath, QuestionsPath = questionsPath, Parallelism = 2 };
            var evaluation = new LocomoEvaluation(settings, client, output);

            Assert.Equal(0, await evaluation.RunAsync(TestContext.Current.CancellationToken));

            // One user per conversation, named after the run, forgotten at the end.
            Assert.Equal(["locomo-eval-r1-tiny"], client.Forgotten);
            Assert.Equal(5, client.Remembered["locomo-eval-r1-tiny"].Count);
            // Every scored question was asked once with k = 50, hybrid, episodic only.
            Assert.Equal(4, client.Recalls.Count);
            Assert.All(client.Recalls, r => Assert.Equal(50, r.Options.K));
            Assert.All(client.Recalls, r => Assert.Equal(RecallMode.Hybrid, r.Options.Mode));
            Assert.All(client.Recalls, r => Assert.Equal([MemoryKind.Episodic], r.Options.Filter!.Kinds!));

            var text = output.ToString();
            Assert.Contains("5 total, 4 scored, 1 excluded", text, StringComparison.Ordinal);
            Assert.Contains("skipped unparseable evidence \"D\"", text, StringComparison.Ordinal);
            Assert.Contains("skipped evidence D9:9 (no such turn)", text, StringComparison.Ordinal);
            Assert.Contains("repaired evidence \"D:1:2\"", text, StringComparison.Ordinal);

            // The fake ranks with the same BM25, so both systems score the same.
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath, TestContext.Current.CancellationToken));
            var systems = json.RootElement.GetProperty("systems");
            var ours = systems.GetProperty("agentmemory").GetProperty("overall");
            var theirs = systems.GetProperty("bm25").GetProperty("overall");
            Assert.Equal(4, ours.GetProperty("questions").GetInt32());
            foreach (var metric in ours.EnumerateObject())
            {
                Assert.Equal(theirs.GetProperty(metric.Name).GetDouble(), metric.Value.GetDouble(), 9);
            }

            Assert.Equal(1.0, ours.GetProperty("turn_recall@50").GetDouble());
            Assert.Equal(["1", "2", "4", "5"], systems.GetProperty("bm25").GetProperty("by_category").EnumerateObject().Select(p => p.Name));

            // One line per scored question: its evidence and the rank of each evidence turn in both systems.
            var lines = await File.ReadAllLinesAsync(questionsPath, TestContext.Current.CancellationToken);
            Assert.Equal(4, lines.Length);
            foreach (var line in lines)
            {
                using var question = JsonDocument.Parse(line);
                var root = question.RootElement;
                Assert.Equal("tiny.json", root.GetProperty("conversation").GetString());
                var evidence = root.GetProperty("evidence").GetArrayLength();
                Assert.True(evidence > 0);
                Assert.Equal(evidence, root.GetProperty("service_ranks").GetArrayLength());
                Assert.Equal(
                    root.GetProperty("bm25_ranks").EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Null ? 0 : r.GetInt32()),
                    root.GetProperty("service_ranks").EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Null ? 0 : r.GetInt32()));
                Assert.All(root.GetProperty("service_ranks").EnumerateArray(), r => Assert.True(r.ValueKind == JsonValueKind.Null || r.GetInt32() >= 1));
            }

            Assert.Contains(lines, l => l.Contains("\"service_ranks\":[1]", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bm25_only_evaluation_needs_no_service()
    {
        var dir = Directory.CreateTempSubdirectory("am-eval-test-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "tiny.json"), TestData.TinyConversation, TestContext.Current.CancellationToken);
            var output = new StringWriter();
            var settings = new LocomoEvalSettings { Directory = dir.FullName, Bm25Only = true };
            Assert.Equal(0, await new LocomoEvaluation(settings, null, output).RunAsync(TestContext.Current.CancellationToken));
            Assert.Contains("bm25", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Percentile_is_nearest_rank() =>
        Assert.Equal(2.0, LocomoEvaluation.Percentile([1.0, 2.0, 3.0, 4.0], 0.5));
}
