-- Gallring of early signals (RA-FS 2020:1; domain.md, Retention and "Early signals";
-- domain/retention.h): absence spells and rehab watches hold an identity number, its keyed hash,
-- a name and notes like a case, so they are erased like one (case_erase.h EraseWatchData,
-- EraseSpellData): personal columns blanked, the hash replaced by random bytes, dates and counts
-- kept, and the time of the erase recorded here.
ALTER TABLE rehab_watches ADD COLUMN personal_data_erase_time timestamptz;
ALTER TABLE absence_spells ADD COLUMN personal_data_erase_time timestamptz;

-- The retention sweep's candidates (retention_sweeper.h), as cases_retention (0007): only rows
-- not yet erased are indexed, so the erased bulk costs nothing. The queries
-- (rehab_watch_store.cc, *_retention_candidates) state the same predicates literally.
-- Spells, by end date (no spell ending on or after the sweep's bound can be due).
CREATE INDEX absence_spells_retention ON absence_spells (end_date, id)
  WHERE personal_data_erase_time IS NULL;
-- CLOSED watches (3 = REHAB_WATCH_STATE_CLOSED, rehab_watch.proto), by close time.
CREATE INDEX rehab_watches_retention ON rehab_watches (close_time, id)
  WHERE state = 3 AND personal_data_erase_time IS NULL;
-- ESCALATED watches (4) not erased: erased with their case (EraseCaseData); the sweep erases
-- those whose case was erased before this migration. Also the lookup by case for that erase.
CREATE INDEX rehab_watches_escalated ON rehab_watches (case_id)
  WHERE state = 4 AND personal_data_erase_time IS NULL;
