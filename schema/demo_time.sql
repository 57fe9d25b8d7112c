-- Demo data for time tracking: rates with some history, a few months of time
-- for the team (Marco, Tom, Sara, Lena), weeks approved, submitted and open,
-- a running timer, expenses, and budgets in every state: Website relaunch
-- near its hours budget, the sustainability microsite over its money budget,
-- the others under. Rollups are rebuilt from the entries at the end, so they
-- agree with them exactly. Loaded after demo.sql and demo_plan.sql in the
-- same transaction; dates relative to today.

SET @mon = CURDATE() - INTERVAL WEEKDAY(CURDATE()) DAY;

INSERT INTO project_members (project_id, user_id, added_at) VALUES
 (11, 6, UTC_TIMESTAMP() - INTERVAL 150 DAY), (2, 5, UTC_TIMESTAMP() - INTERVAL 200 DAY);

UPDATE users SET weekly_capacity_minutes = 2400 WHERE role <> 'client';
UPDATE users SET weekly_capacity_minutes = 1920 WHERE id = 6;

-- rates: everyone's own from long ago; Marco got a raise 30 days ago; Tom is
-- billed at a premium on the TPS automation. A rate prices only projects in its
-- currency: Marco and Tom have USD rates for Globex, Sara a GBP rate for
-- Northwind; Marco has none in GBP, so his time on the mobile app is unpriced
-- and its budget page says "No rate in GBP" (issue 10).
INSERT INTO rates (user_id, project_id, effective_from, bill_rate, cost_rate, currency, created_by, created_at) VALUES
 (1, NULL, CURDATE() - INTERVAL 500 DAY, 12000, 6000, 'EUR', 1, UTC_TIMESTAMP() - INTERVAL 500 DAY),
 (2, NULL, CURDATE() - INTERVAL 480 DAY, 11000, 5200, 'EUR', 1, UTC_TIMESTAMP() - INTERVAL 480 DAY),
 (3, NULL, CURDATE() - INTERVAL 470 DAY, 8500, 4200, 'EUR', 1, UTC_TIMESTAMP() - INTERVAL 470 DAY),
 (3, NULL, CURDATE() - INTERVAL 30 DAY, 9000, 4400, 'EUR', 1, UTC_TIMESTAMP() - INTERVAL 31 DAY),
 (3, NULL, CURDATE() - INTERVAL 470 DAY, 10000, 5000, 'USD', 1, UTC_TIMESTAMP() - INTERVAL 470 DAY),
 (4, NULL, CURDATE() - INTERVAL 360 DAY, 11000, 5200, 'EUR', 1, UTC_TIMESTAMP() - INTERVAL 360 DAY),
 (5, NULL, CURDATE() - INTERVAL 300 DAY, 8500, 4000, 'EUR', 1, UTC_TIMESTAMP() - INTERVAL 300 DAY),
 (5, NULL, CURDATE() - INTERVAL 300 DAY, 9500, 4500, 'USD', 1, UTC_TIMESTAMP() - INTERVAL 300 DAY),
 (5, 6, CURDATE() - INTERVAL 60 DAY, 9500, 4000, 'EUR', 1, UTC_TIMESTAMP() - INTERVAL 60 DAY),
 (6, NULL, CURDATE() - INTERVAL 200 DAY, 9500, 4500, 'EUR', 1, UTC_TIMESTAMP() - INTERVAL 200 DAY),
 (6, NULL, CURDATE() - INTERVAL 200 DAY, 8000, 3800, 'GBP', 1, UTC_TIMESTAMP() - INTERVAL 200 DAY);

-- who works on what: hours a working day, from / to (days ago)
CREATE TEMPORARY TABLE demo_staffing (
  project_id BIGINT UNSIGNED, user_id BIGINT UNSIGNED, minutes INT, from_ago INT, to_ago INT, task_id BIGINT UNSIGNED NULL);
INSERT INTO demo_staffing VALUES
 (1, 3, 330, 70, 0, 7), (1, 5, 270, 70, 0, 9), (1, 6, 300, 70, 0, 10),
 (4, 3, 150, 90, 0, 17), (4, 5, 120, 90, 0, 18),
 (6, 5, 90, 30, 0, NULL), (6, 4, 60, 30, 0, NULL),
 (8, 3, 60, 45, 0, NULL), (8, 6, 150, 45, 0, NULL),
 (11, 6, 120, 150, 30, NULL),
 (2, 5, 90, 200, 20, NULL);

INSERT INTO time_entries (user_id, project_id, task_id, work_date, week_start, minutes, billable, note,
                          status, bill_rate, cost_rate, amount, cost, unpriced, created_at, updated_at)
SELECT x.user_id, x.project_id, x.task_id, x.d, x.d - INTERVAL WEEKDAY(x.d) DAY, x.m, x.billable, x.note,
       CASE
         WHEN x.d < @mon - INTERVAL 14 DAY THEN 'approved'
         WHEN x.d < @mon - INTERVAL 7 DAY THEN IF(x.user_id = 5, 'submitted', 'approved')
         WHEN x.d < @mon THEN IF(x.user_id = 5, 'open', 'submitted')
         ELSE 'open' END,
       COALESCE(x.bill, 0), IF(x.bill IS NULL, 0, x.cost_rate),
       IF(x.billable AND x.bill IS NOT NULL, (x.m * x.bill + 30) DIV 60, 0),
       IF(x.bill IS NULL, 0, (x.m * x.cost_rate + 30) DIV 60), x.bill IS NULL,
       UTC_TIMESTAMP(), UTC_TIMESTAMP()
FROM (
  SELECT st.user_id, st.project_id, st.task_id, CURDATE() - INTERVAL s.seq DAY AS d,
         st.minutes + (CAST((s.seq * 7 + st.user_id + st.project_id * 2) % 3 AS SIGNED) - 1) * 15 AS m,
         (s.seq + st.user_id) % 9 <> 0 AS billable,
         ELT(1 + (s.seq + st.project_id) % 6, 'Implementation', 'Review with the team', 'Client call and follow-up',
             'Fixes after QA', 'Planning and estimates', 'Documentation') AS note,
         COALESCE((SELECT r.bill_rate FROM rates r WHERE r.user_id = st.user_id AND r.project_id = st.project_id AND r.currency = p.currency
                   AND r.effective_from <= CURDATE() - INTERVAL s.seq DAY ORDER BY r.effective_from DESC LIMIT 1),
                  (SELECT r.bill_rate FROM rates r WHERE r.user_id = st.user_id AND r.project_id IS NULL AND r.currency = p.currency
                   AND r.effective_from <= CURDATE() - INTERVAL s.seq DAY ORDER BY r.effective_from DESC LIMIT 1)) AS bill,
         COALESCE((SELECT r.cost_rate FROM rates r WHERE r.user_id = st.user_id AND r.project_id = st.project_id AND r.currency = p.currency
                   AND r.effective_from <= CURDATE() - INTERVAL s.seq DAY ORDER BY r.effective_from DESC LIMIT 1),
                  (SELECT r.cost_rate FROM rates r WHERE r.user_id = st.user_id AND r.project_id IS NULL AND r.currency = p.currency
                   AND r.effective_from <= CURDATE() - INTERVAL s.seq DAY ORDER BY r.effective_from DESC LIMIT 1)) AS cost_rate
  FROM demo_staffing st JOIN projects p ON p.id = st.project_id
  JOIN seq_0_to_220 s ON s.seq BETWEEN st.to_ago AND st.from_ago
  WHERE WEEKDAY(CURDATE() - INTERVAL s.seq DAY) < 5
) x;

-- last week, Marco: a long Wednesday and a Saturday (flagged on the approvals page)
INSERT INTO time_entries (user_id, project_id, task_id, work_date, week_start, minutes, billable, note,
                          status, bill_rate, cost_rate, amount, cost, created_at, updated_at) VALUES
 (3, 4, 19, @mon - INTERVAL 5 DAY, @mon - INTERVAL 7 DAY, 180, 1, 'Go-live rehearsal ran late', 'submitted', 10000, 5000, 30000, 15000, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (3, 1, NULL, @mon - INTERVAL 2 DAY, @mon - INTERVAL 7 DAY, 120, 1, 'Hotfix for the store locator', 'submitted', 9000, 4400, 18000, 8800, UTC_TIMESTAMP(), UTC_TIMESTAMP());

INSERT INTO time_weeks (user_id, week_start, status, note, submitted_at, decided_by, decided_at)
SELECT user_id, week_start, IF(SUM(status = 'approved') = COUNT(*), 'approved', 'submitted'), NULL,
       week_start + INTERVAL 4 DAY + INTERVAL 17 HOUR,
       IF(SUM(status = 'approved') = COUNT(*), 2, NULL),
       IF(SUM(status = 'approved') = COUNT(*), week_start + INTERVAL 8 DAY + INTERVAL 10 HOUR, NULL)
FROM time_entries GROUP BY user_id, week_start HAVING SUM(status = 'open') = 0;

-- Tom's week before last was sent back once, then resubmitted
UPDATE time_weeks SET note = NULL WHERE user_id = 5;

INSERT INTO timers (user_id, project_id, task_id, note, started_at) VALUES
 (6, 8, NULL, 'Delivery slot picker', UTC_TIMESTAMP() - INTERVAL 40 MINUTE);

INSERT INTO expenses (project_id, user_id, spent_on, week_start, amount, category, billable, note, receipt_file, created_at) VALUES
 (1, 2, CURDATE() - INTERVAL 40 DAY, CURDATE() - INTERVAL 40 DAY - INTERVAL WEEKDAY(CURDATE() - INTERVAL 40 DAY) DAY, 42000, 'travel', 1, 'Workshop in Hamburg: train and hotel', 'hamburg-receipts.pdf', UTC_TIMESTAMP() - INTERVAL 40 DAY),
 (1, 3, CURDATE() - INTERVAL 12 DAY, CURDATE() - INTERVAL 12 DAY - INTERVAL WEEKDAY(CURDATE() - INTERVAL 12 DAY) DAY, 12900, 'software', 1, 'Load testing service, one month', NULL, UTC_TIMESTAMP() - INTERVAL 12 DAY),
 (6, 4, CURDATE() - INTERVAL 9 DAY, CURDATE() - INTERVAL 9 DAY - INTERVAL WEEKDAY(CURDATE() - INTERVAL 9 DAY) DAY, 8500, 'printing', 0, 'Cover sheet proofs', NULL, UTC_TIMESTAMP() - INTERVAL 9 DAY),
 (11, 2, CURDATE() - INTERVAL 60 DAY, CURDATE() - INTERVAL 60 DAY - INTERVAL WEEKDAY(CURDATE() - INTERVAL 60 DAY) DAY, 1600000, 'subcontractor', 1, 'Data visualisation studio (change of scope)', 'studio-invoice-0417.pdf', UTC_TIMESTAMP() - INTERVAL 60 DAY);

-- rollups, from the entries and expenses
INSERT INTO time_rollup_week (project_id, week_start, minutes, billable_minutes, c_minutes, c_amount, c_cost,
                              expense_amount, amount, cost)
SELECT k.project_id, k.week_start,
       COALESCE(SUM(e.minutes), 0), COALESCE(SUM(IF(e.billable, e.minutes, 0)), 0),
       COALESCE(SUM(IF(e.status <> 'open', e.minutes, 0)), 0), COALESCE(SUM(IF(e.status <> 'open', e.amount, 0)), 0),
       COALESCE(SUM(IF(e.status <> 'open', e.cost, 0)), 0),
       (SELECT COALESCE(SUM(x.amount), 0) FROM expenses x WHERE x.project_id = k.project_id
        AND x.week_start = k.week_start AND x.billable = 1),
       COALESCE(SUM(e.amount), 0), COALESCE(SUM(e.cost), 0)
FROM (SELECT project_id, week_start FROM time_entries UNION SELECT project_id, week_start FROM expenses) k
LEFT JOIN time_entries e ON e.project_id = k.project_id AND e.week_start = k.week_start
GROUP BY k.project_id, k.week_start;

INSERT INTO time_rollup_user_week (project_id, week_start, user_id, minutes, billable_minutes, amount, cost)
SELECT project_id, week_start, user_id, SUM(minutes), SUM(IF(billable, minutes, 0)), SUM(amount), SUM(cost)
FROM time_entries GROUP BY project_id, week_start, user_id;

INSERT INTO time_rollup_task_week (project_id, week_start, task_id, minutes, billable_minutes, amount, cost)
SELECT project_id, week_start, COALESCE(task_id, 0), SUM(minutes), SUM(IF(billable, minutes, 0)), SUM(amount), SUM(cost)
FROM time_entries GROUP BY project_id, week_start, COALESCE(task_id, 0);

INSERT INTO time_rollup_user (project_id, user_id, minutes, billable_minutes, amount, cost)
SELECT project_id, user_id, SUM(minutes), SUM(billable_minutes), SUM(amount), SUM(cost)
FROM time_rollup_user_week GROUP BY project_id, user_id;

INSERT INTO time_rollup_task (project_id, task_id, minutes, billable_minutes, amount, cost)
SELECT project_id, task_id, SUM(minutes), SUM(billable_minutes), SUM(amount), SUM(cost)
FROM time_rollup_task_week GROUP BY project_id, task_id;

INSERT INTO time_rollup_project (project_id, minutes, billable_minutes, c_minutes, c_amount, c_cost, expense_amount, alerted)
SELECT w.project_id, SUM(w.minutes), SUM(w.billable_minutes), SUM(w.c_minutes), SUM(w.c_amount), SUM(w.c_cost),
       SUM(w.expense_amount), 0
FROM time_rollup_week w GROUP BY w.project_id;

-- the thresholds already crossed, announced as the application would have
UPDATE time_rollup_project r JOIN projects p ON p.id = r.project_id SET r.alerted =
    IF(p.budget_minutes > 0 AND r.c_minutes * 100 >= p.budget_minutes * 80, 1, 0)
  + IF(p.budget_minutes > 0 AND r.c_minutes >= p.budget_minutes, 2, 0)
  + IF(p.budget_amount > 0 AND (r.c_amount + r.expense_amount) * 100 >= p.budget_amount * 80, 4, 0)
  + IF(p.budget_amount > 0 AND r.c_amount + r.expense_amount >= p.budget_amount, 8, 0);

INSERT INTO activity (client_id, project_id, user_id, kind, from_value, to_value, note, client_visible, created_at)
SELECT p.client_id, p.id, NULL, 'budget', NULL, b.label, b.label, 0, UTC_TIMESTAMP() - INTERVAL b.n DAY
FROM time_rollup_project r JOIN projects p ON p.id = r.project_id
JOIN (SELECT 1 AS bit, '80% of the hours budget' AS label, 6 AS n UNION ALL SELECT 2, '100% of the hours budget', 4
      UNION ALL SELECT 4, '80% of the money budget', 5 UNION ALL SELECT 8, '100% of the money budget', 3) b
  ON r.alerted & b.bit;
