-- Return-to-work cases (issue 4; domain.md). Personal data is encrypted at rest with
-- AES-256-GCM (libs/common/crypto.h), the associated data binding each ciphertext to its case
-- and column so it cannot be moved to another row; identity numbers are found by a keyed hash
-- (HMAC-SHA256 under the lookup key), never by the number. `version` backs the etag.

CREATE TABLE cases (
  id                      uuid PRIMARY KEY,
  employer_id             uuid        NOT NULL,
  unit_id                 uuid,
  -- AES-256-GCM(identity key, normalized YYYYMMDDNNNC, associated data = case id)
  identity_cipher         bytea       NOT NULL,
  -- HMAC-SHA256(lookup key, normalized YYYYMMDDNNNC): SearchCases
  identity_hash           bytea       NOT NULL CHECK (length(identity_hash) = 32),
  -- "YYYYMMDD-****", as domain/identity_number.h MaskIdentityNumber writes it
  identity_mask           text        NOT NULL,
  identity_kind           smallint    NOT NULL CHECK (identity_kind > 0),
  -- AES-256-GCM(identity key, name, associated data = case id || "/employee_display_name")
  name_cipher             bytea,
  protected_identity      boolean     NOT NULL DEFAULT false,
  first_sick_day          date        NOT NULL,
  expected_duration_days  integer     CHECK (expected_duration_days IS NULL OR expected_duration_days > 0),
  assigned_case_worker    text,
  -- the FK office: organisations/{office_organisation_id}/units/{office_unit_id}
  office_organisation_id  uuid,
  office_unit_id          uuid,
  occupational_health_id  uuid,
  -- restricted: medical. The category is an enum value, not free text.
  diagnosis_category      smallint    NOT NULL DEFAULT 0,
  -- AES-256-GCM(identity key, notes, associated data = case id || "/medical_notes")
  medical_notes_cipher    bytea,
  status                  smallint    NOT NULL CHECK (status > 0),
  close_reason            smallint    NOT NULL DEFAULT 0,
  close_note              text        NOT NULL DEFAULT '',
  plan_exemption_reason   smallint    NOT NULL DEFAULT 0,
  plan_exemption_note     text        NOT NULL DEFAULT '',
  plan_exemption_time     timestamptz,
  plan_exemption_by       text        NOT NULL DEFAULT '',
  return_date             date,
  plan_request_time       timestamptz,
  personal_data_erase_time timestamptz,
  create_time             timestamptz NOT NULL DEFAULT now(),
  update_time             timestamptz NOT NULL DEFAULT now(),
  close_time              timestamptz,
  version                 bigint      NOT NULL DEFAULT 1,
  CHECK ((office_organisation_id IS NULL) = (office_unit_id IS NULL))
);
CREATE INDEX cases_identity_hash ON cases (identity_hash);
-- ListCases: newest first sick day first, then id (keyset), per visibility dimension.
CREATE INDEX cases_employer_list ON cases (employer_id, first_sick_day DESC, id);
CREATE INDEX cases_office_list ON cases (office_organisation_id, office_unit_id, first_sick_day DESC, id);
CREATE INDEX cases_assigned_list ON cases (assigned_case_worker, first_sick_day DESC, id);
CREATE INDEX cases_oh_list ON cases (occupational_health_id, first_sick_day DESC, id);

CREATE TABLE sick_leave_periods (
  id          uuid PRIMARY KEY,
  case_id     uuid        NOT NULL REFERENCES cases (id),
  start_date  date        NOT NULL,
  end_date    date,       -- inclusive; NULL = ongoing
  degree      smallint    NOT NULL CHECK (degree BETWEEN 1 AND 4),
  basis       smallint    NOT NULL DEFAULT 0,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now(),
  delete_time timestamptz,
  version     bigint      NOT NULL DEFAULT 1,
  CHECK (end_date IS NULL OR end_date >= start_date)
);
-- Overlaps are refused by the service with the case row locked FOR UPDATE (an exclusion
-- constraint would need btree_gist, which the service role may not install).
CREATE INDEX sick_leave_periods_case ON sick_leave_periods (case_id, start_date, id);

-- When a computed milestone was met (MarkMilestoneMet, SubmitPlan); milestones themselves are
-- computed by domain/milestones.h, never stored.
CREATE TABLE milestone_met (
  case_id    uuid        NOT NULL REFERENCES cases (id),
  kind       smallint    NOT NULL CHECK (kind > 0),
  met_date   date        NOT NULL,
  met_time   timestamptz NOT NULL DEFAULT now(),
  met_by     text        NOT NULL,
  note       text        NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, kind)
);

CREATE TABLE plans (
  id           uuid PRIMARY KEY,
  case_id      uuid        NOT NULL REFERENCES cases (id),
  plan_version integer     NOT NULL CHECK (plan_version > 0),
  state        smallint    NOT NULL DEFAULT 1,
  -- personal: the plan's text, encrypted (associated data = plan id)
  body_cipher  bytea,
  author       text        NOT NULL DEFAULT '',
  submit_time  timestamptz,
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now(),
  delete_time  timestamptz,
  version      bigint      NOT NULL DEFAULT 1,
  UNIQUE (case_id, plan_version)
);

CREATE TABLE plan_actions (
  id                    uuid PRIMARY KEY,
  plan_id               uuid        NOT NULL REFERENCES plans (id),
  case_id               uuid        NOT NULL REFERENCES cases (id),
  kind                  smallint    NOT NULL DEFAULT 0,
  description           text        NOT NULL,
  owner_organisation_id uuid,
  owner_role            smallint    NOT NULL DEFAULT 0,
  due_date              date,
  status                smallint    NOT NULL DEFAULT 1,
  create_time           timestamptz NOT NULL DEFAULT now(),
  update_time           timestamptz NOT NULL DEFAULT now(),
  delete_time           timestamptz,
  version               bigint      NOT NULL DEFAULT 1
);
CREATE INDEX plan_actions_plan ON plan_actions (plan_id, id);

CREATE TABLE plan_comments (
  id          uuid PRIMARY KEY,
  plan_id     uuid        NOT NULL REFERENCES plans (id),
  case_id     uuid        NOT NULL REFERENCES cases (id),
  author      text        NOT NULL,
  author_role smallint    NOT NULL DEFAULT 0,
  body        text        NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_comments_plan ON plan_comments (plan_id, create_time, id);

CREATE TABLE meetings (
  id            uuid PRIMARY KEY,
  case_id       uuid        NOT NULL REFERENCES cases (id),
  meeting_date  date        NOT NULL,
  participants  smallint[]  NOT NULL DEFAULT '{}',
  outcome_notes text        NOT NULL DEFAULT '',
  next_steps    text        NOT NULL DEFAULT '',
  create_time   timestamptz NOT NULL DEFAULT now(),
  update_time   timestamptz NOT NULL DEFAULT now(),
  delete_time   timestamptz,
  version       bigint      NOT NULL DEFAULT 1
);
CREATE INDEX meetings_case ON meetings (case_id, meeting_date, id);

-- The employee's consent to share restricted fields with one organisation (domain.md,
-- "Who sees what"; GDPR art. 9.2 a). Rows are never deleted: revoking sets revoke_time.
CREATE TABLE consents (
  id                    uuid PRIMARY KEY,
  case_id               uuid        NOT NULL REFERENCES cases (id),
  party_organisation_id uuid        NOT NULL,
  purpose               smallint    NOT NULL CHECK (purpose > 0),
  purpose_text          text        NOT NULL DEFAULT '',
  scope                 smallint[]  NOT NULL CHECK (cardinality(scope) > 0),
  give_time             timestamptz NOT NULL,
  expire_time           timestamptz,
  revoke_time           timestamptz,
  document_reference    text        NOT NULL,
  recorded_by           text        NOT NULL,
  revoked_by            text        NOT NULL DEFAULT '',
  create_time           timestamptz NOT NULL DEFAULT now(),
  version               bigint      NOT NULL DEFAULT 1
);
CREATE INDEX consents_case_party ON consents (case_id, party_organisation_id);

-- The audit log (loggning av åtkomst), hash-chained PER CASE.
--
-- Choice (issue 4, "the audit chain must not serialise all writers"): one global chain would
-- make every transaction that touches any case (reads included: every read is audited) wait
-- for the one chain head, capping throughput at one transaction at a time. Instead each case
-- has its own chain: audit_chain_heads holds one row per case, locked FOR UPDATE by the writer
-- (INSERT … ON CONFLICT DO UPDATE), so callers of different cases never wait on each other and
-- callers of the same case are ordered by that row lock, which the case's own writes take anyway.
--
-- seq is global (bigserial: unique, ordered, not gap-free across the whole log because a rolled
-- back transaction consumes a value); case_seq is gap-free within a case and is what the
-- verifier checks for deleted rows. hash = SHA-256(previous_hash || canonical event bytes),
-- previous_hash being the hash of the case's previous event (32 zero bytes for case_seq 1).
-- The head row also stores the last hash, so a deleted tail is detected too.
CREATE TABLE audit_chain_heads (
  case_id       uuid   PRIMARY KEY,
  last_case_seq bigint NOT NULL DEFAULT 0,
  last_hash     bytea  NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000'
);

CREATE TABLE audit_events (
  seq                bigserial   PRIMARY KEY,
  case_id            uuid        NOT NULL,
  case_seq           bigint      NOT NULL CHECK (case_seq > 0),
  event_time         timestamptz NOT NULL,
  actor              text        NOT NULL,
  actor_organisation text        NOT NULL DEFAULT '',
  actor_roles        smallint[]  NOT NULL DEFAULT '{}',
  actor_service      text        NOT NULL DEFAULT '',
  action             smallint    NOT NULL CHECK (action > 0),
  method             text        NOT NULL,
  resource           text        NOT NULL,
  fields             text[]      NOT NULL DEFAULT '{}',
  reason             text        NOT NULL DEFAULT '',
  status_code        integer     NOT NULL DEFAULT 0,
  request_id         text        NOT NULL DEFAULT '',
  previous_hash      bytea       NOT NULL,
  hash               bytea       NOT NULL,
  UNIQUE (case_id, case_seq)
);
CREATE INDEX audit_events_actor ON audit_events (actor, seq);

-- Append-only for the service's own role: the privileges go, and a trigger refuses the
-- statements for anyone (the owner could grant itself the privileges back).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM CURRENT_USER;

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
