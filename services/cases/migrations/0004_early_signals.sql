-- Early signals (domain.md, "Early signals"; rehab_watch.proto): short absence spells reported
-- by the employer, and the preventive rehab watches (rehabbevakning) they open. Personal data as
-- in cases: the identity number encrypted (associated data = the row's resource name) and found
-- by its keyed hash; name and notes encrypted. Audited like case data: each spell and each
-- watch has its own hash chain in audit_events (case_id holds the spell's or watch's id).

CREATE TABLE rehab_watches (
  id              uuid PRIMARY KEY,
  employer_id     uuid        NOT NULL,
  unit_id         uuid,
  identity_cipher bytea       NOT NULL,
  identity_hash   bytea       NOT NULL CHECK (length(identity_hash) = 32),
  identity_mask   text        NOT NULL,
  name_cipher     bytea,
  -- collab.cases.v1.RehabWatchTrigger / RehabWatchState
  trigger         smallint    NOT NULL CHECK (trigger > 0),
  spell_count     integer     NOT NULL DEFAULT 0,
  window_start    date,
  window_end      date,
  state           smallint    NOT NULL CHECK (state > 0),
  notes_cipher    bytea,
  case_id         uuid REFERENCES cases (id),
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now(),
  close_time      timestamptz,
  version         bigint      NOT NULL DEFAULT 1
);
CREATE INDEX rehab_watches_list ON rehab_watches (employer_id, create_time DESC, id);
-- At most one watch in force (OPEN or ACTIVE) per employee and employer: a new signal extends it.
CREATE UNIQUE INDEX rehab_watches_in_force ON rehab_watches (employer_id, identity_hash)
  WHERE state IN (1, 2);

CREATE TABLE absence_spells (
  id              uuid PRIMARY KEY,
  employer_id     uuid        NOT NULL,
  unit_id         uuid,
  identity_cipher bytea       NOT NULL,
  identity_hash   bytea       NOT NULL CHECK (length(identity_hash) = 32),
  identity_mask   text        NOT NULL,
  start_date      date        NOT NULL,
  end_date        date        NOT NULL CHECK (end_date >= start_date),
  rehab_watch_id  uuid REFERENCES rehab_watches (id),
  create_time     timestamptz NOT NULL DEFAULT now(),
  delete_time     timestamptz,
  version         bigint      NOT NULL DEFAULT 1
);
-- The employee's spells at one employer (the trigger rule), and the employer's list.
CREATE INDEX absence_spells_employee ON absence_spells (employer_id, identity_hash, start_date);
CREATE INDEX absence_spells_list ON absence_spells (employer_id, start_date DESC, id);
CREATE INDEX absence_spells_watch ON absence_spells (rehab_watch_id, start_date DESC, id);
