-- Milestones kept findable across cases (ListOverdueMilestones, the has_overdue_milestone filter,
-- the MilestoneMissed sweep) without computing every case's chain on each call.
--
-- open_milestones holds, per case, the milestones domain/milestones.h computes that are neither
-- met nor waived, with their window and due date. Those dates depend only on the periods, the
-- met dates, the expected duration and the plan exemption (never on today), so the row set is
-- rewritten in the same transaction as every write that changes one of these
-- (milestone_refresh.h) and is exact until the next such write. Whether a milestone is OVERDUE
-- today is then the SQL predicate due_date < today, DUE window_start <= today <= due_date.
CREATE TABLE open_milestones (
  case_id      uuid     NOT NULL REFERENCES cases (id),
  kind         smallint NOT NULL CHECK (kind > 0),
  -- the id in the resource name (employer-report, …), so that ordering by
  -- (due_date, case_id, milestone_id) is the ordering by due date then name
  milestone_id text     NOT NULL,
  due_chain_day integer NOT NULL,
  window_start date     NOT NULL,
  due_date     date     NOT NULL,
  PRIMARY KEY (case_id, kind)
);
-- ListOverdueMilestones and the sweep: by due date across cases; the case filter by case.
CREATE INDEX open_milestones_due ON open_milestones (due_date, case_id, milestone_id);
CREATE INDEX open_milestones_case_due ON open_milestones (case_id, due_date);

-- MilestoneMissed is emitted once per milestone (case, kind): the row is inserted with
-- ON CONFLICT DO NOTHING in the transaction that appends the event, so of two sweeps (or a
-- sweep and a write) that both observe the due date passed, exactly one emits.
CREATE TABLE milestone_missed (
  case_id   uuid        NOT NULL REFERENCES cases (id),
  kind      smallint    NOT NULL CHECK (kind > 0),
  due_date  date        NOT NULL,
  emit_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, kind)
);
