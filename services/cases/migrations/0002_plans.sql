-- Return-to-work plans (plan för återgång i arbete), their actions and comments, and meetings
-- (avstämningsmöten): the columns case_service.proto, plan.proto and meeting.proto need beyond
-- the first sketch in 0001_init.sql. Personal free text of a plan is encrypted at rest like the
-- case's own (AES-256-GCM, associated data = plan id || "/" || column).

ALTER TABLE plans
  DROP COLUMN body_cipher,
  -- DeletePlan discards a draft outright (case_service.proto); nothing else deletes a plan.
  DROP COLUMN delete_time,
  ADD COLUMN goal_cipher               bytea,
  ADD COLUMN employee_view_cipher      bytea,
  ADD COLUMN expected_return_date      date,
  ADD COLUMN expected_remaining_degree smallint NOT NULL DEFAULT 0
    CHECK (expected_remaining_degree BETWEEN 0 AND 4),
  ADD COLUMN employee_participated     boolean  NOT NULL DEFAULT false,
  ADD COLUMN previous_version_id       uuid REFERENCES plans (id),
  ADD COLUMN submitted_by              text     NOT NULL DEFAULT '',
  ADD CONSTRAINT plans_state_known CHECK (state BETWEEN 1 AND 3),
  ADD CONSTRAINT plans_submitted_has_time CHECK ((state = 1) = (submit_time IS NULL));
-- At most one draft per case (plan.proto: a second CreatePlan answers FAILED_PRECONDITION);
-- the service checks first for the clear error, the index holds under concurrent creates.
CREATE UNIQUE INDEX plans_one_draft ON plans (case_id) WHERE state = 1;
-- At most one version in force per case.
CREATE UNIQUE INDEX plans_one_submitted ON plans (case_id) WHERE state = 2;

ALTER TABLE plan_actions
  ADD COLUMN start_date        date,
  ADD COLUMN state_note        text NOT NULL DEFAULT '',
  ADD COLUMN state_change_time timestamptz,
  ADD CONSTRAINT plan_actions_status_known CHECK (status BETWEEN 1 AND 4),
  ADD CONSTRAINT plan_actions_dates CHECK (start_date IS NULL OR due_date IS NULL OR due_date >= start_date);
-- ListPlanActions: by due date (unset last), then id.
DROP INDEX plan_actions_plan;
CREATE INDEX plan_actions_plan ON plan_actions (plan_id, due_date, id);

ALTER TABLE plan_comments
  ADD CONSTRAINT plan_comments_author_known CHECK (author_role BETWEEN 1 AND 4);

-- Participants and next steps are small structured lists read and written whole with the
-- meeting: JSON arrays of MeetingParticipant / MeetingNextStep in proto3 JSON form.
ALTER TABLE meetings
  DROP COLUMN participants,
  DROP COLUMN next_steps,
  ADD COLUMN kind         smallint NOT NULL DEFAULT 1 CHECK (kind BETWEEN 1 AND 3),
  ADD COLUMN state        smallint NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 3),
  ADD COLUMN start_time   timestamptz,
  ADD COLUMN participants jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(participants) = 'array'),
  ADD COLUMN next_steps   jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(next_steps) = 'array');
-- ListMeetings: newest meeting date first, then id.
DROP INDEX meetings_case;
CREATE INDEX meetings_case ON meetings (case_id, meeting_date DESC, id);
