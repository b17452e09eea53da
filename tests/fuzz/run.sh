#!/bin/sh
# run.sh BUILD SECONDS NAME... - run each libFuzzer target
# (BUILD/fuzzers/fuzz_NAME) for SECONDS over a writable copy of its seed
# corpus (BUILD/corpus/NAME, which keeps what earlier runs found), from
# the project root. Crashing inputs go to BUILD/crashes/NAME/; at the end
# every one is listed and the script fails when there is any.
build=$1 seconds=$2
shift 2
status=0
for target in "$@"; do
	name=${target#fuzz_}
	seeds=fixtures/fuzz/$name
	corpus=$build/corpus/$name
	crashes=$build/crashes/$name
	mkdir -p "$corpus" "$crashes"
	[ -d "$seeds" ] && cp -n "$seeds"/* "$corpus"/ 2>/dev/null
	echo "fuzz: $target for ${seconds}s (corpus $corpus)"
	"$build/fuzzers/$target" -max_total_time="$seconds" -timeout=20 \
		-rss_limit_mb=2560 -max_len=16384 -print_final_stats=1 \
		-artifact_prefix="$crashes/" "$corpus" >"$build/$target.log" 2>&1
	rc=$?
	grep -E '^(stat::number_of_executed_units|stat::new_units_added|#[0-9]+ *DONE)' \
		"$build/$target.log" | sed "s/^/  /"
	if [ "$rc" -ne 0 ]; then
		echo "  exit $rc; the log is $build/$target.log"
		status=1
	fi
done
found=$(find "$build/crashes" -type f 2>/dev/null | sort)
if [ -n "$found" ]; then
	echo "fuzz: inputs that crashed (add each to fixtures/fuzz/NAME/ once fixed):"
	echo "$found" | sed 's/^/  /'
	status=1
fi
exit $status
