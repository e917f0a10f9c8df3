-- A correction (rättelse) takes back no more than remains of the entry it corrects after the
-- corrections before it (domain/corrections.h), so booking one sums the corrections naming the
-- same entry: found by this index, never by scanning the ledger.
CREATE INDEX ledger_entries_corrects ON ledger_entries (project_id, corrects_id)
  WHERE corrects_id IS NOT NULL;
