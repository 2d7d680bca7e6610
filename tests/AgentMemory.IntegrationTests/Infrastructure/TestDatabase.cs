using Npgsql;

namespace AgentMemory.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL the test command started (tools/setup-postgres --test), and a private schema
/// per test class so classes never see each other's rows. Set
/// <c>AGENTMEMORY_TEST_CONNECTION_STRING</c> to use another server.
/// </summary>
public static class TestDatabase
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=55432;Username=agentmemory;Password=agentmemory;Database=agentmemory_test";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("AGENTMEMORY_TEST_CONNECTION_STRING") is { Length: > 0 } configured ? configured : DefaultConnectionString;

    /// <summary>A fresh, unique schema name for one test class.</summary>
    public static string NewSchemaName(string owner)
    {
        var cleaned = new string(owner.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray());
        return $"t_{cleaned}_{Guid.NewGuid():N}"[..Math.Min(63, 2 + cleaned.Length + 1 + 12)];
    }

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a scalar query in the given schema, for assertions about stored rows.</summary>
    public static async Task<T> ScalarAsync<T>(string schema, string sql, params object[] parameters)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = $"{schema},public" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
