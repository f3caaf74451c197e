#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The CLI's contract: exit statuses 0/1/2, one clear line per bad input, and
# atomic writes (on status 2 no output file is created or replaced).
. "$(dirname "$0")/lib.sh"

report="$DATA/cli/two-critical.json"

# Gate: 2 CRITICAL against the default limit 0 fails; a limit of 2 passes.
run_assay run -i "$report" -o "json:$WORK/out.json"
assert_eq 1 "$STATUS" "exit status with 2 CRITICAL over the default limit"
assert_eq 2 "$(jq '.summary.severity_breakdown.CRITICAL' "$WORK/out.json")" "CRITICAL count"
run_assay run -i "$report" -o "json:$WORK/out.json" --threshold-critical 2
assert_eq 0 "$STATUS" "exit status at the limit"
run_assay run -i "$report" -o "json:$WORK/out.json" --threshold-critical 1 --threshold-high 0
assert_eq 1 "$STATUS" "exit status above two limits"
run_assay run -i "$report" -o "json:$WORK/out.json" --no-fail
assert_eq 0 "$STATUS" "exit status with --no-fail"
assert_eq false "$(jq '.passes_threshold' "$WORK/out.json")" "--no-fail still reports the violation"

# Console is the default output; the verdict comes first.
run_assay run -i "$report" --threshold-critical 5
assert_eq 0 "$STATUS" "console-only run"
grep -q "PASSED" "$WORK/stdout" || fail "console verdict missing: $(head -3 "$WORK/stdout")"

# stdin as a report.
STATUS=0
"$ASSAY" run -i trivy:- -o json:- --threshold-critical 5 <"$report" >"$WORK/stdin.json" 2>"$WORK/stderr" || STATUS=$?
assert_eq 0 "$STATUS" "report from stdin"
check_json_output "$WORK/stdin.json" "the JSON analysis of a report read from stdin"
assert_eq 4 "$(jq '.summary.total_vulnerabilities' "$WORK/stdin.json")" "findings read from stdin"

# expect_error NAME EXPECTED-TEXT ARGS...: exit 2, one line naming the problem, no output file.
expect_error() {
	local name=$1 expected=$2
	shift 2
	rm -f "$WORK/new.json"
	run_assay "$@"
	assert_eq 2 "$STATUS" "$name: exit status"
	grep -qF -- "$expected" "$WORK/stderr" || fail "$name: stderr lacks '$expected': $(cat "$WORK/stderr")"
	assert_eq 1 "$(wc -l <"$WORK/stderr" | tr -d ' ')" "$name: lines on stderr"
	[ ! -e "$WORK/new.json" ] || fail "$name: output file created on error"
}

printf '' >"$WORK/empty.json"
printf '{"SchemaVersion": 2, "Results": [' >"$WORK/truncated.json"
printf '{"matches": [], "source": {"type": "image"}, "descriptor": {"name": "grype"}}' >"$WORK/grype.json"
printf '{"unrelated": true}' >"$WORK/other.json"
printf '[{"VulnerabilityID": "CVE-1", "Title": "a\x00b"}]' >"$WORK/nul.json"
printf '{"SchemaVersion": 2, "ArtifactName": "\xff\xfe"}' >"$WORK/latin1.json"

expect_error "missing file" "$WORK/missing.json: file not found" \
	run -i "$WORK/missing.json" -o "json:$WORK/new.json"
expect_error "empty file" "$WORK/empty.json: empty file" \
	run -i "$WORK/empty.json" -o "json:$WORK/new.json"
expect_error "truncated JSON" "$WORK/truncated.json: invalid JSON at byte" \
	run -i trivy:"$WORK/truncated.json" -o "json:$WORK/new.json"
expect_error "another scanner's report as trivy" "not a Trivy report" \
	run -i trivy:"$WORK/grype.json" -o "json:$WORK/new.json"
expect_error "unrecognized report" "$WORK/other.json: report format not recognized" \
	run -i "$WORK/other.json" -o "json:$WORK/new.json"
expect_error "NUL byte" "NUL byte at byte" \
	run -i trivy:"$WORK/nul.json" -o "json:$WORK/new.json"
expect_error "invalid UTF-8" "invalid UTF-8 at byte" \
	run -i trivy:"$WORK/latin1.json" -o "json:$WORK/new.json"
expect_error "unknown output format" "unknown output format 'pdf'" \
	run -i "$report" -o "pdf:$WORK/new.json"
expect_error "unknown input format" "unknown input format 'nessus'" \
	run -i "nessus:$report" -o "json:$WORK/new.json"
expect_error "two outputs to one file" "named by two outputs" \
	run -i "$report" -o "json:$WORK/new.json" -o "json:$WORK/new.json"
expect_error "invalid threshold" "invalid --threshold-high value 'many'" \
	run -i "$report" --threshold-high many -o "json:$WORK/new.json"
expect_error "negative threshold" "invalid --threshold-critical value '-1'" \
	run -i "$report" --threshold-critical -1 -o "json:$WORK/new.json"
expect_error "unknown option" "unknown option '--bogus'" run -i "$report" --bogus
expect_error "no input" "no report given" run -o "json:$WORK/new.json"
expect_error "unknown command" "unknown command 'scan'" scan
expect_error "plugin folder missing" "plugin folder not found" \
	run -i "$report" --plugin-path "$WORK/no-such-dir" -o "json:$WORK/new.json"

# Atomic writes: an existing report survives a failed run, and no temporary file is left.
echo '{"previous": true}' >"$WORK/keep.json"
run_assay run -i "$report" -i "$WORK/truncated.json" -o "json:$WORK/keep.json" -o "json:$WORK/second.json"
assert_eq 2 "$STATUS" "second report invalid"
assert_eq '{"previous": true}' "$(cat "$WORK/keep.json")" "existing output file replaced on error"
[ ! -e "$WORK/second.json" ] || fail "output file created although the run failed"
leftovers=$(find "$WORK" -name '.assay-tmp.*' | wc -l)
assert_eq 0 "$leftovers" "temporary files left behind"

# A write that fails after another output was written leaves neither in place.
run_assay run -i "$report" -o "json:$WORK/first.json" -o "json:$WORK/no/such/dir/out.json"
assert_eq 2 "$STATUS" "second output cannot be created"
[ ! -e "$WORK/first.json" ] || fail "first output published although the second failed"

# A destination that is a folder fails before anything is moved into place.
echo '{"previous": true}' >"$WORK/keep.json"
mkdir -p "$WORK/folder.json"
run_assay run -i "$report" -o "json:$WORK/keep.json" -o "json:$WORK/folder.json"
assert_eq 2 "$STATUS" "output named like an existing folder"
grep -q "folder.json: is a folder" "$WORK/stderr" || fail "folder message: $(cat "$WORK/stderr")"
assert_eq '{"previous": true}' "$(cat "$WORK/keep.json")" "earlier output replaced although a later one failed"

# Two outputs on stdout would mix their formats; an output may not overwrite an input.
expect_error "two outputs on stdout" "both write to stdout" run -i "$report" -o json -o console
cp "$report" "$WORK/input-copy.json"
expect_error "output over an input" "is also an input report" \
	run -i "$WORK/input-copy.json" -o "json:$WORK/input-copy.json"
cmp -s "$report" "$WORK/input-copy.json" || fail "the input report was overwritten"

# A successful run replaces the file, with the usual permissions.
run_assay run -i "$report" -o "json:$WORK/keep.json" --threshold-critical 9
assert_eq 0 "$STATUS" "rewrite"
assert_eq 4 "$(jq '.summary.total_vulnerabilities' "$WORK/keep.json")" "report replaced"
perms=$(stat -c %a "$WORK/keep.json")
[ "$perms" != 600 ] || fail "report left with the temporary file's mode 600"

# An output folder that does not exist is an error before anything is written.
run_assay run -i "$report" -o "json:$WORK/no/such/dir/out.json"
assert_eq 2 "$STATUS" "output into a missing folder"
grep -q "cannot create the output file" "$WORK/stderr" || fail "missing-folder message: $(cat "$WORK/stderr")"

# assay plugins lists the built-in plugins with kind, name, version and ABI.
run_assay plugins
assert_eq 0 "$STATUS" "assay plugins"
for expected in "input     trivy" "analyzer  thresholds" "output    json" "output    console"; do
	grep -q "^$expected " "$WORK/stdout" || fail "assay plugins lacks '$expected'"
done

run_assay --version
assert_eq 0 "$STATUS" "--version"
grep -q "^assay [0-9]" "$WORK/stdout" || fail "--version output: $(cat "$WORK/stdout")"

finish
