-- 002: planning and execution: project members, milestones, tasks with
-- finish-to-start dependencies, the baseline, risks, change requests and
-- calendar feeds.

CREATE TABLE project_members (
  project_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  added_at DATETIME NOT NULL,
  PRIMARY KEY (project_id, user_id),
  KEY project_members_user (user_id),
  CONSTRAINT project_members_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT project_members_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE milestones (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(200) NOT NULL,
  due_date DATE NOT NULL,
  client_visible TINYINT(1) NOT NULL DEFAULT 0,
  reached_on DATE NULL,
  reached_by BIGINT UNSIGNED NULL,
  baseline_due DATE NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY milestones_project (project_id, due_date),
  CONSTRAINT milestones_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT milestones_reached_by_fk FOREIGN KEY (reached_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tasks (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  milestone_id BIGINT UNSIGNED NULL,
  title VARCHAR(200) NOT NULL,
  description TEXT NULL,
  assignee_id BIGINT UNSIGNED NULL,
  start_date DATE NOT NULL,
  due_date DATE NOT NULL,
  estimate_minutes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  status ENUM('todo','doing','blocked','done') NOT NULL DEFAULT 'todo',
  client_visible TINYINT(1) NOT NULL DEFAULT 0,
  completed_at DATETIME NULL,
  completed_by BIGINT UNSIGNED NULL,
  baseline_start DATE NULL,
  baseline_due DATE NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY tasks_project (project_id, milestone_id, start_date),
  KEY tasks_assignee (assignee_id, status, due_date),
  KEY tasks_milestone (milestone_id),
  CONSTRAINT tasks_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT tasks_milestone_fk FOREIGN KEY (milestone_id) REFERENCES milestones (id) ON DELETE SET NULL,
  CONSTRAINT tasks_assignee_fk FOREIGN KEY (assignee_id) REFERENCES users (id),
  CONSTRAINT tasks_completed_by_fk FOREIGN KEY (completed_by) REFERENCES users (id),
  CONSTRAINT tasks_dates_ck CHECK (due_date >= start_date),
  CONSTRAINT tasks_done_ck CHECK ((status = 'done') = (completed_at IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- finish-to-start: task_id starts after depends_on_id is due (same project)
CREATE TABLE task_deps (
  task_id BIGINT UNSIGNED NOT NULL,
  depends_on_id BIGINT UNSIGNED NOT NULL,
  project_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (task_id, depends_on_id),
  KEY task_deps_on (depends_on_id),
  KEY task_deps_project (project_id),
  CONSTRAINT task_deps_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
  CONSTRAINT task_deps_on_fk FOREIGN KEY (depends_on_id) REFERENCES tasks (id) ON DELETE CASCADE,
  CONSTRAINT task_deps_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT task_deps_self_ck CHECK (task_id <> depends_on_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE projects
  ADD COLUMN baseline_at DATETIME NULL,
  ADD COLUMN baseline_due DATE NULL;

CREATE TABLE risks (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  probability TINYINT UNSIGNED NOT NULL,
  impact TINYINT UNSIGNED NOT NULL,
  owner_id BIGINT UNSIGNED NULL,
  mitigation TEXT NULL,
  status ENUM('open','mitigated','closed','occurred') NOT NULL DEFAULT 'open',
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY risks_project (project_id, status),
  CONSTRAINT risks_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT risks_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT risks_probability_ck CHECK (probability BETWEEN 1 AND 5),
  CONSTRAINT risks_impact_ck CHECK (impact BETWEEN 1 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- old_* keep what the project looked like before an approved change moved it
CREATE TABLE change_requests (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  description TEXT NULL,
  impact_days INT NOT NULL DEFAULT 0,
  impact_minutes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  impact_amount BIGINT UNSIGNED NOT NULL DEFAULT 0,
  status ENUM('draft','proposed','approved','rejected') NOT NULL DEFAULT 'draft',
  created_by BIGINT UNSIGNED NULL,
  decided_by BIGINT UNSIGNED NULL,
  decided_at DATETIME NULL,
  decision_note TEXT NULL,
  old_due_date DATE NULL,
  new_due_date DATE NULL,
  old_budget_minutes BIGINT UNSIGNED NULL,
  old_budget_amount BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY change_requests_project (project_id, status),
  CONSTRAINT change_requests_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT change_requests_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id),
  CONSTRAINT change_requests_decided_by_fk FOREIGN KEY (decided_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- secret calendar URLs: SHA-256 of a 256-bit token; audience 'client' shows
-- only client-visible milestones
CREATE TABLE calendar_feeds (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
  audience ENUM('team','client') NOT NULL DEFAULT 'team',
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  revoked_at DATETIME NULL,
  UNIQUE KEY calendar_feeds_token (token_hash),
  KEY calendar_feeds_project (project_id),
  CONSTRAINT calendar_feeds_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT calendar_feeds_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
