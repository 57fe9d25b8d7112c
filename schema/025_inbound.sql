-- 025: mail in (issue 14). One row per message read from the agency's IMAP mailbox, keyed by
-- the mailbox's (UIDVALIDITY, UID): the outbox worker writes the rows of a batch and the cursor
-- (settings rows imap_uidvalidity, imap_last_uid) in one transaction, and a message read again
-- (the worker killed after the commit, before the move to the done folder) meets the unique key
-- and is dropped, so each message is taken exactly once. raw is the message as the server sent
-- it, NULL when it was refused for its size before being fetched (state 'inbox', reason "too
-- large: ..."). The replies side (domain/inbound.c) parses 'new' rows and sets state, reason,
-- from_addr, subject and the links. Safe to run again (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS inbound_mails (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  uidvalidity BIGINT UNSIGNED NOT NULL,
  uid BIGINT UNSIGNED NOT NULL,
  raw LONGBLOB NULL,
  size BIGINT UNSIGNED NOT NULL,
  state ENUM('new','posted','filed','inbox','discarded') NOT NULL DEFAULT 'new',
  reason VARCHAR(400) NULL,
  from_addr VARCHAR(254) NULL,
  subject VARCHAR(400) NULL,
  project_id BIGINT UNSIGNED NULL,
  message_id BIGINT UNSIGNED NULL,
  activity_id BIGINT UNSIGNED NULL,
  received_at DATETIME(6) NOT NULL,
  processed_at DATETIME(6) NULL,
  handled_by BIGINT UNSIGNED NULL,
  UNIQUE KEY inbound_uid (uidvalidity, uid),
  KEY inbound_state (state, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
