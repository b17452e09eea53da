/* test_hostile.c - a hostile repository, built at test time: file names
 * made to break reports and terminals, a 500 MB file, a megabyte of
 * nested brackets, minified one-line files of megabytes, links to
 * /etc/passwd and out of the repository, a submodule, a missing object,
 * a filter and a hook that must never run, 100,000 small files. The scan
 * completes, its outputs are valid and escaped, and the coverage line
 * accounts for every file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "helpers.h"
#include "util.h"

#define SARIF_SCHEMA                                      \
	"node_modules/@microsoft/jest-sarif/lib/schemas/" \
	"sarif-2.1.0-rtm.5.json"
#define SMALL_FILES 100000

/* A blob of `size` zero bytes written as a stream, never held whole. */
static void huge_blob(git_oid *out, git_repository *r, size_t size)
{
	git_odb *odb;
	git_odb_stream *ws;
	static char zeros[1 << 20];

	assert_int_equal(git_repository_odb(&odb, r), 0);
	assert_int_equal(git_odb_open_wstream(&ws, odb, size, GIT_OBJECT_BLOB),
			 0);
	for (size_t done = 0; done < size;) {
		size_t n = size - done < sizeof(zeros) ? size - done
						       : sizeof(zeros);
		assert_int_equal(git_odb_stream_write(ws, zeros, n), 0);
		done += n;
	}
	assert_int_equal(git_odb_stream_finalize_write(out, ws), 0);
	git_odb_stream_free(ws);
	git_odb_free(odb);
}

static void test_hostile_repository(void **state)
{
	char *tmp = fx_tmpdir();
	char *repo = sunset_path_join(tmp, "hostile.git");
	char *rules = fx_fixture("../rules/vendors");
	char *marker = sunset_path_join(tmp, "MARKER");
	char *out[4], *text, *cmd, *loose;
	static const char *const names[] = {"out.jsonl", "out.sarif",
					    "out.html", "inv.db"};
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id, small, huge, gone;
	sunset_buf b = SUNSET_BUF_INIT;
	size_t files = 0;
	struct stat st;

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);

	/* names made to break HTML, JSON, terminals and paths */
	fx_tree_add(t, "src/<script>alert(1)</script>.py", "m = 'dall-e-3'\n",
		    15);
	fx_tree_add(t, "src/it's \"quoted\" & <b>.py", "m = 'sora-2'\n", 13);
	fx_tree_add(t, "src/new\nline.py", "m = 'sora-2'\n", 13);
	fx_tree_add(t, "src/\x1b[31mred\x1b[0m\x07.py", "m = 'sora-2'\n", 13);
	fx_tree_add(t, "src/bad\xff\xfe.py", "m = 'sora-2'\n", 13);
	files += 5;
	for (int i = 0; i < 40; i++)
		sunset_buf_puts(&b, "a-directory-name-that-goes-on-and-on-"
				    "and-on/");
	sunset_buf_puts(&b, "deep.py");
	fx_tree_add(t, b.ptr, "m = 'sora-2'\n", 13);
	files++;
	/* a megabyte of nested brackets; minified lines of megabytes */
	b.len = 0;
	/* a vendor word, so that it is parsed */
	sunset_buf_puts(&b, "import openai\nx = ");
	for (int i = 0; i < 1 << 19; i++)
		sunset_buf_puts(&b, "[");
	for (int i = 0; i < 1 << 19; i++)
		sunset_buf_puts(&b, "]");
	sunset_buf_puts(&b, "\n");
	fx_tree_add(t, "gen/brackets.py", b.ptr, b.len);
	b.len = 0;
	while (b.len < 3 << 20)
		sunset_buf_puts(&b, "var a=function(b){return b+1},c=\"x\";");
	sunset_buf_puts(&b, "var m=\"dall-e-3\";");
	fx_tree_add(t, "dist/app.min.js", b.ptr, b.len);
	fx_tree_add(t, "web/player.js", b.ptr, b.len);
	files += 3;
	/* 500 MB, never read whole */
	huge_blob(&huge, r, (size_t)500 << 20);
	fx_tree_add_blob(t, "data/huge.py", &huge);
	files++;
	/* links out, never followed; a submodule */
	fx_tree_add_link(t, "etc-passwd.py", "/etc/passwd");
	fx_tree_add_link(t, "src/escape.py", "../../../outside.py");
	fx_tree_add_submodule(t, "vendor/sub",
			      "0123456789abcdef0123456789abcdef01234567");
	files += 3;
	/* a filter and a hook that would leave a marker if run */
	cmd = sunset_asprintf("*.py filter=evil\n");
	fx_tree_add(t, ".gitattributes", cmd, strlen(cmd));
	free(cmd);
	files++;
	/* an object that goes missing */
	assert_int_equal(
		git_blob_create_from_buffer(&gone, r, "m = 'gone'\n", 11), 0);
	fx_tree_add_blob(t, "src/missing.py", &gone);
	files++;
	/* 100,000 small files (one blob) */
	assert_int_equal(git_blob_create_from_buffer(&small, r, "x = 1\n", 6),
			 0);
	for (int i = 0; i < SMALL_FILES; i++) {
		char path[64];
		snprintf(path, sizeof(path), "many/d%03d/f%05d.py", i / 1000,
			 i);
		fx_tree_add_blob(t, path, &small);
	}
	files += SMALL_FILES;
	fx_commit(&id, r, t, "refs/heads/main", "hostile");
	loose = fx_loose_path(r, &gone);
	assert_int_equal(unlink(loose), 0);
	free(loose);
	{
		char *config = sunset_path_join(repo, "config");
		FILE *f = fopen(config, "a");
		assert_non_null(f);
		fprintf(f,
			"[filter \"evil\"]\n\tsmudge = touch '%s'\n\tclean = "
			"touch '%s'\n\trequired = true\n[core]\n\thooksPath "
			"= hooks\n",
			marker, marker);
		fclose(f);
		free(config);
		fx_write(repo, "hooks/post-checkout",
			 "#!/bin/sh\ntouch MARKER\n");
	}

	for (int i = 0; i < 4; i++)
		out[i] = sunset_path_join(tmp, names[i]);
	assert_int_equal(fx_run("scan", "--no-cache", "--max-file-size", "8M",
				"--rules", rules, "--json", out[0], "--sarif",
				out[1], "--html", out[2], "--db", out[3], repo,
				NULL),
			 0);
	/* every file is accounted for */
	{
		char *line =
			sunset_asprintf(" of %zu files in 1 repository", files);
		if (!strstr(fx_messages(), line))
			fail_msg("no '%s' in:\n%s", line, fx_messages());
		free(line);
	}
	assert_non_null(strstr(fx_messages(), "too-large: 1"));
	assert_non_null(strstr(fx_messages(), "vendored: 1, generated: 1"));
	assert_non_null(strstr(fx_messages(), "symlink: 2"));
	assert_non_null(strstr(fx_messages(), "submodule: 1"));
	assert_non_null(strstr(fx_messages(), "missing: 1"));
	text = fx_slurp(out[0]);
	/* findings in the hostile names, escaped as JSON */
	assert_non_null(strstr(text, "\"path\":\"src/<script>alert(1)</"
				     "script>.py\""));
	assert_non_null(strstr(text, "\"path\":\"src/new\\nline.py\""));
	assert_non_null(strstr(text, "\"path\":\"src/\\u001b[31mred"));
	assert_non_null(strstr(text, "bad\\ufffd\\ufffd.py"));
	assert_non_null(strstr(text, "deep.py"));
	/* minified, whether by its directory (dist/: vendored) or by its
	 * content (a line of megabytes: generated): recorded, not parsed */
	assert_null(strstr(text, "\"path\":\"dist/app.min.js\""));
	assert_null(strstr(text, "\"path\":\"web/player.js\""));
	/* the brackets were parsed (a vendor word) and survived, or hit
	 * the parse-time limit (a slow, instrumented build) and say so */
	if (!strstr(text, "\"path\":\"gen/brackets.py\"") &&
	    !strstr(text, "\"message\":\"gen/brackets.py: "))
		fail_msg("gen/brackets.py: neither findings nor a warning");
	/* the missing object and the size limit are warnings in the
	 * outputs too, with the file and the limit */
	assert_non_null(strstr(text, "\"message\":\"src/missing.py: object "
				     "is missing"));
	assert_non_null(strstr(text, "\"message\":\"data/huge.py: 524288000 "
				     "bytes, over the --max-file-size limit "
				     "of 8388608"));
	free(text);
	cmd = sunset_asprintf("python3 tests/check_jsonl.py '%s' >/dev/null",
			      out[0]);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	cmd = sunset_asprintf("python3 tests/validate_sarif.py '%s' '%s' "
			      ">/dev/null 2>&1",
			      SARIF_SCHEMA, out[1]);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	/* the HTML report: no markup from the repository survives */
	text = fx_slurp(out[2]);
	assert_null(strstr(text, "<script>alert"));
	assert_null(strstr(text, "<b>.py"));
	assert_non_null(strstr(text, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(text, "\x1b"));
	assert_null(strstr(text, "\xff"));
	free(text);
	/* the inventory records every file */
	{
		sqlite3 *h;
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_open(out[3], &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h,
						    "SELECT count(*) FROM "
						    "files",
						    -1, &q, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int64(q, 0), (long long)files);
		sqlite3_finalize(q);
		sqlite3_close(h);
	}
	/* links were not followed: /etc/passwd's text is nowhere */
	text = fx_slurp(out[0]);
	assert_null(strstr(text, "root:x:0:0"));
	free(text);
	/* no filter, no hook ran */
	assert_int_equal(stat(marker, &st), -1);
	{
		char *m2 = sunset_path_join(repo, "MARKER");
		assert_int_equal(stat(m2, &st), -1);
		free(m2);
	}
	for (int i = 0; i < 4; i++)
		free(out[i]);
	sunset_buf_free(&b);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(repo);
	free(rules);
	free(marker);
	free(tmp);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_repository),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
