-- 014: change requests that reduce scope and shift the plan; stage notes kept internal.
-- Impacts are signed (a de-scope or a credit is negative; the budget floor of 0 is
-- checked in C at save time and again in the approving transaction, src/page_risk.c).
-- shift_from: on approval, the open milestones and unfinished tasks of the project due on
-- or after this date move by impact_days (NULL: only the project's due date moves),
-- shifted_milestones / shifted_tasks record how many moved.
ALTER TABLE change_requests
  MODIFY impact_minutes BIGINT NOT NULL DEFAULT 0,
  MODIFY impact_amount BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS shift_from DATE NULL AFTER impact_amount,
  ADD COLUMN IF NOT EXISTS shifted_milestones INT NULL AFTER shift_from,
  ADD COLUMN IF NOT EXISTS shifted_tasks INT NULL AFTER shifted_milestones;
-- a stage-change note the PM kept internal: the line itself stays client-visible,
-- the note is shown to staff only (the portal's statement blanks it)
ALTER TABLE activity
  ADD COLUMN IF NOT EXISTS note_internal TINYINT(1) NOT NULL DEFAULT 0 AFTER note;
