/* test_gate.c - sunset gate and sunset baseline on fixture repositories:
 * a base commit and head branches that add a discontinued vendor call,
 * move a call, add a suppressed one, add an allow-listed one; policies
 * from the base revision, files and flags; baselines; the Markdown
 * summary and the SARIF of new findings */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "policy.h"
#include "util.h"

#define SARIF_SCHEMA                                      \
	"node_modules/@microsoft/jest-sarif/lib/schemas/" \
	"sarif-2.1.0-rtm.5.json"

/* the base: an image call of a product with a shutdown date (existing
 * everywhere, so it never fails a head) */
static const char base_py[] =
	"import openai\n"
	"client = openai.OpenAI()\n"
	"img = client.images.generate(model=\"gpt-image-1.5\", prompt=\"x\")\n";

static const char sora_py[] =
	"import openai\n"
	"client = openai.OpenAI()\n"
	"img = client.images.generate(model=\"gpt-image-1.5\", prompt=\"x\")\n"
	"vid = client.videos.create(model=\"sora-2\", prompt=\"y\")\n";

/* the same call further down, under new code */
static const char moved_py[] =
	"import openai\n"
	"\n"
	"def helper():\n"
	"    return 1\n"
	"\n"
	"client = openai.OpenAI()\n"
	"# the image call, unchanged\n"
	"img = client.images.generate(model=\"gpt-image-1.5\", prompt=\"x\")\n";

static const char suppressed_py[] =
	"import openai\n"
	"client = openai.OpenAI()\n"
	"img = client.images.generate(model=\"gpt-image-1.5\", prompt=\"x\")\n"
	"vid = client.videos.create(model=\"sora-2\", prompt=\"y\")  "
	"# sunset:ignore -- replay of archived jobs, removed in Q1\n";

static const char tts_py[] =
	"from elevenlabs.client import ElevenLabs\n"
	"el = ElevenLabs()\n"
	"audio = el.text_to_speech.convert(voice_id=\"v\", "
	"model_id=\"eleven_multilingual_v2\", text=\"hi\")\n";

typedef struct {
	char *tmp;
	char *repo;  /* a work tree repository with the branches below */
	char *rules; /* the shipped rule pack */
	git_repository *r;
	git_oid base;
} world;

/* Commit the base files plus `files` (path, content pairs,
 * NULL-terminated), less `remove`, onto a new branch `name` whose parent
 * is `parent`. Returns the commit. */
static git_oid branch_at(world *w, const char *name, const git_oid *parent,
			 const char *const *files, const char *remove)
{
	fx_tree *t = fx_tree_new();
	git_reference *ref;
	char *refname = sunset_asprintf("refs/heads/%s", name);
	git_oid id;

	assert_int_equal(
		git_reference_create(&ref, w->r, refname, parent, 1, NULL), 0);
	git_reference_free(ref);
	fx_tree_add(t, "app.py", base_py, strlen(base_py));
	fx_tree_add(t, "README.md", "# app\n", 6);
	if (remove)
		fx_tree_remove(t, remove);
	for (size_t i = 0; files && files[i]; i += 2)
		fx_tree_add(t, files[i], files[i + 1], strlen(files[i + 1]));
	fx_commit(&id, w->r, t, refname, name);
	fx_tree_free(t);
	free(refname);
	return id;
}

static void branch(world *w, const char *name, const char *const *files,
		   const char *remove)
{
	branch_at(w, name, &w->base, files, remove);
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	fx_tree *t;

	git_libgit2_init();
	/* the tests decide where summaries go; today is fixed */
	unsetenv("GITHUB_STEP_SUMMARY");
	setenv("SUNSET_TODAY", "2026-11-24", 1);
	w->tmp = fx_tmpdir();
	{
		char *cache = sunset_path_join(w->tmp, "xdg-cache");
		setenv("XDG_CACHE_HOME", cache, 1);
		free(cache);
	}
	w->repo = sunset_path_join(w->tmp, "app");
	w->rules = fx_fixture("../rules/vendors");
	w->r = fx_repo_init(w->repo, 0);
	t = fx_tree_new();
	fx_tree_add(t, "app.py", base_py, strlen(base_py));
	fx_tree_add(t, "README.md", "# app\n", 6);
	fx_commit(&w->base, w->r, t, "refs/heads/main", "base");
	fx_tree_free(t);
	fx_checkout_head(w->r);

	branch(w, "sora", (const char *const[]){"app.py", sora_py, NULL}, NULL);
	branch(w, "moved",
	       (const char *const[]){"app.py", moved_py, "docs/README.md",
				     "# app\n", NULL},
	       "README.md");
	branch(w, "suppressed",
	       (const char *const[]){"app.py", suppressed_py, NULL}, NULL);
	branch(w, "tts", (const char *const[]){"voice/tts.py", tts_py, NULL},
	       NULL);
	/* a pull request that loosens the policy in the same change */
	branch(w, "loosen",
	       (const char *const[]){"app.py", sora_py, ".sunset.yaml",
				     "fail-on-severity: none\n"
				     "fail-on-shutdown: false\n",
				     NULL},
	       NULL);
	/* a base that keeps a policy, and a head on top of it */
	{
		static const char policy[] = "# procurement, 2026-11\n"
					     "deny: [elevenlabs]\n";
		git_oid pb = branch_at(
			w, "policy-base", &w->base,
			(const char *const[]){".sunset.yaml", policy, NULL},
			NULL);
		branch_at(w, "policy-head", &pb,
			  (const char *const[]){".sunset.yaml", policy,
						"voice/tts.py", tts_py, NULL},
			  NULL);
	}
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	git_repository_free(w->r);
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->repo);
	free(w->rules);
	free(w);
	unsetenv("SUNSET_TODAY");
	git_libgit2_shutdown();
	return 0;
}

/* Run the gate with the shipped rules; extra arguments before NULL. */
#define gate(w, ...) \
	fx_run("gate", "--rules", (w)->rules, __VA_ARGS__, (w)->repo, NULL)

static void expect_exit(int got, int want)
{
	if (got != want)
		fail_msg("exit %d, not %d\nstdout:\n%s\nmessages:\n%s", got,
			 want, fx_stdout(), fx_messages());
}

/* Standard output holds `needle`; otherwise fail showing it. */
static void expect_out(const char *needle)
{
	if (!strstr(fx_stdout(), needle))
		fail_msg("no '%s' in:\n%s\nmessages:\n%s", needle, fx_stdout(),
			 fx_messages());
}

static void test_sora_call_fails(void **state)
{
	world *w = *state;
	char *md = sunset_path_join(w->tmp, "sora.md");
	char *text;

	expect_exit(
		gate(w, "--base", "main", "--head", "sora", "--markdown", md),
		1);
	fx_expect_lines(fx_stdout(),
			"new (fails): app.py:4:7: critical openai.videos.call "
			"[openai/sora-video-api, video, discontinued, shutdown "
			"2026-09-24]\n"
			"    why: discontinued product (shut down 2026-09-24); "
			"severity critical at or above high");
	expect_out("gate: FAIL: ");
	expect_out("2 new findings (2 failing the "
		   "policy, 0 suppressed), 2 "
		   "existing, 0 fixed");
	text = fx_slurp(md);
	assert_non_null(strstr(text, "## sunset gate: FAILED"));
	assert_non_null(strstr(text, "### New findings that fail the policy"));
	assert_non_null(strstr(text, "| `app.py:4` | `openai.videos.call` "
				     "(critical) | OpenAI / "));
	assert_non_null(strstr(text, "discontinued, shutdown 2026-09-24"));
	/* what to do: the remediation and the alternatives */
	assert_non_null(strstr(text, "Alternatives: `google.veo`"));
	assert_non_null(strstr(text, "**Policy:** fail-on-severity high, "
				     "fail-on-shutdown true (defaults: no "
				     ".sunset.yaml at the base revision; "
				     "suppressions: none (no .sunsetignore "
				     "at the base revision))."));
	free(text);
	free(md);
}

/* The call moves down the file and an unrelated file is renamed:
 * nothing is new, nothing is fixed. */
static void test_moved_call_passes(void **state)
{
	world *w = *state;

	expect_exit(gate(w, "--base", "main", "--head", "moved"), 0);
	expect_out("gate: PASS: ");
	expect_out("0 new findings");
	expect_out("0 fixed");
	/* and back again: the moved call is not fixed either */
	expect_exit(gate(w, "--base", "moved", "--head", "main"), 0);
	expect_out("0 new findings");
	expect_out("0 fixed");
	/* removing the call is a fix */
	expect_exit(gate(w, "--base", "sora", "--head", "main"), 0);
	expect_out("2 fixed");
	assert_int_equal(fx_stdout_count("fixed: app.py:4:"), 2);
}

static void test_suppressed_call_passes(void **state)
{
	world *w = *state;
	char *md = sunset_path_join(w->tmp, "suppressed.md");
	char *text;

	expect_exit(gate(w, "--base", "main", "--head", "suppressed",
			 "--markdown", md),
		    0);
	expect_out("2 new findings (0 failing the "
		   "policy, 2 suppressed)");
	assert_int_equal(fx_stdout_count("suppressed (inline)"), 2);
	text = fx_slurp(md);
	assert_non_null(strstr(text, "## sunset gate: passed"));
	assert_non_null(strstr(text, "### New findings suppressed"));
	assert_non_null(strstr(text, "inline: `replay of archived jobs, "
				     "removed in Q1`"));
	free(text);
	free(md);
}

/* An active vendor under the severity threshold, approved by
 * procurement: passes. Not approved: fails. */
static void test_allow_list(void **state)
{
	world *w = *state;
	char *policy = sunset_path_join(w->tmp, "allow.yaml");

	fx_write(w->tmp, "allow.yaml",
		 "fail-on-severity: high\n"
		 "allow: [openai, elevenlabs.tts, elevenlabs.api]\n");
	expect_exit(
		gate(w, "--base", "main", "--head", "tts", "--policy", policy),
		0);
	expect_out("3 new findings (0 failing");
	/* flags win over the file: only openai approved */
	expect_exit(gate(w, "--base", "main", "--head", "tts", "--policy",
			 policy, "--allow", "openai"),
		    1);
	expect_out("why: not on the allow-list");
	/* a threshold the medium TTS findings reach */
	expect_exit(gate(w, "--base", "main", "--head", "tts", "--policy",
			 policy, "--fail-on", "medium"),
		    1);
	expect_out("severity medium at or above "
		   "medium");
	free(policy);
}

/* The policy comes from the base revision: a pull request cannot loosen
 * its own gate; a base's deny-list holds. */
static void test_policy_from_base(void **state)
{
	world *w = *state;

	expect_exit(gate(w, "--base", "main", "--head", "loosen"), 1);
	expect_exit(gate(w, "--base", "policy-base", "--head", "policy-head"),
		    1);
	expect_out("why: on the deny-list");
	/* --no-fail-on-shutdown and --fail-on none do not lift a deny */
	expect_exit(gate(w, "--base", "policy-base", "--head", "policy-head",
			 "--fail-on", "none", "--no-fail-on-shutdown"),
		    1);
	/* --deny replaces the file's deny-list: flags win */
	expect_exit(gate(w, "--base", "policy-base", "--head", "policy-head",
			 "--deny", "openai.sora-video-api"),
		    0);
}

static void test_score_limits(void **state)
{
	world *w = *state;

	expect_exit(gate(w, "--base", "main", "--head", "sora", "--fail-on",
			 "none", "--no-fail-on-shutdown"),
		    0);
	expect_exit(gate(w, "--base", "main", "--head", "sora", "--fail-on",
			 "none", "--no-fail-on-shutdown",
			 "--max-score-increase", "0"),
		    1);
	expect_out("fails: rose by more than 0");
	expect_exit(gate(w, "--base", "main", "--head", "sora", "--fail-on",
			 "none", "--no-fail-on-shutdown", "--max-score", "10"),
		    1);
	expect_out("fails: above max-score 10");
	expect_exit(gate(w, "--base", "main", "--head", "sora", "--fail-on",
			 "none", "--no-fail-on-shutdown", "--max-score", "100"),
		    0);
}

static void test_errors_exit_2(void **state)
{
	world *w = *state;
	char *bad = sunset_path_join(w->tmp, "bad-rules");
	char *notrepo = sunset_path_join(w->tmp, "plain");

	expect_exit(gate(w, "--base", "no-such-branch"), 2);
	assert_non_null(strstr(fx_messages(), "revision 'no-such-branch' not "
					      "found"));
	assert_non_null(strstr(fx_messages(), "fetch-depth: 0"));
	expect_exit(gate(w, "--base", "main", "--head", "nope"), 2);
	assert_non_null(strstr(fx_messages(), "revision 'nope' not found"));
	expect_exit(fx_run("gate", "--head", "sora", w->repo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "gate needs --base REV"));
	expect_exit(gate(w, "--base", "main", "--head", "sora", "--worktree"),
		    2);
	expect_exit(gate(w, "--base", "main", "--fail-on", "severe"), 2);
	expect_exit(gate(w, "--base", "main", "--allow", "opnai"), 2);
	assert_non_null(strstr(fx_messages(), "did you mean 'openai'"));
	expect_exit(gate(w, "--base", "main", "--policy", "/no/such/file"), 2);
	expect_exit(gate(w, "--base", "main", "--baseline", "/no/such/file"),
		    2);
	assert_non_null(strstr(fx_messages(), "sunset baseline write"));
	fx_write(notrepo, "x.py", "x = 1\n");
	expect_exit(fx_run("gate", "--base", "main", notrepo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "is not a git repository"));
	/* an invalid rule file is 3, as for scan */
	fx_write(bad, "x.yaml", "vendor: [\n");
	expect_exit(
		fx_run("gate", "--rules", bad, "--base", "main", w->repo, NULL),
		3);
	free(bad);
	free(notrepo);
}

/* Policy files are validated as strictly as rule files: file:line,
 * did-you-mean, exit 2, nothing judged. */
static void test_policy_file_errors(void **state)
{
	world *w = *state;
	static const struct {
		const char *yaml, *message;
	} cases[] = {
		{"fail-on-severity: high\nfail-on-severty: low\n",
		 "policy.yaml:2:1: unknown key 'fail-on-severty' (did you "
		 "mean 'fail-on-severity'?)"},
		{"max-score: lots\n",
		 "policy.yaml:1:12: 'max-score' takes a whole number from 0 "
		 "to 100, not 'lots'"},
		{"fail-on-severity: severe\n",
		 "policy.yaml:1:19: 'fail-on-severity' is one of info, low, "
		 "medium, high, critical or none, not 'severe'"},
		{"fail-on-shutdown: maybe\n",
		 "'fail-on-shutdown' is true or false"},
		{"allow: [opnai]\n",
		 "policy.yaml:1:9: allow: 'opnai' is no vendor or "
		 "vendor.product the rules know (did you mean 'openai'?)"},
		{"deny: openai\n", "'deny' takes a list"},
		{"- fail-on-severity\n", "a policy is a mapping of settings"},
		{"max-score: 1\nmax-score: 2\n",
		 "policy.yaml:2:1: key 'max-score' appears twice"},
		{"allow: [openai\n", "policy.yaml:2:1: not valid YAML"},
		{"colour: blue\n", "the keys are fail-on-severity"},
	};
	char *policy = sunset_path_join(w->tmp, "policy.yaml");

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		fx_write(w->tmp, "policy.yaml", cases[i].yaml);
		expect_exit(gate(w, "--base", "main", "--head", "sora",
				 "--policy", policy),
			    2);
		if (!strstr(fx_messages(), cases[i].message))
			fail_msg("case %zu: no '%s' in:\n%s", i,
				 cases[i].message, fx_messages());
		assert_null(strstr(fx_stdout(), "gate: "));
	}
	/* the README's example policy is valid */
	{
		char *readme = fx_fixture("../README.md");
		char *text = fx_slurp(readme);
		const char *start = strstr(text, "```yaml\n# .sunset.yaml\n");
		const char *end;
		char *yaml;
		assert_non_null(start);
		start += 8;
		end = strstr(start, "```");
		assert_non_null(end);
		yaml = sunset_strndup(start, (size_t)(end - start));
		fx_write(w->tmp, "policy.yaml", yaml);
		expect_exit(gate(w, "--base", "main", "--head", "sora",
				 "--policy", policy),
			    1);
		expect_out("on the deny-list; not on the allow-list");
		free(yaml);
		free(text);
		free(readme);
	}
	/* thousands of unknown ids: 50 errors said, the rest counted and
	 * not checked (each check is a did-you-mean over every id) */
	{
		sunset_buf many = SUNSET_BUF_INIT;
		size_t lines = 0;
		sunset_buf_puts(&many, "allow:\n");
		for (int i = 0; i < 2000; i++)
			sunset_buf_printf(&many, "  - nosuchvendor%d\n", i);
		fx_write(w->tmp, "policy.yaml", many.ptr);
		expect_exit(gate(w, "--base", "main", "--head", "sora",
				 "--policy", policy),
			    2);
		for (const char *m = fx_messages(); *m; m++)
			lines += *m == '\n';
		assert_non_null(strstr(fx_messages(),
				       "1950 more errors not shown (the first "
				       "50 are above)"));
		assert_true(lines < 60);
		sunset_buf_free(&many);
	}
	/* an empty policy is the defaults */
	fx_write(w->tmp, "policy.yaml", "# nothing yet\n");
	expect_exit(gate(w, "--base", "main", "--head", "moved", "--policy",
			 policy),
		    0);
	free(policy);
}

/* A policy or baseline past the YAML limits is refused as any invalid
 * one is (exit 2, FILE:LINE:COLUMN and the limit), without the minutes
 * libyaml's loader took over a deeply nested file. */
static void test_yaml_limits(void **state)
{
	world *w = *state;
	char *policy = sunset_path_join(w->tmp, "deep.yaml");
	char *baseline = sunset_path_join(w->tmp, "deep.json");
	sunset_buf deep = SUNSET_BUF_INIT;

	for (int i = 0; i < 200000; i++)
		sunset_buf_puts(&deep, "[");
	fx_write(w->tmp, "deep.yaml", deep.ptr);
	fx_write(w->tmp, "deep.json", deep.ptr);
	expect_exit(
		gate(w, "--base", "main", "--head", "sora", "--policy", policy),
		2);
	assert_non_null(strstr(fx_messages(),
			       "deep.yaml:1:65: nested deeper than 64 levels, "
			       "the most sunset reads in a policy; flatten "
			       "it"));
	expect_exit(gate(w, "--base", "main", "--head", "sora", "--baseline",
			 baseline),
		    2);
	assert_non_null(strstr(fx_messages(),
			       "deep.json:1:65: nested deeper than 64 levels, "
			       "the most sunset reads in a baseline"));
	sunset_buf_free(&deep);
	free(policy);
	free(baseline);
}

/* SIGINT or SIGTERM stops reading a policy, even a small one:
 * SUNSET_EINTR, nothing kept. */
static void test_policy_stops_on_a_signal(void **state)
{
	sunset_policy p;

	(void)state;
	sunset_interrupt_set(SIGTERM);
	assert_int_equal(
		sunset_policy_parse(&p, "p.yaml", "max-score: 1\n", 13, NULL),
		SUNSET_EINTR);
	assert_int_equal(p.max_score, -1);
	sunset_interrupt_set(0);
	assert_int_equal(
		sunset_policy_parse(&p, "p.yaml", "max-score: 1\n", 13, NULL),
		0);
	assert_int_equal(p.max_score, 1);
	sunset_policy_clear(&p);
}

/* Adopting the gate on day one: the head's findings recorded, then
 * nothing is new; a broken baseline is an error. */
static void test_baseline_round_trip(void **state)
{
	world *w = *state;
	char *file = sunset_path_join(w->tmp, "baseline.json");
	char *text;

	expect_exit(fx_run("baseline", "write", file, "--rev", "sora",
			   "--rules", w->rules, w->repo, NULL),
		    0);
	text = fx_slurp(file);
	assert_non_null(strstr(text, "\"sunset_baseline\": 1"));
	assert_non_null(strstr(text, "\"rule\": \"openai.videos.call\""));
	assert_non_null(strstr(text, "\"created\": \"2026-11-24\""));
	free(text);
	expect_exit(
		gate(w, "--base", "main", "--head", "sora", "--baseline", file),
		0);
	expect_out("0 new findings");
	expect_out("4 existing");
	/* a call the baseline does not know is still new */
	expect_exit(gate(w, "--base", "main", "--head", "tts", "--baseline",
			 file, "--fail-on", "medium"),
		    1);
	/* hand-edited baselines are validated */
	fx_write(w->tmp, "baseline.json",
		 "{\"sunset_baseline\":1,\"findings\":[{\"fingerprint\":"
		 "\"xyz\"}]}\n");
	expect_exit(gate(w, "--base", "main", "--baseline", file), 2);
	assert_non_null(strstr(fx_messages(), "baseline.json:1:34: a finding "
					      "needs a 'fingerprint' of 40 "
					      "hexadecimal digits"));
	fx_write(w->tmp, "baseline.json", "[1, 2]\n");
	expect_exit(gate(w, "--base", "main", "--baseline", file), 2);
	assert_non_null(strstr(fx_messages(), "not a baseline"));
	expect_exit(fx_run("baseline", "write", NULL), 2);
	expect_exit(fx_run("baseline", "read", file, NULL), 2);
	free(file);
}

/* What the pull request sees: the step summary appended, the SARIF of
 * the new findings only, valid against the schema. */
static void test_summary_and_sarif(void **state)
{
	world *w = *state;
	char *summary = sunset_path_join(w->tmp, "step-summary.md");
	char *sarif = sunset_path_join(w->tmp, "new.sarif");
	char *text, *cmd;

	fx_write(w->tmp, "step-summary.md", "earlier step\n");
	setenv("GITHUB_STEP_SUMMARY", summary, 1);
	expect_exit(
		gate(w, "--base", "main", "--head", "sora", "--sarif", sarif),
		1);
	unsetenv("GITHUB_STEP_SUMMARY");
	text = fx_slurp(summary);
	assert_true(!strncmp(text, "earlier step\n## sunset gate: FAILED", 35));
	free(text);
	text = fx_slurp(sarif);
	/* the two new findings, not the existing image call */
	assert_non_null(strstr(text, "\"ruleId\":\"openai.videos.call\""));
	assert_non_null(strstr(text, "\"ruleId\":\"openai.sora.model\""));
	assert_null(strstr(text, "\"ruleId\":\"openai.images.call\""));
	{
		size_t n = 0;
		for (const char *p = text; (p = strstr(p, "\"ruleId\":")); p++)
			n++;
		assert_int_equal(n, 2);
	}
	free(text);
	cmd = sunset_asprintf("python3 tests/validate_sarif.py '%s' '%s' "
			      ">/dev/null 2>&1",
			      SARIF_SCHEMA, sarif);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	/* markdown on standard output replaces the terminal verdict */
	expect_exit(
		gate(w, "--base", "main", "--head", "sora", "--markdown", "-"),
		1);
	assert_true(!strncmp(fx_stdout(), "## sunset gate: FAILED", 22));
	free(summary);
	free(sarif);
}

/* Hostile file names stay inside their code spans and table cells. */
static void test_markdown_escapes_file_names(void **state)
{
	world *w = *state;
	char *md = sunset_path_join(w->tmp, "hostile.md");
	char *text;

	branch(w, "hostile",
	       (const char *const[]){"a|b`<script>x</script>.py",
				     "v = 'sora-2'\n", NULL},
	       NULL);
	expect_exit(gate(w, "--base", "main", "--head", "hostile", "--markdown",
			 md),
		    1);
	text = fx_slurp(md);
	assert_non_null(strstr(text, "| `a\\|b'<script>x</script>.py:1` |"));
	assert_null(strstr(text, "a|b"));
	free(text);
	free(md);
}

/* A file name made to drive a terminal, in the verdict and in the
 * Markdown: shown escaped in both. */
static void test_verdict_escapes_terminal_controls(void **state)
{
	world *w = *state;
	char *md = sunset_path_join(w->tmp, "controls.md");
	char *text;

	branch(w, "controls",
	       (const char *const[]){"v/" FX_HOSTILE ".py", "v = 'sora-2'\n",
				     NULL},
	       NULL);
	expect_exit(gate(w, "--base", "main", "--head", "controls",
			 "--markdown", md),
		    1);
	expect_out("new (fails): v/" FX_HOSTILE_SHOWN ".py:1:");
	fx_expect_inert("the verdict", fx_stdout());
	text = fx_slurp(md);
	fx_expect_inert("the Markdown", text);
	assert_non_null(strstr(text, "`v/" FX_HOSTILE_SHOWN ".py:1`"));
	free(text);
	free(md);
}

/* A pre-commit hook gates the work tree against HEAD. */
static void test_worktree_head(void **state)
{
	world *w = *state;

	fx_write(w->repo, "app.py", sora_py);
	expect_exit(gate(w, "--base", "HEAD", "--worktree"), 1);
	expect_out("to head work tree");
	fx_write(w->repo, "app.py", base_py);
	expect_exit(gate(w, "--base", "HEAD", "--worktree"), 0);
}

/* Both sides go through the content cache: a second gate parses
 * nothing, and judges exactly as an uncached one. */
static void test_gate_uses_the_cache(void **state)
{
	world *w = *state;
	char *cache = sunset_path_join(w->tmp, "gate-cache.db");
	char *fresh;

	expect_exit(gate(w, "--no-cache", "--base", "main", "--head", "sora"),
		    1);
	fresh = sunset_strdup(fx_stdout());
	assert_null(strstr(fx_messages(), "cache:"));
	expect_exit(
		gate(w, "--cache", cache, "--base", "main", "--head", "sora"),
		1);
	assert_string_equal(fresh, fx_stdout());
	expect_exit(
		gate(w, "--cache", cache, "--base", "main", "--head", "sora"),
		1);
	assert_string_equal(fresh, fx_stdout());
	/* base and head: every file answered by the cache */
	/* base and head: app.py (the only file parsed) from the cache */
	if (strcmp(fx_messages(), "cache: 1 hits, 0 misses\n"
				  "cache: 1 hits, 0 misses\n") != 0)
		fail_msg("%s", fx_messages());
	free(fresh);
	free(cache);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sora_call_fails),
		cmocka_unit_test(test_moved_call_passes),
		cmocka_unit_test(test_suppressed_call_passes),
		cmocka_unit_test(test_allow_list),
		cmocka_unit_test(test_policy_from_base),
		cmocka_unit_test(test_score_limits),
		cmocka_unit_test(test_errors_exit_2),
		cmocka_unit_test(test_policy_file_errors),
		cmocka_unit_test(test_baseline_round_trip),
		cmocka_unit_test(test_yaml_limits),
		cmocka_unit_test(test_policy_stops_on_a_signal),
		cmocka_unit_test(test_summary_and_sarif),
		cmocka_unit_test(test_markdown_escapes_file_names),
		cmocka_unit_test(test_verdict_escapes_terminal_controls),
		cmocka_unit_test(test_worktree_head),
		cmocka_unit_test(test_gate_uses_the_cache),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
