-- 026: replies and captured mail (issue 14). Safe to run again (IF NOT EXISTS).
--
-- A notification e-mail about a message thread carries Reply-To: <local>+r<token>@<domain> (the
-- settings row imap_address) and the token again in its Message-ID. The token is issued once per
-- (thread, person, address) and reused: a reply is taken only from that address, into that
-- thread, as that person (domain/inbound.c).
CREATE TABLE IF NOT EXISTS reply_tokens (
  token CHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  thread_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  address VARCHAR(254) NOT NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY reply_tokens_once (thread_id, user_id, address),
  CONSTRAINT reply_tokens_thread_fk FOREIGN KEY (thread_id) REFERENCES message_threads (id) ON DELETE CASCADE,
  CONSTRAINT reply_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- a notification about a thread names it: its e-mail gets the thread's reply address
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS thread_id BIGINT UNSIGNED NULL;

-- the queued e-mail's Reply-To and the token its Message-ID carries (NULL: none)
ALTER TABLE mails
  ADD COLUMN IF NOT EXISTS reply_to VARCHAR(254) NULL,
  ADD COLUMN IF NOT EXISTS reply_token CHAR(32) CHARACTER SET ascii NULL;

-- a message that came by e-mail: the thread page marks it, and its other attachments are the
-- inbound mail's (inbound_files)
ALTER TABLE messages
  ADD COLUMN IF NOT EXISTS via_email TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS inbound_id BIGINT UNSIGNED NULL;

-- a delivery failure report (bounce) for the person's address: their PMs are told
ALTER TABLE users ADD COLUMN IF NOT EXISTS email_bouncing_at DATETIME NULL;

-- what the inbox and the filed e-mail page show, written when the mail is taken (the raw bytes
-- stay in raw): the sender's name and user, the recipients, the text, and the thread of a reply
ALTER TABLE inbound_mails
  ADD COLUMN IF NOT EXISTS from_name VARCHAR(200) NULL,
  ADD COLUMN IF NOT EXISTS from_user_id BIGINT UNSIGNED NULL,
  ADD COLUMN IF NOT EXISTS to_addrs VARCHAR(2000) NULL,
  ADD COLUMN IF NOT EXISTS body_text MEDIUMTEXT NULL,
  ADD COLUMN IF NOT EXISTS thread_id BIGINT UNSIGNED NULL;
CREATE INDEX IF NOT EXISTS inbound_project ON inbound_mails (project_id, id);

-- every attachment of an incoming mail (and inline image), in the order of the message: stored
-- like message attachments (files_dir/aa/<sha256>); file_sha256 NULL when not kept (over the
-- upload limit). main: the one a posted reply shows as the message's own file.
CREATE TABLE IF NOT EXISTS inbound_files (
  inbound_id BIGINT UNSIGNED NOT NULL,
  seq INT UNSIGNED NOT NULL,
  file_name VARCHAR(255) NOT NULL,
  file_type VARCHAR(100) CHARACTER SET ascii NOT NULL,
  file_size BIGINT NOT NULL,
  file_sha256 CHAR(64) CHARACTER SET ascii NULL,
  is_inline TINYINT(1) NOT NULL DEFAULT 0,
  main TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (inbound_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
