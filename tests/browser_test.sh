#!/bin/sh
# browser_test.sh SUNSET_BIN - the HTML report in a real browser: Debian's
# chromium loads it headless and logs no console message (no script
# error, no Content-Security-Policy violation), also for a repository
# whose file names and code are hostile. A page that breaks the policy is
# checked first, so the check itself is known to catch violations.
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

# load FILE: print the console messages chromium logged for it
load() {
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$profile" --enable-logging=stderr --v=0 \
		--dump-dom "file://$1" >/dev/null 2>"$tmp/log"
	grep ':CONSOLE' "$tmp/log"
}

check() { # NAME EXPECT(clean|dirty) FILE
	if load "$3" >"$tmp/console"; then got=dirty; else got=clean; fi
	if [ "$got" = "$2" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "browser: $1: expected $2, got $got"
		cat "$tmp/console"
	fi
}

# the detector: a page whose inline script and remote image the policy
# blocks
cat >"$tmp/bad.html" <<'HTML'
<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy"
content="default-src 'none'"></head><body><script>console.log(1)</script>
<img src="https://example.invalid/x.png"></body></html>
HTML
check "a page breaking its policy" dirty "$tmp/bad.html"

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
check "the report of a hostile repository" clean "$tmp/report.html"

echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
