namespace AgentMemory.Server.Hosting;

/// <summary>Where the silo keeps Orleans reminders (<c>AgentMemory:Orleans:Reminders</c>).</summary>
public enum ReminderStorage
{
    /// <summary>
    /// In the service's PostgreSQL schema (the default): a user's pending derivation and idle-session
    /// summaries fire after a restart without waiting for the user's next call.
    /// </summary>
    PostgreSQL = 0,

    /// <summary>In the silo's memory: lost on restart. For tests and throwaway runs only.</summary>
    Memory = 1,
}
