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

-- Moves the cluster's version on from the one a silo read; false when another silo moved it first.
CREATE FUNCTION orleans_bump_membership_version(deployment text, version_arg integer)
RETURNS boolean LANGUAGE sql AS $$
    WITH bumped AS (
        UPDATE orleans_membership_versions SET version = version + 1, changed_at = now()
        WHERE deployment_id = deployment AND version = version_arg
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM bumped);
$$;

-- Adds a silo's row and bumps the cluster's version from the one given: both (1) or neither (0).
-- The inner block is a subtransaction, so raising out of it undoes the bump with the insert.
CREATE FUNCTION orleans_insert_membership(
    deployment text, address_arg text, port_arg integer, generation_arg integer, silo_name_arg text, host_name_arg text,
    status_arg integer, proxy_port_arg integer, start_time_arg timestamptz, i_am_alive_time_arg timestamptz, version_arg integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        IF NOT orleans_bump_membership_version(deployment, version_arg) THEN
            RETURN 0;
        END IF;

        INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
        VALUES (deployment, address_arg, port_arg, generation_arg, silo_name_arg, host_name_arg, status_arg, proxy_port_arg, start_time_arg, i_am_alive_time_arg)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'the silo''s row exists already' USING ERRCODE = 'OR001';
        END IF;

        RETURN 1;
    EXCEPTION WHEN SQLSTATE 'OR001' THEN
        RETURN 0;
    END;
END;
$$;

-- Changes a silo's row and bumps the cluster's version from the one given: both (1) or neither (0).
CREATE FUNCTION orleans_update_membership(
    deployment text, address_arg text, port_arg integer, generation_arg integer, status_arg integer, suspect_times_arg text,
    i_am_alive_time_arg timestamptz, version_arg integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        IF NOT orleans_bump_membership_version(deployment, version_arg) THEN
            RETURN 0;
        END IF;

        UPDATE orleans_membership SET status = status_arg, suspect_times = suspect_times_arg, i_am_alive_time = i_am_alive_time_arg
        WHERE deployment_id = deployment AND address = address_arg AND port = port_arg AND generation = generation_arg;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no row for the silo' USING ERRCODE = 'OR001';
        END IF;

        RETURN 1;
    EXCEPTION WHEN SQLSTATE 'OR001' THEN
        RETURN 0;
    END;
END;
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey',
 'WITH inserted AS (
      INSERT INTO orleans_membership_versions (deployment_id) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
  SELECT count(*)::integer FROM inserted'),
('InsertMembershipKey',
 'SELECT orleans_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
      @StartTime, @IAmAliveTime, @Version)'),
('UpdateMembershipKey',
 'SELECT orleans_update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)'),
('UpdateIAmAlivetimeKey',
 'UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime
  WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),
('MembershipReadRowKey',
 'SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
         m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
         m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
  FROM orleans_membership_versions v
  LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
  WHERE v.deployment_id = @DeploymentId'),
('MembershipReadAllKey',
 'SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
         m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
         m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
  FROM orleans_membership_versions v
  LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
  WHERE v.deployment_id = @DeploymentId'),
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
