-- Tombstones of forgotten memories: only the id and when, never the content. They make Forget
-- by ids idempotent: a retry whose first attempt succeeded but whose reply was lost finds its
-- ids here and succeeds instead of failing NOT_FOUND. Kept for AgentMemory:Limits:ForgottenIdRetention,
-- pruned by the user's next Forget; Forget-user removes them with everything else.
CREATE TABLE forgotten_memories (
    tenant_id     text        NOT NULL,
    user_id       text        NOT NULL,
    memory_id     uuid        NOT NULL,
    forgotten_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_id, memory_id)
);
CREATE INDEX forgotten_memories_by_time ON forgotten_memories (tenant_id, user_id, forgotten_at);
