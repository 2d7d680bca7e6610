using AgentMemory.Abstractions;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace AgentMemory.Server.Grpc;

/// <summary>
/// Maps domain failures to gRPC status codes in one place, so services stay thin and every
/// RPC reports the same failure the same way. Unexpected exceptions become INTERNAL with a
/// generic message (details go to the log, not to the caller).
/// </summary>
internal sealed partial class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw Map(ex, context);
        }
    }

    private RpcException Map(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case RequestValidationException invalid:
                var badRequest = new BadRequest();
                foreach (var v in invalid.Violations)
                {
                    badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description });
                }

                return Status(Code.InvalidArgument, invalid.Message, badRequest);
            case MemoryNotFoundException notFound:
                var info = new ResourceInfo { ResourceType = "agentmemory.v1.Memory", ResourceName = string.Join(",", notFound.MissingIds.Take(100)), Description = "unknown memory id" };
                return Status(Code.NotFound, notFound.Message, info);
            case MemoryLimitExceededException limit:
                return Status(Code.ResourceExhausted, limit.Message, null);
            case DependencyUnavailableException unavailable:
                return Status(Code.Unavailable, unavailable.Message, null);
            case TimeoutException timeout:
                logger.LogWarning(timeout, "Timed out in {Method}", context.Method);
                return Status(Code.Unavailable, "The service timed out; retry later.", null);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return Status(Code.Cancelled, "The call was cancelled.", null);
            case ArgumentException argument:
                return InvalidArgument(argument);
            default:
                logger.LogError(ex, "Unhandled failure in {Method}", context.Method);
                return Status(Code.Internal, "Internal error; see the server log.", null);
        }
    }

    /// <summary>
    /// A rule only the grain can check (it needs the user's state) arrives as an ArgumentException
    /// whose message starts with the request field ("ids[1]: only current facts…"): the caller gets
    /// the same BadRequest field violation as for a rule checked at the door.
    /// </summary>
    private static RpcException InvalidArgument(ArgumentException argument)
    {
        var message = ParameterSuffix().Replace(argument.Message, string.Empty);
        var match = FieldPrefix().Match(message);
        if (!match.Success)
        {
            return Status(Code.InvalidArgument, message, null);
        }

        var badRequest = new BadRequest();
        badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = match.Groups["field"].Value, Description = match.Groups["rule"].Value });
        return Status(Code.InvalidArgument, message, badRequest);
    }

    // What ArgumentException appends to its message when it has a parameter name.
    [System.Text.RegularExpressions.GeneratedRegex(@" \(Parameter '[^']*'\)$")]
    private static partial System.Text.RegularExpressions.Regex ParameterSuffix();

    // A request field path (snake_case names, indexes, dots) followed by ": " and the rule.
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<field>[a-z_][a-z0-9_]*(\[\d+\])?(\.[a-z_][a-z0-9_]*(\[\d+\])?)*): (?<rule>.+)$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex FieldPrefix();

    private static RpcException Status(Code code, string message, Google.Protobuf.IMessage? detail)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        if (detail is not null)
        {
            status.Details.Add(Any.Pack(detail));
        }

        return status.ToRpcException();
    }
}
