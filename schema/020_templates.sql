-- 020: project templates (issue 16). A template is a project's plan without its people, its
-- client or its history: milestones and tasks placed by offsets from the project's start in
-- WORKING days (the agency's calendar, 019), durations in working days, dependencies,
-- estimates, client-visible flags, assignee ROLES (named slots a person fills when a project
-- is made from it), KPIs without values and standard risks without owners. Never time
-- entries, documents, messages or a client's name (the save replaces client names in the
-- copied text by "{client}", which a new project's client name fills in again).
-- Safe to run again (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS templates (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  description TEXT NULL,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  UNIQUE KEY templates_name (name),
  CONSTRAINT templates_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- a named slot ("Designer", "Developer", "Project manager") one person fills per project
CREATE TABLE IF NOT EXISTS template_roles (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  template_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  position INT UNSIGNED NOT NULL DEFAULT 0,
  UNIQUE KEY template_roles_name (template_id, name),
  CONSTRAINT template_roles_template_fk FOREIGN KEY (template_id) REFERENCES templates (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- due on the working day day_offset after the project's first working day (0: that day)
CREATE TABLE IF NOT EXISTS template_milestones (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  template_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(200) NOT NULL,
  day_offset INT UNSIGNED NOT NULL,
  client_visible TINYINT(1) NOT NULL DEFAULT 0,
  KEY template_milestones_template (template_id, day_offset),
  CONSTRAINT template_milestones_template_fk FOREIGN KEY (template_id) REFERENCES templates (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- starts on the working day start_offset after the project's first working day and lasts
-- duration working days (its due day is the last of them: a task never ends before it starts)
CREATE TABLE IF NOT EXISTS template_tasks (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  template_id BIGINT UNSIGNED NOT NULL,
  milestone_id BIGINT UNSIGNED NULL,
  role_id BIGINT UNSIGNED NULL,
  title VARCHAR(200) NOT NULL,
  description TEXT NULL,
  start_offset INT UNSIGNED NOT NULL,
  duration INT UNSIGNED NOT NULL,
  estimate_minutes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  client_visible TINYINT(1) NOT NULL DEFAULT 0,
  position INT UNSIGNED NOT NULL DEFAULT 0,
  KEY template_tasks_template (template_id, start_offset),
  KEY template_tasks_milestone (milestone_id),
  KEY template_tasks_role (role_id),
  CONSTRAINT template_tasks_template_fk FOREIGN KEY (template_id) REFERENCES templates (id) ON DELETE CASCADE,
  CONSTRAINT template_tasks_milestone_fk FOREIGN KEY (milestone_id) REFERENCES template_milestones (id) ON DELETE SET NULL,
  CONSTRAINT template_tasks_role_fk FOREIGN KEY (role_id) REFERENCES template_roles (id) ON DELETE SET NULL,
  CONSTRAINT template_tasks_duration_ck CHECK (duration >= 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- finish-to-start, as task_deps: task_id starts after depends_on_id ends (same template)
CREATE TABLE IF NOT EXISTS template_task_deps (
  task_id BIGINT UNSIGNED NOT NULL,
  depends_on_id BIGINT UNSIGNED NOT NULL,
  template_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (task_id, depends_on_id),
  KEY template_task_deps_on (depends_on_id),
  KEY template_task_deps_template (template_id),
  CONSTRAINT template_task_deps_task_fk FOREIGN KEY (task_id) REFERENCES template_tasks (id) ON DELETE CASCADE,
  CONSTRAINT template_task_deps_on_fk FOREIGN KEY (depends_on_id) REFERENCES template_tasks (id) ON DELETE CASCADE,
  CONSTRAINT template_task_deps_template_fk FOREIGN KEY (template_id) REFERENCES templates (id) ON DELETE CASCADE,
  CONSTRAINT template_task_deps_self_ck CHECK (task_id <> depends_on_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- what is measured and the target; a new project starts with no value
CREATE TABLE IF NOT EXISTS template_kpis (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  template_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(200) NOT NULL,
  target VARCHAR(200) NOT NULL,
  KEY template_kpis_template (template_id, id),
  CONSTRAINT template_kpis_template_fk FOREIGN KEY (template_id) REFERENCES templates (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- standard risks: no owner, no status (a new project's risks are open)
CREATE TABLE IF NOT EXISTS template_risks (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  template_id BIGINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  probability TINYINT UNSIGNED NOT NULL,
  impact TINYINT UNSIGNED NOT NULL,
  mitigation TEXT NULL,
  KEY template_risks_template (template_id, id),
  CONSTRAINT template_risks_template_fk FOREIGN KEY (template_id) REFERENCES templates (id) ON DELETE CASCADE,
  CONSTRAINT template_risks_probability_ck CHECK (probability BETWEEN 1 AND 5),
  CONSTRAINT template_risks_impact_ck CHECK (impact BETWEEN 1 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- the template a project was made from (NULL: made by hand, or the template is gone): the
-- lessons of projects from the same template can be shown when a new one starts
ALTER TABLE projects ADD COLUMN IF NOT EXISTS template_id BIGINT UNSIGNED NULL;
ALTER TABLE projects ADD CONSTRAINT projects_template_fk FOREIGN KEY IF NOT EXISTS (template_id)
  REFERENCES templates (id) ON DELETE SET NULL;

-- the template task a project's task was made from (NULL: planned by hand): how a new project's
-- dependencies are copied in one statement, and what a plan-versus-template comparison reads
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS template_task_id BIGINT UNSIGNED NULL;
CREATE INDEX IF NOT EXISTS tasks_template_task ON tasks (project_id, template_task_id);
