#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Recommendations through the CLI: each rule, with the numbers it cites checked against the reports.
. "$(dirname "$0")/lib.sh"

R="$DATA/recommendations"
OUT="$WORK/out.json"
LEGACY="$R/trivy-legacy.json"

run_assay run -i "$LEGACY" -i "$R/trivy-slim.json" -i "hadolint:$R/hadolint-root.json" \
	--ignore-file "$R/test-fixture.trivyignore.yaml" -o "json:$OUT" --no-fail
assert_eq 0 "$STATUS" "run status"

# rec CATEGORY N FIELD: the field of the Nth recommendation (from 0) of a category.
rec() {
	jq -r --arg c "$1" --argjson n "$2" --arg f "$3" \
		'[.recommendations[] | select(.category == $c)][$n][$f]' "$OUT"
}

# --- Base image: the OS-package vulnerabilities of the legacy image, counted from the report ---
os_count=$(jq '[.Results[] | select(.Class == "os-pkgs") | .Vulnerabilities[]] | length' "$LEGACY")
os_fixable=$(jq '[.Results[] | select(.Class == "os-pkgs") | .Vulnerabilities[]
	| select(.FixedVersion != null)] | length' "$LEGACY")
os_breakdown=$(jq -r '[.Results[] | select(.Class == "os-pkgs") | .Vulnerabilities[] | .Severity]
	| group_by(.) | map({s: .[0], n: length})
	| sort_by({"CRITICAL": 0, "HIGH": 1, "MEDIUM": 2, "LOW": 3, "UNKNOWN": 4}[.s])
	| map("\(.s) \(.n)") | join(", ")' "$LEGACY")
assert_eq "Its OS packages (debian 11.9) carry $os_count vulnerabilities ($os_breakdown); $os_fixable of them have a fixed version. A minimal base image ships fewer packages to patch" \
	"$(rec "Base Image" 0 rationale)" "base image rationale"
assert_eq 1 "$(jq '[.recommendations[] | select(.category == "Base Image")] | length' "$OUT")" \
	"base image recommendations (slim:1.0 has 9, below the threshold of 10)"

# --- Upgrades: one per package, the version that fixes all, most impact first ---
assert_eq "Upgrade openssl from 1.1.1n-0+deb11u4 to 1.1.1w-0+deb11u2" "$(rec "Package Updates" 0 recommendation)" \
	"openssl upgrade"
assert_eq "$(jq '[.Results[].Vulnerabilities // [] | .[] | select(.PkgName == "openssl" and .FixedVersion != null)] | length' "$LEGACY")" \
	"$(rec "Package Updates" 0 rationale | sed -E 's/^Fixes ([0-9]+) finding.*/\1/')" \
	"fixable openssl findings cited"
assert_eq "openssl libxml2 urllib3 libweird0 curl" \
	"$(jq -r '[.recommendations[] | select(.category == "Package Updates") | .recommendation
		| capture("^Upgrade (?<p>[^ ]+)").p] | join(" ")' "$OUT")" "upgrade order"
run_assay run -i "$LEGACY" --option recommend-max-upgrades=1 -o "json:$OUT.cap" --no-fail
assert_eq "Upgrade 4 more package(s) that have fixed versions" \
	"$(jq -r '[.recommendations[] | select(.category == "Package Updates")][1].recommendation' "$OUT.cap")" \
	"summary of the upgrades past the cap"

# --- Runtime user: the image config and the DS002 and DL3002 findings ---
assert_eq "The image config sets no USER, so the container runs as root; 1 misconfiguration finding(s) report a root user (DS002 in Dockerfile)" \
	"$(rec "Runtime User" 0 rationale)" "runtime user rationale"
assert_eq "Set a non-root USER in build/Dockerfile" "$(rec "Runtime User" 1 recommendation)" \
	"hadolint DL3002 recommendation"

# --- Secrets: the ones not ignored, counted from the report; never their text ---
secrets=$(jq '[.Results[] | select(.Class == "secret") | .Target | select(startswith("/srv/test/") | not)] | length' "$LEGACY")
assert_eq "Remove the $secrets secret(s) found and rotate them" "$(rec Secrets 0 recommendation)" \
	"secrets recommendation"
if jq -r '.recommendations[] | .recommendation, .rationale' "$OUT" | grep -q -e 'sk_live' -e 'BEGIN RSA'; then
	fail "a recommendation shows secret text"
fi

# --- Quantum: the example reports of Trivy and Grype together ---
run_assay run -i "$ASSAY_SOURCE_DIR/examples/reports/trivy-quantum-app.json" \
	-i "$ASSAY_SOURCE_DIR/examples/reports/grype-quantum-app.json" -o "json:$OUT" --no-fail
assert_eq 0 "$STATUS" "example run status"
tagged=$(jq '[.vulnerabilities[] | select((.tags | index("quantum")) and (.ignored | not))] | length' "$OUT")
assert_eq "Review the $tagged finding(s) in quantum frameworks: $(jq -r '[.vulnerabilities[] | select(.tags | index("quantum")) | .package] | unique | join(", ")' "$OUT")" \
	"$(rec "Quantum Security" 0 recommendation)" "quantum review"
if ! rec "Quantum Security" 0 rationale | grep -qF "the lowest quantum security score is $(jq '.quantum.score' "$OUT") of 100"; then
	fail "quantum rationale does not cite the score: $(rec "Quantum Security" 0 rationale)"
fi
assert_eq "Base Image Package Updates Quantum Security Runtime User Secrets" \
	"$(jq -r '[.recommendations[].category] | unique | join(" ")' "$OUT")" "categories of the example"

finish
