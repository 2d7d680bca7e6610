using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class StableHashTests
{
    // Published FNV-1a 64-bit test vectors; ASCII code units hash exactly like bytes.
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a64_matches_the_reference_test_vectors(string text, ulong expected)
    {
        Assert.Equal(expected, StableHash.Fnv1a64(text));
    }

    [Fact]
    public void Appending_in_pieces_equals_hashing_the_whole()
    {
        var pieces = StableHash.Append(StableHash.Append(StableHash.OffsetBasis, "foo"), 'b');

        Assert.Equal(StableHash.Fnv1a64("foob"), pieces);
    }

    [Fact]
    public void Finalize_spreads_inputs_that_differ_in_one_low_bit()
    {
        var x = StableHash.Finalize(StableHash.Fnv1a64("cata"));
        var y = StableHash.Finalize(StableHash.Fnv1a64("cate"));

        // About half of the 64 bits should differ after the avalanche step.
        Assert.InRange((int)ulong.PopCount(x ^ y), 16, 48);
    }
}
