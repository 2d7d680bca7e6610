using AgentMemory.Abstractions;
using AgentMemory.Grains;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace AgentMemory.Server.Grpc;

/// <summary>
/// Maps domain failures to gRPC status codes in one place, so services stay thin and every
/// RPC reports the same failure the same way. Unexpected exceptions become INTERNAL with a
/// generic message (details go to the log, not to the caller). Every failed call is counted
/// (<see cref="MemoryTelemetry.RpcFailures"/>) by method and status.
/// </summary>
internal sealed class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger, MemoryTelemetry telemetry) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException rpc)
        {
            CountFailure(context, rpc.StatusCode);
            throw;
        }
        catch (Exception ex)
        {
            var mapped = Map(ex, context);
            CountFailure(context, mapped.StatusCode);
            throw mapped;
        }
    }

    private void CountFailure(ServerCallContext context, StatusCode code)
    {
        // "/agentmemory.v1.MemoryService/Recall" → "Recall": the service is always the same one.
        var method = context.Method[(context.Method.LastIndexOf('/') + 1)..];
        telemetry.RpcFailures.Add(1, new KeyValuePair<string, object?>("rpc.method", method), new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)code));
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
            case InvalidMemoryRequestException rejected:
                var violation = new BadRequest();
                violation.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = rejected.Field, Description = rejected.Rule });
                return Status(Code.InvalidArgument, rejected.Message, violation);
            case ArgumentException argument:
                return Status(Code.InvalidArgument, argument.Message, null);
            default:
                logger.LogError(ex, "Unhandled failure in {Method}", context.Method);
                return Status(Code.Internal, "Internal error; see the server log.", null);
        }
    }

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
