-- 008: status reports (issue #5: "the latest status report" in the portal).
-- A PM writes a report on a project as a draft, then publishes it to the
-- client: a published report is a record the client was sent, so it never
-- changes (a trigger refuses updates and deletes of published rows). The
-- figures the client reads are taken at publish time (snap_*): stage, the
-- portal's progress figure, hours used against the budget, and the money only
-- when the PM ticked "include budget". Milestones are read live.

CREATE TABLE status_reports (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  author_id BIGINT UNSIGNED NULL,
  period_date DATE NOT NULL,
  health ENUM('green','amber','red') NOT NULL,
  summary TEXT NOT NULL,
  done_text TEXT NULL,
  next_text TEXT NULL,
  risks_text TEXT NULL,
  decisions_text TEXT NULL,
  include_budget TINYINT(1) NOT NULL DEFAULT 0,
  state ENUM('draft','published') NOT NULL DEFAULT 'draft',
  published_at DATETIME NULL,
  published_by BIGINT UNSIGNED NULL,
  snap_stage ENUM('initiation','planning','execution','closure') NULL,
  snap_progress TINYINT UNSIGNED NULL,
  snap_budget_minutes BIGINT UNSIGNED NULL,
  snap_spent_minutes BIGINT UNSIGNED NULL,
  snap_budget_amount BIGINT UNSIGNED NULL,
  snap_spent_amount BIGINT UNSIGNED NULL,
  snap_currency CHAR(3) NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY status_reports_project (project_id, period_date, id),
  CONSTRAINT status_reports_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT status_reports_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT status_reports_published_by_fk FOREIGN KEY (published_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT status_reports_published_ck CHECK ((state = 'published') = (published_at IS NOT NULL)),
  CONSTRAINT status_reports_progress_ck CHECK (snap_progress IS NULL OR snap_progress <= 100)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One line each: the migration runner splits statements at a ';' that ends a line.
CREATE TRIGGER status_reports_published_no_update BEFORE UPDATE ON status_reports FOR EACH ROW BEGIN IF OLD.state = 'published' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'a published status report is a record: no update'; END IF; END;
CREATE TRIGGER status_reports_published_no_delete BEFORE DELETE ON status_reports FOR EACH ROW BEGIN IF OLD.state = 'published' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'a published status report is a record: no delete'; END IF; END;

-- The HubSpot connector maps the new event to a note on the deal: a
-- connection saved before this migration takes it too.
UPDATE webhook_endpoints SET events = CONCAT(events, ',status_report.published')
 WHERE kind = 'hubspot' AND events <> '' AND FIND_IN_SET('status_report.published', events) = 0;
