#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Ignore files through the CLI: each format, CRLF lines, malformed dates, expiry and errors.
. "$(dirname "$0")/lib.sh"

REPORT="$DATA/ignore/trivy-image.json"
OUT="$WORK/out.json"

# ignore_run FILE...: analyze the demo report on 2032-05-02 with these ignore files into $OUT.
ignore_run() {
	local args=()
	local file
	for file in "$@"; do
		args+=(--ignore-file "$file")
	done
	run_assay run -i "$REPORT" "${args[@]}" --option today=2032-05-02 -o "json:$OUT" --no-fail
}

# ignored_ids: the ids of the ignored findings in $OUT, sorted, space-separated.
ignored_ids() {
	jq -r '[(.vulnerabilities + .misconfigurations + .secrets)[] | select(.ignored) | .id]
		| sort | join(" ")' "$OUT"
}

# --- .trivyignore: ids, comments, exp: dates, a malformed date, owner and reason ---
ignore_run "$DATA/ignore/basic.trivyignore"
assert_eq 0 "$STATUS" ".trivyignore run status"
assert_eq "CVE-2032-0001 CVE-2032-0004 DS002" "$(ignored_ids)" ".trivyignore ignored ids"
# Every finding stays in the report, ignored ones marked.
assert_eq "$(jq '[.Results[] | (.Vulnerabilities // []) + (.Misconfigurations // []) + (.Secrets // [])
	| length] | add' "$REPORT")" \
	"$(jq '[.vulnerabilities, .misconfigurations, .secrets | length] | add' "$OUT")" \
	"findings in the JSON output"
assert_eq '{"rule":"CVE-2032-0001","reason":"not reachable: the parser never sees user input (owner: alice)","source":"'"$DATA"'/ignore/basic.trivyignore","expires":"2032-06-01"}' \
	"$(jq -c '.vulnerabilities[] | select(.id == "CVE-2032-0001") | .ignore' "$OUT")" \
	"ignore record of CVE-2032-0001"
assert_eq "null" "$(jq -c '.vulnerabilities[] | select(.id == "CVE-2032-0002") | .ignore' "$OUT")" \
	"the line with a malformed date ignores nothing"
if ! grep -q "basic.trivyignore:5: invalid expiry 'exp:2032-13-01'" "$WORK/stderr"; then
	fail "no warning for the malformed date: $(cat "$WORK/stderr")"
fi
if ! grep -q "ignore rule 'CVE-2032-0003' (.*basic.trivyignore:8) expired on 2032-05-01" "$WORK/stderr"; then
	fail "no warning for the expired rule: $(cat "$WORK/stderr")"
fi
assert_eq "2:active:1 4:active:1 6:unused:0 7:expiring:1 8:expired:1" \
	"$(jq -r '[.ignore.rules[] | "\(.line):\(.status):\(.matches)"] | join(" ")' "$OUT")" \
	".trivyignore rule statuses"
assert_eq "1 1 1" "$(jq -r '.ignore | "\(.expired) \(.expiring) \(.unused)"' "$OUT")" \
	"expired, expiring and unused counts"
# Ignored findings leave the gate's counts.
assert_eq "$(jq '[.vulnerabilities[] | select(.ignored)] | length' "$OUT")" \
	"$(jq '.summary.by_kind.vulnerability.ignored' "$OUT")" "ignored vulnerabilities in the summary"

# --- CRLF line ends, as a Windows editor writes them ---
printf '# accepted\r\nCVE-2032-0002\r\n\r\nCVE-2032-0005 exp:2032-06-31\r\nCVE-2032-0006 exp:2032-06-30\r\n' \
	>"$WORK/windows.trivyignore"
ignore_run "$WORK/windows.trivyignore"
assert_eq 0 "$STATUS" "CRLF run status"
assert_eq "CVE-2032-0002 CVE-2032-0006" "$(ignored_ids)" "CRLF ignored ids"
assert_eq "2032-06-30" "$(jq -r '.vulnerabilities[] | select(.id == "CVE-2032-0006") | .ignore.expires' "$OUT")" \
	"CRLF expiry without the carriage return"
if ! grep -q "windows.trivyignore:4: invalid expiry 'exp:2032-06-31'" "$WORK/stderr"; then
	fail "no warning for June 31st: $(cat "$WORK/stderr")"
fi

# --- .trivyignore.yaml ---
ignore_run "$DATA/ignore/demo.trivyignore.yaml"
assert_eq "CVE-2032-0001 CVE-2032-0004 CVE-2032-0005 DS002" "$(ignored_ids)" ".trivyignore.yaml ignored ids"
assert_eq "requests only talks to internal services (owner: bob)" \
	"$(jq -r '.vulnerabilities[] | select(.id == "CVE-2032-0004") | .ignore.reason' "$OUT")" \
	"statement and owner become the reason"
assert_eq "expiring unused active unused active active expired" \
	"$(jq -r '[.ignore.rules[].status] | join(" ")' "$OUT")" ".trivyignore.yaml rule statuses"

# --- .grype.yaml ---
ignore_run "$DATA/ignore/demo.grype.yaml"
assert_eq "CVE-2032-0002 CVE-2032-0003 CVE-2032-0005" "$(ignored_ids)" ".grype.yaml ignored ids"
assert_eq 5 "$(jq '.ignore.rules | length' "$OUT")" "Grype rules listed (the namespace rule is skipped)"
if ! grep -q "demo.grype.yaml:17: the rule is skipped: assay cannot test its 'namespace' condition" "$WORK/stderr"; then
	fail "no warning for the skipped namespace rule: $(cat "$WORK/stderr")"
fi

# --- Several files: rules of each, in command-line order ---
ignore_run "$DATA/ignore/demo.grype.yaml" "$DATA/ignore/basic.trivyignore"
assert_eq "CVE-2032-0001 CVE-2032-0002 CVE-2032-0003 CVE-2032-0004 CVE-2032-0005 DS002" "$(ignored_ids)" \
	"ignored ids of two files"
assert_eq 10 "$(jq '.ignore.rules | length' "$OUT")" "rules of two files"

# --- Errors: exit status 2, one line naming the file and line, no output written ---
for case in "bad/paths-string.trivyignore.yaml:3:12: 'paths' must be a list of strings" \
	"bad/syntax.trivyignore.yaml:4:7: invalid YAML" \
	"bad/date.trivyignore.yaml:3:17: 'expired_at' must be a date YYYY-MM-DD" \
	"bad/fix-state.grype.yaml:3:16: 'fix-state' must be fixed, not-fixed, wont-fix or unknown" \
	"bad/rule-string.grype.yaml:2:5: an ignore rule must be a mapping"; do
	file=${case%%:*}
	rm -f "$OUT"
	ignore_run "$DATA/ignore/$file"
	assert_eq 2 "$STATUS" "status for $file"
	if ! grep -qF "$DATA/ignore/$case" "$WORK/stderr"; then
		fail "$file: stderr lacks '$case': $(cat "$WORK/stderr")"
	fi
	assert_eq 1 "$(grep -c . "$WORK/stderr")" "lines on stderr for $file"
	if [ -e "$OUT" ]; then
		fail "$file: an output file was written"
	fi
done
ignore_run "$WORK/missing.trivyignore"
assert_eq 2 "$STATUS" "status for a missing ignore file"
if ! grep -qF "cannot open ignore file '$WORK/missing.trivyignore'" "$WORK/stderr"; then
	fail "missing file not named: $(cat "$WORK/stderr")"
fi

finish
