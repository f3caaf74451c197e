#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Compliance on every real Trivy and hadolint report of the shared fixtures:
# no control passes or fails without evidence, the scores follow from the
# statuses, and the image controls agree with what jq reads in each report.
. "$(dirname "$0")/lib.sh"
require_fixtures trivy
require_fixtures hadolint

# From the analysis: the controls decided without evidence, the frameworks
# whose counts or score do not follow from their controls (both lists must
# be empty), and the CIS statuses as "ID=STATUS" words.
CHECKS='[([.compliance.frameworks[].controls[]
		| select(.status != "not_assessed" and (.evidence | length) == 0) | .id] | join(",")),
	([.compliance.frameworks[] as $f
		| ([$f.controls[] | select(.status == "pass")] | length) as $p
		| ([$f.controls[] | select(.status == "fail")] | length) as $x
		| select($f.passed != $p or $f.failed != $x or $f.assessed != ($p + $x)
			or $f.score != (if $p + $x == 0 then null
				else ((1000 * $p / ($p + $x)) + 0.5 | floor) / 10 end))
		| $f.id] | join(",")),
	([.compliance.frameworks[0].controls[] | "\(.id)=\(.status)"] | join(" "))] | .[]'

# From a container image's report: the USER of its config ("-" without a
# config), whether it has a HEALTHCHECK, the vulnerabilities with a fix (a
# fixed version counts unless the status records that the vendor has none, as
# docs/scanners.md maps Trivy's statuses) and the secrets.
EXPECTED='(if (.Metadata.ImageConfig.config | type) == "object"
		then (.Metadata.ImageConfig.config.User // "") else "-" end),
	(.Metadata.ImageConfig.config.Healthcheck.Test != null),
	([.Results[]?.Vulnerabilities // [] | .[]
		| select(.VulnerabilityID != null and .VulnerabilityID != "")
		| select(.Status == "fixed" or (((.Status // "unknown")
			| IN("affected", "fix_deferred", "under_investigation", "will_not_fix",
				"end_of_life", "not_affected")) | not) and ((.FixedVersion // "") != ""))]
		| length),
	([.Results[]?.Secrets // [] | .[]] | length)'

# status_of ID: the status of a CIS control in $statuses.
status_of() {
	local word
	for word in $statuses; do
		if [ "${word%%=*}" = "$1" ]; then
			echo "${word#*=}"
		fi
	done
}

for report in "$FIXTURES"/trivy/*.json "$FIXTURES"/hadolint/*.json; do
	name=$(basename "$report")
	rm -f "$WORK/out.json"
	run_assay run -i "$report" -o "json:$WORK/out.json" --no-fail
	if [ "$STATUS" -ne 0 ]; then
		fail "$name: exit status $STATUS: $(head -c 400 "$WORK/stderr")"
		continue
	fi
	{
		read -r unsupported
		read -r arithmetic
		read -r statuses
	} < <(jq -r "$CHECKS" "$WORK/out.json")
	assert_eq "" "$unsupported" "$name: controls decided without evidence"
	assert_eq "" "$arithmetic" "$name: frameworks whose counts are wrong"

	# The controls below are read from a single container image's own report.
	if [ "$(jq -r 'if type == "object" then .ArtifactType // "" else "" end' "$report")" != "container_image" ]; then
		continue
	fi
	{
		read -r user
		read -r healthcheck
		read -r fixable
		read -r secrets
	} < <(jq -r "$EXPECTED" "$report")
	case "$user" in
	-) expected=not_assessed ;;
	"" | root | root:* | 0 | 0:*) expected=fail ;;
	*) expected=pass ;;
	esac
	assert_eq "$expected" "$(status_of 4.1)" "$name: 4.1 for USER '$user'"
	if [ "$user" != - ]; then
		expected=$([ "$healthcheck" = true ] && echo pass || echo fail)
		assert_eq "$expected" "$(status_of 4.6)" "$name: 4.6"
	fi
	expected=$([ "$fixable" -gt 0 ] && echo fail || echo pass)
	assert_eq "$expected" "$(status_of 4.4)" "$name: 4.4 with $fixable fixable vulnerabilities"
	expected=$([ "$secrets" -gt 0 ] && echo fail || echo not_assessed)
	assert_eq "$expected" "$(status_of 4.10)" "$name: 4.10 with $secrets secrets"
done

finish
