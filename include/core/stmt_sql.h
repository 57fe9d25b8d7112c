/* stmt_sql.h - shared pieces of SQL text for the statement sections under src/sql/. */
#ifndef TANDEM_STMT_SQL_H
#define TANDEM_STMT_SQL_H

/* A DATETIME (stored in UTC) as ISO 8601: 2026-11-22T14:03:00Z. */
#define ISO(col) "DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"

/* The columns of a project as the XML layer wants them (attribute names). */
#define PROJECT_COLS \
	"p.id, p.name, p.code, p.client_id AS `client-id`, c.name AS `client-name`," \
	" p.pm_id AS `pm-id`, pm.name AS `pm-name`, p.stage, p.health," \
	" p.start_date AS `start-date`, p.due_date AS `due-date`," \
	" p.budget_minutes AS `budget-minutes`, p.budget_amount AS `budget-amount`," \
	" p.currency "
/* a project as a client contact's pages show it: no budget, money or internal ids (issue 10
 * item 17: the XML API carries only what the contact's page shows) */
#define PORTAL_PROJECT_COLS \
	"p.id, p.name, p.code, p.client_id AS `client-id`, c.name AS `client-name`," \
	" pm.name AS `pm-name`, p.stage, p.health, p.start_date AS `start-date`, p.due_date AS `due-date` "
#define PROJECT_FROM \
	" FROM projects p JOIN clients c ON c.id = p.client_id" \
	" LEFT JOIN users pm ON pm.id = p.pm_id "
/* Progress from the work, the one figure every page shows (portal, status report snapshot,
 * project page and report, dashboard): the estimates of done tasks over all estimates, or done
 * tasks over all tasks when nothing is estimated (basis "estimates" / "tasks" / "none"), rounded
 * down so 100 means all done; with the counts that say what it measures. All tasks of the
 * project, client-visible or not (docs/architecture.md, "Issue 10: figures and money"). */
#define PROJECT_PROGRESS \
	", (SELECT CASE WHEN SUM(t.estimate_minutes) > 0" \
	" THEN FLOOR(100 * SUM(IF(t.status = 'done', t.estimate_minutes, 0)) / SUM(t.estimate_minutes))" \
	" WHEN COUNT(*) > 0 THEN FLOOR(100 * SUM(t.status = 'done') / COUNT(*)) ELSE 0 END" \
	" FROM tasks t WHERE t.project_id = p.id) AS progress," \
	" (SELECT CASE WHEN SUM(t.estimate_minutes) > 0 THEN 'estimates' WHEN COUNT(*) > 0 THEN 'tasks'" \
	" ELSE 'none' END FROM tasks t WHERE t.project_id = p.id) AS `progress-basis`," \
	" (SELECT COUNT(*) FROM tasks t WHERE t.project_id = p.id AND t.status = 'done') AS `tasks-done`," \
	" (SELECT COUNT(*) FROM tasks t WHERE t.project_id = p.id) AS `tasks-total`," \
	" (SELECT COUNT(*) FROM milestones m WHERE m.project_id = p.id AND m.reached_on IS NOT NULL)" \
	" AS `milestones-reached`," \
	" (SELECT COUNT(*) FROM milestones m WHERE m.project_id = p.id) AS `milestones-total` "
#define PROJECT_FILTER \
	" WHERE (? = '' OR p.stage = ?) AND (? = 0 OR p.client_id = ?) AND (? = '' OR p.health = ?) "
/* the note's columns are the caller's: staff read it with its note-internal flag, the portal
 * without an internal note (schema/014) */
#define ACTIVITY_COLS ACTIVITY_COLS_NOTE("a.note, a.note_internal AS `note-internal`")
#define ACTIVITY_COLS_NOTE(note) \
	"a.id, " ISO("a.created_at") " AS at, a.kind, COALESCE(u.name, a.actor_label) AS `user-name`, a.project_id AS `project-id`," \
	" p.name AS `project-name`, a.client_id AS `client-id`, cl.name AS `client-name`," \
	" a.from_value AS `from`, a.to_value AS `to`, " note ", a.client_visible AS `client-visible` " \
	" FROM activity a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN projects p ON p.id = a.project_id" \
	" LEFT JOIN clients cl ON cl.id = a.client_id "

/* planning (src/sql/plan.def): a task as the lists show it */
#define TASK_COLS \
	"t.id, t.title, t.project_id AS `project-id`, t.milestone_id AS `milestone-id`," \
	" t.assignee_id AS `assignee-id`, u.name AS `assignee-name`, t.start_date AS `start-date`," \
	" t.due_date AS `due-date`, t.estimate_minutes AS `estimate-minutes`, t.status," \
	" t.client_visible AS `client-visible`, t.baseline_due AS `baseline-due`," \
	" DATEDIFF(t.due_date, t.baseline_due) AS slip," \
	" (t.status <> 'done' AND t.due_date < UTC_DATE()) AS overdue "
/* a task as the Gantt chart reads it (by the names declared with ST_GANTT_TASKS, not as attributes) */
#define GANTT_TASK_COLS \
	"t.id, t.title, t.milestone_id, TO_DAYS(t.start_date) AS start_day, TO_DAYS(t.due_date) AS due_day," \
	" TO_DAYS(t.baseline_start) AS baseline_start_day, TO_DAYS(t.baseline_due) AS baseline_due_day," \
	" t.status, u.name, t.client_visible, t.start_date, t.due_date "
#define GANTT_TASK_ORDER \
	" ORDER BY m.id IS NULL, m.due_date, m.id, t.start_date, t.id"
/* the index order of tasks_project: grouping under milestones happens in C */
#define GANTT_TASK_INDEX_ORDER \
	" ORDER BY t.milestone_id, t.start_date, t.id"
#define GANTT_MS_COLS \
	"m.id, m.name, TO_DAYS(m.due_date) AS due_day, TO_DAYS(m.baseline_due) AS baseline_due_day," \
	" m.reached_on IS NOT NULL AS reached, m.client_visible "
#define GANTT_CHANGE_COLS \
	"c.id, c.title, c.impact_days, TO_DAYS(c.decided_at) AS decided_day, TO_DAYS(c.old_due_date) AS old_due_day," \
	" TO_DAYS(c.new_due_date) AS new_due_day," \
	" c.shift_from, c.shifted_milestones, c.shifted_tasks "
#define RISK_COLS \
	"r.id, r.project_id AS `project-id`, r.title, r.probability, r.impact," \
	" r.probability * r.impact AS score, r.owner_id AS `owner-id`, u.name AS `owner-name`," \
	" r.mitigation, r.status, " ISO("r.updated_at") " AS `updated-at`" \
	" FROM risks r LEFT JOIN users u ON u.id = r.owner_id "
#define CHANGE_COLS \
	"c.id, c.project_id AS `project-id`, c.title, c.description, c.impact_days AS `impact-days`," \
	" c.impact_minutes AS `impact-minutes`, c.impact_amount AS `impact-amount`, p.currency, c.status," \
	" c.shift_from AS `shift-from`, c.shifted_milestones AS `shifted-milestones`," \
	" c.shifted_tasks AS `shifted-tasks`," \
	" cu.name AS `created-by-name`, du.name AS `decided-by-name`, " ISO("c.decided_at") " AS `decided-at`," \
	" c.decision_note AS `decision-note`, c.old_due_date AS `old-due-date`, c.new_due_date AS `new-due-date`," \
	" c.old_budget_minutes AS `old-budget-minutes`, c.old_budget_amount AS `old-budget-amount`," \
	" " ISO("c.created_at") " AS `created-at`" \
	" FROM change_requests c JOIN projects p ON p.id = c.project_id" \
	" LEFT JOIN users cu ON cu.id = c.created_by LEFT JOIN users du ON du.id = c.decided_by "
/* is user ? (active staff) on project ?: its PM or a member */
#define ON_PROJECT \
	" u.active = 1 AND u.role <> 'client' AND (u.id = (SELECT pm_id FROM projects WHERE id = ?)" \
	" OR EXISTS (SELECT 1 FROM project_members pmb WHERE pmb.project_id = ? AND pmb.user_id = u.id)) "

/* notification e-mail (src/core/sql/notify.def): a person as their digest reads them */
#define DIGEST_USER_COLS \
	"u.id, u.name, u.email, u.role, u.active, u.password_hash IS NOT NULL AS can_sign_in," \
	" u.time_zone, c.cadence, "
/* Status reports due (issue 12): the active projects (not in closure, with a PM) of clients
 * with a reporting cadence, each with the base its next report counts from: the date of its
 * last published report (period_date), else its start date, else the day it was made; extra:
 * more conditions (" AND ..."). REPORT_DUE_DATE: the base plus the cadence's interval. */
#define REPORT_DUE_FROM(extra) \
	" FROM (SELECT p.id, p.name, p.pm_id, p.client_id, c.name AS client_name, c.cadence," \
	" COALESCE((SELECT MAX(s.period_date) FROM status_reports s WHERE s.project_id = p.id" \
	" AND s.state = 'published'), p.start_date, DATE(p.created_at)) AS base" \
	" FROM projects p JOIN clients c ON c.id = p.client_id" \
	" WHERE p.stage <> 'closure' AND p.pm_id IS NOT NULL AND c.cadence <> 'none'" extra ") b"
#define REPORT_DUE_DATE \
	"(CASE b.cadence WHEN 'daily' THEN b.base + INTERVAL 1 DAY" \
	" WHEN 'weekly' THEN b.base + INTERVAL 7 DAY WHEN 'biweekly' THEN b.base + INTERVAL 14 DAY" \
	" ELSE b.base + INTERVAL 1 MONTH END)"

#endif
