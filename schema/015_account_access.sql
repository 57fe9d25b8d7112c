-- 015: accounts and passwords (issue 10, items 14-16).
-- One token mechanism for every set-password link: an invitation (a new
-- contact, 7 days) or a password reset (anyone, 1 hour) is a row of
-- `invitations` told apart by `purpose`. Reset requests are recorded, whether
-- or not the address exists, to throttle them per address and per client IP.
-- Re-runnable: IF NOT EXISTS on both.
ALTER TABLE invitations
  ADD COLUMN IF NOT EXISTS purpose ENUM('invite','reset') NOT NULL DEFAULT 'invite' AFTER user_id;

CREATE TABLE IF NOT EXISTS reset_requests (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  ip VARCHAR(45) NOT NULL,
  at DATETIME NOT NULL,
  KEY reset_requests_email (email, at),
  KEY reset_requests_ip (ip, at),
  KEY reset_requests_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
