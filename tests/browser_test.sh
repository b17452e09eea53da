#!/bin/sh
# browser_test.sh SUNSET_BIN - the HTML report and the HTML migration plan
# in a real browser: Debian's chromium loads them headless and logs no
# console message (no script error, no Content-Security-Policy
# violation), also for a repository whose file names and code are
# hostile. A page that breaks the policy is checked first, so the check
# itself is known to catch violations; a report whose script no longer
# matches the hash in its policy must be caught too. The table script is
# then proved by the DOM chromium dumps: #filter= hides rows, #sort=
# reorders them, and with scripts off every row is there.
# Ends with "browser: N passed, N failed".
set -u
bin=$1
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
	echo "browser: chromium is not installed (make deps-test installs it)"
	echo "browser: 0 passed, 1 failed"
	exit 1
fi

# load URL [CHROMIUM-OPTION...]: print the console messages chromium
# logged for it; the DOM it dumped is left in $tmp/dom
load() {
	url=$1
	shift
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$profile" --enable-logging=stderr --v=0 \
		"$@" --dump-dom "$url" >"$tmp/dom" 2>"$tmp/log"
	grep ':CONSOLE' "$tmp/log"
}

pass() { passed=$((passed + 1)); }
fail() { # NAME WHAT
	failed=$((failed + 1))
	echo "browser: $1: $2"
}

check() { # NAME EXPECT(clean|dirty) URL [CHROMIUM-OPTION...]
	name=$1 want=$2
	shift 2
	if load "$@" >"$tmp/console"; then got=dirty; else got=clean; fi
	if [ "$got" = "$want" ]; then
		pass
	else
		fail "$name" "expected $want, got $got"
		cat "$tmp/console"
	fi
}

# dom NAME TEST...: TEST (a shell command) holds for the last dumped DOM
dom() {
	name=$1
	shift
	if "$@"; then
		pass
	else
		fail "$name" "the dumped DOM fails: $*"
	fi
}

# the detector: a page whose inline script and remote image the policy
# blocks
cat >"$tmp/bad.html" <<'HTML'
<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy"
content="default-src 'none'"></head><body><script>console.log(1)</script>
<img src="https://example.invalid/x.png"></body></html>
HTML
check "a page breaking its policy" dirty "file://$tmp/bad.html"

# a repository with hostile names and code, and vendor findings
repo="$tmp/repo"
mkdir -p "$repo/src" && cd "$repo" || exit 1
git init -q
printf 'MODEL = "dall-e-3"  # <script>alert(1)</script>\n' >'src/<img src=x onerror=alert(1)>.py'
printf 'url = "https://api.openai.com/v1/videos"\nrequests.post(url)\n' >"src/it's \"quoted\".py"
printf 'import openai\nopenai.OpenAI().images.generate(model="</code><script>x</script>")\n' >src/app.py
git add -A
git -c user.name=t -c user.email=t@example.invalid commit -qm hostile
cd "$tmp" || exit 1
"$bin" scan -q --html "$tmp/report.html" "$repo" >/dev/null
report="file://$tmp/report.html"
check "the report of a hostile repository" clean "$report"
# the script ran: every header of a data table has its sort button, and
# no row is hidden without a filter
dom "sort buttons" grep -q '<th><button type="button" class="sort">severity</button></th>' "$tmp/dom"
dom "no row hidden" sh -c "! grep -q '<tr[^>]*hidden' '$tmp/dom'"
# the Files table, in path order as written
files_sizes() { # FILE: the size column of its Files table, in order
	# (rows the script moved share a line: one row per line first)
	sed -n '/<summary>Files/,/<\/table>/p' "$1" | sed 's/<tr/\n<tr/g' |
		sed -n 's/^<tr><td><code>[^<]*<\/code><\/td><td>[a-z]*<\/td><td class="num">\([0-9]*\)<\/td>.*/\1/p'
}
files_sizes "$tmp/dom" >"$tmp/sizes.before"

# the script changed by one byte after rendering: its hash no longer
# matches, chromium refuses to run it and says so
sed 's/"use strict";/"use strict"; /' "$tmp/report.html" >"$tmp/tampered.html"
check "a report whose script does not match its hash" dirty "file://$tmp/tampered.html"

# #filter=TEXT hides every row without TEXT (case-insensitive), in every
# table, and says how many are shown
check "a #filter= link" clean "$report#filter=APP.PY"
dom "rows with the text shown" grep -q '^<tr><td class="sev-[a-z]*" data-sort="[0-9]">.*src/app.py' "$tmp/dom"
dom "rows without it hidden" grep -q '^<tr hidden=""><td class="sev-[a-z]*" data-sort="[0-9]">.*quoted' "$tmp/dom"
dom "no row with the text hidden" sh -c "! grep '<tr[^>]*hidden' '$tmp/dom' | grep -q 'src/app.py'"
dom "the filter box holds the text" grep -q 'class="muted" aria-live="polite">[0-9]* of [0-9]* rows</span>' "$tmp/dom"

# #sort=-COLUMN sorts every table with that column, descending, and
# marks its header; the size column is numeric
check "a #sort= link" clean "$report#sort=-size"
dom "aria-sort set" grep -q '<th aria-sort="descending"><button type="button" class="sort">size</button></th>' "$tmp/dom"
files_sizes "$tmp/dom" >"$tmp/sizes.after"
dom "rows in descending size" sort -n -r -c "$tmp/sizes.after"
sort -n "$tmp/sizes.before" >"$tmp/sizes.before.n"
sort -n "$tmp/sizes.after" >"$tmp/sizes.after.n"
dom "the same rows" cmp -s "$tmp/sizes.before.n" "$tmp/sizes.after.n"
dom "not in that order before" sh -c "! sort -n -r -c '$tmp/sizes.before' 2>/dev/null"

# with scripts off a browser shows the file as written: every row is
# there, in the order the script found them, and no control (the script
# adds the buttons and filter boxes, and nothing else)
files_sizes "$tmp/report.html" >"$tmp/sizes.written"
dom "the rows as written" cmp -s "$tmp/sizes.before" "$tmp/sizes.written"
sed -e '/<script>/,/<\/script>/d' -e 's/<style>.*<\/style>//' "$tmp/report.html" >"$tmp/noscript.html"
dom "no control without the script" sh -c "! grep -q 'hidden\\|<button\\|<input\\|aria-sort' '$tmp/noscript.html'"

# the migration plan as HTML: the same policy and script
"$bin" plan --vendor openai --html "$tmp/plan.html" "$repo" 2>/dev/null
dom "the plan written" test -s "$tmp/plan.html"
check "the HTML plan of a hostile repository" clean "file://$tmp/plan.html#sort=-findings"
dom "plan tables sortable" grep -q '<th aria-sort="descending"><button type="button" class="sort">findings</button></th>' "$tmp/dom"

echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
