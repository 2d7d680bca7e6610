using AgentMemory.Core.Extraction;

namespace AgentMemory.Core.Tests.Extraction;

public class RelationCatalogTests
{
    [Theory]
    [InlineData("lives_in")]
    [InlineData("works_at")]
    [InlineData("works_as")]
    [InlineData("married_to")]
    [InlineData("dating")]
    [InlineData("relationship_status")]
    [InlineData("from")]
    [InlineData("favorite_book")]
    [InlineData("favorite_tv_show")]
    public void Relations_a_person_holds_one_value_of_are_single_valued(string relation)
    {
        Assert.True(RelationCatalog.IsSingleValued(relation));
    }

    [Theory]
    [InlineData("likes")]
    [InlineData("went_to")]
    [InlineData("has_pet")]
    [InlineData("lived_in")]
    [InlineData("moved_to")]
    [InlineData("favorite_")]
    [InlineData("favorite")]
    [InlineData("Lives_In")]
    [InlineData("unknown_relation")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_unknown_and_malformed_relations_are_multi_valued(string? relation)
    {
        Assert.False(RelationCatalog.IsSingleValued(relation));
    }

    [Theory]
    [InlineData("Favorite Book", "favorite_book")]
    [InlineData("  lives in ", "lives_in")]
    [InlineData("broke-up  with", "broke_up_with")]
    [InlineData("Caroline's", "carolines")]
    [InlineData("???", "")]
    [InlineData(null, "")]
    public void Normalize_turns_phrases_into_snake_case(string? phrase, string expected)
    {
        Assert.Equal(expected, RelationCatalog.Normalize(phrase));
    }

    [Fact]
    public void A_newer_home_contradicts_an_older_one_because_moves_imply_lives_in()
    {
        var extractor = new RuleBasedExtractor();
        var older = extractor.Extract("I live in Austin.", "Caroline", new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero)).Triples;
        var newer = extractor.Extract("I moved to Boston last month.", "Caroline", new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.Zero)).Triples;

        var before = Assert.Single(older, t => t.Relation == RelationCatalog.LivesIn);
        var after = Assert.Single(newer, t => t.Relation == RelationCatalog.LivesIn);
        Assert.Equal(before.Subject, after.Subject);
        Assert.NotEqual(before.Object, after.Object);
        Assert.True(RelationCatalog.IsSingleValued(after.Relation));
    }
}
