using Google.Rpc;
using Grpc.Core;

namespace AgentMemory.Client;

/// <summary>Reads the structured error details the AgentMemory service attaches to its errors.</summary>
public static class AgentMemoryRpcExceptionExtensions
{
    /// <summary>
    /// The field violations of the <c>google.rpc.BadRequest</c> detail that accompanies
    /// INVALID_ARGUMENT, each naming the offending field (for example <c>events[2].text</c>) and the
    /// rule it broke.
    /// </summary>
    /// <param name="exception">The error a call failed with.</param>
    /// <returns>The violations; empty when the error carries no BadRequest detail.</returns>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> GetFieldViolations(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Google.Rpc.Status? status;
        try
        {
            status = exception.GetRpcStatus();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // A malformed grpc-status-details-bin trailer is no reason to hide the original error.
            return [];
        }

        var badRequest = status?.GetDetail<BadRequest>();
        return badRequest is null ? [] : badRequest.FieldViolations;
    }

    /// <summary>
    /// One line describing the error for people: the status code, the message, and the field
    /// violations the message does not already name, e.g. <c>InvalidArgument: bad request [events[2].text: must not be empty]</c>.
    /// </summary>
    /// <param name="exception">The error a call failed with.</param>
    /// <returns>The description.</returns>
    public static string Describe(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = $"{exception.StatusCode}: {exception.Status.Detail}";
        // Violations the message does not already spell out are appended.
        var missing = exception.GetFieldViolations()
            .Select(v => $"{v.Field}: {v.Description}")
            .Where(v => !exception.Status.Detail.Contains(v, StringComparison.Ordinal))
            .ToList();
        if (missing.Count > 0)
        {
            text += " [" + string.Join("; ", missing) + "]";
        }

        return text;
    }
}
