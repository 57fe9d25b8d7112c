-- 005: the client side: outgoing e-mail (the outbox's mail lane, written in
-- the transaction of the change and sent by the outbox worker) and contact
-- invitations (one-time set-password links). Branding lives in `settings`
-- (brand_name, brand_accent).

CREATE TABLE mails (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(32) CHARACTER SET ascii NOT NULL,
  to_addr VARCHAR(254) NOT NULL,
  to_name VARCHAR(200) NOT NULL DEFAULT '',
  subject VARCHAR(300) NOT NULL,
  body_text MEDIUMTEXT NOT NULL,
  body_html MEDIUMTEXT NOT NULL,
  state ENUM('pending','sent','dead') NOT NULL DEFAULT 'pending',
  tries INT NOT NULL DEFAULT 0,
  next_at DATETIME(6) NOT NULL,
  lease_token CHAR(32) CHARACTER SET ascii NULL,
  lease_until DATETIME(6) NULL,
  last_error VARCHAR(255) NULL,
  created_at DATETIME(6) NOT NULL,
  sent_at DATETIME(6) NULL,
  KEY mails_due (state, next_at),
  KEY mails_lease (lease_token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE invitations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  used_at DATETIME NULL,
  revoked_at DATETIME NULL,
  UNIQUE KEY invitations_token (token_hash),
  KEY invitations_user (user_id),
  CONSTRAINT invitations_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Documents and their immutable versions. The bytes live in files_dir under
-- their SHA-256 (aa/aabb...), never in the web root; nginx sends them after
-- GET /files/{version_id} authorised the request.
CREATE TABLE documents (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  client_visible TINYINT(1) NOT NULL DEFAULT 0,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY documents_project (project_id, client_visible, updated_at),
  CONSTRAINT documents_project_fk FOREIGN KEY (project_id) REFERENCES projects (id),
  CONSTRAINT documents_user_fk FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE document_versions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  document_id BIGINT UNSIGNED NOT NULL,
  version INT NOT NULL,
  filename VARCHAR(255) NOT NULL,
  content_type VARCHAR(100) CHARACTER SET ascii NOT NULL,
  size BIGINT NOT NULL,
  sha256 CHAR(64) CHARACTER SET ascii NOT NULL,
  note VARCHAR(1000) NOT NULL DEFAULT '',
  -- set when an approval of this version is approved: a new version needs a new approval
  locked TINYINT(1) NOT NULL DEFAULT 0,
  uploaded_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY document_versions_number (document_id, version),
  CONSTRAINT document_versions_doc_fk FOREIGN KEY (document_id) REFERENCES documents (id),
  CONSTRAINT document_versions_user_fk FOREIGN KEY (uploaded_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Versions are immutable: only `locked` may change (from 0 to 1).
CREATE TRIGGER document_versions_immutable BEFORE UPDATE ON document_versions FOR EACH ROW
  SET NEW.id = OLD.id, NEW.document_id = OLD.document_id, NEW.version = OLD.version,
      NEW.filename = OLD.filename, NEW.content_type = OLD.content_type, NEW.size = OLD.size,
      NEW.sha256 = OLD.sha256, NEW.note = OLD.note, NEW.uploaded_by = OLD.uploaded_by,
      NEW.created_at = OLD.created_at, NEW.locked = GREATEST(OLD.locked, NEW.locked);
