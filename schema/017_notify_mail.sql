-- 017: notification e-mails (issue 12): the one-click unsubscribe link a queued mail carries
-- in its List-Unsubscribe header (RFC 8058; NULL: none, e.g. an approval request), and the
-- notifications of one digest found by its id. Safe to run again (IF NOT EXISTS).

ALTER TABLE mails
  ADD COLUMN IF NOT EXISTS unsubscribe VARCHAR(400) CHARACTER SET ascii NULL AFTER body_html;

CREATE INDEX IF NOT EXISTS notifications_digest ON notifications (digest_id);
