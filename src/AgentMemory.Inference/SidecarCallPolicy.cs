using System.ClientModel;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentMemory.Inference;

/// <summary>
/// Timeout + retry discipline shared by the sidecar embedding generator and chat client:
/// each attempt gets its own timeout (linked to the caller's token), transient failures
/// (408/429/5xx, timeouts, connection failures) are retried with jittered exponential backoff,
/// and giving up always surfaces as <see cref="InferenceUnavailableException"/>. Caller cancellation
/// is never retried and propagates as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class SidecarCallPolicy
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly Uri? _endpoint;
    private readonly string _operation;
    private readonly TimeSpan _attemptTimeout;
    private readonly int _maxRetries;
    private readonly TimeSpan _baseDelay;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SidecarCallPolicy(
        Uri? endpoint, string operation, TimeSpan attemptTimeout, int maxRetries, TimeSpan baseDelay,
        TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _endpoint = endpoint;
        _operation = operation;
        _attemptTimeout = attemptTimeout;
        _maxRetries = maxRetries;
        _baseDelay = baseDelay;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, fails permanently, or retries run out.</summary>
    /// <returns>The result and the number of attempts it took.</returns>
    public async Task<(T Result, int Attempts)> ExecuteAsync<T>(
        Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptCts.CancelAfter(_attemptTimeout);
            Failure failure;
            try
            {
                // WaitAsync bounds the attempt even if the inner client ignored the token.
                var result = await attempt(attemptCts.Token).WaitAsync(attemptCts.Token).ConfigureAwait(false);
                return (result, attemptNumber);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = Classify(ex);
                if (!failure.Transient || attemptNumber > _maxRetries)
                {
                    throw CreateException(failure, attemptNumber, ex);
                }
            }

            var delay = Backoff(attemptNumber, failure.RetryAfter);
            _logger.LogWarning(
                "{Operation} sidecar at {Endpoint}: attempt {Attempt} of {MaxAttempts} failed ({Cause}); retrying in {DelayMs} ms",
                _operation, _endpoint, attemptNumber, _maxRetries + 1, failure.Cause, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>An error about the data the sidecar returned (not retried).</summary>
    public InferenceUnavailableException BadResponse(string problem, int attempts) =>
        new($"{_operation} sidecar at {_endpoint} returned an unusable response: {problem}",
            _endpoint, _operation, attempts, statusCode: null, innerException: null);

    private InferenceUnavailableException CreateException(Failure failure, int attempts, Exception cause)
    {
        var plural = attempts == 1 ? "attempt" : "attempts";
        var suffix = failure.Transient ? string.Empty : " (not retried)";
        return new InferenceUnavailableException(
            $"{_operation} sidecar at {_endpoint} failed after {attempts} {plural}{suffix}: {failure.Cause}",
            _endpoint, _operation, attempts, failure.StatusCode, cause);
    }

    private TimeSpan Backoff(int attemptNumber, TimeSpan? retryAfter)
    {
        // Exponential: base * 2^(n-1), jittered to [50%, 100%] so synchronized clients spread out.
        var exponential = _baseDelay.TotalMilliseconds * Math.Pow(2, attemptNumber - 1);
        var jittered = exponential * (0.5 + (Random.Shared.NextDouble() * 0.5));
        var delay = TimeSpan.FromMilliseconds(Math.Min(jittered, MaxBackoff.TotalMilliseconds));
        if (retryAfter is { } hinted && hinted > delay)
        {
            // Honor Retry-After, but never wait longer than one attempt's timeout: the total stays bounded.
            delay = hinted < _attemptTimeout ? hinted : _attemptTimeout;
        }

        return delay;
    }

    internal static bool IsTransientStatus(int status) =>
        status is 408 or 429 || status >= 500;

    private Failure Classify(Exception ex)
    {
        switch (ex)
        {
            case OperationCanceledException or TimeoutException:
                // The caller's token is not cancelled, so this is our per-attempt timeout or the client's network timeout.
                return new Failure(true, null,
                    $"timed out after {_attemptTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", null);

            case ClientResultException cre when cre.Status == 0:
                // No HTTP response at all: connection refused/reset, DNS, TLS...
                return new Failure(true, null, InnermostMessage(ex), null);

            case ClientResultException cre:
                {
                    var response = cre.GetRawResponse();
                    var cause = string.Create(CultureInfo.InvariantCulture, $"HTTP {cre.Status}");
                    if (!string.IsNullOrEmpty(response?.ReasonPhrase))
                    {
                        cause += $" ({response.ReasonPhrase})";
                    }

                    var body = TryReadBody(response);
                    if (!string.IsNullOrWhiteSpace(body))
                    {
                        cause += ": " + body;
                    }

                    return new Failure(IsTransientStatus(cre.Status), cre.Status, cause, RetryAfter(response));
                }

            case HttpRequestException hre:
                {
                    var status = (int?)hre.StatusCode;
                    var transient = status is null || IsTransientStatus(status.Value);
                    return new Failure(transient, status, InnermostMessage(ex), null);
                }

            case SocketException or IOException:
                return new Failure(true, null, InnermostMessage(ex), null);

            default:
                return new Failure(false, null, $"{ex.GetType().Name}: {ex.Message}", null);
        }
    }

    private static string InnermostMessage(Exception ex)
    {
        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(inner.Message))
            {
                message = inner.Message;
            }
        }

        return message;
    }

    private static string? TryReadBody(System.ClientModel.Primitives.PipelineResponse? response)
    {
        try
        {
            var text = response?.Content?.ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            text = text.ReplaceLineEndings(" ").Trim();
            return text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(System.ClientModel.Primitives.PipelineResponse? response)
    {
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value) || value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            var delta = when - DateTimeOffset.UtcNow;
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }

        return null;
    }

    private readonly record struct Failure(bool Transient, int? StatusCode, string Cause, TimeSpan? RetryAfter);
}
