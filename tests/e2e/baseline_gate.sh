#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# --fail-on-new: the thresholds count only the findings the baseline lacks,
# so known findings pass and a new CRITICAL fails; it needs --baseline.
. "$(dirname "$0")/lib.sh"

# One CRITICAL (CVE-2031-1001) and one MEDIUM vulnerability, and a secret.
REPORT="$DATA/trivy/compliance-image-root.json"

run_assay run -i "trivy:$REPORT" -o "json:$WORK/base.json" --no-fail
assert_eq 0 "$STATUS" "exit status of the baseline run ($(head -c 300 "$WORK/stderr"))"

# --- The same findings: the known CRITICAL does not fail the gate ---
run_assay run -i "trivy:$REPORT" --baseline "$WORK/base.json" --fail-on-new -o "json:$WORK/known.json"
assert_eq 0 "$STATUS" "exit status with only known findings ($(head -c 300 "$WORK/stderr"))"
assert_eq '{"name":"threshold.critical","passed":true,"count":0,"limit":0}' \
	"$(jq -c '.checks[] | select(.name == "threshold.critical" and .image == null) | {name, passed, count, limit}' "$WORK/known.json")" \
	"the critical check counts no known finding"
assert_eq true "$(jq '.passes_threshold' "$WORK/known.json")" "passes_threshold with only known findings"

# --- Without --fail-on-new the baseline only marks findings: the CRITICAL still fails ---
run_assay run -i "trivy:$REPORT" --baseline "$WORK/base.json" -o "json:$WORK/marked.json"
assert_eq 1 "$STATUS" "exit status of a known CRITICAL without --fail-on-new"

# --- A new CRITICAL fails the gate, counted alone ---
jq '.Results[0].Vulnerabilities += [{"VulnerabilityID": "CVE-2031-1099", "PkgName": "libexpat1",
	"InstalledVersion": "2.5.0-1", "FixedVersion": "2.5.0-2", "Status": "fixed",
	"Severity": "CRITICAL"}]' "$REPORT" >"$WORK/new-critical.json"
run_assay run -i "trivy:$WORK/new-critical.json" --baseline "$WORK/base.json" --fail-on-new \
	-o "json:$WORK/new.json"
assert_eq 1 "$STATUS" "exit status with a new CRITICAL ($(head -c 300 "$WORK/stderr"))"
assert_eq '{"passed":false,"count":1,"limit":0}' \
	"$(jq -c '.checks[] | select(.name == "threshold.critical" and .image == null) | {passed, count, limit}' "$WORK/new.json")" \
	"the critical check counts the new finding only"
assert_eq '["Critical vulnerabilities: 1 > 0"]' "$(jq -c '.threshold_violations' "$WORK/new.json")" \
	"threshold_violations with a new CRITICAL"
assert_eq '["CVE-2031-1099"]' "$(jq -c '[.vulnerabilities[] | select(.baseline == "new") | .id]' "$WORK/new.json")" \
	"the new finding"

# --- A new finding that is ignored does not fail the gate ---
printf 'CVE-2031-1099\n' >"$WORK/trivyignore"
run_assay run -i "trivy:$WORK/new-critical.json" --baseline "$WORK/base.json" --fail-on-new \
	--ignore-file "$WORK/trivyignore" -o "json:$WORK/ignored.json"
assert_eq 0 "$STATUS" "exit status with the new CRITICAL ignored ($(head -c 300 "$WORK/stderr"))"

# --- --fail-on-new without --baseline is a usage error ---
rm -f "$WORK/usage.json"
run_assay run -i "trivy:$REPORT" --fail-on-new -o "json:$WORK/usage.json"
assert_eq 2 "$STATUS" "exit status of --fail-on-new without --baseline"
grep -q -- "--fail-on-new needs --baseline FILE" "$WORK/stderr" ||
	fail "the error does not say that --baseline is needed: $(cat "$WORK/stderr")"
[ ! -e "$WORK/usage.json" ] || fail "an output file was written for a usage error"

finish
