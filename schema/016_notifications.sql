-- 016: notifications (issue 12): who is told what, in the app and by e-mail.
-- A notification is one person's row, written in the transaction of the change that causes
-- it (like an event). Its e-mail goes at once or into a digest, by the person's preference
-- for its kind; the outbox worker sends both (mail: 'now' -> 'sent', 'digest' -> 'digested').

ALTER TABLE users
  ADD COLUMN IF NOT EXISTS unread_notifications INT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS time_zone VARCHAR(64) CHARACTER SET ascii NULL,
  ADD COLUMN IF NOT EXISTS notify_mode ENUM('now','digest') NULL;

CREATE TABLE IF NOT EXISTS notifications (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(32) CHARACTER SET ascii NOT NULL,
  client_id BIGINT UNSIGNED NULL,
  project_id BIGINT UNSIGNED NULL,
  actor_id BIGINT UNSIGNED NULL,
  link VARCHAR(255) NOT NULL,
  text VARCHAR(1000) NOT NULL,
  dedupe VARCHAR(64) CHARACTER SET ascii NULL,
  mail ENUM('none','now','digest','sent','digested') NOT NULL DEFAULT 'none',
  digest_id BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  read_at DATETIME NULL,
  KEY notifications_user (user_id, id),
  KEY notifications_unread (user_id, read_at),
  KEY notifications_mail (mail, user_id, id),
  UNIQUE KEY notifications_once (user_id, kind, dedupe),
  CONSTRAINT notifications_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT notifications_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT notifications_actor_fk FOREIGN KEY (actor_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A person's choice for one kind (no row: the kind's default for their role).
CREATE TABLE IF NOT EXISTS notification_prefs (
  user_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(32) CHARACTER SET ascii NOT NULL,
  email ENUM('now','digest','off') NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (user_id, kind),
  CONSTRAINT notification_prefs_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One digest e-mail per person and period ("2026-12-07", "2026-W49", "2026-F24", "2026-12").
CREATE TABLE IF NOT EXISTS digests (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  period VARCHAR(16) CHARACTER SET ascii NOT NULL,
  items INT NOT NULL,
  sent_at DATETIME NOT NULL,
  UNIQUE KEY digests_once (user_id, period),
  CONSTRAINT digests_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
