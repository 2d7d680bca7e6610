namespace AgentMemory.Abstractions;

/// <summary>The operations recorded in a memory's history.</summary>
public static class HistoryOperation
{
    public const string Add = "ADD";
    public const string Update = "UPDATE";
    public const string Invalidate = "INVALIDATE";
    public const string Merge = "MERGE";
    public const string SourceForgotten = "SOURCE_FORGOTTEN";
    public const string Delete = "DELETE";
}
