using System.Globalization;

namespace AgentMemory.Tooling;

/// <summary>
/// How a caller learns the time the service spent on its call: it sends the
/// <see cref="RequestHeader"/> header, and a successful reply carries a <see cref="Trailer"/>
/// trailer in the W3C Server-Timing format (<c>app;dur=0.532</c>, milliseconds). Linked into the
/// server, which writes it, and the load generator, which reads it: DESIGN.md states the recall
/// latency target at the server, which a client's own clock cannot see.
/// </summary>
internal static class ServerTiming
{
    /// <summary>The request header that asks for the trailer (any value).</summary>
    public const string RequestHeader = "am-server-timing";

    /// <summary>The response trailer that carries the time.</summary>
    public const string Trailer = "server-timing";

    private const string Prefix = "app;dur=";

    /// <summary>The trailer's value for a call that took <paramref name="milliseconds"/>.</summary>
    public static string Format(double milliseconds) =>
        Prefix + milliseconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Reads a trailer's value; false unless it is one <see cref="Format"/> writes.</summary>
    public static bool TryParse(string? value, out double milliseconds)
    {
        milliseconds = 0;
        return value is not null
            && value.StartsWith(Prefix, StringComparison.Ordinal)
            && double.TryParse(value.AsSpan(Prefix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out milliseconds);
    }
}
