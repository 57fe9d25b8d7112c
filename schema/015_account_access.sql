-- 015: accounts and passwords (issue 10, items 14-16).
-- One token mechanism for every set-password link: an invitation (a new
-- contact, 7 days) or a password reset (anyone, 1 hour) is a row of
-- `invitations` told apart by `purpose`. A reset request is only recorded by
-- the page (the same single insert whether or not the address exists); the
-- outbox worker processes it (processed_at): looks the account up, applies
-- the throttle per address and per client IP, and queues the e-mail.
-- Re-runnable: IF NOT EXISTS on both.
ALTER TABLE invitations
  ADD COLUMN IF NOT EXISTS purpose ENUM('invite','reset') NOT NULL DEFAULT 'invite' AFTER user_id;

CREATE TABLE IF NOT EXISTS reset_requests (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  ip VARCHAR(45) NOT NULL,
  at DATETIME NOT NULL,
  processed_at DATETIME NULL,
  KEY reset_requests_todo (processed_at, id),
  KEY reset_requests_email (email, at),
  KEY reset_requests_ip (ip, at),
  KEY reset_requests_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
