using AgentMemory.Core.Extraction;

namespace AgentMemory.Core.Tests.Extraction;

public sealed class FactConfidenceTests
{
    [Theory]
    [InlineData(0.6, 0.6, 0.84)]
    [InlineData(0.5, 0.0, 0.5)]
    [InlineData(0.0, 0.7, 0.7)]
    [InlineData(0.9, 0.9, 0.99)]
    [InlineData(0.99, 0.95, 0.99)]
    public void Agreement_raises_confidence_as_independent_evidence_and_stops_below_certainty(double current, double supporting, double expected)
    {
        Assert.Equal(expected, FactConfidence.Corroborated(current, supporting), 4);
    }

    [Fact]
    public void A_fact_without_a_confidence_takes_the_supporting_one()
    {
        Assert.Equal(0.45, FactConfidence.Corroborated(null, 0.45));
    }

    [Fact]
    public void Corroboration_is_symmetric_and_never_lowers_either_side()
    {
        foreach (var a in new[] { 0.0, 0.1, 0.45, 0.8, 0.99 })
        {
            foreach (var b in new[] { 0.0, 0.3, 0.6, 0.95, 1.0 })
            {
                var both = FactConfidence.Corroborated(a, b);
                Assert.Equal(both, FactConfidence.Corroborated(b, a), 6);
                Assert.True(both >= Math.Min(FactConfidence.Ceiling, Math.Max(a, b)), $"{a} and {b} gave {both}");
                Assert.True(both <= FactConfidence.Ceiling);
            }
        }
    }

    [Theory]
    [InlineData(-0.1, 0.5)]
    [InlineData(1.1, 0.5)]
    [InlineData(0.5, -0.1)]
    [InlineData(0.5, 1.5)]
    public void A_confidence_outside_zero_to_one_is_rejected(double current, double supporting)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FactConfidence.Corroborated(current, supporting));
    }
}
