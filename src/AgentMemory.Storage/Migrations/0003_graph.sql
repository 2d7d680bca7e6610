-- The knowledge graph's phrase nodes and synonym edges (HippoRAG 2). Passage nodes are the
-- memories; context edges are memory_entities and the arguments of memory_triples; relation
-- edges are the (subject, object) pairs of memory_triples, weighted by how often they occur.
-- Only what cannot be recomputed cheaply on activation is stored here: each phrase's embedding
-- (an inference call) and the synonym pairs found with it.

-- One row per distinct phrase of a user, keyed by its normalized form (lower case, single spaces).
CREATE TABLE graph_phrases (
    tenant_id  text NOT NULL,
    user_id    text NOT NULL,
    phrase     text NOT NULL,
    embedding  vector({{dimensions}}) NOT NULL,
    PRIMARY KEY (tenant_id, user_id, phrase)
);

-- Pairs of phrases whose embeddings are close; stored once, the ordinally smaller phrase first
-- (the service orders them; the database's collation may order differently, so no CHECK).
CREATE TABLE graph_synonyms (
    tenant_id   text NOT NULL,
    user_id     text NOT NULL,
    phrase_a    text NOT NULL,
    phrase_b    text NOT NULL,
    similarity  real NOT NULL CHECK (similarity > 0 AND similarity <= 1.0001),
    PRIMARY KEY (tenant_id, user_id, phrase_a, phrase_b)
);
