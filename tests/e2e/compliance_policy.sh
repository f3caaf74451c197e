#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A policy's compliance_controls global overrides built-in controls and adds
# frameworks of its own; a malformed one stops the run with status 2.
. "$(dirname "$0")/lib.sh"

NONROOT="$DATA/trivy/compliance-image-nonroot.json"
ROOT="$DATA/trivy/compliance-image-root.json"

# The policy bridge reads globals; without it the policy cannot reach the analyzer.
echo 'compliance_controls = {}' >"$WORK/probe.lua"
if ! "$ASSAY" policy check "$WORK/probe.lua" >/dev/null 2>&1; then
	echo "SKIP: 'assay policy check' fails, so policies are not supported by this build" >&2
	exit 77
fi

cat >"$WORK/policy.lua" <<'EOF'
-- Every image of this team is scanned by Trivy with its default scanners,
-- which include secret scanning, so a clean image report passes 4.10.
compliance_controls = {
  frameworks = {
    {id = "shop-images", title = "Image rules of the shop team", summary_key = "shop_images"},
  },
  controls = {
    {framework = "cis-docker-1.6.0", id = "4.10", title = "No secrets in the image",
     fail_when = {kinds = {"secret"}},
     assessed_by = {{scanners = {"trivy"}, artifact_types = {"container_image"}}}},
    {framework = "shop-images", id = "shop-1", title = "No critical vulnerability",
     fail_when = {kinds = {"vulnerability"}, min_severity = "CRITICAL"},
     assessed_by = {{scanners = {"trivy", "grype"}, artifact_types = {"container_image"}}}},
  },
}
EOF

# --- The override replaces 4.10 and keeps the other controls; the new framework is scored ---
run_assay run -p "$WORK/policy.lua" -i "trivy:$NONROOT" -o "json:$WORK/nonroot.json" --no-fail
assert_eq 0 "$STATUS" "exit status with the policy ($(head -c 300 "$WORK/stderr"))"
assert_eq '["cis-docker-1.6.0","nist-sp-800-190","shop-images"]' \
	"$(jq -c '[.compliance.frameworks[].id]' "$WORK/nonroot.json")" "frameworks with the policy's"
assert_eq 12 "$(jq '.compliance.frameworks[0].controls | length' "$WORK/nonroot.json")" \
	"the override replaces a control instead of adding one"
assert_eq '{"title":"No secrets in the image","status":"pass","evidence":[{"type":"scan","image":"registry.example.com/shop/web:2.4.0","scanner":"trivy","value":"container_image"}]}' \
	"$(jq -c '.compliance.frameworks[0].controls[] | select(.id == "4.10") | {title, status, evidence}' "$WORK/nonroot.json")" \
	"4.10 as the policy defines it"
assert_eq '{"passed":1,"failed":0,"assessed":1,"score":100}' \
	"$(jq -c '.compliance.frameworks[2] | {passed, failed, assessed, score}' "$WORK/nonroot.json")" \
	"the policy's framework on a clean image"
assert_eq '{"score":100,"passed_checks":1,"total_checks":1,"failed_checks":[]}' \
	"$(jq -c '.compliance.shop_images | {score, passed_checks, total_checks, failed_checks}' "$WORK/nonroot.json")" \
	"the policy's summary key"

run_assay run -p "$WORK/policy.lua" -i "trivy:$ROOT" -o "json:$WORK/root.json" --no-fail
assert_eq '["fail",["CVE-2031-1001"]]' \
	"$(jq -c '.compliance.frameworks[2].controls[0] | [.status, [.evidence[].id]]' "$WORK/root.json")" \
	"the policy's control fails on the CRITICAL vulnerability"

# --- A malformed control stops the run and names the policy global and the key ---
cat >"$WORK/typo.lua" <<'EOF'
compliance_controls = {
  controls = {{framework = "cis-docker-1.6.0", id = "4.2", title = "Trusted bases",
               fail_whn = {finding_ids = {"DS001"}}}},
}
EOF
rm -f "$WORK/typo.json"
run_assay run -p "$WORK/typo.lua" -i "trivy:$NONROOT" -o "json:$WORK/typo.json"
assert_eq 2 "$STATUS" "exit status of a misspelt key"
grep -q "policy global compliance_controls: controls\[0\]: unknown key 'fail_whn'" "$WORK/stderr" ||
	fail "the error does not name the misspelt key: $(cat "$WORK/stderr")"
[ ! -e "$WORK/typo.json" ] || fail "an output file was written for a run that failed"

cat >"$WORK/unchecked.lua" <<'EOF'
compliance_controls = {
  controls = {{framework = "cis-docker-1.6.0", id = "4.2", title = "Trusted bases",
               assessed_by = {{artifact_types = {"container_image"}}}}},
}
EOF
run_assay run -p "$WORK/unchecked.lua" -i "trivy:$NONROOT" -o "json:$WORK/unchecked.json"
assert_eq 2 "$STATUS" "exit status of an assessment without scanners"
grep -q "assessed_by\[0\].scanners: missing or empty" "$WORK/stderr" ||
	fail "the error does not explain the missing scanners: $(cat "$WORK/stderr")"

cat >"$WORK/framework.lua" <<'EOF'
compliance_controls = {controls = {{framework = "pci", id = "1", title = "x"}}}
EOF
run_assay run -p "$WORK/framework.lua" -i "trivy:$NONROOT" -o "json:$WORK/framework.json"
assert_eq 2 "$STATUS" "exit status of an unknown framework"
grep -q "unknown framework 'pci'" "$WORK/stderr" ||
	fail "the error does not name the framework: $(cat "$WORK/stderr")"

# A summary under one of the section's own keys would write that key twice.
cat >"$WORK/summary-key.lua" <<'EOF'
compliance_controls = {frameworks = {{id = "shop", title = "Shop", summary_key = "frameworks"}}}
EOF
rm -f "$WORK/summary-key.json"
run_assay run -p "$WORK/summary-key.lua" -i "trivy:$NONROOT" -o "json:$WORK/summary-key.json"
assert_eq 2 "$STATUS" "exit status of a summary_key the section uses"
grep -qF "frameworks[0].summary_key: 'frameworks' is a key of the compliance section itself" "$WORK/stderr" ||
	fail "the error does not name the summary_key: $(cat "$WORK/stderr")"
[ ! -e "$WORK/summary-key.json" ] || fail "an output file was written for a run that failed"

finish
