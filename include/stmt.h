/* stmt.h - names of every SQL statement Tandem runs; the texts are in src/stmt.c. */
#ifndef TANDEM_STMT_H
#define TANDEM_STMT_H

/* The one list of statement names: the enum and the names for logs come from it. */
#define STMT_LIST(X) \
	/* migrations */ \
	X(ST_MIGRATIONS_TABLE) \
	X(ST_MIGRATIONS_DONE) \
	X(ST_MIGRATION_ADD) \
	/* sign-in and sessions */ \
	X(ST_USER_LOGIN) \
	X(ST_LOGIN_FAILS) \
	X(ST_LOGIN_FAIL_ADD) \
	X(ST_LOGIN_PURGE) \
	X(ST_SESSION_NEW) \
	X(ST_SESSION_GET) \
	X(ST_SESSION_TOUCH) \
	X(ST_SESSION_DEL) \
	X(ST_SESSION_DEL_USER) \
	X(ST_SESSION_PURGE) \
	X(ST_USER_LOGGED_IN) \
	/* dashboard */ \
	X(ST_DASH_COUNTS) \
	X(ST_DASH_ATTENTION) \
	X(ST_ACTIVITY_RECENT) \
	/* clients and contacts */ \
	X(ST_CLIENT_LIST) \
	X(ST_CLIENT_COUNT) \
	X(ST_CLIENT_GET) \
	X(ST_CLIENT_INSERT) \
	X(ST_CLIENT_UPDATE) \
	X(ST_CLIENT_NAMES) \
	X(ST_CONTACT_LIST) \
	X(ST_CONTACT_INSERT) \
	/* projects */ \
	X(ST_PROJECT_LIST) \
	X(ST_PROJECT_COUNT) \
	X(ST_PROJECT_GET) \
	X(ST_PROJECT_LOCK) \
	X(ST_PROJECT_INSERT) \
	X(ST_PROJECT_UPDATE) \
	X(ST_PROJECT_SET_STAGE) \
	X(ST_PROJECT_SET_HEALTH) \
	X(ST_PROJECTS_OF_CLIENT) \
	X(ST_ACTIVITY_ADD) \
	X(ST_ACTIVITY_OF_PROJECT) \
	X(ST_OUTBOX_ADD) \
	/* portal (client scope is in every WHERE) */ \
	X(ST_PORTAL_PROJECTS) \
	X(ST_PORTAL_PROJECT) \
	X(ST_PORTAL_ACTIVITY) \
	/* users */ \
	X(ST_USER_LIST) \
	X(ST_USER_COUNT) \
	X(ST_USER_GET) \
	X(ST_USER_BY_EMAIL) \
	X(ST_USER_INSERT) \
	X(ST_USER_UPDATE) \
	X(ST_USER_SET_ACTIVE) \
	X(ST_USER_SET_PASSWORD) \
	X(ST_USER_DEMO_PASSWORDS) \
	X(ST_USERS_TOTAL) \
	X(ST_PM_LIST) \
	X(ST_PM_GET)

enum stmt {
#define X(name) name,
	STMT_LIST(X)
#undef X
	ST__COUNT
};

/* SQL text of each statement, indexed by enum stmt. */
extern const char *const stmt_sql[ST__COUNT];

/* Name of a statement for logs ("ST_PROJECT_GET"). */
extern const char *const stmt_name[ST__COUNT];

#endif
