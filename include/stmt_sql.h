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
#define PROJECT_FROM \
	" FROM projects p JOIN clients c ON c.id = p.client_id" \
	" LEFT JOIN users pm ON pm.id = p.pm_id "
/* Share of the planned time that has passed (0..100), 100 once closed. */
#define PROJECT_PROGRESS \
	", CASE WHEN p.stage = 'closure' THEN 100" \
	" WHEN p.start_date IS NULL OR p.due_date IS NULL OR p.due_date <= p.start_date THEN 0" \
	" ELSE LEAST(100, GREATEST(0, ROUND(100 * DATEDIFF(UTC_DATE(), p.start_date)" \
	" / DATEDIFF(p.due_date, p.start_date)))) END AS progress "
#define PROJECT_FILTER \
	" WHERE (? = '' OR p.stage = ?) AND (? = 0 OR p.client_id = ?) AND (? = '' OR p.health = ?) "
#define ACTIVITY_COLS \
	"a.id, " ISO("a.created_at") " AS at, a.kind, u.name AS `user-name`, a.project_id AS `project-id`," \
	" p.name AS `project-name`, a.client_id AS `client-id`, cl.name AS `client-name`," \
	" a.from_value AS `from`, a.to_value AS `to`, a.note " \
	" FROM activity a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN projects p ON p.id = a.project_id" \
	" LEFT JOIN clients cl ON cl.id = a.client_id "

#endif
