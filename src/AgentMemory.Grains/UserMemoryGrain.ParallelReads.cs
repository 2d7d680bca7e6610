using Orleans.CodeGeneration;
using Orleans.Runtime;

namespace AgentMemory.Grains;

/// <summary>
/// Recalls of one user run in parallel, off the grain's turn, and no write runs beside them.
/// </summary>
/// <remarks>
/// <para>
/// A hot user's recalls all reach one activation, whose turns take one core; a recall's search is
/// synchronous CPU work over structures that only writes change. So a recall runs its search on the
/// thread pool, where several run at once, and every call that may write first waits until no
/// search is running, then keeps new ones from starting until it ends (docs/decisions.md #20).
/// </para>
/// <para>
/// Orleans' <c>[ReadOnly]</c> is not enough on its own: when the read-only call that was blocking
/// completes while another still runs, the runtime lets the next call in, a write included. Every
/// counter here is read and written on the grain's turns only, so it needs no lock; a search reads
/// the index from a pool thread while no turn can change it.
/// </para>
/// </remarks>
public sealed partial class UserMemoryGrain : IIncomingGrainCallFilter
{
    private int _searchesRunning;
    private int _writesRunning;
    private TaskCompletionSource? _searchesDrained;

    /// <summary>
    /// Lets a call that may write start only once no search runs, and holds new searches back to its
    /// turns until it ends. Every call passes here: the interface's, reminders (IRemindable) and
    /// grain-timer ticks (IGrainTimerInvoker, not read-only), so the derivation needs no gate of its own.
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Request is IRequest request && (request.Options & InvokeMethodOptions.ReadOnly) != 0)
        {
            await context.Invoke();
            return;
        }

        await WriteExclusivelyAsync(context.Invoke);
    }

    /// <summary>Runs a write with no search running beside it: a call (see <see cref="Invoke"/>) or deactivation, which is not a call.</summary>
    private async Task WriteExclusivelyAsync(Func<Task> write)
    {
        while (_searchesRunning > 0)
        {
            await (_searchesDrained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        _writesRunning++;
        try
        {
            await write();
        }
        finally
        {
            _writesRunning--;
        }
    }

    /// <summary>
    /// Runs a search on the thread pool, in parallel with the user's other searches; while a write
    /// is under way it runs here, on the grain's turn, which the write's turns exclude.
    /// </summary>
    private async Task<T> SearchAsync<T>(Func<T> search)
    {
        if (_writesRunning > 0)
        {
            return search();
        }

        _searchesRunning++;
        try
        {
            return await Task.Run(search);
        }
        finally
        {
            if (--_searchesRunning == 0 && _searchesDrained is { } drained)
            {
                _searchesDrained = null;
                drained.SetResult();
            }
        }
    }
}
