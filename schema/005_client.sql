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

-- Approval requests: one per contact asked, on a document version. Each
-- e-mail carries a token (stored hashed, one approval, one contact); a
-- reminder adds a fresh token, the first stays valid.
CREATE TABLE approvals (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  document_id BIGINT UNSIGNED NOT NULL,
  version_id BIGINT UNSIGNED NOT NULL,
  contact_id BIGINT UNSIGNED NOT NULL,
  message TEXT NOT NULL,
  due_date DATE NOT NULL,
  state ENUM('pending','approved','changes') NOT NULL DEFAULT 'pending',
  requested_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  reminded_at DATETIME NULL,
  decided_at DATETIME NULL,
  KEY approvals_document (document_id, id),
  KEY approvals_due (state, due_date),
  KEY approvals_project (project_id, state),
  CONSTRAINT approvals_project_fk FOREIGN KEY (project_id) REFERENCES projects (id),
  CONSTRAINT approvals_document_fk FOREIGN KEY (document_id) REFERENCES documents (id),
  CONSTRAINT approvals_version_fk FOREIGN KEY (version_id) REFERENCES document_versions (id),
  CONSTRAINT approvals_contact_fk FOREIGN KEY (contact_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE approval_tokens (
  token_hash CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  approval_id BIGINT UNSIGNED NOT NULL,
  expires_at DATETIME NOT NULL,
  KEY approval_tokens_approval (approval_id),
  CONSTRAINT approval_tokens_fk FOREIGN KEY (approval_id) REFERENCES approvals (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The audit record of a decision: written once (one per approval), never
-- changed or removed - the triggers refuse both, and no statement updates it.
CREATE TABLE approval_decisions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  approval_id BIGINT UNSIGNED NOT NULL,
  decision ENUM('approve','changes') NOT NULL,
  comment TEXT NOT NULL,
  signed_name VARCHAR(200) NOT NULL,
  contact_id BIGINT UNSIGNED NOT NULL,
  -- staff who recorded it on the client's behalf, else NULL
  recorded_by BIGINT UNSIGNED NULL,
  on_behalf TINYINT(1) NOT NULL DEFAULT 0,
  ip VARCHAR(45) NOT NULL,
  user_agent VARCHAR(255) NOT NULL,
  version_sha256 CHAR(64) CHARACTER SET ascii NOT NULL,
  decided_at DATETIME(6) NOT NULL,
  UNIQUE KEY approval_decisions_once (approval_id),
  CONSTRAINT approval_decisions_fk FOREIGN KEY (approval_id) REFERENCES approvals (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER approval_decisions_no_update BEFORE UPDATE ON approval_decisions FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'approval decisions are an audit record: no update';
CREATE TRIGGER approval_decisions_no_delete BEFORE DELETE ON approval_decisions FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'approval decisions are an audit record: no delete';

-- Files the demo data set brings (`tandem seed-demo` writes each into files_dir
-- under its SHA-256, then empties this table).
CREATE TABLE file_seeds (
  sha256 CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  body MEDIUMTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Messages: one conversation per project, each message internal (staff only)
-- or client-visible, with an optional attachment stored like documents.
CREATE TABLE messages (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  author_id BIGINT UNSIGNED NULL,
  body TEXT NOT NULL,
  internal TINYINT(1) NOT NULL DEFAULT 0,
  file_name VARCHAR(255) NULL,
  file_type VARCHAR(100) CHARACTER SET ascii NULL,
  file_size BIGINT NULL,
  file_sha256 CHAR(64) CHARACTER SET ascii NULL,
  created_at DATETIME NOT NULL,
  KEY messages_project (project_id, internal, id),
  CONSTRAINT messages_project_fk FOREIGN KEY (project_id) REFERENCES projects (id),
  CONSTRAINT messages_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Satisfaction surveys: a project's plan (CSAT 1-5 or NPS 0-10, at a chosen
-- milestone and/or at closure; without a plan, CSAT at closure), and one
-- survey per contact and occasion, answered once at /s/{token}.
CREATE TABLE survey_plans (
  project_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  kind ENUM('csat','nps') NOT NULL DEFAULT 'csat',
  milestone_id BIGINT UNSIGNED NULL,
  at_closure TINYINT(1) NOT NULL DEFAULT 1,
  updated_at DATETIME NOT NULL,
  CONSTRAINT survey_plans_project_fk FOREIGN KEY (project_id) REFERENCES projects (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE surveys (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  client_id BIGINT UNSIGNED NOT NULL,
  contact_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('csat','nps') NOT NULL,
  occasion VARCHAR(32) CHARACTER SET ascii NOT NULL,
  token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
  expires_at DATETIME NOT NULL,
  score TINYINT NULL,
  comment TEXT NULL,
  created_at DATETIME NOT NULL,
  answered_at DATETIME NULL,
  UNIQUE KEY surveys_once (project_id, contact_id, occasion),
  UNIQUE KEY surveys_token (token_hash),
  KEY surveys_client (client_id, answered_at),
  CONSTRAINT surveys_project_fk FOREIGN KEY (project_id) REFERENCES projects (id),
  CONSTRAINT surveys_contact_fk FOREIGN KEY (contact_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
