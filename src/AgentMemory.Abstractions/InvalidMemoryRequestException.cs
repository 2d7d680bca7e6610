namespace AgentMemory.Abstractions;

/// <summary>
/// A request broke a rule that only the user's grain can check, because it depends on what the
/// user holds (merging a memory that is not a current fact, a page token the service never
/// issued). Carries the request field and the rule, so the caller gets the same field violation
/// as for a rule checked before the call reached the grain. Maps to gRPC INVALID_ARGUMENT.
/// </summary>
[GenerateSerializer, Alias("agentmemory.InvalidMemoryRequestException")]
public sealed class InvalidMemoryRequestException : Exception
{
    public InvalidMemoryRequestException()
    {
        Field = string.Empty;
        Rule = string.Empty;
    }

    public InvalidMemoryRequestException(string message)
        : base(message)
    {
        Field = string.Empty;
        Rule = message;
    }

    public InvalidMemoryRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
        Rule = message;
    }

    /// <param name="field">The request field as the caller wrote it (<c>ids[1]</c>, <c>page_token</c>).</param>
    /// <param name="rule">What the value must be, or why it was refused.</param>
    public InvalidMemoryRequestException(string field, string rule)
        : base($"{field}: {rule}")
    {
        Field = field;
        Rule = rule;
    }

    /// <summary>The request field, as on the wire.</summary>
    [Id(0)]
    public string Field { get; init; }

    /// <summary>The rule the value broke.</summary>
    [Id(1)]
    public string Rule { get; init; }
}
