using System.Buffers.Binary;

namespace AgentMemory.Storage;

/// <summary>
/// Keyset position for newest-first paging: the (event_time, memory_id) of the last row
/// returned. Opaque to callers (base64url), so the format may change between versions.
/// </summary>
public readonly record struct ListCursor(DateTimeOffset EventTime, Guid MemoryId)
{
    private const int EncodedLength = 8 + 16;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[EncodedLength];
        BinaryPrimitives.WriteInt64BigEndian(bytes, EventTime.UtcTicks);
        MemoryId.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Decodes a token; false when it is not one this version wrote.</summary>
    public static bool TryDecode(string? token, out ListCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return false;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        Span<byte> bytes = stackalloc byte[48];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != EncodedLength)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new ListCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..EncodedLength], bigEndian: true));
        return true;
    }
}
