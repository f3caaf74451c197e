#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Ignore rules of the Lua policy, the fields it requires of every rule, and --ignore-unfixed.
. "$(dirname "$0")/lib.sh"

REPORT="$DATA/ignore/trivy-image.json"
OUT="$WORK/out.json"

cat >"$WORK/policy.lua" <<'EOF'
ignore = {
  {id = "CVE-2032-0001", reason = "the parser never sees user input", owner = "alice",
   expires = "2032-06-01"},
  {package = "urllib3", version = "1.0", path = "opt/vendor/**", reason = "vendored",
   owner = "bob", expires = "2032-05-03"},
  {purl = "pkg:pypi/requests", image = "registry.example.com/shop/ignore-demo:*",
   reason = "internal calls only", owner = "dan", expires = "2033-01-01"},
  {id = "CVE-2099-0001", reason = "fixed long ago", owner = "erin", expires = "2032-04-01"},
}
ignore_requires = {reason = true, owner = true, expires = true}
EOF

# --- Policy rules, with every required field ---
run_assay run -i "$REPORT" -p "$WORK/policy.lua" --option today=2032-05-02 -o "json:$OUT" --no-fail
assert_eq 0 "$STATUS" "policy run status"
assert_eq "CVE-2032-0001 CVE-2032-0004 CVE-2032-0005" \
	"$(jq -r '[.vulnerabilities[] | select(.ignored) | .id] | sort | join(" ")' "$OUT")" \
	"ids the policy ignores"
assert_eq '{"rule":"package=urllib3 version=1.0 path=opt/vendor/**","reason":"vendored (owner: bob)","source":"policy","expires":"2032-05-03"}' \
	"$(jq -c '.vulnerabilities[] | select(.id == "CVE-2032-0005") | .ignore' "$OUT")" \
	"ignore record of a policy rule"
assert_eq "active expiring active expired" "$(jq -r '[.ignore.rules[].status] | join(" ")' "$OUT")" \
	"policy rule statuses"
assert_eq "policy null" "$(jq -r '.ignore.rules[0] | "\(.source) \(.line)"' "$OUT")" \
	"a policy rule has no line"

# --- Requirements: a rule without a required field stops the run ---
printf 'ignore_requires = {reason = true, owner = true, expires = true}\n' >"$WORK/requires.lua"
run_assay run -i "$REPORT" -p "$WORK/requires.lua" --ignore-file "$DATA/ignore/demo.grype.yaml" \
	-o "json:$OUT.2"
assert_eq 2 "$STATUS" "status when a rule lacks a required field"
if ! grep -qF "demo.grype.yaml:4: ignore rule 'CVE-2032-0002' has no owner, which the policy requires (ignore_requires.owner)" \
	"$WORK/stderr"; then
	fail "requirement error does not name the rule and its file: $(cat "$WORK/stderr")"
fi
if [ -e "$OUT.2" ]; then
	fail "an output file was written on a requirement error"
fi
printf 'ignore = {{id = "CVE-2032-0001", owner = "alice"}}\nignore_requires = {"reason"}\n' \
	>"$WORK/no-reason.lua"
run_assay run -i "$REPORT" -p "$WORK/no-reason.lua" -o json:-
assert_eq 2 "$STATUS" "status when a policy rule lacks a reason"
if ! grep -qF "no-reason.lua ignore[1]: ignore rule 'CVE-2032-0001' has no reason" "$WORK/stderr"; then
	fail "requirement error does not name the policy rule: $(cat "$WORK/stderr")"
fi

# --- --ignore-unfixed: the vulnerabilities with no fixed version, computed from the report ---
expected=$(jq -r '[.Results[].Vulnerabilities // [] | .[]
	| select(.Status != "fixed" and ((.FixedVersion // "") == "")) | .VulnerabilityID]
	| sort | join(" ")' "$REPORT")
run_assay run -i "$REPORT" --ignore-unfixed -o "json:$OUT" --no-fail
assert_eq 0 "$STATUS" "--ignore-unfixed run status"
assert_eq "$expected" "$(jq -r '[.vulnerabilities[] | select(.ignored) | .id] | sort | join(" ")' "$OUT")" \
	"ids --ignore-unfixed ignores"
assert_eq "--ignore-unfixed --ignore-unfixed" \
	"$(jq -r '[.vulnerabilities[] | select(.ignored)][0].ignore | "\(.rule) \(.source)"' "$OUT")" \
	"rule and source of --ignore-unfixed"
assert_eq "$(echo "$expected" | wc -w)" "$(jq '.ignore.unfixed' "$OUT")" "unfixed count in the section"
assert_eq 0 "$(jq '[.misconfigurations[], .secrets[] | select(.ignored)] | length' "$OUT")" \
	"--ignore-unfixed leaves other kinds alone"

finish
