namespace AgentMemory.Core.Extraction;

/// <summary>How a fact's confidence changes as the memory learns more about it.</summary>
public static class FactConfidence
{
    /// <summary>The most a fact can reach by corroboration alone: repetition is never proof.</summary>
    public const double Ceiling = 0.99;

    /// <summary>
    /// The confidence of a fact that another, independent statement supports: the chance that not
    /// both are wrong (<c>1 - (1 - a)(1 - b)</c>), so agreement raises it and never lowers it, capped
    /// at <see cref="Ceiling"/>. A fact without a confidence takes the supporting one's.
    /// </summary>
    /// <param name="current">The fact's confidence, in [0, 1], or null.</param>
    /// <param name="supporting">The supporting statement's confidence, in [0, 1].</param>
    public static double Corroborated(double? current, double supporting)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(supporting, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(supporting, 1);
        if (current is not { } c)
        {
            return supporting;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(c, 0, nameof(current));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c, 1, nameof(current));
        return Math.Min(Ceiling, Math.Max(Math.Max(c, supporting), Math.Round(1 - ((1 - c) * (1 - supporting)), 4)));
    }
}
