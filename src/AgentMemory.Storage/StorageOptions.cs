using System.ComponentModel.DataAnnotations;

namespace AgentMemory.Storage;

/// <summary>Where and how memories are stored. Bound from <c>AgentMemory:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "AgentMemory:Storage";

    /// <summary>
    /// Npgsql connection string. When empty, <c>ConnectionStrings:AgentMemory</c> is used.
    /// The server must have pgvector 0.8 or later.
    /// </summary>
    [Required(ErrorMessage = "AgentMemory:Storage:ConnectionString (or ConnectionStrings:AgentMemory) is required.")]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL schema holding the service's tables. Separate schemas let several
    /// deployments (or test classes) share one database without seeing each other.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "AgentMemory:Storage:Schema must be a lowercase SQL identifier (a-z, 0-9, _).")]
    public string Schema { get; set; } = "agentmemory";

    /// <summary>Apply pending migrations when the service starts.</summary>
    public bool ApplyMigrationsOnStart { get; set; } = true;

    /// <summary>Seconds an SQL command may run before it is cancelled.</summary>
    [Range(1, 3600, ErrorMessage = "AgentMemory:Storage:CommandTimeoutSeconds must be 1..3600.")]
    public int CommandTimeoutSeconds { get; set; } = 30;
}
