/*
 * migrations.h — the schema as numbered migrations, embedded at build time
 * from src/store/migrations/NNN_*.sql by tools/embed_sql.py. Migration N
 * brings the store from schema version N-1 to N; a store records its version
 * (SQLite: PRAGMA user_version) and applies the missing ones in order, each in
 * one transaction.
 */
#ifndef HW_STORE_MIGRATIONS_H
#define HW_STORE_MIGRATIONS_H

typedef struct hw_migration {
	int iVersion;
	const char *zName;
	const char *zSql;
} hw_migration;

extern const hw_migration hw_migrations[];
extern const int hw_migration_count;

#endif
