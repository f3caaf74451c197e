#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The GitLab output: a container-scanning report that follows security
# report schema 15.x, with the fields GitLab shows filled from the findings.
. "$(dirname "$0")/lib.sh"

CHECK="$ASSAY_SOURCE_DIR/tests/tools/check_gitlab.py"
IMAGE="$DATA/ci-reports/trivy-web-image.json"

# check_gitlab FILE...: the schema's rules, written out in the checker.
check_gitlab() {
	if ! "$PYTHON" "$CHECK" "$@"; then
		fail "GitLab report check of $*"
	fi
}

# vuln FILE CVE JQ: evaluate JQ on the vulnerability whose primary identifier is CVE.
vuln() {
	jq -r --arg id "$2" ".vulnerabilities[] | select(.identifiers[0].value == \$id) | $3" "$1"
}

# --- One image: fields, counts and mapping ---
run_assay run -i "trivy:$IMAGE" -o "gitlab:$WORK/web.json" --no-fail
assert_eq 0 "$STATUS" "exit status ($(cat "$WORK/stderr"))"
check_gitlab "$WORK/web.json"
G="$WORK/web.json"

assert_eq "$(jq '[.Results[].Vulnerabilities // [] | .[]] | length' "$IMAGE")" \
	"$(jq '.vulnerabilities | length' "$G")" "vulnerabilities: every one, and no secret"
assert_eq "15.0.7" "$(jq -r .version "$G")" "declared schema version"
assert_eq "container_scanning success assay" "$(jq -r '.scan | "\(.type) \(.status) \(.analyzer.id)"' "$G")" "scan"
for case in CVE-2032-1001:Critical CVE-2032-1002:High CVE-2032-2001:Medium CVE-2032-1003:Low; do
	assert_eq "${case#*:}" "$(vuln "$G" "${case%%:*}" .severity)" "severity of ${case%%:*}"
done
assert_eq "cve CVE-2032-1001 https://avd.aquasec.com/nvd/cve-2032-1001" \
	"$(vuln "$G" CVE-2032-1001 '.identifiers[0] | "\(.type) \(.name) \(.url)"')" "primary identifier"
assert_eq "cwe CWE-125 125" "$(vuln "$G" CVE-2032-1001 '.identifiers[1] | "\(.type) \(.name) \(.value)"')" "CWE identifier"
assert_eq '["https://avd.aquasec.com/nvd/cve-2032-1001","https://example.com/advisories/2032-1001"]' \
	"$(vuln "$G" CVE-2032-1001 '[.links[].url] | tojson')" "links: http(s) only, no javascript:"
assert_eq "libssl3 3.0.11-1 debian 12.5 registry.example.com/team/web:2.3.1" \
	"$(vuln "$G" CVE-2032-1001 '.location | "\(.dependency.package.name) \(.dependency.version) \(.operating_system) \(.image)"')" \
	"location"
assert_eq "Upgrade libssl3 to 3.0.13-1" "$(vuln "$G" CVE-2032-1001 .solution)" "solution with a fix"
case "$(vuln "$G" CVE-2032-1003 .solution)" in
*"will not fix zlib1g"*) ;;
*) fail "solution of a finding the vendor will not fix: $(vuln "$G" CVE-2032-1003 .solution)" ;;
esac
assert_eq "$(jq -r '.Results[0].Vulnerabilities[0].Description' "$IMAGE")" "$(vuln "$G" CVE-2032-1001 .description)" "description"

# Hostile text stays the same text, without control characters.
case "$(vuln "$G" CVE-2032-1002 .name)" in
*'<script>alert("x")</script> & ]]> '"'quoted'"*) ;;
*) fail "hostile title changed: $(vuln "$G" CVE-2032-1002 .name)" ;;
esac
if jq -r '.. | strings' "$G" | LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]'; then
	fail "control characters from a scanner reached the report"
fi

# Ids: UUID-shaped (the checker), stable from run to run, distinct between images.
run_assay run -i "trivy:$IMAGE" -o "gitlab:$WORK/web-again.json" --no-fail
assert_eq "$(jq -c '[.vulnerabilities[].id]' "$G")" "$(jq -c '[.vulnerabilities[].id]' "$WORK/web-again.json")" "ids are stable"
jq '.ArtifactName = "registry.example.com/team/api:1.0" | .Metadata.ImageID = "sha256:\("8" * 64)"' "$IMAGE" >"$WORK/api.json"
run_assay run -i "trivy:$IMAGE" -i "trivy:$WORK/api.json" -o "gitlab:$WORK/two.json" --no-fail
check_gitlab "$WORK/two.json"
assert_eq 2 "$(jq '[.vulnerabilities[] | select(.identifiers[0].value == "CVE-2032-1001")] | length' "$WORK/two.json")" \
	"one entry per image for a shared CVE"
assert_eq "registry.example.com/team/api:1.0 registry.example.com/team/web:2.3.1" \
	"$(jq -r '[.vulnerabilities[] | select(.identifiers[0].value == "CVE-2032-1001") | .location.image] | sort | join(" ")' "$WORK/two.json")" \
	"each entry names its image"

# The schema's maximum lengths hold for long scanner text.
long=$(printf 'x%.0s' $(seq 1 400))
jq --arg long "$long" '.Results[0].Vulnerabilities[0].Title = "long title " + $long' "$IMAGE" >"$WORK/long.json"
run_assay run -i "trivy:$WORK/long.json" -o "gitlab:$WORK/long.report.json" --no-fail
check_gitlab "$WORK/long.report.json"
assert_eq 255 "$(vuln "$WORK/long.report.json" CVE-2032-1001 '.name | length')" "name cut to 255 characters"

# No vulnerabilities: an empty list, still valid.
jq '.Results = []' "$IMAGE" >"$WORK/clean.json"
run_assay run -i "trivy:$WORK/clean.json" -o "gitlab:$WORK/clean.report.json"
assert_eq 0 "$STATUS" "exit status of a clean image"
check_gitlab "$WORK/clean.report.json"
assert_eq 0 "$(jq '.vulnerabilities | length' "$WORK/clean.report.json")" "vulnerabilities of a clean image"

# Ignored findings are left out.
printf 'CVE-2032-1003\n' >"$WORK/.trivyignore"
run_assay run -i "trivy:$IMAGE" --ignore-file "$WORK/.trivyignore" -o "json:$WORK/ignored.json" -o "gitlab:$WORK/ignored.report.json" --no-fail
if [ "$STATUS" -eq 0 ] && [ "$(jq '[.vulnerabilities[] | select(.ignored)] | length' "$WORK/ignored.json")" = 1 ]; then
	assert_eq "" "$(vuln "$WORK/ignored.report.json" CVE-2032-1003 .id)" "an ignored finding is left out"
	assert_eq "$(($(jq '.vulnerabilities | length' "$G") - 1))" "$(jq '.vulnerabilities | length' "$WORK/ignored.report.json")" \
		"vulnerabilities without the ignored one"
else
	echo "NOTE: --ignore-file did not ignore CVE-2032-1003 (status $STATUS); the ignored check did not run" >&2
fi

# --- The shared real-world fixtures, when present ---
if [ -d "$FIXTURES" ]; then
	reports=()
	n=0
	for report in "$FIXTURES"/{trivy,grype,snyk,clair}/*; do
		[ -f "$report" ] || continue
		n=$((n + 1))
		run_assay run -i "$report" -o "gitlab:$WORK/real-$n.json" -o "json:$WORK/real-$n.analysis.json" --no-fail
		if [ "$STATUS" -eq 0 ]; then
			reports+=("$WORK/real-$n.json")
			# Every vulnerability that is not ignored, and nothing else.
			assert_eq "$(jq '[.vulnerabilities[] | select(.ignored | not)] | length' "$WORK/real-$n.analysis.json")" \
				"$(jq '.vulnerabilities | length' "$WORK/real-$n.json")" "vulnerabilities of $(basename "$report")"
		elif [ "$STATUS" -ne 2 ]; then
			fail "exit status $STATUS for $report"
		fi
	done
	[ "${#reports[@]}" -ge 20 ] || fail "only ${#reports[@]} shared fixtures were accepted"
	check_gitlab "${reports[@]}"
else
	echo "NOTE: $FIXTURES not found; the real-report checks did not run" >&2
fi

finish
