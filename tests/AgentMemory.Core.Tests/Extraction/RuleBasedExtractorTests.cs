using AgentMemory.Core.Extraction;

namespace AgentMemory.Core.Tests.Extraction;

public class RuleBasedExtractorTests
{
    private static readonly DateTimeOffset May8 = new(2023, 5, 8, 13, 56, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset May25 = new(2023, 5, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly RuleBasedExtractor extractor = new();

    private string[] Facts(string text, string speaker = "Caroline", string? other = "Melanie", DateTimeOffset? when = null) =>
        [.. extractor.Extract(text, speaker, when ?? May25, other).Facts.Select(f => f.Text)];

    [Fact]
    public void Derives_the_documented_example_fact_with_date_entities_and_triple()
    {
        var result = extractor.Extract(
            "Caroline: I went to a LGBTQ support group yesterday and it was so powerful.", "Caroline", May8, "Melanie");

        var fact = Assert.Single(result.Facts);
        Assert.Equal("Caroline went to a LGBTQ support group on 7 May 2023 and it was so powerful.", fact.Text);
        Assert.Equal(new DateOnly(2023, 5, 7), fact.ValidFrom);
        Assert.Equal(["Caroline", "LGBTQ"], fact.Entities);
        Assert.Equal("Caroline", fact.Subject);
        Assert.Contains(new ExtractedTriple("Caroline", "went_to", "LGBTQ support group"), fact.Triples);
        Assert.Contains(new ExtractedTriple("Caroline", "went_to", "LGBTQ support group"), result.Triples);
    }

    [Theory]
    [InlineData("I'm keen on counseling and mental health work.", "Caroline is keen on counseling and mental health work.")]
    [InlineData("I've been painting landscapes lately.", "Caroline has been painting landscapes lately.")]
    [InlineData("My grandma gave me this necklace in Sweden.", "Caroline's grandma gave Caroline this necklace in Sweden.")]
    [InlineData("I love painting sunsets.", "Caroline loves painting sunsets.")]
    [InlineData("I really enjoy long walks.", "Caroline really enjoys long walks.")]
    [InlineData("I don't like horror movies at all.", "Caroline doesn't like horror movies at all.")]
    [InlineData("I'd love to adopt a child someday.", "Caroline would love to adopt a child someday.")]
    [InlineData("I'll start the new job next week.", "Caroline will start the new job the week of 1 June 2023.")]
    [InlineData("I loved your painting of the lake.", "Caroline loved Melanie's painting of the lake.")]
    [InlineData("We went camping with the kids.", "Caroline and others went camping with the kids.")]
    [InlineData("We made our own pots at the workshop.", "Caroline and others made their own pots at the workshop.")]
    [InlineData("Our dog loves the beach.", "Caroline's dog loves the beach.")]
    [InlineData("My kids and I love camping.", "Caroline's kids and Caroline love camping.")]
    [InlineData("It was hard, and I want to help others now.", "It was hard, and Caroline wants to help others now.")]
    [InlineData("I told you about my trip to Paris.", "Caroline told Melanie about Caroline's trip to Paris.")]
    public void Rewrites_first_and_second_person_into_names_with_verb_agreement(string text, string expected)
    {
        Assert.Equal([expected], Facts(text));
    }

    [Fact]
    public void Uses_a_neutral_placeholder_when_the_listener_is_unknown()
    {
        Assert.Equal(["Caroline told the listener about Caroline's trip to Paris."], Facts("I told you about my trip to Paris.", other: null));
    }

    [Fact]
    public void Uses_a_neutral_placeholder_when_the_speaker_is_unknown()
    {
        var result = extractor.Extract("I adopted a rescue dog named Max.", null, May25);

        Assert.Equal("The speaker adopted a rescue dog named Max.", Assert.Single(result.Facts).Text);
    }

    [Theory]
    [InlineData("What did you do yesterday?")]
    [InlineData("Did you hear any inspiring stories?")]
    [InlineData("Hey Mel! Good to see you!")]
    [InlineData("Thanks, Mel!")]
    [InlineData("Wow, that's cool, Caroline!")]
    [InlineData("That sounds amazing, I'm so happy for you!")]
    [InlineData("You're doing something amazing!")]
    [InlineData("Keep it up!")]
    [InlineData("Let's plan something special!")]
    [InlineData("Lol")]
    [InlineData("It was great!")]
    public void Skips_questions_greetings_reactions_and_contentless_sentences(string text)
    {
        Assert.Empty(Facts(text));
    }

    [Fact]
    public void Trims_filler_and_vocatives_around_a_statement()
    {
        Assert.Equal(
            ["Caroline finally finished Caroline's first marathon on 21 May 2023."],
            Facts("Wow, Mel! Oh, I finally finished my first marathon last Sunday, Melanie! lol"));
    }

    [Fact]
    public void Keeps_statements_and_drops_questions_in_the_same_turn()
    {
        var facts = Facts("Hey Caroline! I'm swamped with the kids & work. What's up with you? Anything new?", "Melanie", "Caroline");

        Assert.Equal(["Melanie is swamped with the kids & work."], facts);
    }

    [Fact]
    public void Attributes_statements_that_do_not_name_the_speaker()
    {
        var fact = Assert.Single(extractor.Extract("The transgender stories were so inspiring!", "Caroline", May8, "Melanie").Facts);

        Assert.Equal("Caroline said the transgender stories were so inspiring.", fact.Text);
        Assert.Equal("Caroline", fact.Subject);
    }

    [Fact]
    public void Supplies_the_speaker_for_a_subjectless_clause()
    {
        Assert.Equal(
            ["Caroline is gonna continue Caroline's edu and check out career options, which is pretty exciting."],
            Facts("Gonna continue my edu and check out career options, which is pretty exciting!"));
    }

    [Fact]
    public void Strips_the_speaker_prefix_and_keeps_captions_out_of_facts()
    {
        var result = extractor.Extract(
            "Melanie: I painted this lake sunrise last year. [image: a photo of the Golden Gate Bridge at dusk]", "Melanie", May8, "Caroline");

        var fact = Assert.Single(result.Facts);
        Assert.Equal("Melanie painted this lake sunrise in 2022.", fact.Text);
        Assert.Equal(2022, fact.ValidFrom?.Year);
        Assert.Contains(new ExtractedEntity("Golden Gate Bridge", EntityKind.Place), result.Entities);
        Assert.DoesNotContain("Golden", fact.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Does_not_split_sentences_at_abbreviations_or_decimals()
    {
        var facts = Facts("I met Dr. Smith at the clinic on Monday. I ran 3.5 miles this morning with my dog, e.g. around the lake.");

        Assert.Equal(
            ["Caroline met Dr. Smith at the clinic on 22 May 2023.", "Caroline ran 3.5 miles on 25 May 2023 with Caroline's dog, e.g. around the lake."],
            facts);
    }

    [Fact]
    public void Every_fact_is_capitalized_and_ends_with_one_period()
    {
        var facts = Facts("i went to the farmers market with my mom yesterday!!! it was sooo fun :)");

        Assert.NotEmpty(facts);
        Assert.All(facts, f =>
        {
            Assert.True(char.IsUpper(f[0]), f);
            Assert.EndsWith(".", f, StringComparison.Ordinal);
            Assert.False(f.EndsWith("..", StringComparison.Ordinal), f);
        });
    }

    [Fact]
    public void Finds_participants_names_after_lowercase_words_possessives_and_acronyms()
    {
        var result = extractor.Extract("I borrowed Sarah's car to visit Boston and joined the NAACP chapter there.", "Caroline", May25, "Melanie");

        Assert.Equal(
            [
                new ExtractedEntity("Caroline", EntityKind.Person),
                new ExtractedEntity("Melanie", EntityKind.Person),
                new ExtractedEntity("Sarah", EntityKind.Other),
                new ExtractedEntity("Boston", EntityKind.Place),
                new ExtractedEntity("NAACP", EntityKind.Other),
            ],
            result.Entities);
    }

    [Fact]
    public void Classifies_people_places_and_organizations_from_cue_words()
    {
        var result = extractor.Extract(
            "I went hiking with my friend Jordan near Lake Tahoe. Later I applied for work at Stanford University.", "Caroline", May25);

        Assert.Contains(new ExtractedEntity("Jordan", EntityKind.Person), result.Entities);
        Assert.Contains(new ExtractedEntity("Lake Tahoe", EntityKind.Place), result.Entities);
        Assert.Contains(new ExtractedEntity("Stanford University", EntityKind.Organization), result.Entities);
    }

    [Fact]
    public void Ignores_sentence_initial_capitals_unless_the_name_is_known()
    {
        var result = extractor.Extract("Painting is relaxing for me. Jordan is great. I hike with Jordan every week.", "Caroline", May25);

        Assert.DoesNotContain(result.Entities, e => e.Name == "Painting");
        Assert.Contains(result.Entities, e => e.Name == "Jordan");
    }

    [Fact]
    public void Maps_nicknames_to_participants_and_deduplicates_case_insensitively()
    {
        var result = extractor.Extract("Hey Mel, I adopted a puppy named Bailey. BAILEY loves walks. bailey is sweet.", "Caroline", May25, "Melanie");

        Assert.DoesNotContain(result.Entities, e => e.Name == "Mel");
        Assert.Single(result.Entities, e => e.Name == "Melanie");
        Assert.Single(result.Entities, e => e.Name.Equals("Bailey", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Lowers_confidence_for_hedged_and_attributed_statements()
    {
        var direct = Assert.Single(extractor.Extract("I moved to Seattle for the new job.", "Caroline", May25).Facts);
        var hedged = Assert.Single(extractor.Extract("I think I might move to Seattle for the new job.", "Caroline", May25).Facts);
        var attributed = Assert.Single(extractor.Extract("The new job in Seattle is demanding.", "Caroline", May25).Facts);

        Assert.True(direct.Confidence > hedged.Confidence, $"{direct.Confidence} vs {hedged.Confidence}");
        Assert.True(direct.Confidence > attributed.Confidence, $"{direct.Confidence} vs {attributed.Confidence}");
        Assert.InRange(hedged.Confidence, 0.0, 1.0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("?!?!...,,,")]
    [InlineData("[image: a photo of a cat")]
    [InlineData("Caroline:")]
    [InlineData("\u0000\u0001\uFFFF\uD800")]
    [InlineData("😀😀😀 🎉")]
    [InlineData("I")]
    [InlineData("last last last next next this this on on")]
    public void Never_throws_on_odd_input(string? text)
    {
        var result = extractor.Extract(text!, "Caroline", May25, "Melanie");

        Assert.NotNull(result);
        Assert.All(result.Facts, f => Assert.EndsWith(".", f.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Never_throws_on_random_or_huge_input()
    {
        var random = new Random(1234);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ .,!?'’\"-:;[]()0123456789\n\téü日本😀";
        string[] words = ["I", "my", "we", "you", "last", "Friday", "went", "to", "Paris", "'s", "favorite", "is", "a", "dog", "named", "Max", "ago", "two", "weeks", "[image:", "]", "Dr.", "3.5", "moved", "lives", "in"];
        for (var i = 0; i < 500; i++)
        {
            var chars = new char[random.Next(0, 200)];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            var soup = string.Join(' ', Enumerable.Range(0, random.Next(0, 40)).Select(_ => words[random.Next(words.Length)]));
            var when = new DateTimeOffset(random.NextInt64(DateTimeOffset.MinValue.Ticks, DateTimeOffset.MaxValue.Ticks), TimeSpan.Zero);
            _ = extractor.Extract(new string(chars), "Caroline", when, "Melanie");
            _ = extractor.Extract(soup, i % 3 == 0 ? null : "Mel", when, i % 2 == 0 ? null : "Caroline");
        }

        var huge = string.Concat(Enumerable.Repeat("I went to Paris last Friday and loved it. ", 5000));
        var result = extractor.Extract(huge, "Caroline", May25);
        Assert.Equal("Caroline went to Paris on 19 May 2023 and loved it.", result.Facts[0].Text);
        Assert.InRange(result.Facts.Count, 1, 2);
    }

    [Fact]
    public void Is_deterministic_and_safe_to_share_across_threads()
    {
        string[] texts =
        [
            "I moved to Seattle last month and I love it.",
            "My favorite book is Charlotte's Web.",
            "We adopted a cat named Luna two weeks ago.",
            "I'm a nurse at the children's hospital.",
        ];
        var expected = texts.Select(t => string.Join('|', extractor.Extract(t, "Caroline", May25, "Melanie").Facts.Select(f => f.Text))).ToArray();
        var shared = RuleBasedExtractor.Shared;
        var mismatches = 0;

        Parallel.For(0, 400, i =>
        {
            var text = texts[i % texts.Length];
            var actual = string.Join('|', shared.Extract(text, "Caroline", May25, "Melanie").Facts.Select(f => f.Text));
            if (actual != expected[i % texts.Length])
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }
}
