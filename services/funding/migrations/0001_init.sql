-- Projects (samverkansprojekt), phases, budget lines, funding commitments and the ledger of
-- actuals (utfall) (issue 5; domain.md "Funding"). Money is integer minor units (öre) in the
-- project's currency. Rows other than ledger entries are soft-deleted (delete_time) so history
-- and references survive; `version` backs the etag. Ledger entries are never updated or deleted:
-- a correction is a new (negative) entry.

CREATE TABLE projects (
  id                      uuid PRIMARY KEY,
  display_name            text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  description             text        NOT NULL DEFAULT '',
  owner_organisation_id   uuid        NOT NULL,
  -- principal subject of the project manager (projektledare)
  project_manager         text        NOT NULL DEFAULT '',
  project_manager_contact text        NOT NULL DEFAULT '',
  start_date              date        NOT NULL,
  end_date                date        NOT NULL CHECK (end_date >= start_date),
  -- collab.funding.v1.ProjectStatus
  status                  smallint    NOT NULL CHECK (status > 0),
  currency_code           text        NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
  network_id              uuid,
  esf_cofunded            boolean     NOT NULL DEFAULT false,
  return_note             text        NOT NULL DEFAULT '',
  submit_time             timestamptz,
  approve_time            timestamptz,
  activate_time           timestamptz,
  close_time              timestamptz,
  create_time             timestamptz NOT NULL DEFAULT now(),
  update_time             timestamptz NOT NULL DEFAULT now(),
  delete_time             timestamptz,
  version                 bigint      NOT NULL DEFAULT 1
);
CREATE INDEX projects_list ON projects (lower(display_name), id);
CREATE INDEX projects_owner ON projects (owner_organisation_id);
CREATE INDEX projects_manager ON projects (project_manager);

-- One funder's approval (beslut om medfinansiering); cleared by ReturnProject.
CREATE TABLE project_approvals (
  project_id         uuid        NOT NULL REFERENCES projects (id),
  funder_id          uuid        NOT NULL,
  approve_time       timestamptz NOT NULL DEFAULT now(),
  approved_by        text        NOT NULL,
  decision_reference text        NOT NULL DEFAULT '',
  PRIMARY KEY (project_id, funder_id)
);

CREATE TABLE phases (
  id               uuid PRIMARY KEY,
  project_id       uuid        NOT NULL REFERENCES projects (id),
  display_name     text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  ordinal          integer     NOT NULL CHECK (ordinal > 0),
  start_date       date        NOT NULL,
  end_date         date        NOT NULL CHECK (end_date >= start_date),
  expected_results text[]      NOT NULL DEFAULT '{}',
  report_due_date  date,
  create_time      timestamptz NOT NULL DEFAULT now(),
  update_time      timestamptz NOT NULL DEFAULT now(),
  delete_time      timestamptz,
  version          bigint      NOT NULL DEFAULT 1
);
CREATE INDEX phases_project ON phases (project_id, ordinal, id);

CREATE TABLE budget_lines (
  id             uuid PRIMARY KEY,
  project_id     uuid        NOT NULL REFERENCES projects (id),
  -- collab.funding.v1.BudgetCategory
  category       smallint    NOT NULL CHECK (category > 0),
  description    text        NOT NULL DEFAULT '',
  phase_id       uuid        REFERENCES phases (id),
  -- The structured basis (beräkningsgrund) as entered: a serialized collab.funding.v1.BudgetLine
  -- holding only the basis oneof; computed figures are derived on read, never stored.
  basis          bytea       NOT NULL DEFAULT '',
  -- angivet belopp, the budget figure used everywhere
  entered_minor  bigint      NOT NULL,
  create_time    timestamptz NOT NULL DEFAULT now(),
  update_time    timestamptz NOT NULL DEFAULT now(),
  delete_time    timestamptz,
  version        bigint      NOT NULL DEFAULT 1
);
CREATE INDEX budget_lines_project ON budget_lines (project_id, id);

CREATE TABLE funding_commitments (
  id                  uuid PRIMARY KEY,
  project_id          uuid        NOT NULL REFERENCES projects (id),
  funder_id           uuid        NOT NULL,
  -- collab.funding.v1.FundingKind
  kind                smallint    NOT NULL CHECK (kind > 0),
  amount_minor        bigint      NOT NULL CHECK (amount_minor >= 0),
  -- IN_KIND: hours × hourly rate
  in_kind_hours       bigint      CHECK (in_kind_hours IS NULL OR in_kind_hours >= 0),
  in_kind_rate_minor  bigint,
  in_kind_description text        NOT NULL DEFAULT '',
  conditions          text[]      NOT NULL DEFAULT '{}',
  create_time         timestamptz NOT NULL DEFAULT now(),
  update_time         timestamptz NOT NULL DEFAULT now(),
  delete_time         timestamptz,
  version             bigint      NOT NULL DEFAULT 1
);
CREATE INDEX funding_commitments_project ON funding_commitments (project_id, id);
-- Funders see the projects they fund (ListProjects, access checks).
CREATE INDEX funding_commitments_funder ON funding_commitments (funder_id, project_id)
  WHERE delete_time IS NULL;

-- Utfall: booked entries, append-only.
CREATE TABLE ledger_entries (
  id                    uuid PRIMARY KEY,
  project_id            uuid        NOT NULL REFERENCES projects (id),
  budget_line_id        uuid        NOT NULL REFERENCES budget_lines (id),
  booking_date          date        NOT NULL,
  amount_minor          bigint      NOT NULL,
  kind                  smallint    NOT NULL CHECK (kind > 0),
  in_kind_hours         bigint,
  in_kind_rate_minor    bigint,
  in_kind_description   text        NOT NULL DEFAULT '',
  funder_id             uuid,
  voucher_reference     text        NOT NULL DEFAULT '',
  time_report_reference text        NOT NULL DEFAULT '',
  description           text        NOT NULL DEFAULT '',
  corrects_id           uuid        REFERENCES ledger_entries (id),
  booked_by             text        NOT NULL,
  create_time           timestamptz NOT NULL DEFAULT now()
);
-- ListLedgerEntries: by booking date, then id.
CREATE INDEX ledger_entries_list ON ledger_entries (project_id, booking_date, id);

-- Running totals of the ledger per project, line, funder attribution, kind and booking day,
-- updated in the same transaction as each entry, so GetBudgetStatus reads at most
-- lines × funders × days rows however long the ledger grows (issue 5: "a status query does not
-- scan the ledger"). Per-line, per-phase, per-funder and per-month figures are sums of these.
-- funder_id is the nil UUID for cash booked without a funder (spread pro rata on read).
CREATE TABLE ledger_totals (
  project_id     uuid     NOT NULL REFERENCES projects (id),
  budget_line_id uuid     NOT NULL REFERENCES budget_lines (id),
  funder_id      uuid     NOT NULL,
  kind           smallint NOT NULL,
  booking_date   date     NOT NULL,
  spent_minor    bigint   NOT NULL,
  entry_count    bigint   NOT NULL,
  PRIMARY KEY (project_id, budget_line_id, funder_id, kind, booking_date)
);
