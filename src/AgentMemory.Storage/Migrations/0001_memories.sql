-- Memories of every kind. Episodic rows are written by Remember and never edited;
-- semantic and summary rows (derived) use the validity and lineage columns.
-- Every table leads with (tenant_id, user_id) and every query is scoped by it,
-- so the data can be distributed by that key (e.g. Citus) without rewriting queries.
CREATE TABLE memories (
    tenant_id        text        NOT NULL,
    user_id          text        NOT NULL,
    memory_id        uuid        NOT NULL,
    kind             smallint    NOT NULL CHECK (kind BETWEEN 1 AND 3),
    text             text        NOT NULL,
    speaker          text        NULL,
    role             smallint    NOT NULL DEFAULT 0,
    session_id       text        NULL,
    -- Bi-temporal: when it happened (event time) and when we learned it (record time).
    event_time       timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    idempotency_key  text        NOT NULL,
    origin           text        NOT NULL DEFAULT 'remember',
    source_ids       uuid[]      NOT NULL DEFAULT '{}',
    -- Validity of derived facts in event time, and their retirement in record time.
    valid_from       timestamptz NULL,
    valid_to         timestamptz NULL,
    expired_at       timestamptz NULL,
    superseded_by    uuid        NULL,
    embedding        vector({{dimensions}}) NOT NULL,
    PRIMARY KEY (tenant_id, user_id, memory_id),
    CONSTRAINT memories_idempotency UNIQUE (tenant_id, user_id, idempotency_key)
);

-- List: newest event first with keyset paging.
CREATE INDEX memories_by_event_time ON memories (tenant_id, user_id, event_time DESC, memory_id DESC);
-- Forget by session, and session-scoped list.
CREATE INDEX memories_by_session ON memories (tenant_id, user_id, session_id) WHERE session_id IS NOT NULL;

-- One row per known user: when it was first seen and how many memories it has, so
-- quota checks and operator views do not count rows.
CREATE TABLE users (
    tenant_id     text        NOT NULL,
    user_id       text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    memory_count  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, user_id)
);
