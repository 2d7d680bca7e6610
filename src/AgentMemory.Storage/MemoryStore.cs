using System.Text;
using AgentMemory.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace AgentMemory.Storage;

/// <summary>
/// The PostgreSQL side of a user's memory. Every statement is scoped by (tenant_id, user_id);
/// the user's grain is the only writer, so the store needs no optimistic concurrency of its own.
/// </summary>
public sealed partial class MemoryStore(NpgsqlDataSource dataSource, StorageSchema schema)
{
    private const string RecordColumns =
        "memory_id, kind, text, speaker, role, session_id, event_time, recorded_at, metadata::text, idempotency_key, origin, source_ids, valid_from, valid_to, expired_at, superseded_by, confidence";

    /// <summary>
    /// Inserts episodes in one transaction. Rows whose idempotency key the user already has are
    /// not inserted; their outcome names the existing row. Returns one outcome per row, in order.
    /// </summary>
    public async Task<InsertOutcome[]> InsertEpisodesAsync(UserScope scope, IReadOnlyList<EpisodeRow> rows, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        var outcomes = new InsertOutcome[rows.Count];
        if (rows.Count == 0)
        {
            return outcomes;
        }

        var ids = new Guid[rows.Count];
        var texts = new string[rows.Count];
        var speakers = new string?[rows.Count];
        var roles = new short[rows.Count];
        var sessions = new string?[rows.Count];
        var eventTimes = new DateTime[rows.Count];
        var metadata = new string[rows.Count];
        var keys = new string[rows.Count];
        var embeddings = new Vector[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var (id, episode, embedding) = rows[i];
            ids[i] = id;
            texts[i] = episode.Text;
            speakers[i] = episode.Speaker;
            roles[i] = (short)episode.Role;
            sessions[i] = episode.SessionId;
            eventTimes[i] = episode.EventTime.UtcDateTime;
            metadata[i] = episode.MetadataJson;
            keys[i] = episode.IdempotencyKey;
            embeddings[i] = new Vector(embedding);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var inserted = new Dictionary<string, (Guid Id, string Metadata)>(rows.Count, StringComparer.Ordinal);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO {schema.Name}.memories
                    (tenant_id, user_id, memory_id, kind, text, speaker, role, session_id, event_time, recorded_at, metadata, idempotency_key, origin, embedding)
                SELECT $1, $2, r.id, {(short)MemoryKind.Episodic}, r.text, r.speaker, r.role, r.session_id, r.event_time, $3, r.metadata::jsonb, r.key, 'remember', r.embedding
                FROM unnest($4::uuid[], $5::text[], $6::text[], $7::smallint[], $8::text[], $9::timestamptz[], $10::text[], $11::text[], $12::vector[])
                    AS r(id, text, speaker, role, session_id, event_time, metadata, key, embedding)
                ON CONFLICT (tenant_id, user_id, idempotency_key) DO NOTHING
                RETURNING idempotency_key, memory_id, metadata::text
                """;
            AddScope(insert, scope);
            insert.Parameters.Add(new NpgsqlParameter { Value = recordedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new NpgsqlParameter { Value = ids });
            insert.Parameters.Add(new NpgsqlParameter { Value = texts });
            insert.Parameters.Add(new NpgsqlParameter { Value = speakers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = roles });
            insert.Parameters.Add(new NpgsqlParameter { Value = sessions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = eventTimes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new NpgsqlParameter { Value = metadata });
            insert.Parameters.Add(new NpgsqlParameter { Value = keys });
            insert.Parameters.Add(new NpgsqlParameter { Value = embeddings });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted[reader.GetString(0)] = (reader.GetGuid(1), reader.GetString(2));
            }
        }

        Dictionary<string, Guid>? existing = null;
        if (inserted.Count < rows.Count)
        {
            existing = await ReadIdsByKeyAsync(connection, transaction, scope, keys.Where(k => !inserted.ContainsKey(k)).ToArray(), cancellationToken);
        }

        if (inserted.Count > 0)
        {
            await AdjustUserCountAsync(connection, transaction, scope, inserted.Count, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        for (var i = 0; i < rows.Count; i++)
        {
            var key = keys[i];
            if (inserted.TryGetValue(key, out var row) && row.Id == ids[i])
            {
                outcomes[i] = new InsertOutcome(row.Id, Inserted: true, row.Metadata);
            }
            else if (inserted.TryGetValue(key, out row))
            {
                outcomes[i] = new InsertOutcome(row.Id, Inserted: false);
            }
            else if (existing is not null && existing.TryGetValue(key, out var id))
            {
                outcomes[i] = new InsertOutcome(id, Inserted: false);
            }
            else
            {
                throw new InvalidOperationException($"Idempotency key '{key}' was neither inserted nor found.");
            }
        }

        return outcomes;
    }

    /// <summary>Streams every memory of the user with its embedding, using binary COPY.</summary>
    /// <remarks>
    /// Rows come in storage order, unsorted: sorting 1.8 KB rows with their vectors spilled to
    /// disk for a large user (30 MB at 19,000 memories, a third of the read time), and the
    /// grain's index places turns by event time itself.
    /// </remarks>
    /// <returns>The number of rows read.</returns>
    public async Task<int> LoadUserAsync(UserScope scope, MemoryRowHandler onRow, CancellationToken cancellationToken)
    {
        // COPY takes no parameters, so the scope goes in as literals; UserScope.IsValidId
        // admits no quote or backslash, and QuoteLiteral doubles quotes all the same.
        var sql = $"""
            COPY (SELECT {RecordColumns}, embedding FROM {schema.Name}.memories
                  WHERE tenant_id = {QuoteLiteral(scope.TenantId)} AND user_id = {QuoteLiteral(scope.UserId)})
            TO STDOUT (FORMAT BINARY)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var export = await connection.BeginBinaryExportAsync(sql, cancellationToken);
        var count = 0;
        while (await export.StartRowAsync(cancellationToken) != -1)
        {
            var id = await export.ReadAsync<Guid>(NpgsqlDbType.Uuid, cancellationToken);
            var kind = (MemoryKind)await export.ReadAsync<short>(NpgsqlDbType.Smallint, cancellationToken);
            var text = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
            var speaker = await ReadNullableStringAsync(export, cancellationToken);
            var role = (MemoryRole)await export.ReadAsync<short>(NpgsqlDbType.Smallint, cancellationToken);
            var session = await ReadNullableStringAsync(export, cancellationToken);
            var eventTime = await export.ReadAsync<DateTime>(NpgsqlDbType.TimestampTz, cancellationToken);
            var recordedAt = await export.ReadAsync<DateTime>(NpgsqlDbType.TimestampTz, cancellationToken);
            var metadata = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
            var key = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
            var origin = await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
            var sources = await export.ReadAsync<Guid[]>(NpgsqlDbType.Array | NpgsqlDbType.Uuid, cancellationToken);
            var validFrom = await ReadNullableTimeAsync(export, cancellationToken);
            var validTo = await ReadNullableTimeAsync(export, cancellationToken);
            var expiredAt = await ReadNullableTimeAsync(export, cancellationToken);
            Guid? supersededBy = null;
            if (export.IsNull)
            {
                await export.SkipAsync(cancellationToken);
            }
            else
            {
                supersededBy = await export.ReadAsync<Guid>(NpgsqlDbType.Uuid, cancellationToken);
            }

            double? confidence = null;
            if (export.IsNull)
            {
                await export.SkipAsync(cancellationToken);
            }
            else
            {
                confidence = await export.ReadAsync<double>(NpgsqlDbType.Double, cancellationToken);
            }

            var embedding = await export.ReadAsync<Vector>(cancellationToken);
            var record = new MemoryRecord(id, kind, text, speaker, role, session, ToOffset(eventTime), ToOffset(recordedAt), metadata, key, origin, sources)
            {
                ValidFrom = validFrom,
                ValidTo = validTo,
                ExpiredAt = expiredAt,
                SupersededBy = supersededBy,
                Confidence = confidence,
            };
            onRow(record, embedding.Memory);
            count++;
        }

        return count;
    }

    /// <summary>One page, newest event first, strictly after <paramref name="after"/> when given.</summary>
    public async Task<(List<MemoryRecord> Page, ListCursor? Next)> ListAsync(UserScope scope, MemoryFilter filter, int pageSize, ListCursor? after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {RecordColumns} FROM {schema.Name}.memories WHERE tenant_id = $1 AND user_id = $2");
        AddScope(command, scope);
        AppendFilter(sql, command, filter);
        if (after is { } cursor)
        {
            sql.Append(" AND (event_time, memory_id) < (").Append(Parameter(command, cursor.EventTime.UtcDateTime, NpgsqlDbType.TimestampTz))
               .Append(", ").Append(Parameter(command, cursor.MemoryId, NpgsqlDbType.Uuid)).Append(')');
        }

        sql.Append(" ORDER BY event_time DESC, memory_id DESC LIMIT ").Append(Parameter(command, pageSize + 1, NpgsqlDbType.Integer));
        command.CommandText = sql.ToString();

        var page = new List<MemoryRecord>(Math.Min(pageSize + 1, 1024));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                page.Add(ReadRecord(reader));
            }
        }

        if (page.Count <= pageSize)
        {
            return (page, null);
        }

        page.RemoveAt(page.Count - 1);
        var last = page[^1];
        return (page, new ListCursor(last.EventTime, last.Id));
    }

    /// <summary>Reads memories by id; unknown ids are simply absent from the result.</summary>
    public async Task<List<MemoryRecord>> GetAsync(UserScope scope, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {RecordColumns} FROM {schema.Name}.memories WHERE tenant_id = $1 AND user_id = $2 AND memory_id = ANY($3)");
        AddScope(command, scope);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        var records = new List<MemoryRecord>(ids.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(ReadRecord(reader));
        }

        return records;
    }

    /// <summary>
    /// Erases the user from every table of the schema that has (tenant_id, user_id) columns,
    /// found from the catalog so that tables added by later migrations are never missed.
    /// </summary>
    /// <returns>Rows removed in all tables together.</returns>
    public async Task<long> DeleteUserAsync(UserScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var tables = await ListUserTablesAsync(connection, transaction, cancellationToken);
        long removed = 0;
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {schema.Name}.{table} WHERE tenant_id = $1 AND user_id = $2";
            AddScope(command, scope);
            removed += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>Rows the user has in each per-user table (for operators and tests).</summary>
    public async Task<Dictionary<string, long>> CountUserRowsAsync(UserScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in await ListUserTablesAsync(connection, null, cancellationToken))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM {schema.Name}.{table} WHERE tenant_id = $1 AND user_id = $2";
            AddScope(command, scope);
            counts[table] = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }

    private async Task<List<string>> ListUserTablesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT c.table_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE' AND c.column_name IN ('tenant_id', 'user_id')
            GROUP BY c.table_name HAVING count(*) = 2 ORDER BY c.table_name
            """;
        command.Parameters.Add(new NpgsqlParameter { Value = schema.Name });
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private async Task<Dictionary<string, Guid>> ReadIdsByKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, UserScope scope, string[] keys, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT idempotency_key, memory_id FROM {schema.Name}.memories WHERE tenant_id = $1 AND user_id = $2 AND idempotency_key = ANY($3)";
        AddScope(command, scope);
        command.Parameters.Add(new NpgsqlParameter { Value = keys });
        var ids = new Dictionary<string, Guid>(keys.Length, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[reader.GetString(0)] = reader.GetGuid(1);
        }

        return ids;
    }

    private async Task AdjustUserCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, UserScope scope, long delta, CancellationToken cancellationToken)
    {
        if (delta == 0)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {schema.Name}.users (tenant_id, user_id, memory_count) VALUES ($1, $2, GREATEST($3, 0))
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET memory_count = GREATEST(users.memory_count + $3, 0)
            """;
        AddScope(command, scope);
        command.Parameters.Add(new NpgsqlParameter { Value = delta });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AppendFilter(StringBuilder sql, NpgsqlCommand command, MemoryFilter filter)
    {
        if (filter.Kinds.Count > 0)
        {
            sql.Append(" AND kind = ANY(").Append(Parameter(command, filter.Kinds.Select(k => (short)k).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Smallint)).Append(')');
        }

        if (filter.SessionId is not null)
        {
            sql.Append(" AND session_id = ").Append(Parameter(command, filter.SessionId, NpgsqlDbType.Text));
        }

        if (filter.EventTimeFrom is { } from)
        {
            sql.Append(" AND event_time >= ").Append(Parameter(command, from.UtcDateTime, NpgsqlDbType.TimestampTz));
        }

        if (filter.EventTimeTo is { } to)
        {
            sql.Append(" AND event_time < ").Append(Parameter(command, to.UtcDateTime, NpgsqlDbType.TimestampTz));
        }
    }

    private static string Parameter(NpgsqlCommand command, object value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
        return "$" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AddScope(NpgsqlCommand command, UserScope scope)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = scope.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = scope.UserId });
    }

    private static MemoryRecord ReadRecord(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        (MemoryKind)reader.GetInt16(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        (MemoryRole)reader.GetInt16(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        ToOffset(reader.GetDateTime(6)),
        ToOffset(reader.GetDateTime(7)),
        reader.GetString(8),
        reader.GetString(9),
        reader.GetString(10),
        reader.GetFieldValue<Guid[]>(11))
    {
        ValidFrom = reader.IsDBNull(12) ? null : ToOffset(reader.GetDateTime(12)),
        ValidTo = reader.IsDBNull(13) ? null : ToOffset(reader.GetDateTime(13)),
        ExpiredAt = reader.IsDBNull(14) ? null : ToOffset(reader.GetDateTime(14)),
        SupersededBy = reader.IsDBNull(15) ? null : reader.GetGuid(15),
        Confidence = reader.IsDBNull(16) ? null : reader.GetDouble(16),
    };

    private static async Task<DateTimeOffset?> ReadNullableTimeAsync(NpgsqlBinaryExporter export, CancellationToken cancellationToken)
    {
        if (export.IsNull)
        {
            await export.SkipAsync(cancellationToken);
            return null;
        }

        return ToOffset(await export.ReadAsync<DateTime>(NpgsqlDbType.TimestampTz, cancellationToken));
    }

    private static async Task<string?> ReadNullableStringAsync(NpgsqlBinaryExporter export, CancellationToken cancellationToken)
    {
        if (export.IsNull)
        {
            await export.SkipAsync(cancellationToken);
            return null;
        }

        return await export.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken);
    }

    private static DateTimeOffset ToOffset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private static string QuoteLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
