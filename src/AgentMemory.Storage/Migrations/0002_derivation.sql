-- Derivation: facts, their history, triples, entity mentions, timelines and the per-user
-- watermark. Every table leads with (tenant_id, user_id) like memories.

-- A per-user order of insertion: derivation follows it and its watermark points into it.
ALTER TABLE memories ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX memories_by_seq ON memories (tenant_id, user_id, seq);

-- Every change to a derived memory, in order (ADD, UPDATE, INVALIDATE, MERGE, SOURCE_FORGOTTEN, DELETE).
CREATE TABLE memory_history (
    tenant_id    text        NOT NULL,
    user_id      text        NOT NULL,
    history_id   bigint      GENERATED ALWAYS AS IDENTITY,
    memory_id    uuid        NOT NULL,
    operation    text        NOT NULL,
    text_before  text        NULL,
    text_after   text        NULL,
    related_ids  uuid[]      NOT NULL DEFAULT '{}',
    source_ids   uuid[]      NOT NULL DEFAULT '{}',
    reason       text        NOT NULL DEFAULT '',
    valid_from   timestamptz NULL,
    valid_to     timestamptz NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id, history_id)
);
CREATE INDEX memory_history_by_memory ON memory_history (tenant_id, user_id, memory_id, history_id);

-- (subject, relation, object) triples of facts: slot conflicts and the knowledge graph.
CREATE TABLE memory_triples (
    tenant_id  text     NOT NULL,
    user_id    text     NOT NULL,
    memory_id  uuid     NOT NULL,
    ordinal    smallint NOT NULL,
    subject    text     NOT NULL,
    relation   text     NOT NULL,
    object     text     NOT NULL,
    PRIMARY KEY (tenant_id, user_id, memory_id, ordinal)
);

-- Which entities a memory mentions: timelines and graph context edges.
CREATE TABLE memory_entities (
    tenant_id  text NOT NULL,
    user_id    text NOT NULL,
    memory_id  uuid NOT NULL,
    entity     text NOT NULL,
    PRIMARY KEY (tenant_id, user_id, memory_id, entity)
);
CREATE INDEX memory_entities_by_entity ON memory_entities (tenant_id, user_id, entity);

-- Ordered links between memories about the same entity or topic.
CREATE TABLE timeline_links (
    tenant_id  text NOT NULL,
    user_id    text NOT NULL,
    from_id    uuid NOT NULL,
    to_id      uuid NOT NULL,
    relation   text NOT NULL CHECK (relation IN ('continues', 'updates', 'causes', 'contradicts')),
    topic      text NOT NULL,
    PRIMARY KEY (tenant_id, user_id, from_id, to_id)
);

-- How far derivation has got, per user: every episode with seq <= derived_seq is done.
CREATE TABLE derivation_state (
    tenant_id    text        NOT NULL,
    user_id      text        NOT NULL,
    derived_seq  bigint      NOT NULL DEFAULT 0,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);
