using Grpc.Core;

namespace AgentMemory.Cli.Tests;

/// <summary>A call invoker that answers unary calls from a handler and records every attempt.</summary>
internal sealed class FakeCallInvoker(Func<string, object, int, object> handler) : CallInvoker
{
    public List<(string Method, object Request, CallOptions Options)> Calls { get; } = [];

    /// <summary>The trailers every reply carries (none by default).</summary>
    public Metadata Trailers { get; set; } = [];

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        int attempt;
        lock (Calls)
        {
            Calls.Add((method.Name, request, options));
            attempt = Calls.Count(c => c.Method == method.Name);
        }

        Task<TResponse> response;
        try
        {
            response = Task.FromResult((TResponse)handler(method.Name, request, attempt));
        }
        catch (RpcException ex)
        {
            response = Task.FromException<TResponse>(ex);
        }

        var trailers = Trailers;
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => trailers, () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();
}
