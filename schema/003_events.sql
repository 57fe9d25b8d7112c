-- 003: events out: admin settings, webhook endpoints (generic and HubSpot),
-- one delivery row per event x matching endpoint (written by outbox_emit in
-- the transaction of the change), every delivery attempt, the HubSpot
-- request budget shared by all outbox workers, CRM links and inbound events.

CREATE TABLE settings (
  name VARCHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE webhook_endpoints (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  url VARCHAR(2000) NOT NULL,
  kind ENUM('generic','hubspot') NOT NULL DEFAULT 'generic',
  -- comma-separated event types; '' = every event
  events VARCHAR(1000) CHARACTER SET ascii NOT NULL DEFAULT '',
  secret VARCHAR(100) CHARACTER SET ascii NOT NULL,
  secret_shown TINYINT(1) NOT NULL DEFAULT 0,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  disabled_reason ENUM('admin','gone','failing') NULL,
  -- first failure of the current run of failures; NULL after a success
  failing_since DATETIME NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY webhook_endpoints_enabled (enabled, kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE deliveries (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  outbox_id BIGINT UNSIGNED NOT NULL,
  endpoint_id BIGINT UNSIGNED NOT NULL,
  -- deliveries with the same key go out one at a time in id order
  -- (the project, else the client, else none)
  order_key BIGINT NULL,
  state ENUM('pending','delivered','dead') NOT NULL DEFAULT 'pending',
  tries INT NOT NULL DEFAULT 0,
  next_at DATETIME(6) NOT NULL,
  lease_token CHAR(32) CHARACTER SET ascii NULL,
  lease_until DATETIME(6) NULL,
  last_status INT NULL,
  last_error VARCHAR(255) NULL,
  created_at DATETIME(6) NOT NULL,
  done_at DATETIME(6) NULL,
  UNIQUE KEY deliveries_event (outbox_id, endpoint_id),
  KEY deliveries_due (state, next_at),
  KEY deliveries_order (endpoint_id, order_key, state, id),
  KEY deliveries_lease (lease_token),
  CONSTRAINT deliveries_outbox_fk FOREIGN KEY (outbox_id) REFERENCES outbox (id),
  CONSTRAINT deliveries_endpoint_fk FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE delivery_attempts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  delivery_id BIGINT UNSIGNED NOT NULL,
  at DATETIME(6) NOT NULL,
  http_status INT NULL,
  latency_ms INT NOT NULL,
  response VARCHAR(2048) NULL,
  error VARCHAR(255) NULL,
  KEY delivery_attempts_delivery (delivery_id, id),
  CONSTRAINT delivery_attempts_fk FOREIGN KEY (delivery_id) REFERENCES deliveries (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- HubSpot's ten-second limit, shared by every outbox worker: each request
-- takes the next free slot; slots are window/limit apart.
CREATE TABLE rate_budget (
  name VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  next_slot DATETIME(6) NOT NULL,
  parked_until DATETIME NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO rate_budget (name, next_slot) VALUES ('hubspot', UTC_TIMESTAMP(6));

-- Our objects and theirs: client <-> company, project <-> deal.
CREATE TABLE crm_links (
  object ENUM('company','deal') NOT NULL,
  local_id BIGINT UNSIGNED NOT NULL,
  remote_id VARCHAR(64) CHARACTER SET ascii NOT NULL,
  created_at DATETIME NOT NULL,
  PRIMARY KEY (object, local_id),
  UNIQUE KEY crm_links_remote (object, remote_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Inbound HubSpot events, once each by eventId.
CREATE TABLE hubspot_events (
  event_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  subscription_type VARCHAR(64) NOT NULL,
  object_id BIGINT UNSIGNED NULL,
  payload TEXT NOT NULL,
  -- the outbox worker acts on it (deal won: a project) outside the request
  state ENUM('new','done','failed') NOT NULL DEFAULT 'new',
  note VARCHAR(255) NULL,
  received_at DATETIME NOT NULL,
  KEY hubspot_events_state (state, event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
