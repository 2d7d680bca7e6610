namespace AgentMemory.Core;

/// <summary>How <see cref="DenseVectorIndex"/> stores vector components.</summary>
public enum VectorPrecision
{
    /// <summary>32-bit floats: exact scores, 4 bytes per dimension (1,536 bytes per 384-d vector).</summary>
    Single = 0,

    /// <summary>
    /// 16-bit floats: 2 bytes per dimension (768 bytes per 384-d vector). Each stored component is
    /// rounded to 11 significant bits (relative error at most 2^-11), so a cosine score may differ from
    /// the <see cref="Single"/> score by up to about 5e-4; queries and accumulation stay 32-bit.
    /// </summary>
    Half = 1,
}
