-- Orleans reminders on the service's own PostgreSQL (the ADO.NET reminder provider), so a user's
-- pending work (derivation catching up, an idle session's summary) survives a restart. Written from
-- the provider's contract for Orleans 10.4 (docs/decisions.md 26): the provider reads its SQL from
-- OrleansQuery by key, binds @-named parameters and reads result columns by name. The provider
-- connects with this schema first on its search path, so names here are unqualified.

CREATE TABLE OrleansQuery (
    QueryKey   varchar(64)   NOT NULL PRIMARY KEY,
    QueryText  varchar(8000) NOT NULL
);

-- One row per (service, grain, reminder). grain_hash places the row in a silo's range of the ring;
-- version is the row's ETag. The only user data is the grain id of a user's reminder, which the
-- grain unregisters when the user is forgotten.
CREATE TABLE orleans_reminders (
    service_id     varchar(150)   NOT NULL,
    grain_id       varchar(150)   NOT NULL,
    reminder_name  varchar(150)   NOT NULL,
    start_time     timestamptz(3) NOT NULL,
    period         bigint         NOT NULL,
    grain_hash     integer        NOT NULL,
    version        integer        NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX orleans_reminders_by_hash ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey',
 'INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
  VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash, 0)
  ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
  SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
      version = orleans_reminders.version + 1
  RETURNING version AS Version'),
('ReadReminderRowsKey',
 'SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
  FROM orleans_reminders
  WHERE service_id = @ServiceId AND grain_id = @GrainId'),
('ReadReminderRowKey',
 'SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
  FROM orleans_reminders
  WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName'),
('ReadRangeRows1Key',
 'SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
  FROM orleans_reminders
  WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash'),
('ReadRangeRows2Key',
 'SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
  FROM orleans_reminders
  WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)'),
('DeleteReminderRowKey',
 'WITH deleted AS (
      DELETE FROM orleans_reminders
      WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
      RETURNING 1)
  SELECT count(*)::integer FROM deleted'),
('DeleteReminderRowsKey',
 'DELETE FROM orleans_reminders WHERE service_id = @ServiceId');
