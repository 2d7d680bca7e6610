using System.Text.Json;
using AgentMemory.Cli.Evaluation;
using AgentMemory.Cli.Locomo;

namespace AgentMemory.Cli.Tests;

public class LocomoParserTests
{
    private static LocomoConversation Tiny()
    {
        using var document = JsonDocument.Parse(TestData.TinyConversation);
        return LocomoParser.Parse("tiny.json", document.RootElement);
    }

    [Theory]
    [InlineData("D1:3", 1, 3)]
    [InlineData("d1:3", 1, 3)]
    [InlineData(" D1:3 ", 1, 3)]
    [InlineData("D:11:26", 11, 26)]
    [InlineData("D30:05", 30, 5)]
    [InlineData("D 4:4", 4, 4)]
    public void Turn_ids_parse_leniently(string text, int session, int turn)
    {
        Assert.True(TurnId.TryParse(text, out var id));
        Assert.Equal(new TurnId(session, turn), id);
    }

    [Theory]
    [InlineData("D")]
    [InlineData("")]
    [InlineData("D1")]
    [InlineData("1:3")]
    [InlineData("D1:x")]
    public void Non_ids_do_not_parse(string text) => Assert.False(TurnId.TryParse(text, out _));

    [Theory]
    [InlineData("D9:1 D4:4", new[] { "D9:1", "D4:4" })]
    [InlineData("D8:6; D9:17", new[] { "D8:6", "D9:17" })]
    [InlineData("D8:6;D9:17", new[] { "D8:6", "D9:17" })]
    [InlineData("D1:2, D1:3", new[] { "D1:2", "D1:3" })]
    [InlineData("D:11:26", new[] { "D11:26" })]
    [InlineData("D30:05", new[] { "D30:5" })]
    public void Evidence_strings_split_and_repair(string raw, string[] expected)
    {
        var bad = new List<string>();
        var ids = LocomoParser.ParseEvidence(raw, bad);
        Assert.Equal(expected, ids.Select(i => i.ToString()));
        Assert.Empty(bad);
    }

    [Fact]
    public void Unparseable_evidence_is_reported()
    {
        var bad = new List<string>();
        Assert.Empty(LocomoParser.ParseEvidence("D", bad));
        Assert.Equal(["D"], bad);
    }

    [Fact]
    public void Resolver_counts_repaired_unknown_and_unparseable_evidence()
    {
        var existing = new HashSet<TurnId> { new(1, 1), new(1, 2), new(4, 4), new(9, 1), new(30, 5) };
        var resolved = EvidenceResolver.Resolve(["D9:1 D4:4", "D30:05", "D1:1", "D1:1", "D10:19", "D"], existing);
        Assert.Equal([new TurnId(9, 1), new TurnId(4, 4), new TurnId(30, 5), new TurnId(1, 1)], resolved.Valid);
        Assert.Equal(["D9:1 D4:4", "D30:05"], resolved.Repaired);
        Assert.Equal([new TurnId(10, 19)], resolved.Unknown);
        Assert.Equal(["D"], resolved.Unparseable);
    }

    [Theory]
    [InlineData("1:56 pm on 8 May, 2023", "2023-05-08T13:56:00Z")]
    [InlineData("12:48 am on 1 February, 2023", "2023-02-01T00:48:00Z")]
    [InlineData("12:05 pm on 3 March, 2021", "2021-03-03T12:05:00Z")]
    [InlineData("11:01 am on 17 December, 2022", "2022-12-17T11:01:00Z")]
    [InlineData("7:31 PM on 21 January, 2022", "2022-01-21T19:31:00Z")]
    [InlineData("10:37 am on 27 June 2023", "2023-06-27T10:37:00Z")]
    public void Session_times_parse_as_utc(string text, string expected)
    {
        Assert.True(LocomoParser.TryParseDateTime(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("8 May 2023")]
    [InlineData("25:00 pm on 8 May, 2023")]
    public void Bad_session_times_do_not_parse(string text) => Assert.False(LocomoParser.TryParseDateTime(text, out _));

    [Fact]
    public void Tiny_conversation_maps_turns_to_events()
    {
        var conversation = Tiny();
        Assert.Equal([1, 2], conversation.Sessions.Select(s => s.Number)); // session_3 has a time but no turns
        Assert.Equal(5, conversation.Questions.Count);
        Assert.Equal("2022", conversation.Questions[1].Answer); // numeric answers become text
        Assert.Equal("a bowl", conversation.Questions[3].Answer); // adversarial answer when there is no answer

        var events = LocomoParser.ToEvents(conversation);
        Assert.Equal(5, events.Count);
        var second = events[1].Event;
        Assert.Equal("Melanie: I painted a sunrise over the lake last week. [image: a photo of a painting of a sunrise]", second.Text);
        Assert.Equal("Melanie", second.Speaker);
        Assert.Equal("session_1", second.SessionId);
        Assert.Equal(new DateTimeOffset(2023, 5, 8, 13, 56, 1, TimeSpan.Zero), second.EventTime);
        Assert.Equal("""{"dia_id":"D1:2"}""", second.MetadataJson);
        Assert.Equal("tiny.json:D1:2", second.IdempotencyKey);
        Assert.Equal(new DateTimeOffset(2024, 2, 1, 0, 48, 0, TimeSpan.Zero), events[3].Event.EventTime);
        Assert.Equal("prefix/session_2", LocomoParser.ToEvents(conversation, "prefix")[3].Event.SessionId);
        Assert.DoesNotContain(events, e => e.Event.Text.Contains("must not be indexed", StringComparison.Ordinal));
    }

    [Fact]
    public void Real_conversation_26_maps_every_turn_to_one_event()
    {
        // The suite runs beside ../shared (README, CI): missing data is a failure, as in Core's LoCoMo tests, not a skip.
        var dir = TestData.LocomoDevDirectory()
            ?? throw new DirectoryNotFoundException("The LoCoMo dev data (../shared/data/locomo-dev beside the repository) was not found.");
        var path = Path.Combine(dir, "26.json");
        var conversation = LocomoParser.Load(path);
        var turns = conversation.Turns.ToList();

        // Count the turns straight from the JSON, independently of the parser.
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var rawTurns = document.RootElement.EnumerateObject()
            .Where(p => System.Text.RegularExpressions.Regex.IsMatch(p.Name, @"^session_\d+$"))
            .Sum(p => p.Value.GetArrayLength());
        Assert.Equal(419, rawTurns);

        var file = EventFileReader.Read(path, null);
        Assert.Equal("locomo", file.Format);
        Assert.Equal(rawTurns, turns.Count);
        Assert.Equal(rawTurns, file.Events.Count);
        Assert.Equal(19, conversation.Sessions.Count(s => s.Turns.Count > 0));

        var first = file.Events[0];
        Assert.Equal("Caroline: Hey Mel! Good to see you! How have you been?", first.Text);
        Assert.Equal("Caroline", first.Speaker);
        Assert.Equal("session_1", first.SessionId);
        Assert.Equal(new DateTimeOffset(2023, 5, 8, 13, 56, 0, TimeSpan.Zero), first.EventTime);
        Assert.Equal("26.json:D1:1", first.IdempotencyKey);
        Assert.Equal(new DateTimeOffset(2023, 5, 8, 13, 56, 1, TimeSpan.Zero), file.Events[1].EventTime);
        Assert.Equal(
            "Caroline: The transgender stories were so inspiring! I was so happy and thankful for all the support. [image: a photo of a dog walking past a wall with a painting of a woman]",
            file.Events[4].Text);

        // Every event has a distinct key and times strictly increase in file order.
        Assert.Equal(file.Events.Count, file.Events.Select(e => e.IdempotencyKey).Distinct().Count());
        for (var i = 1; i < file.Events.Count; i++)
        {
            Assert.True(file.Events[i].EventTime > file.Events[i - 1].EventTime, $"event {i} is not after event {i - 1}");
        }

        Assert.Equal(199, conversation.Questions.Count);
    }
}
