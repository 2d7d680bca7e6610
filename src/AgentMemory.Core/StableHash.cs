namespace AgentMemory.Core;

/// <summary>
/// 64-bit FNV-1a over UTF-16 code units, plus an avalanche finalizer, for feature hashing that must
/// give the same answer in every process and on every machine.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="string.GetHashCode()"/> is randomised per process, so vectors built with it could
/// never be compared with vectors stored by an earlier run. FNV-1a is tiny, fast and fully specified.
/// Each code unit is folded in as one 16-bit value (for ASCII text this equals FNV-1a over the bytes,
/// so the published test vectors apply).
/// </para>
/// <para>
/// FNV's low bits depend only on the low bits of the input, and the embedder takes the hash modulo
/// the dimension count, so <see cref="Finalize(ulong)"/> runs the MurmurHash3 fmix64 avalanche step
/// before a hash is used as a bucket and sign.
/// </para>
/// </remarks>
internal static class StableHash
{
    public const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>FNV-1a of <paramref name="text"/>.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<char> text) => Append(OffsetBasis, text);

    /// <summary>Continues an FNV-1a state with one code unit.</summary>
    public static ulong Append(ulong state, char c) => (state ^ c) * Prime;

    /// <summary>Continues an FNV-1a state with <paramref name="text"/>.</summary>
    public static ulong Append(ulong state, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            state = (state ^ c) * Prime;
        }

        return state;
    }

    /// <summary>MurmurHash3's fmix64: every input bit affects every output bit.</summary>
    public static ulong Finalize(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
