-- 001: the foundation: clients, users (staff and client contacts), sessions,
-- login throttling, projects, activity and the transactional outbox.

CREATE TABLE clients (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  domain VARCHAR(253) NULL,
  cadence ENUM('daily','weekly','biweekly','monthly','none') NOT NULL DEFAULT 'weekly',
  notes TEXT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY clients_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  name VARCHAR(200) NOT NULL,
  role ENUM('admin','pm','member','client') NOT NULL,
  client_id BIGINT UNSIGNED NULL,
  access ENUM('view','comment','approve') NULL,
  password_hash VARCHAR(255) NULL,
  active TINYINT(1) NOT NULL DEFAULT 1,
  hourly_rate BIGINT NOT NULL DEFAULT 0,
  currency CHAR(3) NOT NULL DEFAULT 'EUR',
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  last_login_at DATETIME NULL,
  UNIQUE KEY users_email (email),
  KEY users_client (client_id),
  CONSTRAINT users_client_fk FOREIGN KEY (client_id) REFERENCES clients (id),
  CONSTRAINT users_contact_ck CHECK ((role = 'client') = (client_id IS NOT NULL AND access IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  csrf CHAR(43) CHARACTER SET ascii NOT NULL,
  created_at DATETIME NOT NULL,
  last_seen_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  ip VARCHAR(45) NULL,
  user_agent VARCHAR(255) NULL,
  UNIQUE KEY sessions_token (token_hash),
  KEY sessions_user (user_id),
  KEY sessions_expires (expires_at),
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE login_attempts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  ip VARCHAR(45) NULL,
  at DATETIME NOT NULL,
  KEY login_attempts_email (email, at),
  KEY login_attempts_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE projects (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(200) NOT NULL,
  code VARCHAR(32) NULL,
  pm_id BIGINT UNSIGNED NULL,
  stage ENUM('initiation','planning','execution','closure') NOT NULL DEFAULT 'initiation',
  health ENUM('green','amber','red') NOT NULL DEFAULT 'green',
  start_date DATE NULL,
  due_date DATE NULL,
  budget_minutes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  budget_amount BIGINT UNSIGNED NOT NULL DEFAULT 0,
  currency CHAR(3) NOT NULL DEFAULT 'EUR',
  scope TEXT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY projects_client (client_id, name),
  KEY projects_stage (stage),
  KEY projects_health (health),
  KEY projects_pm (pm_id),
  KEY projects_name (name),
  CONSTRAINT projects_client_fk FOREIGN KEY (client_id) REFERENCES clients (id),
  CONSTRAINT projects_pm_fk FOREIGN KEY (pm_id) REFERENCES users (id),
  CONSTRAINT projects_dates_ck CHECK (start_date IS NULL OR due_date IS NULL OR due_date >= start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE activity (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id BIGINT UNSIGNED NULL,
  project_id BIGINT UNSIGNED NULL,
  user_id BIGINT UNSIGNED NULL,
  kind VARCHAR(32) NOT NULL,
  from_value VARCHAR(64) NULL,
  to_value VARCHAR(64) NULL,
  note TEXT NULL,
  client_visible TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  KEY activity_project (project_id, id),
  KEY activity_client (client_id, id),
  CONSTRAINT activity_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT activity_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The transactional outbox: one row per event, written in the transaction
-- of the change that causes it. Delivery bookkeeping comes with the webhooks.
CREATE TABLE outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_uid CHAR(36) CHARACTER SET ascii NOT NULL,
  type VARCHAR(64) NOT NULL,
  client_id BIGINT UNSIGNED NULL,
  project_id BIGINT UNSIGNED NULL,
  payload MEDIUMTEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY outbox_uid (event_uid),
  KEY outbox_project (project_id, id),
  KEY outbox_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
