namespace AgentMemory.IntegrationTests.Infrastructure;

/// <summary>
/// A test class that starts its own service processes on a schema of its own, dropped when the
/// class is done, so what it kills, restarts or clusters touches no other test.
/// </summary>
public abstract class PrivateSchemaTests(string purpose) : IAsyncLifetime
{
    protected string Schema { get; } = TestDatabase.NewSchemaName(purpose);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await TestDatabase.DropSchemaAsync(Schema);
}
