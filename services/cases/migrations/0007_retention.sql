-- Gallring (RA-FS 2020:1; domain.md, Retention): the retention sweep (retention_sweeper.h) pages
-- through closed cases whose personal data is not yet erased, oldest close first, and stops at
-- the close day that can not be due yet. Only those rows are indexed, so erased cases (the bulk,
-- in time) and open ones cost nothing. 5 = CASE_STATUS_CLOSED (case.proto); the query
-- (case_store.cc, case_retention_candidates) states the same predicate literally.
CREATE INDEX cases_retention ON cases (close_time, id)
  WHERE status = 5 AND personal_data_erase_time IS NULL;
