using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentMemory.Storage;

/// <summary>
/// Applies the versioned SQL migrations embedded in this assembly, in order, each in its own
/// transaction, under an advisory lock so that several silos starting together migrate once.
/// Applied versions and their checksums are kept in <c>schema_migrations</c>; an applied
/// migration whose text changed is an error, because the database no longer matches the code.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, StorageSchema schema, ILogger<SchemaMigrator> logger)
{
    private const string ResourcePrefix = "Migrations/";

    /// <summary>The embedded migrations, ordered by version.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    /// <summary>Brings the schema up to date for embeddings of <paramref name="dimensions"/> dimensions.</summary>
    /// <returns>How many migrations were applied.</returns>
    public async Task<int> MigrateAsync(int dimensions, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, 2000);

        var applied = 0;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using (var setup = connection.CreateCommand())
            {
                // The extension goes to public so every schema (and every test schema) sees the type.
                setup.CommandText = $"""
                    SELECT pg_advisory_lock(hashtext('agentmemory-migrations:' || '{schema.Name}'));
                    CREATE EXTENSION IF NOT EXISTS vector SCHEMA public;
                    CREATE SCHEMA IF NOT EXISTS {schema.Name};
                    CREATE TABLE IF NOT EXISTS {schema.Name}.schema_migrations (
                        version     integer     PRIMARY KEY,
                        name        text        NOT NULL,
                        checksum    text        NOT NULL,
                        applied_at  timestamptz NOT NULL DEFAULT now()
                    );
                    """;
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }

            try
            {
                var existing = await ReadAppliedAsync(connection, cancellationToken);
                foreach (var migration in Migrations)
                {
                    var sql = migration.Render(dimensions);
                    if (existing.TryGetValue(migration.Version, out var checksum))
                    {
                        if (checksum != migration.Checksum)
                        {
                            throw new InvalidOperationException(
                                $"Migration {migration.Version} ({migration.Name}) was applied to schema '{schema.Name}' with different text. " +
                                "Migrations are immutable once released; add a new one instead.");
                        }

                        continue;
                    }

                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    await using (var command = connection.CreateCommand())
                    {
                        command.Transaction = transaction;
                        command.CommandText = $"SET LOCAL search_path TO {schema.Name}, public;\n{sql}";
                        await command.ExecuteNonQueryAsync(cancellationToken);
                    }

                    await using (var record = connection.CreateCommand())
                    {
                        record.Transaction = transaction;
                        record.CommandText = $"INSERT INTO {schema.Name}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)";
                        record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                        record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                        record.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
                        await record.ExecuteNonQueryAsync(cancellationToken);
                    }

                    await transaction.CommitAsync(cancellationToken);
                    applied++;
                    logger.LogInformation("Applied migration {Version} {Name} to schema {Schema}", migration.Version, migration.Name, schema.Name);
                }

                await VerifyDimensionsAsync(connection, dimensions, cancellationToken);
            }
            finally
            {
                await using var unlock = connection.CreateCommand();
                unlock.CommandText = $"SELECT pg_advisory_unlock(hashtext('agentmemory-migrations:' || '{schema.Name}'))";
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }

            // The vector type may have been created just now; make this data source learn it.
            await connection.ReloadTypesAsync(cancellationToken);
        }

        return applied;
    }

    private async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version, checksum FROM {schema.Name}.schema_migrations";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private async Task VerifyDimensionsAsync(NpgsqlConnection connection, int dimensions, CancellationToken cancellationToken)
    {
        // For pgvector's vector(n) the type modifier is n itself.
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.atttypmod FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = 'memories' AND a.attname = 'embedding'
            """;
        command.Parameters.Add(new NpgsqlParameter { Value = schema.Name });
        var stored = await command.ExecuteScalarAsync(cancellationToken) as int?;
        if (stored != dimensions)
        {
            throw new InvalidOperationException(
                $"Schema '{schema.Name}' stores {stored}-dimensional embeddings but the configured embedder produces {dimensions}. " +
                "Use the embedder the data was written with, or a new schema (AgentMemory:Storage:Schema) and re-import.");
        }
    }

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[ResourcePrefix.Length..^4];
            var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(fileName[..underscore], out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' must be named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            migrations.Add(new Migration(version, fileName[(underscore + 1)..], text));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    /// <summary>One versioned migration. <c>{{dimensions}}</c> in its text is the embedding size.</summary>
    public sealed record Migration(int Version, string Name, string Template)
    {
        public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Template)));

        public string Render(int dimensions) => Template.Replace("{{dimensions}}", dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
