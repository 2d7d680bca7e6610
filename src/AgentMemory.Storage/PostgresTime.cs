namespace AgentMemory.Storage;

/// <summary>PostgreSQL keeps timestamps to the microsecond; .NET to 100 ns.</summary>
public static class PostgresTime
{
    /// <summary>
    /// Rounds down to what timestamptz stores, so a value held in memory equals the same value
    /// read back after a reload (and keyset cursors compare equal).
    /// </summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
}
