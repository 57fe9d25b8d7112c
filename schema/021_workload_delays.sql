-- 021: forward workload and client delays on record (issue 16).
-- The workload view reads the open tasks overlapping its twelve weeks from one index alone,
-- tasks_workload (the statuses and due dates first: three ranges), and
-- users.weekly_capacity_minutes. Client delays:
--   client_waits   a task or a milestone "waiting on the client" for what is awaited, from
--                  started_on until ended_on (NULL: still waiting). At most one open period per
--                  task and per milestone: the unique keys on the two generated columns hold
--                  the item's id only while its period is open (NULL, never equal, once ended).
--   change_requests.proposed_at  when the change went to the client for a decision (the
--                  statement that proposes sets it; rows proposed before this migration take
--                  their first approval request, else their last update).
--   status_reports.snap_wait_days  the project's days waited on the client, snapshotted with
--                  the other figures when the report is published (NULL: published before).
-- Safe to run again (IF NOT EXISTS).

CREATE INDEX IF NOT EXISTS tasks_workload
  ON tasks (status, due_date, start_date, assignee_id, estimate_minutes, project_id);

CREATE TABLE IF NOT EXISTS client_waits (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  task_id BIGINT UNSIGNED NULL,
  milestone_id BIGINT UNSIGNED NULL,
  what VARCHAR(200) NOT NULL,
  started_on DATE NOT NULL,
  ended_on DATE NULL,
  started_by BIGINT UNSIGNED NULL,
  ended_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  ended_at DATETIME NULL,
  open_task BIGINT UNSIGNED AS (IF(ended_on IS NULL, task_id, NULL)) PERSISTENT,
  open_milestone BIGINT UNSIGNED AS (IF(ended_on IS NULL, milestone_id, NULL)) PERSISTENT,
  UNIQUE KEY client_waits_open_task (open_task),
  UNIQUE KEY client_waits_open_milestone (open_milestone),
  KEY client_waits_project (project_id, started_on),
  KEY client_waits_task (task_id, started_on),
  KEY client_waits_milestone (milestone_id, started_on),
  CONSTRAINT client_waits_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT client_waits_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
  CONSTRAINT client_waits_milestone_fk FOREIGN KEY (milestone_id) REFERENCES milestones (id) ON DELETE CASCADE,
  CONSTRAINT client_waits_started_by_fk FOREIGN KEY (started_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT client_waits_ended_by_fk FOREIGN KEY (ended_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT client_waits_one_item CHECK ((task_id IS NULL) <> (milestone_id IS NULL)),
  CONSTRAINT client_waits_dates CHECK (ended_on IS NULL OR ended_on >= started_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE change_requests ADD COLUMN IF NOT EXISTS proposed_at DATETIME NULL AFTER status;

UPDATE change_requests c SET c.proposed_at = COALESCE(
    (SELECT MIN(a.created_at) FROM approvals a WHERE a.change_id = c.id), c.updated_at)
  WHERE c.status <> 'draft' AND c.proposed_at IS NULL;

ALTER TABLE status_reports ADD COLUMN IF NOT EXISTS snap_wait_days INT UNSIGNED NULL;
