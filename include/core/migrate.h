/* migrate.h - schema migrations and the demo data set. */
#ifndef TANDEM_MIGRATE_H
#define TANDEM_MIGRATE_H

#include "core/db.h"

/*
 * Apply schema/NNN_*.sql files in name order, each once, recording it in
 * schema_migrations. Prints what it applies. Returns 0, or -1 at the first
 * failing file (earlier ones stay applied and recorded).
 */
int migrate_run(struct db *db, const char *schema_dir);

/*
 * Load schema/demo.sql when the database has no users yet, then give every
 * demo account the password `tandem-demo`. Returns 0 (also when skipped), -1
 * on failure (the whole load is one transaction).
 */
int migrate_seed_demo(struct db *db, const char *schema_dir);

#endif
