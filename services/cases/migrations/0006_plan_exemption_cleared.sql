-- The day a plan exemption was cleared (ClearPlanExemption): the day the need for a
-- return-to-work plan became known. SFB 30 kap. 6 §: when that is later than day 30 the plan is
-- due at once, on that day (domain/milestones.h, plan_need_known_on). NULL while no exemption was
-- cleared, or while one is recorded again. Exemptions cleared before this column existed keep
-- their day-30 due date.
ALTER TABLE cases ADD COLUMN plan_exemption_cleared_on date;
