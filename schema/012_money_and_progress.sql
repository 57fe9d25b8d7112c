-- 012: rates carry their currency; time with no rate in its project's currency
-- is unpriced (never priced at a rate of another currency); status reports
-- snapshot what their progress figure counts (issue 10, items 1 and 2).
-- Safe to run again: IF NOT EXISTS everywhere, and the updates only touch
-- rows still in the old state.

-- A rate is minor units per hour in `currency`. Existing rates were typed for
-- the currency they were used with: a project's override for that project's
-- currency, a user's own rate for the user's currency (users.currency, which
-- is the agency default EUR unless set otherwise).
ALTER TABLE rates ADD COLUMN IF NOT EXISTS currency CHAR(3) NULL AFTER cost_rate;
UPDATE rates r JOIN projects p ON p.id = r.project_id SET r.currency = p.currency WHERE r.currency IS NULL;
UPDATE rates r JOIN users u ON u.id = r.user_id SET r.currency = u.currency WHERE r.currency IS NULL;
ALTER TABLE rates MODIFY COLUMN currency CHAR(3) NOT NULL DEFAULT 'EUR';
CREATE INDEX IF NOT EXISTS rates_user_currency ON rates (user_id, project_id, currency, effective_from);

-- unpriced = 1: no rate of the person in the project's currency was in force on
-- the entry's day; its rates, amount and cost are 0 and the pages say so.
ALTER TABLE time_entries ADD COLUMN IF NOT EXISTS unpriced TINYINT(1) NOT NULL DEFAULT 0 AFTER cost;
CREATE INDEX IF NOT EXISTS time_entries_unpriced ON time_entries (project_id, unpriced, user_id);

-- Entries priced before this migration with a rate of another currency: the
-- rate that priced them was the project's override (in the project's currency,
-- above) or the person's own rate / users.hourly_rate (in users.currency). When
-- no override was in force and the person's currency is not the project's, the
-- price was a silent conversion at 1:1: it is taken off (no rate in the
-- project's currency exists yet to re-price them with), and the pages show
-- "no rate in <currency>" until an admin adds one.
UPDATE time_entries e JOIN projects p ON p.id = e.project_id JOIN users u ON u.id = e.user_id
  SET e.unpriced = 1, e.bill_rate = 0, e.cost_rate = 0, e.amount = 0, e.cost = 0
  WHERE e.unpriced = 0 AND u.currency <> p.currency
    AND NOT EXISTS (SELECT 1 FROM rates r WHERE r.user_id = e.user_id AND r.project_id = e.project_id
                    AND r.effective_from <= e.work_date);

-- the rollups of the projects concerned, rebuilt from their entries
UPDATE time_rollup_week w SET
  w.amount = (SELECT COALESCE(SUM(e.amount), 0) FROM time_entries e WHERE e.project_id = w.project_id AND e.week_start = w.week_start),
  w.cost = (SELECT COALESCE(SUM(e.cost), 0) FROM time_entries e WHERE e.project_id = w.project_id AND e.week_start = w.week_start),
  w.c_amount = (SELECT COALESCE(SUM(e.amount), 0) FROM time_entries e WHERE e.project_id = w.project_id AND e.week_start = w.week_start AND e.status <> 'open'),
  w.c_cost = (SELECT COALESCE(SUM(e.cost), 0) FROM time_entries e WHERE e.project_id = w.project_id AND e.week_start = w.week_start AND e.status <> 'open')
  WHERE EXISTS (SELECT 1 FROM time_entries x WHERE x.project_id = w.project_id AND x.unpriced = 1);
UPDATE time_rollup_user_week w SET
  w.amount = (SELECT COALESCE(SUM(e.amount), 0) FROM time_entries e WHERE e.project_id = w.project_id AND e.week_start = w.week_start AND e.user_id = w.user_id),
  w.cost = (SELECT COALESCE(SUM(e.cost), 0) FROM time_entries e WHERE e.project_id = w.project_id AND e.week_start = w.week_start AND e.user_id = w.user_id)
  WHERE EXISTS (SELECT 1 FROM time_entries x WHERE x.project_id = w.project_id AND x.unpriced = 1);
UPDATE time_rollup_task_week w SET
  w.amount = (SELECT COALESCE(SUM(e.amount), 0) FROM time_entries e WHERE e.project_id = w.project_id AND e.week_start = w.week_start AND COALESCE(e.task_id, 0) = w.task_id),
  w.cost = (SELECT COALESCE(SUM(e.cost), 0) FROM time_entries e WHERE e.project_id = w.project_id AND e.week_start = w.week_start AND COALESCE(e.task_id, 0) = w.task_id)
  WHERE EXISTS (SELECT 1 FROM time_entries x WHERE x.project_id = w.project_id AND x.unpriced = 1);
UPDATE time_rollup_user t SET
  t.amount = (SELECT COALESCE(SUM(w.amount), 0) FROM time_rollup_user_week w WHERE w.project_id = t.project_id AND w.user_id = t.user_id),
  t.cost = (SELECT COALESCE(SUM(w.cost), 0) FROM time_rollup_user_week w WHERE w.project_id = t.project_id AND w.user_id = t.user_id)
  WHERE EXISTS (SELECT 1 FROM time_entries x WHERE x.project_id = t.project_id AND x.unpriced = 1);
UPDATE time_rollup_task t SET
  t.amount = (SELECT COALESCE(SUM(w.amount), 0) FROM time_rollup_task_week w WHERE w.project_id = t.project_id AND w.task_id = t.task_id),
  t.cost = (SELECT COALESCE(SUM(w.cost), 0) FROM time_rollup_task_week w WHERE w.project_id = t.project_id AND w.task_id = t.task_id)
  WHERE EXISTS (SELECT 1 FROM time_entries x WHERE x.project_id = t.project_id AND x.unpriced = 1);
UPDATE time_rollup_project t SET
  t.c_amount = (SELECT COALESCE(SUM(w.c_amount), 0) FROM time_rollup_week w WHERE w.project_id = t.project_id),
  t.c_cost = (SELECT COALESCE(SUM(w.c_cost), 0) FROM time_rollup_week w WHERE w.project_id = t.project_id)
  WHERE EXISTS (SELECT 1 FROM time_entries x WHERE x.project_id = t.project_id AND x.unpriced = 1);

-- a status report's progress says what it counts: the basis ('estimates',
-- 'tasks', 'none'), done and all tasks, milestones reached and all. Reports
-- published before this migration keep their bare percentage (NULL here).
ALTER TABLE status_reports
  ADD COLUMN IF NOT EXISTS snap_progress_basis VARCHAR(10) NULL AFTER snap_progress,
  ADD COLUMN IF NOT EXISTS snap_tasks_done INT UNSIGNED NULL AFTER snap_progress_basis,
  ADD COLUMN IF NOT EXISTS snap_tasks_total INT UNSIGNED NULL AFTER snap_tasks_done,
  ADD COLUMN IF NOT EXISTS snap_milestones_reached INT UNSIGNED NULL AFTER snap_tasks_total,
  ADD COLUMN IF NOT EXISTS snap_milestones_total INT UNSIGNED NULL AFTER snap_milestones_reached;
