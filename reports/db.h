/* db.h - the SQLite inventory: every scan, repository and file */
#ifndef SUNSET_DB_H
#define SUNSET_DB_H

#include "scan.h"

/* The schema version this sunset writes (PRAGMA user_version). */
#define SUNSET_DB_SCHEMA_VERSION 3

/* Append one scan to the database at `path` (created when missing,
 * migrated forward when older), in one transaction: on any failure the
 * database is left as it was. Records repositories, files, findings,
 * dependencies, risk scores (reports/score.h) and, from `rules` (may be NULL), the vendors and products
 * as the rule pack knows them. `options` describes the scan's options.
 * Returns 0 and the new scan's id in *scan_id (may be NULL), or SUNSET_ERR
 * with the error printed. */
int sunset_db_write(long long *scan_id, const char *path,
		    const sunset_scan_result *result,
		    const sunset_ruleset *rules, const char *options);

#endif
