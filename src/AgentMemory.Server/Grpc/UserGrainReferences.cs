using AgentMemory.Abstractions;

namespace AgentMemory.Server.Grpc;

/// <summary>References to users' memory grains, with the grain's type and interface type resolved once.</summary>
/// <remarks>
/// Orleans 10.4's <c>GetGrain&lt;T&gt;(key)</c> resolves the interface type by reading its attributes
/// through reflection on every call: 1-3 % of the server's CPU under the recall load generator
/// (docs/benchmarks.md). The answer never changes, so it is taken from the first reference made and
/// reused for every later one.
/// </remarks>
internal sealed class UserGrainReferences(IGrainFactory grains)
{
    // A reference, not the two type ids: one reference-sized write publishes both to other threads at once.
    private GrainReference? _first;

    public IUserMemoryGrain For(UserScope scope)
    {
        var key = scope.ToGrainKey();
        if (_first is not { } first)
        {
            var grain = grains.GetGrain<IUserMemoryGrain>(key);
            _first = (GrainReference)grain;
            return grain;
        }

        return (IUserMemoryGrain)grains.GetGrain(GrainId.Create(first.GrainId.Type, key), first.InterfaceType);
    }
}
