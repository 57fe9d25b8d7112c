-- 007: approval requests on a change request as well as on a document version.
-- An approval now has exactly one subject: a document version (document_id and
-- version_id) or a change request (change_id); the CHECK keeps it so. A new
-- state, `closed`, ends the other pending requests of a change request once it
-- is decided by any path (a contact's link, the portal, staff): their links
-- then answer "already decided", never a second decision.

ALTER TABLE approvals
  MODIFY document_id BIGINT UNSIGNED NULL,
  MODIFY version_id BIGINT UNSIGNED NULL,
  ADD COLUMN change_id BIGINT UNSIGNED NULL AFTER version_id,
  MODIFY state ENUM('pending','approved','changes','closed') NOT NULL DEFAULT 'pending',
  ADD KEY approvals_change (change_id, state),
  ADD CONSTRAINT approvals_change_fk FOREIGN KEY (change_id) REFERENCES change_requests (id),
  ADD CONSTRAINT approvals_one_subject CHECK (
    (document_id IS NOT NULL AND version_id IS NOT NULL AND change_id IS NULL) OR
    (document_id IS NULL AND version_id IS NULL AND change_id IS NOT NULL));

-- version_sha256 keeps its name (005); what it holds depends on the subject:
-- for a document version the SHA-256 of the file's bytes; for a change request
-- the SHA-256 (hex) of the canonical text of what the contact was shown, built
-- in C (src/page_approval.c, cr_canonical) from the change request row read in
-- the deciding transaction, UTF-8, lines ending in "\n", description last:
--   tandem change request v1
--   impact-days: <signed integer>
--   impact-minutes: <integer>
--   impact-amount: <integer minor units> <ISO 4217 currency>
--   title: <title>
--   description: <description, empty when none>
ALTER TABLE approval_decisions
  MODIFY version_sha256 CHAR(64) CHARACTER SET ascii NOT NULL
  COMMENT 'SHA-256 of the version bytes, or of the change request canonical text (see 007)';
