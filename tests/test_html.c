/* test_html.c - the HTML report: the script's hash in the policy, the
 * capability map */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "html.h"
#include "util.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	sunset_buf b = SUNSET_BUF_INIT;
	char chunk[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&b, chunk, n);
	fclose(f);
	return sunset_buf_detach(&b);
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (s = strstr(s, needle); s; s = strstr(s + 1, needle))
		n++;
	return n;
}

static void expect_hash(const char *data, size_t len, const char *want)
{
	sunset_buf b = SUNSET_BUF_INIT;

	sunset_html_csp_hash(&b, data, len);
	assert_string_equal(b.ptr, want);
	sunset_buf_free(&b);
}

/* SHA-256 in base64, as a policy names it */
static void test_csp_hash(void **state)
{
	static const struct {
		const char *msg;
		const char *b64;
	} vectors[] = {
		/* FIPS 180-4's examples (NIST CSRC, SHA256.pdf): one
		 * block, two blocks; hex ba7816bf...f20015ad and
		 * 248d6a61...19db06c1 */
		{"abc", "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "sha256-JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE="},
		/* the 896-bit message of FIPS 180-2's SHA-384/512 examples:
		 * cf5b16a7...7afee9d1 */
		{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		 "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		 "sha256-z1sWp3ivg4ADbOWeewSSNwskmxHo8HpRr6xFA3r+6dE="},
		/* the empty message: e3b0c442...7852b855 */
		{"", "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
	};
	/* padding boundaries: n bytes of 'x' (values from Python's
	 * hashlib) */
	static const struct {
		size_t n;
		const char *b64;
	} lengths[] = {
		{55, "sha256-1eKFaDzU78AtAhpcYgFGlJWJAQBdb3HongmJ+sd+QHI="},
		{56, "sha256-BMJiYTcO51QVSdFt7jIMcj4/0UZx5moJmv4KN3wWiI4="},
		{63, "sha256-dSILRyGCeOZW8gE7uPDEVaJerwHobGSSTp1I2Jd21vI="},
		{64, "sha256-fOEAlx9k5wAej+WlGXPs3+HO1Cvv5+6NX9YhlQa1OTw="},
		{65, "sha256-lTfF/fEgSC99WNJentWD9SwCtOME6oFNsWM61WWu1+k="},
		{119, "sha256-AAtI1O3w+nvuPGI27NJ4W6pdtO64u1Q0GwKeDZ+l+ww="},
		{120, "sha256-E/BaC1lHh/Xs0xXtyWFBvTJDID0bfU8INvNzCLJ2upg="},
	};
	char *buf = sunset_malloc(1000000);

	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(*vectors); i++)
		expect_hash(vectors[i].msg, strlen(vectors[i].msg),
			    vectors[i].b64);
	for (size_t i = 0; i < sizeof(lengths) / sizeof(*lengths); i++) {
		memset(buf, 'x', lengths[i].n);
		expect_hash(buf, lengths[i].n, lengths[i].b64);
	}
	/* a million 'a' (FIPS 180-2, appendix B.3): cdc76e5c...c7112cd0 */
	memset(buf, 'a', 1000000);
	expect_hash(buf, 1000000,
		    "sha256-zcduXJkU+5KBocfihNc+Z/GAmkiklyAOBG05zMcRLNA=");
	free(buf);
}

/* The page's one script is exactly what the policy's hash allows: the
 * test fails when the script and the hash drift apart. */
static void test_page_script_matches_policy(void **state)
{
	sunset_buf page = SUNSET_BUF_INIT, want = SUNSET_BUF_INIT;
	const char *open, *close;

	(void)state;
	sunset_html_page_begin(&page, "t <&> \"'");
	assert_non_null(strstr(page.ptr, "<title>t &lt;&amp;&gt; &quot;&#39;"
					 "</title>"));
	sunset_buf_puts(&page, "<p>body</p>\n");
	sunset_html_page_end(&page);

	open = strstr(page.ptr, "<script>");
	assert_non_null(open);
	open += strlen("<script>");
	close = strstr(open, "</script>");
	assert_non_null(close);
	/* one script, no other, and it closes the page */
	assert_null(strstr(close, "<script"));
	assert_string_equal(close, "</script>\n</body></html>\n");
	assert_null(strstr(page.ptr, "style=\""));

	sunset_buf_puts(&want, "content=\"default-src 'none'; script-src '");
	sunset_html_csp_hash(&want, open, (size_t)(close - open));
	sunset_buf_puts(&want, "'; style-src 'unsafe-inline'; img-src data:; "
			       "base-uri 'none'; form-action 'none'\">");
	assert_non_null(strstr(page.ptr, want.ptr));
	/* one byte less and the hash is another */
	sunset_buf_clear(&want);
	sunset_html_csp_hash(&want, open, (size_t)(close - open) - 1);
	assert_null(strstr(page.ptr, want.ptr));

	sunset_buf_free(&want);
	sunset_buf_free(&page);
}

/* Two vendors: one of them (with a hostile name) serves image and video,
 * the other image only. */
static const char evil_rules[] = "vendor:\n"
				 "  id: evil\n"
				 "  name: \"Evil <b>&</b> 'Media'\"\n"
				 "products:\n"
				 "  - id: img\n"
				 "    name: Evil Images\n"
				 "    capability: image\n"
				 "    lifecycle: active\n"
				 "  - id: vid\n"
				 "    name: Evil Video\n"
				 "    capability: video\n"
				 "    lifecycle: active\n"
				 "  - id: chat\n"
				 "    name: Evil Chat\n"
				 "    capability: text\n"
				 "    lifecycle: active\n"
				 "rules:\n"
				 "  - id: evil.img\n"
				 "    product: img\n"
				 "    kind: model\n"
				 "    severity: low\n"
				 "    message: Evil image model.\n"
				 "    string:\n"
				 "      values: [evil-img-1]\n"
				 "  - id: evil.vid\n"
				 "    product: vid\n"
				 "    kind: model\n"
				 "    severity: low\n"
				 "    message: Evil video model.\n"
				 "    string:\n"
				 "      values: [evil-vid-1]\n"
				 "  - id: evil.chat\n"
				 "    product: chat\n"
				 "    kind: model\n"
				 "    severity: low\n"
				 "    message: Evil chat model.\n"
				 "    string:\n"
				 "      values: [evil-chat-1]\n";

static const char good_rules[] = "vendor:\n"
				 "  id: good\n"
				 "  name: Good Pictures\n"
				 "products:\n"
				 "  - id: img\n"
				 "    name: Good Images\n"
				 "    capability: image\n"
				 "    lifecycle: active\n"
				 "rules:\n"
				 "  - id: good.img\n"
				 "    product: img\n"
				 "    kind: model\n"
				 "    severity: low\n"
				 "    message: Good image model.\n"
				 "    string:\n"
				 "      values: [good-img-1]\n";

static const char app_py[] = "A = \"evil-img-1\"\n"
			     "B = \"evil-img-1\"\n"
			     "C = \"evil-vid-1\"\n"
			     "D = \"good-img-1\"\n"
			     "E = \"evil-chat-1\"\n";

static void test_capability_map(void **state)
{
	char *tmp = fx_tmpdir(), *repo = sunset_path_join(tmp, "repo");
	char *rules = sunset_path_join(tmp, "rules");
	char *out = sunset_path_join(tmp, "report.html");
	fx_tree *t = fx_tree_new();
	git_repository *r;
	git_oid id;
	char *html, *map, *end;

	(void)state;
	git_libgit2_init();
	fx_write(rules, "evil.yaml", evil_rules);
	fx_write(rules, "good.yaml", good_rules);
	r = fx_repo_init(repo, 1);
	fx_tree_add(t, "app.py", app_py, strlen(app_py));
	fx_commit(&id, r, t, "refs/heads/main", "app");

	assert_int_equal(fx_run("scan", "-q", "--rules", rules, "--html", out,
				repo, NULL),
			 0);
	html = slurp(out);
	map = strstr(html, "<h2>Capability map</h2>");
	assert_non_null(map);
	end = strstr(map, "</svg>");
	assert_non_null(end);
	*end = '\0';
	/* media capabilities only: text is left out */
	assert_non_null(strstr(map, ">image</text>"));
	assert_non_null(strstr(map, ">video</text>"));
	assert_null(strstr(map, ">text</text>"));
	/* every vendor name escaped, in the row labels and the cells */
	assert_null(strstr(map, "<b>"));
	assert_non_null(strstr(map, "font-size=\"13\">Evil &lt;b&gt;&amp;"
				    "&lt;/b&gt; &#39;Media&#39;</text>"));
	assert_non_null(strstr(map, "font-size=\"13\">Good Pictures</text>"));
	/* counts: two image findings and one video finding of Evil, one
	 * image finding of Good; video has no fallback, image has */
	assert_non_null(strstr(map, "<title>Evil &lt;b&gt;&amp;&lt;/b&gt; "
				    "&#39;Media&#39;, image: 2 findings"
				    "</title>"));
	assert_non_null(strstr(map, "<title>Evil &lt;b&gt;&amp;&lt;/b&gt; "
				    "&#39;Media&#39;, video: 1 finding (no "
				    "fallback)</title>"));
	assert_non_null(strstr(map, "<title>Good Pictures, image: 1 finding"
				    "</title>"));
	assert_null(strstr(map, "image: 2 findings (no fallback)"));
	assert_int_equal(count(map, ">no fallback</text>"), 1);
	assert_non_null(strstr(end + 1, "1 of 2 capabilities are served by "
					"one vendor only."));

	free(html);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(out);
	free(rules);
	free(repo);
	free(tmp);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csp_hash),
		cmocka_unit_test(test_page_script_matches_policy),
		cmocka_unit_test(test_capability_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
