using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class PorterStemmerTests
{
    // Examples from Porter (1980), traced through all steps (not just the step that illustrates them).
    [Theory]
    // Step 1a: plurals.
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("ties", "ti")]
    [InlineData("caress", "caress")]
    [InlineData("cats", "cat")]
    // Step 1b: -eed / -ed / -ing, then the repair rules.
    [InlineData("feed", "feed")]            // "eed" with m(f) = 0: untouched
    [InlineData("agreed", "agre")]          // agreed -> agree (1b) -> agre (5a: m=1, not *o)
    [InlineData("plastered", "plaster")]
    [InlineData("bled", "bled")]            // no vowel in "bl"
    [InlineData("motoring", "motor")]
    [InlineData("sing", "sing")]
    [InlineData("conflated", "conflat")]    // conflate (1b, at->ate) -> conflat (5a: m=2)
    [InlineData("troubled", "troubl")]      // trouble (bl->ble) -> troubl (5a)
    [InlineData("sized", "size")]           // iz->ize; 5a keeps e after cvc "siz"
    [InlineData("hopping", "hop")]          // double consonant undoubled
    [InlineData("tanned", "tan")]
    [InlineData("falling", "fall")]         // ...but not l, s, z
    [InlineData("hissing", "hiss")]
    [InlineData("fizzed", "fizz")]
    [InlineData("failing", "fail")]
    [InlineData("filing", "file")]          // m=1 and *o: e restored
    // Step 1c.
    [InlineData("happy", "happi")]
    [InlineData("sky", "sky")]              // no vowel before y
    // Step 2.
    [InlineData("relational", "relat")]     // relate (2) -> relat (5a)
    [InlineData("conditional", "condit")]   // condition (2) -> condit (4: ion after t)
    [InlineData("rational", "ration")]      // "ational" matches with m=0, so nothing in step 2; al dropped in 4
    [InlineData("digitizer", "digit")]
    [InlineData("operator", "oper")]
    [InlineData("feudalism", "feudal")]
    [InlineData("decisiveness", "decis")]
    [InlineData("hopefulness", "hope")]
    [InlineData("callousness", "callous")]
    [InlineData("formality", "formal")]
    [InlineData("sensitivity", "sensit")]
    [InlineData("sensibility", "sensibl")]
    [InlineData("generalization", "gener")] // generalize (2) -> general (3) -> gener (4)
    // Step 3.
    [InlineData("triplicate", "triplic")]
    [InlineData("formative", "form")]
    [InlineData("formalize", "formal")]
    [InlineData("electrical", "electr")]
    [InlineData("goodness", "good")]
    // Step 4.
    [InlineData("revival", "reviv")]
    [InlineData("allowance", "allow")]
    [InlineData("inference", "infer")]
    [InlineData("airliner", "airlin")]
    [InlineData("adjustable", "adjust")]
    [InlineData("defensible", "defens")]
    [InlineData("irritant", "irrit")]
    [InlineData("replacement", "replac")]
    [InlineData("adjustment", "adjust")]
    [InlineData("dependent", "depend")]
    [InlineData("adoption", "adopt")]
    [InlineData("communism", "commun")]
    [InlineData("activate", "activ")]
    [InlineData("effective", "effect")]
    [InlineData("bowdlerize", "bowdler")]
    [InlineData("agreement", "agreement")] // longest match "ement" fails m>1, so "ment"/"ent" are not tried
    // Step 5.
    [InlineData("probate", "probat")]
    [InlineData("rate", "rate")]
    [InlineData("cease", "ceas")]
    [InlineData("controlling", "control")]  // controll (1b keeps ll) -> control (5b)
    [InlineData("roll", "roll")]
    public void Stem_matches_the_published_algorithm(string word, string expected)
    {
        Assert.Equal(expected, PorterStemmer.Stem(word));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("is")]
    [InlineData("as")]
    [InlineData("")]
    public void Stem_leaves_words_of_two_characters_or_fewer_unchanged(string word)
    {
        Assert.Equal(word, PorterStemmer.Stem(word));
    }

    [Fact]
    public void Stem_reduces_plural_and_ing_forms_to_one_stem()
    {
        var stems = new[] { "remember", "remembers", "remembering", "remembered" }.Select(PorterStemmer.Stem).Distinct();

        Assert.Equal(["rememb"], stems);
    }

    [Fact]
    public void Stem_returns_the_same_instance_when_nothing_changes()
    {
        var word = string.Concat("mo", "tor");

        Assert.Same(word, PorterStemmer.Stem(word));
    }

    [Fact]
    public void Stem_handles_words_longer_than_the_stack_buffer()
    {
        // "baba...ba" + "ational": step 2 rewrites to "...ate", step 4 drops "ate" (m > 1).
        var stem = string.Concat(Enumerable.Repeat("ba", 50));

        Assert.Equal(stem, PorterStemmer.Stem(stem + "ational"));
    }

    [Fact]
    public void Stem_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => PorterStemmer.Stem(null!));
    }
}
