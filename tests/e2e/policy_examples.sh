#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Each example policy in examples/policies changes the outcome on the
# project's own reports as its comments describe. Expected values are computed
# with jq from the reports.
. "$(dirname "$0")/lib.sh"

policies="$ASSAY_SOURCE_DIR/examples/policies"
reports="$ASSAY_SOURCE_DIR/examples/reports"
trivy_app="$DATA/json/trivy-app.json"
trivy_worker="$DATA/json/trivy-worker.json"
trivy_quantum="$reports/trivy-quantum-app.json"
grype_quantum="$reports/grype-quantum-app.json"
lenient=(--threshold-critical 1000 --threshold-high 1000 --threshold-medium 1000 --threshold-low 1000)
unset GITHUB_HEAD_REF GITHUB_REF_NAME CI_COMMIT_REF_NAME BRANCH_NAME ASSAY_STRICT ASSAY_APPROVED_REGISTRIES

for file in "$policies"/*.lua; do
	run_assay policy check "$file"
	assert_eq 0 "$STATUS" "policy check of $(basename "$file")"
done

# policy_messages: the messages of the policy's failed checks in out.json, sorted.
policy_messages() {
	jq -r '.checks[] | select(.source == "policy" and (.passed | not)) | .message' "$WORK/out.json" | sort
}

# ---- branch-thresholds.lua ----
severity_count() {
	jq --arg s "$2" '[.Results[].Vulnerabilities // [] | .[] | select(.Severity == $s)] | length' "$1"
}
high=$(severity_count "$trivy_worker" HIGH)
[ "$high" -gt 0 ] || fail "trivy-worker.json needs a HIGH vulnerability for this test"
[ "$(severity_count "$trivy_worker" CRITICAL)" -eq 0 ] || fail "trivy-worker.json must have no CRITICAL"
run_assay run -i "$trivy_worker" -p "$policies/branch-thresholds.lua" -o "json:$WORK/out.json"
assert_eq 0 "$STATUS" "branch-thresholds on a feature branch (no branch set)"
assert_eq 5 "$(jq '.checks[] | select(.name == "threshold.high") | .limit' "$WORK/out.json")" "default HIGH limit"
assert_eq 0 "$(jq '[.checks[] | select(.name == "threshold.low")] | length' "$WORK/out.json")" "LOW not gated off main"
GITHUB_REF_NAME=main run_assay run -i "$trivy_worker" -p "$policies/branch-thresholds.lua" -o "json:$WORK/out.json"
assert_eq 1 "$STATUS" "branch-thresholds on main"
assert_eq "false $high 0" "$(jq -r '.checks[] | select(.name == "threshold.high") | "\(.passed) \(.count) \(.limit)"' "$WORK/out.json")" \
	"HIGH limit 0 on main"
CI_COMMIT_REF_NAME=release/2.0 run_assay run -i "$trivy_worker" -p "$policies/branch-thresholds.lua" -o "json:$WORK/out.json"
assert_eq 1 "$STATUS" "branch-thresholds on a GitLab release branch"
ASSAY_STRICT=1 GITHUB_REF_NAME=feature/x run_assay run -i "$trivy_worker" -p "$policies/branch-thresholds.lua" -o "json:$WORK/out.json"
assert_eq 1 "$STATUS" "branch-thresholds with ASSAY_STRICT=1"
secrets=$(jq '[.Results[].Secrets // [] | .[] | select(.Severity == "CRITICAL" or .Severity == "HIGH")] | length' "$trivy_app")
GITHUB_REF_NAME=main run_assay run -i "$trivy_app" -p "$policies/branch-thresholds.lua" -o "json:$WORK/out.json"
assert_eq "$secrets" "$(jq '[.checks[] | select(.name == "threshold.secret.critical" or .name == "threshold.secret.high") | .count] | add' "$WORK/out.json")" \
	"secret limits count the report's HIGH and CRITICAL secrets"

# ---- quantum-strict.lua ----
quantum_filter='.Results[].Vulnerabilities // [] | .[] | select(.PkgName | test("^(qiskit|pennylane|cirq|amazon-braket|pytket|acme-circuits).*$|^(pyquil|qsharp|azure-quantum|strawberryfields|dwave-ocean-sdk|acme-qpu-client)$"))'
expected=$(jq -r "$quantum_filter"' | select(.Severity == "HIGH" or .Severity == "CRITICAL") | "\(.Severity) \(.VulnerabilityID) in quantum package \(.PkgName) \(.InstalledVersion)"' "$trivy_quantum" | sort)
[ -n "$expected" ] || fail "trivy-quantum-app.json needs a HIGH vulnerability in a quantum package"
run_assay run -i "$trivy_quantum" -o "json:$WORK/out.json" "${lenient[@]}"
assert_eq 0 "$STATUS" "quantum report without a policy"
run_assay run -i "$trivy_quantum" -p "$policies/quantum-strict.lua" -o "json:$WORK/out.json" "${lenient[@]}"
assert_eq 1 "$STATUS" "quantum-strict fails the gate"
assert_eq "$expected" "$(policy_messages)" "quantum-strict violations"
fixable=$(jq -r "$quantum_filter"' | select(.FixedVersion != null and .FixedVersion != "") | .PkgName' "$trivy_quantum" | sort -u | wc -l)
assert_eq "$fixable" "$(jq '[.recommendations[] | select(.category == "Quantum")] | length' "$WORK/out.json")" \
	"one Quantum recommendation per fixable quantum package"

# ---- ignore-with-expiry.lua ----
# The bridge's part: `ignore` converts and reaches the analyzers. The ignore
# analyzer's matching and expiry are tested with that analyzer; here they
# are checked only when it is installed.
run_assay policy check "$policies/ignore-with-expiry.lua"
assert_eq "$policies/ignore-with-expiry.lua: policy OK (hooks: none; tables: ignore)" "$(cat "$WORK/stdout")" \
	"ignore-with-expiry defines the ignore table"
"$ASSAY" plugins >"$WORK/plugins.txt" 2>/dev/null || true
if grep -qE '^analyzer +ignore ' "$WORK/plugins.txt"; then
	run_assay run -i "$trivy_app" -p "$policies/ignore-with-expiry.lua" -o "json:$WORK/out.json"
	assert_eq true "$(jq '.vulnerabilities[] | select(.id == "CVE-2031-0003") | .ignored' "$WORK/out.json")" \
		"CVE-2031-0003 ignored until 2099-12-31"
	assert_eq false "$(jq '.vulnerabilities[] | select(.id == "CVE-2031-0002") | .ignored' "$WORK/out.json")" \
		"the expired rule no longer ignores CVE-2031-0002"
fi

# ---- custom-recommendation.lua ----
run_assay run -i "$trivy_app" -o "json:$WORK/before.json"
before_status=$STATUS
run_assay run -i "$trivy_app" -p "$policies/custom-recommendation.lua" -o "json:$WORK/out.json"
assert_eq "$before_status" "$STATUS" "custom-recommendation keeps the verdict"
assert_eq "$(jq -c '.checks' "$WORK/before.json")" "$(jq -c '.checks' "$WORK/out.json")" "custom-recommendation keeps the checks"
secret_count=$(jq '[.Results[].Secrets // [] | .[]] | length' "$trivy_app")
assert_eq "Rotate the $secret_count exposed secret(s) and remove them from the image" \
	"$(jq -r '.recommendations[] | select(.category == "Secrets" and .priority == "CRITICAL" and (.recommendation | startswith("Rotate the"))) | .recommendation' "$WORK/out.json")" \
	"secret recommendation"
packages=$(jq -r '[.Results[].Vulnerabilities // [] | .[] | select(.Status == "fixed") | .PkgName] | unique | join(", ")' "$trivy_app")
assert_eq "Rebuild with fixed versions of: $packages" \
	"$(jq -r '.recommendations[] | select(.category == "Patching") | .recommendation' "$WORK/out.json")" \
	"patching recommendation"
assert_eq 1 "$(($(jq '.recommendations | length' "$WORK/out.json") - $(jq '.recommendations | length' "$WORK/before.json") >= 2))" \
	"policy recommendations are added to the built-in ones"

# ---- kev-with-fix.lua ----
expected=$(jq -r '.matches[] | select((.vulnerability.knownExploited // []) | length > 0) | select((.vulnerability.fix.versions // []) | length > 0) | .vulnerability.id' "$grype_quantum" | sort)
[ -n "$expected" ] || fail "grype-quantum-app.json needs a known-exploited vulnerability with a fix"
run_assay run -i "$trivy_quantum" -i "$grype_quantum" -o "json:$WORK/out.json" "${lenient[@]}"
assert_eq 0 "$STATUS" "KEV report without a policy"
run_assay run -i "$trivy_quantum" -i "$grype_quantum" -p "$policies/kev-with-fix.lua" -o "json:$WORK/out.json" "${lenient[@]}"
assert_eq 1 "$STATUS" "kev-with-fix fails the gate"
assert_eq "$expected" "$(policy_messages | cut -d' ' -f1)" "kev-with-fix names each known-exploited fixable CVE"

# ---- registry-allowlist.lua ----
run_assay run -i "$trivy_app" -p "$policies/registry-allowlist.lua" -o "json:$WORK/out.json" "${lenient[@]}"
assert_eq 0 "$STATUS" "registry-allowlist passes an approved image"
name=$(jq -r '.ArtifactName' "$trivy_quantum")
run_assay run -i "$trivy_quantum" -p "$policies/registry-allowlist.lua" -o "json:$WORK/out.json" "${lenient[@]}"
assert_eq 1 "$STATUS" "registry-allowlist fails an unapproved image"
policy_messages | grep -qF "image $name: $name is not from an approved registry" ||
	fail "registry-allowlist message: $(policy_messages)"
ASSAY_APPROVED_REGISTRIES="${name%%/*}/quantum/" run_assay run -i "$trivy_quantum" -p "$policies/registry-allowlist.lua" -o "json:$WORK/out.json" "${lenient[@]}"
assert_eq 0 "$STATUS" "ASSAY_APPROVED_REGISTRIES replaces the list"

finish
