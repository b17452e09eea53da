#!/bin/sh
# run.sh TEST... - run each cmocka test binary, then print the totals as
# one closing line ("N passed, N failed"). Exits non-zero when any test
# failed or a binary crashed.
passed=0 failed=0 crashed=""
out=$(mktemp)
# scans keep a content cache by default: never in the real ~/.cache
XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
trap 'rm -f "$out"; rm -rf "$XDG_CACHE_HOME"' EXIT
for t in "$@"; do
	CMOCKA_MESSAGE_OUTPUT=stdout "$t" >"$out" 2>&1
	rc=$?
	cat "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' "$out" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
		crashed="$crashed $t"
		failed=$((failed + 1))
	fi
done
# checks that are commands, each ending with "NAME: N passed, N failed":
# the rule pack against its annotated fixtures, the report in a browser,
# the fuzz corpora
extra() { # NAME COMMAND...
	name=$1
	shift
	"$@" >"$out" 2>&1
	rc=$?
	cat "$out"
	p=$(sed -n "s/^$name: \\([0-9]*\\) passed, \\([0-9]*\\) failed$/\\1/p" "$out")
	f=$(sed -n "s/^$name: \\([0-9]*\\) passed, \\([0-9]*\\) failed$/\\2/p" "$out")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		crashed="$crashed $name"
		failed=$((failed + 1))
	fi
}
if [ -n "${SUNSET_BIN:-}" ]; then
	extra rules "$SUNSET_BIN" rules test fixtures/rules
	extra browser sh tests/browser_test.sh "$SUNSET_BIN"
fi
# the fuzz targets' seed corpora (fixtures/fuzz/), without libFuzzer
if [ -n "${SUNSET_FUZZ_REPLAY:-}" ]; then
	# shellcheck disable=SC2086 # a list of paths
	extra fuzz-replay sh tests/fuzz/replay.sh $SUNSET_FUZZ_REPLAY
fi
[ -n "$crashed" ] && echo "crashed or failed before reporting:$crashed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
