-- The day the need for a return-to-work plan became known, when it became known after the case
-- was registered: the day a plan exemption was cleared (ClearPlanExemption), or the day
-- UpdateCase raised the expected duration to 60 days or more. SFB 30 kap. 6 §: when that is later
-- than day 30 the plan is due at once, on that day (domain/milestones.h, plan_need_known_on).
-- NULL otherwise, and again once an exemption is recorded.
ALTER TABLE cases ADD COLUMN plan_need_known_on date;
