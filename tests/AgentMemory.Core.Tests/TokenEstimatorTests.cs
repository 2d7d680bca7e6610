using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class TokenEstimatorTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   \n ", 0)]
    [InlineData("a", 1)]
    [InlineData("word", 1)]
    [InlineData("words", 2)]              // ceil(5 / 4)
    [InlineData("hello world", 4)]
    [InlineData("extraordinarily", 4)]    // ceil(15 / 4)
    [InlineData("Hi, there!", 5)]         // "Hi," 1 + 1 punctuation run; "there!" 2 + 1
    [InlineData("...", 2)]                // 1 for the word + 1 punctuation run
    [InlineData("[2023-05-08", 6)]        // ceil(11 / 4) = 3 + runs "[", "-", "-"
    [InlineData("  spaced   out  ", 3)]
    public void Estimate_counts_quarter_words_plus_punctuation_runs(string text, int expected)
    {
        Assert.Equal(expected, TokenEstimator.Estimate(text));
    }

    [Fact]
    public void Estimate_is_additive_over_whitespace_joined_texts()
    {
        const string first = "- [2023-05-08 13:56] Caroline: I went to a support group.";
        const string second = "- [2023-05-09 08:00] Melanie: That's great!";

        Assert.Equal(
            TokenEstimator.Estimate(first) + TokenEstimator.Estimate(second),
            TokenEstimator.Estimate(first + "\n" + second));
    }

    [Fact]
    public void Estimate_errs_high_relative_to_characters_over_four()
    {
        const string text = "I went to a LGBTQ support group yesterday and it was really powerful.";

        Assert.True(TokenEstimator.Estimate(text) >= text.Length / 4);
    }
}
