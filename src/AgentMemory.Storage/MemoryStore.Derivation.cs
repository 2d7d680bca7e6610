using AgentMemory.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace AgentMemory.Storage;

/// <summary>The derivation side of the store: pending episodes, derived state, and atomic application of a derivation step.</summary>
public sealed partial class MemoryStore
{
    /// <summary>Episodes after the watermark, in insertion order.</summary>
    public async Task<List<PendingEpisode>> ReadPendingEpisodesAsync(UserScope scope, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {RecordColumns}, seq FROM {schema.Name}.memories
            WHERE tenant_id = $1 AND user_id = $2 AND kind = {(short)MemoryKind.Episodic} AND seq > $3
            ORDER BY seq LIMIT $4
            """);
        AddScope(command, scope);
        command.Parameters.Add(new NpgsqlParameter { Value = afterSeq });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var pending = new List<PendingEpisode>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingEpisode(reader.GetInt64(17), ReadRecord(reader)));
        }

        return pending;
    }

    /// <summary>The highest insertion position of any episode of the user (0 when none).</summary>
    public async Task<long> LatestEpisodeSeqAsync(UserScope scope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT coalesce(max(seq), 0) FROM {schema.Name}.memories WHERE tenant_id = $1 AND user_id = $2 AND kind = {(short)MemoryKind.Episodic}");
        AddScope(command, scope);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Triples, mentions, timeline links and the watermark of one user.</summary>
    public async Task<DerivedState> LoadDerivedStateAsync(UserScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var sql in new[]
        {
            $"SELECT derived_seq FROM {schema.Name}.derivation_state WHERE tenant_id = $1 AND user_id = $2",
            $"SELECT memory_id, ordinal, subject, relation, object FROM {schema.Name}.memory_triples WHERE tenant_id = $1 AND user_id = $2",
            $"SELECT memory_id, entity FROM {schema.Name}.memory_entities WHERE tenant_id = $1 AND user_id = $2",
            $"SELECT from_id, to_id, relation, topic FROM {schema.Name}.timeline_links WHERE tenant_id = $1 AND user_id = $2",
            $"SELECT phrase, embedding FROM {schema.Name}.graph_phrases WHERE tenant_id = $1 AND user_id = $2",
            $"SELECT phrase_a, phrase_b, similarity FROM {schema.Name}.graph_synonyms WHERE tenant_id = $1 AND user_id = $2",
        })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = scope.TenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = scope.UserId });
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var derivedSeq = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
        await reader.NextResultAsync(cancellationToken);
        var triples = new List<TripleRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            triples.Add(new TripleRow(reader.GetGuid(0), reader.GetInt16(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        await reader.NextResultAsync(cancellationToken);
        var mentions = new List<MentionRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            mentions.Add(new MentionRow(reader.GetGuid(0), reader.GetString(1)));
        }

        await reader.NextResultAsync(cancellationToken);
        var links = new List<TimelineLink>();
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(new TimelineLink(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
        }

        await reader.NextResultAsync(cancellationToken);
        var phrases = new List<PhraseRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            phrases.Add(new PhraseRow(reader.GetString(0), reader.GetFieldValue<Vector>(1).Memory));
        }

        await reader.NextResultAsync(cancellationToken);
        var synonyms = new List<SynonymRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            synonyms.Add(new SynonymRow(reader.GetString(0), reader.GetString(1), reader.GetFloat(2)));
        }

        return new DerivedState(derivedSeq, triples, mentions, links) { Phrases = phrases, Synonyms = synonyms };
    }

    /// <summary>Writes one derivation step and its watermark in one transaction.</summary>
    public async Task ApplyDerivationAsync(UserScope scope, DerivationChanges changes, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        if (changes.IsEmpty)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertDerivedAsync(connection, scope, changes.Inserts, recordedAt, cancellationToken);
        await ReviseAsync(connection, transaction, scope, changes.Revisions, cancellationToken);
        await InsertHistoryAsync(connection, scope, changes.History, recordedAt, cancellationToken);
        await InsertGraphRowsAsync(connection, transaction, scope, changes, cancellationToken);
        if (changes.Inserts.Count > 0)
        {
            await AdjustUserCountAsync(connection, transaction, scope, changes.Inserts.Count, cancellationToken);
        }

        if (changes.DerivedSeq is { } seq)
        {
            await using var watermark = connection.CreateCommand();
            watermark.Transaction = transaction;
            watermark.CommandText = $"""
                INSERT INTO {schema.Name}.derivation_state (tenant_id, user_id, derived_seq, updated_at) VALUES ($1, $2, $3, now())
                ON CONFLICT (tenant_id, user_id) DO UPDATE SET derived_seq = GREATEST(derivation_state.derived_seq, EXCLUDED.derived_seq), updated_at = now()
                """;
            AddScope(watermark, scope);
            watermark.Parameters.Add(new NpgsqlParameter { Value = seq });
            await watermark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Forgets memories and what was derived only from them, in one transaction: the given rows
    /// go with their triples, mentions, links and history; <paramref name="revisions"/> shrink the
    /// sources of facts that keep other sources, and <paramref name="history"/> records that.
    /// Graph phrases that no remaining memory mentions (<paramref name="orphanedPhrases"/>) go with
    /// their synonym edges: a phrase learned only from forgotten memories is forgotten too.
    /// </summary>
    /// <returns>Rows removed across all tables.</returns>
    /// <param name="forgottenAt">When, for the tombstones: each forgotten id is recorded (its id and this time, never
    /// its content), and this user's tombstones older than <paramref name="keepTombstonesSince"/> are pruned. Neither
    /// counts as a row removed.</param>
    /// <param name="keepTombstonesSince">The oldest tombstone time still kept.</param>
    public async Task<long> ForgetAsync(
        UserScope scope, IReadOnlyList<Guid> ids, IReadOnlyList<MemoryRevision> revisions, IReadOnlyList<HistoryRow> history, IReadOnlyList<string> orphanedPhrases,
        DateTimeOffset forgottenAt, DateTimeOffset keepTombstonesSince, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long removed = 0;
        long memories = 0;
        foreach (var (table, column) in new[]
        {
            ("memory_triples", "memory_id"), ("memory_entities", "memory_id"), ("memory_history", "memory_id"),
            ("timeline_links", "from_id"), ("timeline_links", "to_id"), ("memories", "memory_id"),
        })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {schema.Name}.{table} WHERE tenant_id = $1 AND user_id = $2 AND {column} = ANY($3)";
            AddScope(command, scope);
            command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
            var count = await command.ExecuteNonQueryAsync(cancellationToken);
            removed += count;
            if (table == "memories")
            {
                memories = count;
            }
        }

        if (orphanedPhrases.Count > 0)
        {
            var phrases = orphanedPhrases.ToArray();
            foreach (var sql in new[]
            {
                $"DELETE FROM {schema.Name}.graph_synonyms WHERE tenant_id = $1 AND user_id = $2 AND (phrase_a = ANY($3) OR phrase_b = ANY($3))",
                $"DELETE FROM {schema.Name}.graph_phrases WHERE tenant_id = $1 AND user_id = $2 AND phrase = ANY($3)",
            })
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                AddScope(command, scope);
                command.Parameters.Add(new NpgsqlParameter { Value = phrases });
                removed += await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await ReviseAsync(connection, transaction, scope, revisions, cancellationToken);
        await InsertHistoryAsync(connection, scope, history, DateTimeOffset.UtcNow, cancellationToken);
        await AdjustUserCountAsync(connection, transaction, scope, -memories, cancellationToken);
        await RecordTombstonesAsync(connection, transaction, scope, ids, forgottenAt, keepTombstonesSince, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>
    /// Which of <paramref name="ids"/> this user forgot at or after <paramref name="since"/>: a Forget by
    /// ids that names them again (a retry whose first reply was lost) has nothing left to do for them.
    /// </summary>
    public async Task<HashSet<Guid>> FindForgottenAsync(UserScope scope, IReadOnlyList<Guid> ids, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT memory_id FROM {schema.Name}.forgotten_memories WHERE tenant_id = $1 AND user_id = $2 AND memory_id = ANY($3) AND forgotten_at >= $4");
        AddScope(command, scope);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = since });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var forgotten = new HashSet<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            forgotten.Add(reader.GetGuid(0));
        }

        return forgotten;
    }

    private async Task RecordTombstonesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, UserScope scope, IReadOnlyList<Guid> ids, DateTimeOffset forgottenAt, DateTimeOffset keepSince, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var prune = new NpgsqlBatchCommand($"DELETE FROM {schema.Name}.forgotten_memories WHERE tenant_id = $1 AND user_id = $2 AND forgotten_at < $3");
        AddScope(prune, scope);
        prune.Parameters.Add(new NpgsqlParameter { Value = keepSince });
        batch.BatchCommands.Add(prune);

        // A memory's id is never reused, so an id is forgotten once; a repeat must still not fail the transaction.
        var record = new NpgsqlBatchCommand(
            $"INSERT INTO {schema.Name}.forgotten_memories (tenant_id, user_id, memory_id, forgotten_at) SELECT $1, $2, id, $4 FROM unnest($3::uuid[]) AS id " +
            "ON CONFLICT (tenant_id, user_id, memory_id) DO UPDATE SET forgotten_at = excluded.forgotten_at");
        AddScope(record, scope);
        record.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        record.Parameters.Add(new NpgsqlParameter { Value = forgottenAt });
        batch.BatchCommands.Add(record);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The history of one memory, oldest first.</summary>
    public async Task<List<HistoryEntry>> ReadHistoryAsync(UserScope scope, Guid memoryId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT history_id, memory_id, operation, text_before, text_after, related_ids, source_ids, reason, valid_from, valid_to, recorded_at
            FROM {schema.Name}.memory_history WHERE tenant_id = $1 AND user_id = $2 AND memory_id = $3 ORDER BY history_id
            """);
        AddScope(command, scope);
        command.Parameters.Add(new NpgsqlParameter { Value = memoryId });
        var entries = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new HistoryEntry(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<Guid[]>(5),
                reader.GetFieldValue<Guid[]>(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : ToOffset(reader.GetDateTime(8)),
                reader.IsDBNull(9) ? null : ToOffset(reader.GetDateTime(9)),
                ToOffset(reader.GetDateTime(10))));
        }

        return entries;
    }

    /// <summary>
    /// Users whose derivation is behind their episodes. A maintenance scan across users, used
    /// once at start so that work interrupted by a crash resumes without waiting for a call.
    /// </summary>
    public async Task<List<UserScope>> ListUsersWithPendingDerivationAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT m.tenant_id, m.user_id FROM {schema.Name}.memories m
            LEFT JOIN {schema.Name}.derivation_state d ON d.tenant_id = m.tenant_id AND d.user_id = m.user_id
            WHERE m.kind = {(short)MemoryKind.Episodic}
            GROUP BY m.tenant_id, m.user_id
            HAVING max(m.seq) > coalesce(max(d.derived_seq), 0)
            LIMIT $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var users = new List<UserScope>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new UserScope(reader.GetString(0), reader.GetString(1)));
        }

        return users;
    }

    private async Task InsertDerivedAsync(NpgsqlConnection connection, UserScope scope, List<DerivedMemoryRow> rows, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var import = await connection.BeginBinaryImportAsync($"""
            COPY {schema.Name}.memories (tenant_id, user_id, memory_id, kind, text, speaker, role, session_id, event_time, recorded_at,
                metadata, idempotency_key, origin, source_ids, valid_from, valid_to, expired_at, superseded_by, confidence, embedding)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var (r, embedding) in rows)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(scope.TenantId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(scope.UserId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.Id, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync((short)r.Kind, NpgsqlDbType.Smallint, cancellationToken);
            await import.WriteAsync(r.Text, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(import, r.Speaker, cancellationToken);
            await import.WriteAsync((short)r.Role, NpgsqlDbType.Smallint, cancellationToken);
            await WriteNullableAsync(import, r.SessionId, cancellationToken);
            await import.WriteAsync(r.EventTime.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(recordedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(r.MetadataJson, NpgsqlDbType.Jsonb, cancellationToken);
            await import.WriteAsync(r.IdempotencyKey, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.Origin, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.SourceIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid, cancellationToken);
            await WriteNullableTimeAsync(import, r.ValidFrom, cancellationToken);
            await WriteNullableTimeAsync(import, r.ValidTo, cancellationToken);
            await WriteNullableTimeAsync(import, r.ExpiredAt, cancellationToken);
            if (r.SupersededBy is { } superseding)
            {
                await import.WriteAsync(superseding, NpgsqlDbType.Uuid, cancellationToken);
            }
            else
            {
                await import.WriteNullAsync(cancellationToken);
            }

            if (r.Confidence is { } confidence)
            {
                await import.WriteAsync(confidence, NpgsqlDbType.Double, cancellationToken);
            }
            else
            {
                await import.WriteNullAsync(cancellationToken);
            }

            await import.WriteAsync(new Vector(embedding), cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    private async Task ReviseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, UserScope scope, IReadOnlyList<MemoryRevision> revisions, CancellationToken cancellationToken)
    {
        if (revisions.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var revision in revisions)
        {
            var command = new NpgsqlBatchCommand($"""
                UPDATE {schema.Name}.memories
                SET text = $4, embedding = coalesce($5, embedding), source_ids = $6, valid_to = $7, expired_at = $8, superseded_by = $9,
                    confidence = coalesce($10, confidence)
                WHERE tenant_id = $1 AND user_id = $2 AND memory_id = $3
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = scope.TenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = scope.UserId });
            command.Parameters.Add(new NpgsqlParameter { Value = revision.MemoryId });
            command.Parameters.Add(new NpgsqlParameter { Value = revision.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = revision.Embedding is { } e ? new Vector(e) : DBNull.Value, DataTypeName = "vector" });
            command.Parameters.Add(new NpgsqlParameter { Value = revision.SourceIds.ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)revision.ValidTo?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)revision.ExpiredAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)revision.SupersededBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = revision.Confidence is { } c ? c : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task InsertHistoryAsync(NpgsqlConnection connection, UserScope scope, IReadOnlyList<HistoryRow> rows, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var import = await connection.BeginBinaryImportAsync($"""
            COPY {schema.Name}.memory_history (tenant_id, user_id, memory_id, operation, text_before, text_after, related_ids, source_ids, reason, valid_from, valid_to, recorded_at)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var h in rows)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(scope.TenantId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(scope.UserId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(h.MemoryId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(h.Operation, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(import, h.TextBefore, cancellationToken);
            await WriteNullableAsync(import, h.TextAfter, cancellationToken);
            await import.WriteAsync(h.RelatedIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(h.SourceIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(h.Reason, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableTimeAsync(import, h.ValidFrom, cancellationToken);
            await WriteNullableTimeAsync(import, h.ValidTo, cancellationToken);
            await import.WriteAsync(recordedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    private async Task InsertGraphRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, UserScope scope, DerivationChanges changes, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        AddUnnestInsert(batch, scope, "memory_triples (tenant_id, user_id, memory_id, ordinal, subject, relation, object)", ["uuid", "smallint", "text", "text", "text"], changes.Triples.Count,
            changes.Triples.Select(t => t.MemoryId).ToArray(), changes.Triples.Select(t => t.Ordinal).ToArray(), changes.Triples.Select(t => t.Subject).ToArray(),
            changes.Triples.Select(t => t.Relation).ToArray(), changes.Triples.Select(t => t.Object).ToArray());
        AddUnnestInsert(batch, scope, "memory_entities (tenant_id, user_id, memory_id, entity)", ["uuid", "text"], changes.Mentions.Count,
            changes.Mentions.Select(m => m.MemoryId).ToArray(), changes.Mentions.Select(m => m.Entity).ToArray());
        AddUnnestInsert(batch, scope, "timeline_links (tenant_id, user_id, from_id, to_id, relation, topic)", ["uuid", "uuid", "text", "text"], changes.Links.Count,
            changes.Links.Select(l => l.FromId).ToArray(), changes.Links.Select(l => l.ToId).ToArray(), changes.Links.Select(l => l.Relation).ToArray(), changes.Links.Select(l => l.Topic).ToArray());
        AddUnnestInsert(batch, scope, "graph_phrases (tenant_id, user_id, phrase, embedding)", ["text", "vector"], changes.Phrases.Count,
            changes.Phrases.Select(p => p.Phrase).ToArray(), changes.Phrases.Select(p => new Vector(p.Embedding)).ToArray());
        AddUnnestInsert(batch, scope, "graph_synonyms (tenant_id, user_id, phrase_a, phrase_b, similarity)", ["text", "text", "real"], changes.Synonyms.Count,
            changes.Synonyms.Select(p => p.PhraseA).ToArray(), changes.Synonyms.Select(p => p.PhraseB).ToArray(), changes.Synonyms.Select(p => p.Similarity).ToArray());
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Adds "INSERT INTO table SELECT tenant, user, * FROM unnest(arrays…) ON CONFLICT DO NOTHING"
    /// to the batch: one round trip per table however many rows, and a redone step inserts nothing twice.
    /// </summary>
    private void AddUnnestInsert(NpgsqlBatch batch, UserScope scope, string tableAndColumns, string[] elementTypes, int rows, params Array[] columns)
    {
        if (rows == 0)
        {
            return;
        }

        var arrays = string.Join(", ", elementTypes.Select((type, i) => $"${i + 3}::{type}[]"));
        var command = new NpgsqlBatchCommand($"INSERT INTO {schema.Name}.{tableAndColumns} SELECT $1, $2, * FROM unnest({arrays}) ON CONFLICT DO NOTHING");
        AddScope(command, scope);
        foreach (var column in columns)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column });
        }

        batch.BatchCommands.Add(command);
    }

    private static void AddScope(NpgsqlBatchCommand command, UserScope scope)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = scope.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = scope.UserId });
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter import, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await import.WriteNullAsync(cancellationToken);
        }
        else
        {
            await import.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }

    private static async Task WriteNullableTimeAsync(NpgsqlBinaryImporter import, DateTimeOffset? value, CancellationToken cancellationToken)
    {
        if (value is { } time)
        {
            await import.WriteAsync(time.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
        }
        else
        {
            await import.WriteNullAsync(cancellationToken);
        }
    }
}
