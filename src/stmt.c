/* stmt.c - the statement table: every SQL text Tandem runs, by name. Call sites bind values, never text. */
#include "stmt.h"

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
	" p.name AS `project-name`, a.from_value AS `from`, a.to_value AS `to`, a.note " \
	" FROM activity a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN projects p ON p.id = a.project_id "

const char *const stmt_sql[ST__COUNT] = {
	[ST_MIGRATIONS_TABLE] =
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version VARCHAR(128) NOT NULL PRIMARY KEY, applied_at DATETIME NOT NULL)"
		" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
	[ST_MIGRATIONS_DONE] = "SELECT version FROM schema_migrations",
	[ST_MIGRATION_ADD] = "INSERT INTO schema_migrations (version, applied_at) VALUES (?, UTC_TIMESTAMP())",

	[ST_USER_LOGIN] =
		"SELECT id, password_hash, active, role FROM users WHERE email = ?",
	[ST_LOGIN_FAILS] =
		"SELECT COUNT(*) FROM login_attempts WHERE email = ? AND at > UTC_TIMESTAMP() - INTERVAL 15 MINUTE",
	[ST_LOGIN_FAIL_ADD] = "INSERT INTO login_attempts (email, ip, at) VALUES (?, ?, UTC_TIMESTAMP())",
	[ST_LOGIN_PURGE] = "DELETE FROM login_attempts WHERE at < UTC_TIMESTAMP() - INTERVAL 1 DAY",
	[ST_SESSION_NEW] =
		"INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen_at, expires_at, ip, user_agent)"
		" VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 30 DAY, ?, LEFT(?, 255))",
	[ST_SESSION_GET] =
		"SELECT s.id, s.csrf, u.id, u.name, u.email, u.role, u.client_id, c.name, u.access,"
		" TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP())"
		" FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN clients c ON c.id = u.client_id"
		" WHERE s.token_hash = ? AND s.expires_at > UTC_TIMESTAMP()"
		" AND s.last_seen_at > UTC_TIMESTAMP() - INTERVAL 2 DAY AND u.active = 1",
	[ST_SESSION_TOUCH] = "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP() WHERE id = ?",
	[ST_SESSION_DEL] = "DELETE FROM sessions WHERE token_hash = ?",
	[ST_SESSION_DEL_USER] = "DELETE FROM sessions WHERE user_id = ?",
	[ST_SESSION_PURGE] =
		"DELETE FROM sessions WHERE expires_at < UTC_TIMESTAMP()"
		" OR last_seen_at < UTC_TIMESTAMP() - INTERVAL 2 DAY",
	[ST_USER_LOGGED_IN] = "UPDATE users SET last_login_at = UTC_TIMESTAMP() WHERE id = ?",

	[ST_DASH_COUNTS] =
		"SELECT 'stage' AS k, stage AS name, COUNT(*) AS count FROM projects GROUP BY stage"
		" UNION ALL SELECT 'health', health, COUNT(*) FROM projects GROUP BY health",
	[ST_DASH_ATTENTION] =
		"SELECT " PROJECT_COLS PROJECT_FROM
		" WHERE p.health IN ('red', 'amber') AND p.stage <> 'closure'"
		" ORDER BY p.health = 'red' DESC, p.due_date IS NULL, p.due_date, p.id LIMIT 10",
	[ST_ACTIVITY_RECENT] =
		"SELECT " ACTIVITY_COLS " ORDER BY a.id DESC LIMIT 10",

	[ST_CLIENT_LIST] =
		"SELECT c.id, c.name, c.domain, c.cadence,"
		" (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id) AS `project-count`,"
		" (SELECT COUNT(*) FROM users u WHERE u.client_id = c.id) AS `contact-count`"
		" FROM clients c ORDER BY c.name, c.id LIMIT ? OFFSET ?",
	[ST_CLIENT_COUNT] = "SELECT COUNT(*) FROM clients",
	[ST_CLIENT_GET] =
		"SELECT id, name, domain, cadence, notes, " ISO("created_at") " AS `created-at` FROM clients WHERE id = ?",
	[ST_CLIENT_INSERT] =
		"INSERT INTO clients (name, domain, cadence, notes, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	[ST_CLIENT_UPDATE] =
		"UPDATE clients SET name = ?, domain = ?, cadence = ?, notes = ?, updated_at = UTC_TIMESTAMP()"
		" WHERE id = ?",
	[ST_CLIENT_NAMES] = "SELECT id, name FROM clients ORDER BY name, id",
	[ST_CONTACT_LIST] =
		"SELECT id, name, email, access, password_hash IS NOT NULL AS `has-login`, active"
		" FROM users WHERE client_id = ? ORDER BY name, id",
	[ST_CONTACT_INSERT] =
		"INSERT INTO users (email, name, role, client_id, access, active, created_at, updated_at)"
		" VALUES (?, ?, 'client', ?, ?, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP())",

	[ST_PROJECT_LIST] =
		"SELECT " PROJECT_COLS PROJECT_FROM PROJECT_FILTER
		" ORDER BY p.name, p.id LIMIT ? OFFSET ?",
	[ST_PROJECT_COUNT] = "SELECT COUNT(*) FROM projects p" PROJECT_FILTER,
	[ST_PROJECT_GET] =
		"SELECT " PROJECT_COLS ", p.scope, " ISO("p.created_at") " AS `created-at`, " ISO("p.updated_at") " AS `updated-at`"
		PROJECT_FROM " WHERE p.id = ?",
	[ST_PROJECT_LOCK] =
		"SELECT id, client_id, stage, health, name FROM projects WHERE id = ? FOR UPDATE",
	[ST_PROJECT_INSERT] =
		"INSERT INTO projects (client_id, name, code, pm_id, stage, health, start_date, due_date,"
		" budget_minutes, budget_amount, currency, scope, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	[ST_PROJECT_UPDATE] =
		"UPDATE projects SET client_id = ?, name = ?, code = ?, pm_id = ?, start_date = ?, due_date = ?,"
		" budget_minutes = ?, budget_amount = ?, currency = ?, scope = ?, updated_at = UTC_TIMESTAMP()"
		" WHERE id = ?",
	[ST_PROJECT_SET_STAGE] =
		"UPDATE projects SET stage = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	[ST_PROJECT_SET_HEALTH] =
		"UPDATE projects SET health = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	[ST_PROJECTS_OF_CLIENT] =
		"SELECT " PROJECT_COLS PROJECT_FROM " WHERE p.client_id = ? ORDER BY p.name, p.id",
	[ST_ACTIVITY_ADD] =
		"INSERT INTO activity (client_id, project_id, user_id, kind, from_value, to_value, note,"
		" client_visible, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
	[ST_ACTIVITY_OF_PROJECT] =
		"SELECT " ACTIVITY_COLS " WHERE a.project_id = ? ORDER BY a.id DESC LIMIT 50",
	[ST_OUTBOX_ADD] =
		"INSERT INTO outbox (event_uid, type, client_id, project_id, payload, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?)",

	[ST_PORTAL_PROJECTS] =
		"SELECT " PROJECT_COLS PROJECT_PROGRESS PROJECT_FROM
		" WHERE p.client_id = ? ORDER BY p.stage = 'closure', p.due_date IS NULL, p.due_date, p.id",
	[ST_PORTAL_PROJECT] =
		"SELECT " PROJECT_COLS PROJECT_PROGRESS ", p.scope" PROJECT_FROM
		" WHERE p.id = ? AND p.client_id = ?",
	[ST_PORTAL_ACTIVITY] =
		"SELECT " ACTIVITY_COLS
		" WHERE a.project_id = ? AND a.client_id = ? AND a.client_visible = 1 ORDER BY a.id DESC LIMIT 30",

	[ST_USER_LIST] =
		"SELECT id, name, email, role, active, hourly_rate AS `hourly-rate`, currency,"
		" " ISO("last_login_at") " AS `last-login-at` FROM users WHERE role <> 'client'"
		" ORDER BY active DESC, name, id LIMIT ? OFFSET ?",
	[ST_USER_COUNT] = "SELECT COUNT(*) FROM users WHERE role <> 'client'",
	[ST_USER_GET] =
		"SELECT id, name, email, role, active, hourly_rate AS `hourly-rate`, currency,"
		" " ISO("last_login_at") " AS `last-login-at` FROM users WHERE id = ? AND role <> 'client'",
	[ST_USER_BY_EMAIL] = "SELECT id FROM users WHERE email = ?",
	[ST_USER_INSERT] =
		"INSERT INTO users (email, name, role, password_hash, hourly_rate, currency, active,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'EUR', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	[ST_USER_UPDATE] =
		"UPDATE users SET name = ?, role = ?, hourly_rate = ?, updated_at = UTC_TIMESTAMP()"
		" WHERE id = ? AND role <> 'client'",
	[ST_USER_SET_ACTIVE] =
		"UPDATE users SET active = ?, updated_at = UTC_TIMESTAMP() WHERE id = ? AND role <> 'client'",
	[ST_USER_SET_PASSWORD] =
		"UPDATE users SET password_hash = ?, updated_at = UTC_TIMESTAMP() WHERE email = ?",
	[ST_USER_DEMO_PASSWORDS] =
		"UPDATE users SET password_hash = ? WHERE password_hash = 'demo'",
	[ST_USERS_TOTAL] = "SELECT COUNT(*) FROM users",
	[ST_PM_LIST] =
		"SELECT id, name FROM users WHERE role IN ('admin', 'pm') AND active = 1 ORDER BY name, id",
	[ST_PM_GET] =
		"SELECT id FROM users WHERE id = ? AND role IN ('admin', 'pm') AND active = 1",
};

const char *const stmt_name[ST__COUNT] = {
#define X(name) [name] = #name,
	STMT_LIST(X)
#undef X
};
