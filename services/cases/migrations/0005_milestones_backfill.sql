-- Cases registered before open_milestones existed (0003) have no rows there. Those cases are
-- marked here (the column's value for existing rows is false) and the milestone sweeper
-- refreshes them (milestone_refresh.h BackfillOpenMilestones); every case registered from now
-- on is kept current by its writes, so new rows default to true.
ALTER TABLE cases ADD COLUMN milestones_refreshed boolean NOT NULL DEFAULT false;
ALTER TABLE cases ALTER COLUMN milestones_refreshed SET DEFAULT true;
CREATE INDEX cases_milestones_unrefreshed ON cases (id) WHERE NOT milestones_refreshed;
