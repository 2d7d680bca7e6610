using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class TextAnalyzerTests
{
    [Fact]
    public void Analyze_drops_stop_words_and_stems_the_rest_in_order()
    {
        Assert.Equal(["cat", "chase", "mice", "garden"], TextAnalyzer.Analyze("The cats were chasing the mice in the garden"));
    }

    [Fact]
    public void Analyze_removes_apostrophes_inside_words_before_stemming()
    {
        // "caroline's" -> "carolines" -> "caroline" (1a) -> "carolin" (5a, m = 3).
        Assert.Equal(["carolin", "dog", "isnt", "bark"], TextAnalyzer.Analyze("Caroline's dog isn't barking"));
    }

    [Fact]
    public void Analyze_keeps_contracted_negations()
    {
        Assert.Equal(["dont", "like", "spider"], TextAnalyzer.Analyze("I don't like spiders"));
    }

    [Fact]
    public void Analyze_treats_typographic_apostrophes_like_ascii_ones()
    {
        Assert.Equal(TextAnalyzer.Analyze("Caroline's"), TextAnalyzer.Analyze("Caroline\u2019s"));
    }

    [Fact]
    public void Analyze_treats_leading_and_trailing_apostrophes_as_separators()
    {
        Assert.Equal(["hello", "friend"], TextAnalyzer.Analyze("'hello' friends'"));
    }

    [Fact]
    public void Analyze_keeps_numbers_including_single_digits()
    {
        Assert.Equal(["meet", "5", "pm", "2023"], TextAnalyzer.Analyze("Meeting at 5 pm in 2023"));
    }

    [Fact]
    public void Analyze_drops_single_letters()
    {
        Assert.Equal(["vitamin"], TextAnalyzer.Analyze("x y z vitamin"));
    }

    [Fact]
    public void Analyze_lowercases_and_splits_on_punctuation()
    {
        Assert.Equal(["run", "dog", "mail", "lgbtq"], TextAnalyzer.Analyze("RUNNING, dogs; e-mail... LGBTQ!"));
    }

    [Fact]
    public void Analyze_keeps_duplicates_for_term_frequency()
    {
        Assert.Equal(["pizza", "pizza", "pizza"], TextAnalyzer.Analyze("pizza, pizza and pizzas"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("the and of it")]
    [InlineData("!!! ... ???")]
    public void Analyze_returns_nothing_for_text_without_content_words(string text)
    {
        Assert.Empty(TextAnalyzer.Analyze(text));
    }

    [Fact]
    public void Analyze_handles_words_longer_than_the_stack_buffer()
    {
        var longWord = new string('q', 300);

        Assert.Equal(["short", longWord, "tail"], TextAnalyzer.Analyze($"short {longWord} tail"));
    }

    [Fact]
    public void Analyze_into_a_list_appends_without_clearing()
    {
        var terms = new List<string> { "existing" };

        TextAnalyzer.Analyze("support group", terms);

        Assert.Equal(["existing", "support", "group"], terms);
    }
}
