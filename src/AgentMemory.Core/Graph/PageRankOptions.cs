namespace AgentMemory.Core.Graph;

/// <summary>Tuning for <see cref="PersonalizedPageRank"/>.</summary>
/// <remarks>
/// The defaults are HippoRAG 2's: a damping of 0.5 keeps the walk near the query's seeds (the
/// expected walk length before a restart is one edge), so a passage scores by how directly it is tied
/// to the query's phrases rather than by how central it is in the whole memory. With that damping the
/// error shrinks by at least half per iteration, so a 1e-6 tolerance is reached in about 20 iterations
/// and <see cref="MaxIterations"/> = 50 is only a safety cap.
/// </remarks>
public sealed class PageRankOptions
{
    /// <summary>The probability of following an edge at each step, in (0, 1); the rest restarts at the seeds.</summary>
    public double Damping { get; init; } = 0.5;

    /// <summary>Iteration stops once the L1 change of the score vector falls below this; must be positive.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>The most iterations run, at least 1, whether or not <see cref="Tolerance"/> is reached.</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>Checks every property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range; its name is the parameter name.</exception>
    public void Validate()
    {
        if (!(Damping is > 0d and < 1d))
        {
            throw new ArgumentOutOfRangeException(nameof(Damping), Damping, "Damping must lie strictly between 0 and 1.");
        }

        if (!(Tolerance > 0d) || double.IsPositiveInfinity(Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be a finite positive number.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be at least 1.");
        }
    }
}
