namespace AgentMemory.LoadGenerator;

/// <summary>Where <see cref="ServerTimingRecorder"/> leaves the server's time for the last call of one caller.</summary>
internal sealed class ServerTimingSlot
{
    /// <summary>The server's time for the last call, in milliseconds; null when it did not say.</summary>
    public double? Milliseconds { get; set; }
}
