using System.Globalization;
using System.Text;
using AgentMemory.Abstractions;

namespace AgentMemory.Benchmarks;

/// <summary>
/// A seeded generator of English-like conversational memories (names, places, activities, dates),
/// shaped like LoCoMo turns: two speakers per user, sessions of about 20 turns, 10-30 words and
/// roughly 100-200 characters per turn, and metadata <c>{"dia_id":"D1:3"}</c>.
/// </summary>
public static class SyntheticCorpus
{
    private static readonly string[] Speakers = ["Caroline", "Melanie"];

    private static readonly string[] Names =
    [
        "Alice", "Bob", "Carlos", "Diana", "Ethan", "Fatima", "George", "Hannah", "Ivan", "Julia",
        "Kenji", "Laura", "Mateo", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samuel", "Tara",
        "Umar", "Vera", "William", "Xenia", "Yusuf", "Zoe", "Grandma", "my sister", "my brother", "my neighbour",
    ];

    private static readonly string[] Places =
    [
        "Lake Tahoe", "the farmers market", "Central Park", "the library", "Lisbon", "the climbing gym",
        "the beach", "Yosemite", "the community center", "the art museum", "Kyoto", "the coffee shop downtown",
        "the pottery studio", "the animal shelter", "Chicago", "the hospital", "the bookstore", "Barcelona",
        "the old lighthouse", "the concert hall", "the park near our house", "the LGBTQ support group",
        "the office", "the swimming pool", "Vancouver", "the mountains", "the school fair", "the vineyard",
    ];

    private static readonly string[] Activities =
    [
        "went hiking", "painted a sunrise", "ran a half marathon", "adopted a puppy", "started learning guitar",
        "baked sourdough bread", "volunteered at a fundraiser", "went camping", "took a pottery class",
        "read a novel about resilience", "went to a concert", "planted tomatoes", "visited family",
        "applied for a counseling job", "went kayaking", "watched the fireworks", "tried a new recipe",
        "celebrated a birthday", "signed up for a marathon", "went to a job interview", "learned to swim",
        "wrote a poem", "fixed an old bicycle", "took photos of the sunset", "joined a book club",
        "went skiing", "played chess", "went birdwatching", "started a journal", "attended a workshop",
    ];

    private static readonly string[] Companions =
    [
        "with the kids", "with my partner", "with some friends", "by myself", "with my mentor",
        "with the whole family", "with coworkers", "with my dog", "with an old friend", "with my parents",
    ];

    private static readonly string[] Feelings =
    [
        "it felt amazing", "it was really relaxing", "I was so proud of myself", "it was harder than I expected",
        "everyone had a great time", "it reminded me of my childhood", "I learned a lot about myself",
        "it was a bit stressful but worth it", "I can't wait to do it again", "it made me feel grateful",
    ];

    private static readonly string[] Openers =
    [
        "Guess what!", "Honestly,", "You know what?", "Oh, by the way,", "So,", "Yesterday", "Last week",
        "Hey!", "Funny story:", "Well,",
    ];

    private static readonly string[] Reactions =
    [
        "That sounds wonderful, I am really happy for you.", "Wow, how did that go?",
        "I love that! Tell me more about it.", "That must have been tough, how are you holding up?",
        "Nice, I have always wanted to try that.", "Sounds like a perfect weekend.",
    ];

    private static readonly string[] Months =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ];

    private static readonly string[] Reasons =
    [
        "because I needed a break from work", "since it was such a sunny day", "to celebrate the good news",
        "because my therapist suggested it", "to raise money for the shelter", "because the kids begged me",
        "to clear my head", "after thinking about it for months",
    ];

    /// <summary>The session ids the generator uses: "session_1", "session_2", ...</summary>
    public static string SessionId(int number) => "session_" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Generates <paramref name="count"/> episodic memories, deterministically for a seed.</summary>
    public static List<MemoryRecord> Records(int count, int seed = 42)
    {
        var random = new Random(seed);
        var records = new List<MemoryRecord>(count);
        var start = new DateTimeOffset(2023, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var builder = new StringBuilder(256);
        for (var i = 0; i < count; i++)
        {
            var session = (i / 20) + 1;
            var turn = (i % 20) + 1;
            var speaker = Speakers[i % 2];
            var eventTime = start.AddDays(session * 3).AddMinutes(turn * 2);
            var text = Sentence(random, builder);
            records.Add(new MemoryRecord(
                Guid.CreateVersion7(eventTime),
                MemoryKind.Episodic,
                text,
                speaker,
                MemoryRole.User,
                SessionId(session),
                eventTime,
                eventTime.AddSeconds(1),
                "{\"dia_id\":\"D" + session.ToString(CultureInfo.InvariantCulture) + ":" + turn.ToString(CultureInfo.InvariantCulture) + "\"}",
                "turn-" + i.ToString(CultureInfo.InvariantCulture),
                "remember",
                []));
        }

        return records;
    }

    /// <summary>Generates <paramref name="count"/> recall questions over the same vocabulary.</summary>
    public static string[] Queries(int count, int seed = 7)
    {
        var random = new Random(seed);
        var queries = new string[count];
        for (var i = 0; i < count; i++)
        {
            var activity = Pick(random, Activities);
            var place = Pick(random, Places);
            var name = Pick(random, Names);
            var speaker = Pick(random, Speakers);
            queries[i] = (i % 6) switch
            {
                0 => $"When did {speaker} {Bare(activity)}?",
                1 => $"Where did {speaker} go with {name}?",
                2 => $"What did {speaker} do at {place}?",
                3 => $"Who {activity} {Pick(random, Companions)}?",
                4 => $"How did {speaker} feel after the trip to {place}?",
                _ => $"What does {name} like to do on weekends?",
            };
        }

        return queries;
    }

    /// <summary>
    /// Questions that gather several things of a kind, which recall expands through the concept
    /// lexicon ("activities" → hiking, painting …) and scores as gathering questions.
    /// </summary>
    public static string[] GatheringQueries(int count, int seed = 13)
    {
        string[] templates =
        [
            "What activities does {0} enjoy?",
            "Which cities has {0} visited?",
            "What instruments does {0} play?",
            "What kinds of art does {0} make?",
            "What breads has {0} baked?",
            "Which parks has {0} been to?",
        ];
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => string.Format(CultureInfo.InvariantCulture, templates[i % templates.Length], Pick(random, Speakers)))];
    }

    private static string Sentence(Random random, StringBuilder builder)
    {
        builder.Clear();
        switch (random.Next(5))
        {
            case 0:
                builder.Append(Pick(random, Openers)).Append(" I ").Append(Pick(random, Activities)).Append(" at ")
                    .Append(Pick(random, Places)).Append(' ').Append(Pick(random, Companions)).Append(" on ")
                    .Append(Date(random)).Append(", and ").Append(Pick(random, Feelings)).Append('.');
                break;
            case 1:
                builder.Append(Pick(random, Names)).Append(" and I ").Append(Pick(random, Activities)).Append(" near ")
                    .Append(Pick(random, Places)).Append(' ').Append(Pick(random, Reasons)).Append(", and ")
                    .Append(Pick(random, Feelings)).Append('.');
                break;
            case 2:
                builder.Append(Pick(random, Reactions)).Append(" Did you go to ").Append(Pick(random, Places))
                    .Append(" again, or was that with ").Append(Pick(random, Names)).Append('?');
                break;
            case 3:
                builder.Append("On ").Append(Date(random)).Append(", ").Append(Pick(random, Names)).Append(' ')
                    .Append(Pick(random, Activities)).Append(' ').Append(Pick(random, Companions)).Append(" and told me ")
                    .Append(Pick(random, Feelings)).Append('.');
                break;
            default:
                builder.Append("I'm thinking about going back to ").Append(Pick(random, Places)).Append(" next ")
                    .Append(Months[random.Next(Months.Length)]).Append(" because last time I ")
                    .Append(Pick(random, Activities)).Append(" there and ").Append(Pick(random, Feelings)).Append('.');
                break;
        }

        if (random.Next(10) < 4)
        {
            builder.Append(random.Next(3) switch
            {
                0 => " We should plan something together in " + Months[random.Next(Months.Length)] + ".",
                1 => " Next time I want to bring " + Pick(random, Names) + " along.",
                _ => " Anyway, how was your week?",
            });
        }

        return builder.ToString();
    }

    private static string Date(Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 29)} {Months[random.Next(Months.Length)]} {random.Next(2022, 2025)}");

    // "went hiking" -> "go hiking"; good enough for question phrasing.
    private static string Bare(string activity) => activity.StartsWith("went ", StringComparison.Ordinal) ? "go " + activity[5..] : activity;

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
