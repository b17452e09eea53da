/* db.h - the SQLite inventory: every scan, repository and file */
#ifndef SUNSET_DB_H
#define SUNSET_DB_H

#include <stdio.h>

#include "scan.h"

/* The schema version this sunset writes (PRAGMA user_version). */
#define SUNSET_DB_SCHEMA_VERSION 5

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

/* The rules scan `want` (0: the latest) of the inventory at `path` ran
 * with, as stored with it (inventory schema 4 on): on success *scan_id
 * is the scan found and *stored says whether its rules were kept (`out`
 * holds them; otherwise it is empty and the caller must supply rules).
 * Returns 0, or SUNSET_ERR with the error printed: no such file, not an
 * inventory, a newer schema, no such scan, stored rules that no longer
 * load or hash as recorded. The inventory is opened read-only. */
int sunset_db_stored_rules(sunset_ruleset *out, int *stored, long long *scan_id,
			   const char *path, long long want);

/* Read scan `scan_id` back into `out` as the scan left it: repositories,
 * files, findings (bound to `rules` by rule id), dependencies, notes, the
 * date it judged against and its warning count. Returns 0, or SUNSET_ERR
 * with the error printed (a finding whose rule `rules` lacks included);
 * the caller clears `out` with sunset_scan_result_clear() on success. */
int sunset_db_read(sunset_scan_result *out, const char *path, long long scan_id,
		   const sunset_ruleset *rules);

/* Bring the inventory open as `db` (at `path`, for messages) to
 * SUNSET_DB_SCHEMA_VERSION inside the caller's transaction: create the
 * schema in an empty database, migrate an older one. Returns 0, or
 * SUNSET_ERR with the error printed (not an inventory, a newer schema). */
struct sqlite3;
int sunset_db_migrate(struct sqlite3 *db, const char *path);

/* COMMIT the transaction open on `db` (at `path`) unless SIGINT or
 * SIGTERM has come: then SUNSET_EINTR and the caller rolls back.
 * Returns 0, or SUNSET_ERR with the error printed. */
int sunset_db_commit(struct sqlite3 *db, const char *path);

/* Open the existing inventory at `path` to read it and check that it is
 * one this sunset can read (1 <= schema version <= this sunset's): *out
 * the connection (the caller closes it), *version its schema version.
 * It is opened read-only; a hot journal left by a write that was killed
 * is rolled back first, which needs write access. Returns 0, or
 * SUNSET_ERR with the error printed and *out NULL. */
int sunset_db_open_existing(struct sqlite3 **out, int *version,
			    const char *path);

/* Print one tab-separated line per stored scan: id, start, sunset
 * version, repositories, findings, repository paths. */
int sunset_db_list(FILE *out, const char *path);

#endif
