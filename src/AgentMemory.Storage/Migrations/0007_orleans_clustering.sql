-- Orleans cluster membership on the service's own PostgreSQL (the ADO.NET clustering provider), for
-- running several silos as one cluster (AgentMemory:Orleans:Clustering = PostgreSQL). Written from the
-- provider's contract for Orleans 10.4 (docs/decisions.md 27), like the reminders of migration 0006:
-- the provider reads its SQL from OrleansQuery by key, binds @-named parameters, reads result columns
-- by name, and takes a single returned value above 0 as success.

-- One row per cluster: its membership version, which every change of a silo's row must bump from
-- the version the silo last read (optimistic concurrency across silos).
CREATE TABLE orleans_membership_versions (
    deployment_id  varchar(150)   NOT NULL PRIMARY KEY,
    changed_at     timestamptz(3) NOT NULL DEFAULT now(),
    version        integer        NOT NULL DEFAULT 0
);

-- One row per silo incarnation.
CREATE TABLE orleans_membership (
    deployment_id    varchar(150)   NOT NULL REFERENCES orleans_membership_versions (deployment_id),
    address          varchar(45)    NOT NULL,
    port             integer        NOT NULL,
    generation       integer        NOT NULL,
    silo_name        varchar(150)   NOT NULL,
    host_name        varchar(150)   NOT NULL,
    status           integer        NOT NULL,
    proxy_port       integer        NULL,
    suspect_times    varchar(8000)  NULL,
    start_time       timestamptz(3) NOT NULL,
    i_am_alive_time  timestamptz(3) NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- A silo's row is added or changed only together with the cluster's version, from the version the silo
-- last read, in one statement: the version row is updated first (its lock orders the writers of a
-- cluster) and the silo's row is written only from what that update returned, so both happen or neither
-- does (0). Whoever adds a silo's row moves the version too, so a row added after this statement's
-- snapshot makes the re-checked `version = @Version` fail instead of a duplicate key. Rows leave without
-- a version move only when a dead silo's row is cleaned up; an update racing that clean-up answers 0
-- after moving the version, and the provider, as after any refusal, reads the table again.

-- The cluster's version with every silo's row, or with one silo's row (address given; no silo row when
-- it has none): what the provider reads back, by column name.
CREATE FUNCTION orleans_read_membership(deployment text, address_arg text, port_arg integer, generation_arg integer)
RETURNS TABLE (DeploymentId text, Address text, Port integer, Generation integer, SiloName text, HostName text, Status integer,
               ProxyPort integer, SuspectTimes text, StartTime timestamptz, IAmAliveTime timestamptz, Version integer)
LANGUAGE sql STABLE AS $$
    SELECT v.deployment_id, m.address, m.port, m.generation, m.silo_name, m.host_name, m.status,
           m.proxy_port, m.suspect_times, m.start_time, m.i_am_alive_time, v.version
    FROM orleans_membership_versions v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
        AND (address_arg IS NULL OR (m.address = address_arg AND m.port = port_arg AND m.generation = generation_arg))
    WHERE v.deployment_id = deployment;
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey',
 'WITH inserted AS (
      INSERT INTO orleans_membership_versions (deployment_id) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
  SELECT count(*)::integer FROM inserted'),
('InsertMembershipKey',
 'WITH bumped AS (
      UPDATE orleans_membership_versions SET version = version + 1, changed_at = now()
      WHERE deployment_id = @DeploymentId AND version = @Version
        AND NOT EXISTS (SELECT 1 FROM orleans_membership
                        WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
      RETURNING deployment_id),
  inserted AS (
      INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
      SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM bumped
      RETURNING 1)
  SELECT count(*)::integer FROM inserted'),
('UpdateMembershipKey',
 'WITH bumped AS (
      UPDATE orleans_membership_versions SET version = version + 1, changed_at = now()
      WHERE deployment_id = @DeploymentId AND version = @Version
        AND EXISTS (SELECT 1 FROM orleans_membership
                    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
      RETURNING deployment_id),
  updated AS (
      UPDATE orleans_membership m SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
      FROM bumped b
      WHERE m.deployment_id = b.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
      RETURNING 1)
  SELECT count(*)::integer FROM updated'),
('UpdateIAmAlivetimeKey',
 'UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime
  WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),
('MembershipReadRowKey',
 'SELECT * FROM orleans_read_membership(@DeploymentId, @Address, @Port, @Generation)'),
('MembershipReadAllKey',
 'SELECT * FROM orleans_read_membership(@DeploymentId, NULL, NULL, NULL)'),
('DeleteMembershipTableEntriesKey',
 'DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
  DELETE FROM orleans_membership_versions WHERE deployment_id = @DeploymentId'),
('GatewaysQueryKey',
 'SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
  FROM orleans_membership
  WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0'),
('CleanupDefunctSiloEntriesKey',
 'DELETE FROM orleans_membership
  WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3');
