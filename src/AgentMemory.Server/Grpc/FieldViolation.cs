namespace AgentMemory.Server.Grpc;

/// <summary>One broken rule: the request field (e.g. <c>events[2].text</c>) and what is wrong with it.</summary>
public readonly record struct FieldViolation(string Field, string Description);
