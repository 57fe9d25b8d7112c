-- 004: time tracking and budgets: time entries with the rate in force on
-- their date, weekly sheets (open -> submitted -> approved), timers, rate
-- history, expenses, and the rollups budget pages read.

ALTER TABLE users
  ADD COLUMN weekly_capacity_minutes INT UNSIGNED NOT NULL DEFAULT 2400;

-- rate history: project_id NULL is the user's own rate; a row for a project
-- overrides it on that project. Rates are minor units per hour.
CREATE TABLE rates (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  project_id BIGINT UNSIGNED NULL,
  effective_from DATE NOT NULL,
  bill_rate BIGINT UNSIGNED NOT NULL,
  cost_rate BIGINT UNSIGNED NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  KEY rates_user (user_id, project_id, effective_from),
  CONSTRAINT rates_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT rates_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- week_start is the Monday of work_date's ISO week. amount and cost are the
-- entry's value at the rates in force on work_date, rounded half-up per entry.
CREATE TABLE time_entries (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  project_id BIGINT UNSIGNED NOT NULL,
  task_id BIGINT UNSIGNED NULL,
  work_date DATE NOT NULL,
  week_start DATE NOT NULL,
  minutes INT UNSIGNED NOT NULL,
  billable TINYINT(1) NOT NULL DEFAULT 1,
  note VARCHAR(500) NULL,
  status ENUM('open','submitted','approved') NOT NULL DEFAULT 'open',
  bill_rate BIGINT UNSIGNED NOT NULL DEFAULT 0,
  cost_rate BIGINT UNSIGNED NOT NULL DEFAULT 0,
  amount BIGINT UNSIGNED NOT NULL DEFAULT 0,
  cost BIGINT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY time_entries_user (user_id, week_start, work_date),
  KEY time_entries_project (project_id, work_date),
  KEY time_entries_pweek (project_id, week_start, status),
  KEY time_entries_date (work_date, user_id),
  KEY time_entries_status (status, week_start, user_id),
  CONSTRAINT time_entries_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT time_entries_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT time_entries_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE SET NULL,
  CONSTRAINT time_entries_minutes_ck CHECK (minutes BETWEEN 1 AND 1440),
  CONSTRAINT time_entries_week_ck CHECK (WEEKDAY(week_start) = 0 AND work_date BETWEEN week_start AND week_start + INTERVAL 6 DAY)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- one row per user and week once it was submitted (absent: open)
CREATE TABLE time_weeks (
  user_id BIGINT UNSIGNED NOT NULL,
  week_start DATE NOT NULL,
  status ENUM('open','submitted','approved') NOT NULL DEFAULT 'open',
  note TEXT NULL,
  submitted_at DATETIME NULL,
  decided_by BIGINT UNSIGNED NULL,
  decided_at DATETIME NULL,
  PRIMARY KEY (user_id, week_start),
  KEY time_weeks_status (status, week_start),
  CONSTRAINT time_weeks_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT time_weeks_decided_by_fk FOREIGN KEY (decided_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- at most one running timer per user (the primary key)
CREATE TABLE timers (
  user_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  task_id BIGINT UNSIGNED NULL,
  note VARCHAR(500) NULL,
  started_at DATETIME NOT NULL,
  CONSTRAINT timers_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT timers_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT timers_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE expenses (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NULL,
  spent_on DATE NOT NULL,
  week_start DATE NOT NULL,
  amount BIGINT UNSIGNED NOT NULL,
  category ENUM('travel','software','hardware','subcontractor','printing','other') NOT NULL,
  billable TINYINT(1) NOT NULL DEFAULT 1,
  note VARCHAR(500) NULL,
  receipt_file VARCHAR(255) NULL,
  created_at DATETIME NOT NULL,
  KEY expenses_project (project_id, spent_on),
  CONSTRAINT expenses_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT expenses_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT expenses_amount_ck CHECK (amount > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Rollups, rewritten for the (project, week) a write touches, in its
-- transaction. c_* count submitted and approved time only (what the budget
-- burns); expense_amount is billable expenses.
CREATE TABLE time_rollup_week (
  project_id BIGINT UNSIGNED NOT NULL,
  week_start DATE NOT NULL,
  minutes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  billable_minutes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  c_minutes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  c_amount BIGINT UNSIGNED NOT NULL DEFAULT 0,
  c_cost BIGINT UNSIGNED NOT NULL DEFAULT 0,
  expense_amount BIGINT UNSIGNED NOT NULL DEFAULT 0,
  amount BIGINT UNSIGNED NOT NULL DEFAULT 0,
  cost BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, week_start),
  CONSTRAINT time_rollup_week_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- the time report's rollups: per project, week and person / task (0 = no
-- task), all statuses, so a report reads a few hundred rows, not the entries
CREATE TABLE time_rollup_user_week (
  project_id BIGINT UNSIGNED NOT NULL,
  week_start DATE NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  minutes BIGINT UNSIGNED NOT NULL,
  billable_minutes BIGINT UNSIGNED NOT NULL,
  amount BIGINT UNSIGNED NOT NULL,
  cost BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (project_id, week_start, user_id),
  CONSTRAINT time_rollup_user_week_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE time_rollup_task_week (
  project_id BIGINT UNSIGNED NOT NULL,
  week_start DATE NOT NULL,
  task_id BIGINT UNSIGNED NOT NULL,
  minutes BIGINT UNSIGNED NOT NULL,
  billable_minutes BIGINT UNSIGNED NOT NULL,
  amount BIGINT UNSIGNED NOT NULL,
  cost BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (project_id, week_start, task_id),
  CONSTRAINT time_rollup_task_week_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- and their totals over all weeks, per project and person / task (kept by
-- subtracting a week's old rows and adding its new ones)
CREATE TABLE time_rollup_user (
  project_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  minutes BIGINT UNSIGNED NOT NULL,
  billable_minutes BIGINT UNSIGNED NOT NULL,
  amount BIGINT UNSIGNED NOT NULL,
  cost BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (project_id, user_id),
  CONSTRAINT time_rollup_user_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE time_rollup_task (
  project_id BIGINT UNSIGNED NOT NULL,
  task_id BIGINT UNSIGNED NOT NULL,
  minutes BIGINT UNSIGNED NOT NULL,
  billable_minutes BIGINT UNSIGNED NOT NULL,
  amount BIGINT UNSIGNED NOT NULL,
  cost BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (project_id, task_id),
  CONSTRAINT time_rollup_task_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- per project totals (sums of its week rows) and the thresholds already
-- announced (bits: 1 = 80 % hours, 2 = 100 % hours, 4 = 80 % money, 8 = 100 % money)
CREATE TABLE time_rollup_project (
  project_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  minutes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  billable_minutes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  c_minutes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  c_amount BIGINT UNSIGNED NOT NULL DEFAULT 0,
  c_cost BIGINT UNSIGNED NOT NULL DEFAULT 0,
  expense_amount BIGINT UNSIGNED NOT NULL DEFAULT 0,
  alerted TINYINT UNSIGNED NOT NULL DEFAULT 0,
  CONSTRAINT time_rollup_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
