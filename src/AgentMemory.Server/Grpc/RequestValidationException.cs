namespace AgentMemory.Server.Grpc;

/// <summary>A request broke one or more rules; becomes INVALID_ARGUMENT with a BadRequest detail.</summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException()
        : this([])
    {
    }

    public RequestValidationException(string message)
        : base(message)
    {
        Violations = [];
    }

    public RequestValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Violations = [];
    }

    public RequestValidationException(IReadOnlyList<FieldViolation> violations)
        : base(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
    {
        Violations = violations;
    }

    public IReadOnlyList<FieldViolation> Violations { get; }
}
