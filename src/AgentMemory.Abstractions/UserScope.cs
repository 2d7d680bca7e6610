namespace AgentMemory.Abstractions;

/// <summary>
/// The (tenant, user) pair every memory belongs to. It is the grain key and the leading
/// key of every table, so no query can cross users and storage can be sharded by it.
/// </summary>
[GenerateSerializer, Alias("agentmemory.UserScope")]
public sealed record UserScope(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string UserId)
{
    /// <summary>Longest tenant or user id accepted.</summary>
    public const int MaxIdLength = 128;

    private const char Separator = '/';

    /// <summary>The Orleans grain key: <c>tenant/user</c>. Neither part may contain '/'.</summary>
    public string ToGrainKey() => string.Concat(TenantId, Separator.ToString(), UserId);

    /// <summary>Parses a key written by <see cref="ToGrainKey"/>.</summary>
    public static UserScope FromGrainKey(string key)
    {
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0 || separator == key.Length - 1)
        {
            throw new FormatException($"Grain key '{key}' is not of the form tenant/user.");
        }

        return new UserScope(key[..separator], key[(separator + 1)..]);
    }

    /// <summary>
    /// True when <paramref name="id"/> is a usable tenant or user id: 1..128 characters of
    /// letters, digits and <c>. _ - : @</c>. The narrow alphabet keeps ids safe in grain keys,
    /// log lines and the literal of a binary COPY (which takes no parameters).
    /// </summary>
    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '@'))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => ToGrainKey();
}
