-- Hours of in-kind time booked without a time report (tidrapport), kept in the running totals so
-- GetBudgetStatus can raise BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED without scanning the ledger
-- (domain.md, "Funding", ESF co-financing: "in-kind working time must be backed by time reports in
-- whole hours"). Per entry (domain/balance.h, UnbackedInKindHours): + its hours for a positive
-- IN_KIND entry with an empty time_report_reference; − its hours for a negative IN_KIND entry
-- correcting such an entry; 0 otherwise. Updated in the same transaction as each entry.
ALTER TABLE ledger_totals ADD COLUMN unbacked_in_kind_hours bigint NOT NULL DEFAULT 0;

-- The entries booked before this migration, by the same rule.
WITH unbacked AS (
  SELECT e.project_id, e.budget_line_id,
         coalesce(e.funder_id, '00000000-0000-0000-0000-000000000000') AS funder_id, e.kind,
         e.booking_date,
         sum(CASE
               WHEN e.amount_minor > 0 AND e.time_report_reference = '' THEN coalesce(e.in_kind_hours, 0)
               WHEN e.amount_minor < 0 AND c.kind = 2 AND c.amount_minor > 0
                    AND c.time_report_reference = '' THEN -coalesce(e.in_kind_hours, 0)
               ELSE 0
             END) AS hours
  FROM ledger_entries e
  LEFT JOIN ledger_entries c ON c.id = e.corrects_id
  WHERE e.kind = 2
  GROUP BY 1, 2, 3, 4, 5
)
UPDATE ledger_totals t SET unbacked_in_kind_hours = u.hours
FROM unbacked u
WHERE t.project_id = u.project_id AND t.budget_line_id = u.budget_line_id
  AND t.funder_id = u.funder_id AND t.kind = u.kind AND t.booking_date = u.booking_date
  AND u.hours <> 0;
