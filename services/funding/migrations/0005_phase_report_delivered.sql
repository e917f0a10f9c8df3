-- The day a phase's report (lägesrapport / delrapport) was delivered to the funders (domain.md,
-- "Funding": a project reports to its funders after each phase), so GetBudgetStatus stops raising
-- BUDGET_WARNING_CODE_PHASE_REPORT_DUE for that phase from then on. Optional; not before the
-- phase's start (checked by UpdatePhase with a clear error, and here) nor in the future (checked
-- by UpdatePhase against the Swedish date).
ALTER TABLE phases ADD COLUMN report_delivered_date date
  CHECK (report_delivered_date IS NULL OR report_delivered_date >= start_date);
