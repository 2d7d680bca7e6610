using AgentMemory.Core.Extraction;

namespace AgentMemory.Core.Tests.Extraction;

public class TripleExtractionTests
{
    private static readonly DateTimeOffset May25 = new(2023, 5, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly RuleBasedExtractor extractor = new();

    private IReadOnlyList<ExtractedTriple> Triples(string text) => extractor.Extract(text, "Caroline", May25, "Melanie").Triples;

    [Theory]
    [InlineData("I live in Boston with my partner.", "lives_in", "Boston")]
    [InlineData("I lived in Texas for ten years.", "lived_in", "Texas")]
    [InlineData("I moved to Seattle last month.", "moved_to", "Seattle")]
    [InlineData("I work at Google on the search team.", "works_at", "Google")]
    [InlineData("I work as a nurse at the children's hospital.", "works_as", "nurse")]
    [InlineData("I love hiking in the mountains.", "likes", "hiking in the mountains")]
    [InlineData("I really enjoy pottery and painting.", "likes", "pottery")]
    [InlineData("I'm a big fan of classical music.", "likes", "classical music")]
    [InlineData("I hate spiders.", "dislikes", "spiders")]
    [InlineData("I don't like horror movies.", "dislikes", "horror movies")]
    [InlineData("My favorite book is Charlotte's Web.", "favorite_book", "Charlotte's Web")]
    [InlineData("My favorite movies are \"Home Alone\" and \"Elf\".", "favorite_movie", "Home Alone")]
    [InlineData("I have a dog named Max.", "has_pet", "Max")]
    [InlineData("I have two cats.", "has_pet", "cat")]
    [InlineData("I went to a LGBTQ support group yesterday.", "went_to", "LGBTQ support group")]
    [InlineData("I took my kids to the zoo yesterday.", "went_to", "zoo")]
    [InlineData("I visited the Louvre with my sister.", "went_to", "Louvre")]
    [InlineData("I'm married to John.", "married_to", "John")]
    [InlineData("My husband, Mark, is a chef.", "married_to", "Mark")]
    [InlineData("I'm dating a musician from the band.", "dating", "musician")]
    [InlineData("I broke up with Alex last week.", "broke_up_with", "Alex")]
    [InlineData("I'm single.", "relationship_status", "single")]
    [InlineData("I'm a transgender woman.", "is", "transgender woman")]
    [InlineData("I study psychology at the university.", "studies", "psychology")]
    [InlineData("I play the violin in an orchestra.", "plays", "violin")]
    [InlineData("I'm from Sweden originally.", "from", "Sweden")]
    [InlineData("I have two kids.", "has_children", "two kids")]
    [InlineData("I joined a book club.", "member_of", "book club")]
    [InlineData("I volunteer at the animal shelter.", "volunteers_at", "animal shelter")]
    public void Each_pattern_yields_its_canonical_relation_and_a_trimmed_object(string text, string relation, string expectedObject)
    {
        Assert.Contains(new ExtractedTriple("Caroline", relation, expectedObject), Triples(text));
    }

    [Fact]
    public void A_move_to_a_named_place_also_says_where_the_subject_lives_now()
    {
        var triples = Triples("I moved to Seattle last month.");

        Assert.Contains(new ExtractedTriple("Caroline", RelationCatalog.LivesIn, "Seattle"), triples);
        Assert.DoesNotContain(Triples("I moved to a new house."), t => t.Relation == RelationCatalog.LivesIn);
    }

    [Fact]
    public void A_named_pet_is_also_typed()
    {
        Assert.Contains(new ExtractedTriple("Max", RelationCatalog.Is, "dog"), Triples("I have a dog named Max."));
    }

    [Fact]
    public void Third_person_names_can_be_subjects()
    {
        var triples = extractor.Extract("My friend Sarah lives in Denver.", "Caroline", May25).Triples;

        Assert.Contains(new ExtractedTriple("Sarah", RelationCatalog.LivesIn, "Denver"), triples);
    }

    [Theory]
    [InlineData("I love it.")]
    [InlineData("I would love to go to Paris.")]
    [InlineData("I love how you paint.")]
    [InlineData("Painting is a great outlet for me.")]
    [InlineData("When I was a kid we played outside.")]
    [InlineData("I went to see a movie.")]
    [InlineData("I play with the kids every day.")]
    public void Produces_no_triple_from_vague_hypothetical_or_non_name_subjects(string text)
    {
        var triples = Triples(text);

        Assert.DoesNotContain(triples, t => t.Relation is "likes" or "is" or "went_to" or "plays");
    }

    [Fact]
    public void Objects_stop_at_conjunctions_prepositions_and_dates_and_keep_at_most_six_words()
    {
        var triples = Triples("I went to the big old red brick community art center downtown building on Friday and loved it.");

        var wentTo = Assert.Single(triples, t => t.Relation == "went_to");
        Assert.True(wentTo.Object.Split(' ').Length <= 6, wentTo.Object);
        Assert.DoesNotContain("May", wentTo.Object, StringComparison.Ordinal);
        Assert.DoesNotContain(" and", wentTo.Object, StringComparison.Ordinal);
    }
}
