using AgentMemory.Core;
using AgentMemory.Core.Concepts;

namespace AgentMemory.Core.Tests.Concepts;

public sealed class ConceptLexiconTests
{
    // A small taxonomy in the resource's format: line numbers are concept ids.
    //  0 instrument (device)             → 1 measuring instrument → 2 gauge, 3 thermometer
    //  4 musical instrument|instrument    → 5 woodwind → 6 clarinet; 7 violin|fiddle
    //  8 art                              → 9 painting, 10 sculpture
    // 11 martial art                      → 12 karate, 13 judo
    // 14 job (occupation, first sense); 15 book → 16 novel, 17 job (the Book of Job, not a first sense)
    private const string Taxonomy = """
        # comment lines are skipped
        *instrument	1
        *measuring instrument	2,3
        *gauge	
        *thermometer	
        *musical instrument|instrument	5,7
        *woodwind	6
        *clarinet	
        *violin|*fiddle	
        *art	9,10
        *painting	
        *sculpture	
        *martial art	12,13
        *karate	
        *judo	
        *job	
        *book	16,17
        *novel	
        job	
        """;

    private static readonly ConceptLexicon Lexicon = ConceptLexicon.Parse(new StringReader(Taxonomy));

    [Fact]
    public void A_plural_category_expands_into_the_members_of_all_its_senses_at_every_depth()
    {
        var match = Assert.Single(Lexicon.Match("What instruments does Melanie play?", 100));

        Assert.Equal("instrument", match.Category);
        // "measuring instrument" and "musical instrument" name concepts on the way but are two words, not members.
        Assert.Equal(Terms("clarinet", "fiddle", "gauge", "thermometer", "violin", "woodwind"), match.Members);
        Assert.DoesNotContain("instrument", match.Members);
    }

    [Fact]
    public void A_singular_category_expands_only_after_kind_of_or_type_of()
    {
        Assert.Empty(Lexicon.Match("What art does Caroline make?", 100));

        var match = Assert.Single(Lexicon.Match("What kind of art does Caroline make?", 100));
        Assert.Equal(Terms("painting", "sculpture"), match.Members);
        Assert.Single(Lexicon.Match("Which types of art?", 100));
    }

    [Fact]
    public void A_two_word_category_wins_over_its_last_word()
    {
        var match = Assert.Single(Lexicon.Match("What martial arts has John done?", 100));

        Assert.Equal("martial art", match.Category);
        Assert.Equal(Terms("judo", "karate"), match.Members);
    }

    [Fact]
    public void Possessives_are_not_plurals()
    {
        Assert.Empty(Lexicon.Match("Where is the instrument's case?", 100));
        Assert.Single(Lexicon.Match("Where are the instruments' cases?", 100));
    }

    [Fact]
    public void A_member_counts_only_through_its_first_sense()
    {
        var match = Assert.Single(Lexicon.Match("What books has Tim read?", 100));

        Assert.Equal(Terms("novel"), match.Members);
    }

    [Fact]
    public void A_category_with_more_members_than_the_cap_is_too_general_to_expand()
    {
        Assert.Empty(Lexicon.Match("What instruments does Melanie play?", 5));
        Assert.Single(Lexicon.Match("What instruments does Melanie play?", 6));
    }

    [Fact]
    public void Excluded_terms_such_as_speaker_names_are_never_read_as_categories()
    {
        var exclude = new HashSet<string>(Terms("instrument"), StringComparer.Ordinal);

        Assert.Empty(Lexicon.Match("What instruments?", 100, exclude));
    }

    [Fact]
    public void Unknown_words_and_leaf_concepts_give_no_match()
    {
        Assert.Empty(Lexicon.Match("What zeppelins and clarinets?", 100));
        Assert.Null(Lexicon.MembersOf("zeppelin", 100));
    }

    [Fact]
    public void A_question_asks_for_kinds_when_a_plural_or_kind_of_word_names_any_category()
    {
        Assert.True(Lexicon.AsksForKinds("What instruments does Melanie play?"));
        Assert.True(Lexicon.AsksForKinds("What kind of art does Caroline make?"));
        Assert.False(Lexicon.AsksForKinds("What instrument does Melanie play?"));
        Assert.False(Lexicon.AsksForKinds("Where are the zeppelins?"));
        Assert.False(Lexicon.AsksForKinds("What instruments?", new HashSet<string>(Terms("instrument"), StringComparer.Ordinal)));
    }

    [Fact]
    public void A_line_without_a_tab_is_rejected_with_its_number()
    {
        var error = Assert.Throws<FormatException>(() => ConceptLexicon.Parse(new StringReader("*art\t1\n*painting")));

        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void A_hyponym_naming_no_concept_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => ConceptLexicon.Parse(new StringReader("*art\t5\n*painting\t")));
        Assert.Contains("Concept 0 lists hyponym 5", error.Message);
        Assert.Throws<FormatException>(() => ConceptLexicon.Parse(new StringReader("*art\tx\n")));
    }

    [Fact]
    public void The_embedded_WordNet_lexicon_knows_common_categories_of_conversation()
    {
        var lexicon = ConceptLexicon.WordNet;

        Assert.True(lexicon.ConceptCount > 80_000);
        Assert.Contains(Term("clarinet"), Members(lexicon, "What instruments does she play?"));
        Assert.Contains(Term("violin"), Members(lexicon, "What instruments does she play?"));
        Assert.Contains(Term("spain"), Members(lexicon, "What European countries has Maria been to?"));
        Assert.Contains(Term("karate"), Members(lexicon, "What martial arts has John done?"));
        Assert.DoesNotContain(Term("job"), Members(lexicon, "What books has Tim read?"));
    }

    [Fact]
    public void Curly_apostrophes_and_quotes_are_read_like_straight_ones()
    {
        var lexicon = ConceptLexicon.WordNet;

        Assert.Empty(lexicon.Match("What is the dog\u2019s name?", 3000));
        Assert.False(lexicon.AsksForKinds("What is the dog\u2019s name?"));
        Assert.Contains(Term("clarinet"), Members(lexicon, "What \u201cinstruments\u201d does she play?"));
    }

    [Fact]
    public void A_two_word_concept_never_falls_back_to_its_last_word()
    {
        // "hot dog" is a concept with no kinds: the question is not about breeds of dog.
        Assert.Empty(ConceptLexicon.WordNet.Match("What hot dogs did they eat?", 3000));
    }

    [Fact]
    public void The_words_that_frame_a_question_are_not_categories()
    {
        var categories = ConceptLexicon.WordNet.Match("What kinds of art, and how many times, in what ways?", 3000).Select(m => m.Category);

        Assert.Equal([Term("art")], categories);
    }

    [Fact]
    public void A_plural_looking_word_after_a_subject_or_a_name_is_a_verb()
    {
        var lexicon = ConceptLexicon.WordNet;
        var names = new HashSet<string>(Terms("melanie"), StringComparer.Ordinal);

        Assert.Empty(lexicon.Match("Who plays the violin?", 3000));
        Assert.Empty(lexicon.Match("What does he do when she relaxes?", 3000));
        Assert.DoesNotContain(lexicon.Match("When Melanie paints landscapes", 3000, names), m => m.Category == Term("paint"));
        Assert.False(lexicon.AsksForKinds("Who plays the violin?"));
        Assert.Contains(Term("spain"), Members(lexicon, "What European countries has Maria been to?"));
        Assert.Contains(Term("rome"), Members(lexicon, "Which cities has Jon visited?"));
    }

    private static IEnumerable<string> Members(ConceptLexicon lexicon, string query) =>
        lexicon.Match(query, ConceptLexicon.MaxCachedMembers).SelectMany(m => m.Members);

    private static string Term(string word) => Assert.Single(TextAnalyzer.Analyze(word));

    private static List<string> Terms(params string[] words) => words.Select(Term).Order(StringComparer.Ordinal).ToList();
}
