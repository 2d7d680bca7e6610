using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class StopWordsTests
{
    [Theory]
    [InlineData("the")]
    [InlineData("a")]
    [InlineData("is")]
    [InlineData("were")]
    [InlineData("and")]
    [InlineData("of")]
    [InlineData("i")]
    [InlineData("you")]
    [InlineData("she")]
    [InlineData("they")]
    [InlineData("my")]
    [InlineData("im")]
    public void Contains_function_words_and_personal_pronouns(string term)
    {
        Assert.True(StopWords.Contains(term));
    }

    [Theory]
    [InlineData("not")]
    [InlineData("no")]
    [InlineData("dont")]
    [InlineData("isnt")]
    [InlineData("cat")]
    [InlineData("memory")]
    [InlineData("support")]
    [InlineData("may")]
    public void Does_not_contain_negations_or_content_words(string term)
    {
        Assert.False(StopWords.Contains(term));
    }

    [Fact]
    public void Is_case_sensitive_because_terms_arrive_lowercased()
    {
        Assert.False(StopWords.Contains("The"));
    }

    [Fact]
    public void Stays_a_compact_list()
    {
        Assert.InRange(StopWords.Count, 100, 150);
    }

    [Fact]
    public void Span_and_string_lookups_agree()
    {
        Assert.True(StopWords.Contains("theirs".AsSpan()));
        Assert.False(StopWords.Contains("theirsx".AsSpan()));
        Assert.True(StopWords.Contains("theirsx".AsSpan(0, 6)));
    }
}
