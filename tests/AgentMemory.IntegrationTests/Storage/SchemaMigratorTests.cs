using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMemory.IntegrationTests.Storage;

public sealed class SchemaMigratorTests : IAsyncLifetime
{
    private readonly string _schema = TestDatabase.NewSchemaName("migrator");

    [Fact]
    public async Task Migrating_twice_applies_each_migration_once()
    {
        await using var services = StorageFixture.BuildServices(_schema);
        var migrator = services.GetRequiredService<SchemaMigrator>();

        var first = await migrator.MigrateAsync(384, CancellationToken.None);
        var second = await migrator.MigrateAsync(384, CancellationToken.None);

        Assert.Equal(SchemaMigrator.Migrations.Count, first);
        Assert.Equal(0, second);
        Assert.Equal((long)SchemaMigrator.Migrations.Count, await TestDatabase.ScalarAsync<long>(_schema, "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task The_vector_column_takes_its_dimension_from_the_embedder()
    {
        await using var services = StorageFixture.BuildServices(_schema, dimensions: 64);
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(64, CancellationToken.None);

        var typmod = await TestDatabase.ScalarAsync<int>(_schema, "SELECT atttypmod FROM pg_attribute WHERE attrelid = 'memories'::regclass AND attname = 'embedding'");

        Assert.Equal(64, typmod);
    }

    [Fact]
    public async Task Starting_with_a_different_embedding_dimension_fails_with_a_clear_message()
    {
        await using var services = StorageFixture.BuildServices(_schema);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync(384, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(768, CancellationToken.None));

        Assert.Contains("384-dimensional", error.Message);
        Assert.Contains("768", error.Message);
    }

    [Fact]
    public async Task Every_table_with_user_rows_leads_its_primary_key_with_tenant_and_user()
    {
        await using var services = StorageFixture.BuildServices(_schema);
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(384, CancellationToken.None);

        var offenders = await TestDatabase.ScalarAsync<long>(_schema, """
            SELECT count(*) FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND i.indisprimary
              -- Not user tables: the migrations' ledger, and Orleans' providers' tables (keyed as Orleans asks).
              AND c.relname <> 'schema_migrations' AND c.relname NOT LIKE 'orleans%'
              AND NOT ((SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum = i.indkey[0]) = 'tenant_id'
                   AND (SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum = i.indkey[1]) = 'user_id')
            """);

        Assert.Equal(0L, offenders);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await TestDatabase.DropSchemaAsync(_schema);
}
