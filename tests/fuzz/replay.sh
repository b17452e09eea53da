#!/bin/sh
# replay.sh BIN... - run each replay binary (build/fuzz-replay/fuzz_NAME)
# over its seed corpus, fixtures/fuzz/NAME/, from the project root. Every
# input that ran counts as passed; a target that crashed or aborted
# counts one failure and names the input it was on. The last line is
# "fuzz-replay: N passed, N failed" (tests/run.sh adds it up).
passed=0 failed=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT
for bin in "$@"; do
	name=${bin##*/}
	corpus=fixtures/fuzz/${name#fuzz_}
	if [ ! -d "$corpus" ]; then
		echo "$name: no seed corpus at $corpus"
		failed=$((failed + 1))
		continue
	fi
	out=$("$bin" "$corpus" 2>"$err")
	rc=$?
	n=$(echo "$out" | sed -n "s/^$name: \\([0-9]*\\) inputs$/\\1/p")
	if [ "$rc" -eq 0 ] && [ -n "$n" ]; then
		echo "$name: $n inputs replayed"
		passed=$((passed + n))
	else
		last=$(sed -n 's/^replay: //p' "$err" | tail -n 1)
		echo "$name: failed (exit $rc) on ${last:-?}:"
		grep -v '^replay: ' "$err" | tail -n 30
		failed=$((failed + 1))
	fi
done
echo "fuzz-replay: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
