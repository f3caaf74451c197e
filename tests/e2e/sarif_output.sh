#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The SARIF output: valid against the SARIF 2.1.0 schema, within GitHub code
# scanning's rules, anchored to Dockerfile lines, and cut to GitHub's limits
# of 25,000 results and 10 MB gzip-compressed with a warning.
. "$(dirname "$0")/lib.sh"

CHECK="$ASSAY_SOURCE_DIR/tests/tools/check_sarif.py"
SCHEMA="$ASSAY_SHARED_DIR/schemas/sarif-schema-2.1.0.json"
IMAGE="$DATA/ci-reports/trivy-web-image.json"
# Relative, as a CI job passes it from the repository root.
DOCKERFILE="tests/data/ci-reports/Dockerfile"
cd "$ASSAY_SOURCE_DIR" || exit 1

if ! "$PYTHON" -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)" >&2
	exit 77
fi
if [ ! -f "$SCHEMA" ]; then
	echo "NOTE: $SCHEMA not found; checking GitHub's rules only, without the SARIF schema" >&2
fi

# check_sarif FILE...: GitHub's rules, and the SARIF schema when it is present.
check_sarif() {
	local schema_args=()
	if [ -f "$SCHEMA" ]; then
		schema_args=(--schema "$SCHEMA")
	fi
	if ! "$PYTHON" "$CHECK" "${schema_args[@]}" "$@"; then
		fail "SARIF check of $*"
	fi
}

# result FILE ID JQ: evaluate JQ on the first result of rule ID.
result() {
	jq -r --arg id "$2" "[.runs[0].results[] | select(.ruleId == \$id)][0] | $3" "$1"
}

# rule FILE ID JQ: evaluate JQ on the rule ID.
rule() {
	jq -r --arg id "$2" ".runs[0].tool.driver.rules[] | select(.id == \$id) | $3" "$1"
}

# line_of PATTERN: the line of the Dockerfile that matches PATTERN (last match).
line_of() {
	grep -n -- "$1" "$DOCKERFILE" | tail -n 1 | cut -d: -f1
}

# --- The project's own fixtures: every report assay accepts gives valid SARIF ---
produced=()
n=0
for report in "$DATA"/*/*.json; do
	n=$((n + 1))
	run_assay run -i "$report" -o "sarif:$WORK/own-$n.sarif" --no-fail
	if [ "$STATUS" -eq 0 ]; then
		produced+=("$WORK/own-$n.sarif")
	elif [ "$STATUS" -ne 2 ]; then
		fail "exit status $STATUS for $report ($(head -c 300 "$WORK/stderr"))"
	fi
done
if [ "${#produced[@]}" -lt 5 ]; then
	fail "only ${#produced[@]} of the project's fixtures produced SARIF"
fi
check_sarif "${produced[@]}"

# --- One image without --dockerfile: counts, levels, URIs, text ---
run_assay run -i "trivy:$IMAGE" -o "sarif:$WORK/web.sarif" --no-fail
assert_eq 0 "$STATUS" "exit status of the web image ($(cat "$WORK/stderr"))"
check_sarif "$WORK/web.sarif"
S="$WORK/web.sarif"

expected=$(jq '[.Results[] | (.Vulnerabilities // []), (.Secrets // []) | .[]] | length' "$IMAGE")
assert_eq "$expected" "$(jq '.runs[0].results | length' "$S")" "results of the web image"
assert_eq "$(jq '[.Results[] | (.Vulnerabilities // []), (.Secrets // []) | .[] | .VulnerabilityID // .RuleID] | unique | length' "$IMAGE")" \
	"$(jq '.runs[0].tool.driver.rules | length' "$S")" "one rule per finding id"
assert_eq "assay/registry.example.com/team/web/" "$(jq -r '.runs[0].automationDetails.id' "$S")" \
	"automationDetails.id: the repository without the tag"

for case in CVE-2032-1001:CRITICAL:error:9.5 CVE-2032-3001:HIGH:error:8.0 \
	CVE-2032-2001:MEDIUM:warning:5.5 CVE-2032-1003:LOW:note:2.0; do
	IFS=: read -r id severity level score <<<"$case"
	assert_eq "$level" "$(result "$S" "$id" .level)" "level of $id ($severity)"
	assert_eq "$score" "$(rule "$S" "$id" '.properties["security-severity"]')" \
		"security-severity of $id ($severity)"
	assert_eq "$level" "$(rule "$S" "$id" .defaultConfiguration.level)" "default level of $id"
done
assert_eq '[9.8,5.9]' "$(rule "$S" CVE-2032-1001 '[.properties.cvss[].v3Score] | tojson')" \
	"raw CVSS scores kept as properties"
assert_eq '["security","vulnerability"]' "$(rule "$S" CVE-2032-1001 '.properties.tags | tojson')" \
	"tags of a vulnerability rule"
assert_eq "https://avd.aquasec.com/nvd/cve-2032-1001" "$(rule "$S" CVE-2032-1001 .helpUri)" "helpUri"
assert_eq null "$(rule "$S" CVE-2032-1002 .helpUri)" "no helpUri without an http(s) URL"
assert_eq "CVE-2032-1001: libssl3 3.0.11-1 -> 3.0.13-1: openssl: invented buffer over-read in the record layer" \
	"$(result "$S" CVE-2032-1001 .message.text)" "message: id, package, installed -> fixed, title"
assert_eq "$(jq -r '.Results[0].Vulnerabilities[0].Layer.DiffID' "$IMAGE")" "$(jq -r '.Metadata.DiffIDs[0]' "$IMAGE")" \
	"fixture: the OS packages come from the first layer"

# Findings point at their package path, percent-encoded; OS packages at the placeholder.
assert_eq "app/node_modules/lodash/package.json" \
	"$(result "$S" CVE-2032-3001 .locations[0].physicalLocation.artifactLocation.uri)" "uri of a package path"
assert_eq "app/node_modules/left%20pad/odd%3Aname%231/package.json" \
	"$(result "$S" CVE-2032-3002 .locations[0].physicalLocation.artifactLocation.uri)" \
	"space, colon and hash percent-encoded"
assert_eq "Dockerfile 1" \
	"$(result "$S" CVE-2032-1001 '.locations[0].physicalLocation | "\(.artifactLocation.uri) \(.region.startLine)"')" \
	"an OS package without --dockerfile"
assert_eq "app/config/settings.env 2" \
	"$(result "$S" aws-access-key-id '.locations[0].physicalLocation | "\(.artifactLocation.uri) \(.region.startLine)"')" \
	"a secret points at its file and line"

# A hostile title stays text: JSON-escaped in text fields, backslash-escaped in Markdown.
title=$(rule "$S" CVE-2032-1002 .shortDescription.text)
case "$title" in
*'<script>alert("x")</script> & ]]> '"'quoted'"' second line'*) ;;
*) fail "hostile title changed in shortDescription: $title" ;;
esac
case "$(result "$S" CVE-2032-1002 .message.text)" in
*'<script>alert("x")</script>'*) ;;
*) fail "hostile title missing from message.text" ;;
esac
markdown=$(rule "$S" CVE-2032-1002 .help.markdown)
description=$(printf '%s\n' "$markdown" | grep '^Hostile text')
if printf '%s' "$description" | grep -qP '(?<!\\)[<>\[\]()*&`]'; then
	fail "Markdown help renders scanner text as markup: $description"
fi
case "$markdown" in
*'\<script\>alert\("x"\)\</script\>'*) ;;
*) fail "Markdown help lost the escaped title: $markdown" ;;
esac
if jq -r '.. | strings' "$S" | LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]'; then
	fail "control characters from a scanner reached the SARIF strings"
fi
case "$(rule "$S" CVE-2032-1001 .help.markdown)" in
*'(javascript:'*) fail "a javascript: reference became a link" ;;
*'](https://example.com/advisories/2032-1001)'*) ;;
*) fail "the http(s) reference is not a link in the Markdown help" ;;
esac

# Two ids that differ only in control characters become one rule id, still unique.
jq '.Results[0].Vulnerabilities[0].VulnerabilityID = "CVE-2032-1001\u0001" | .Results[0].Vulnerabilities[1].VulnerabilityID = "CVE-2032-1001\u0002"' \
	"$IMAGE" >"$WORK/control-ids.json"
run_assay run -i "trivy:$WORK/control-ids.json" -o "sarif:$WORK/control-ids.sarif" --no-fail
check_sarif "$WORK/control-ids.sarif"
assert_eq 2 "$(jq '[.runs[0].results[] | select(.ruleId == "CVE-2032-1001\ufffd")] | length' "$WORK/control-ids.sarif")" \
	"results of two ids that differ in a control character"

# The same input twice gives the same rules and results.
run_assay run -i "trivy:$IMAGE" -o "sarif:$WORK/web-again.sarif" --no-fail
assert_eq "$(jq -c '.runs[0].tool, .runs[0].results' "$S" | md5sum)" \
	"$(jq -c '.runs[0].tool, .runs[0].results' "$WORK/web-again.sarif" | md5sum)" "output is stable"

# A new tag of the same image keeps the category, so GitHub replaces the analysis.
jq '.ArtifactName = "registry.example.com/team/web:2.4.0"' "$IMAGE" >"$WORK/web-retagged.json"
run_assay run -i "trivy:$WORK/web-retagged.json" -o "sarif:$WORK/retagged.sarif" --no-fail
assert_eq "assay/registry.example.com/team/web/" "$(jq -r '.runs[0].automationDetails.id' "$WORK/retagged.sarif")" \
	"category after a retag"
assert_eq "$(jq -c '[.runs[0].results[].partialFingerprints]' "$S")" \
	"$(jq -c '[.runs[0].results[].partialFingerprints]' "$WORK/retagged.sarif")" "fingerprints after a retag"
run_assay run -i "trivy:$IMAGE" -o "sarif:$WORK/custom.sarif" --option sarif-category=containers/web --no-fail
assert_eq "containers/web/" "$(jq -r '.runs[0].automationDetails.id' "$WORK/custom.sarif")" "sarif-category option"

# Two images: one run, a category naming both, results naming their image.
jq '.ArtifactName = "registry.example.com/team/api:1.0" | .Metadata.ImageID = "sha256:\("8" * 64)"' "$IMAGE" >"$WORK/api.json"
run_assay run -i "trivy:$IMAGE" -i "trivy:$WORK/api.json" -o "sarif:$WORK/two.sarif" --no-fail
assert_eq 0 "$STATUS" "exit status with two images ($(cat "$WORK/stderr"))"
check_sarif "$WORK/two.sarif"
assert_eq "assay/registry.example.com/team/api+registry.example.com/team/web/" \
	"$(jq -r '.runs[0].automationDetails.id' "$WORK/two.sarif")" "category of two images"
assert_eq "$((2 * expected))" "$(jq '.runs[0].results | length' "$WORK/two.sarif")" "results of two images"
assert_eq "$expected" "$(jq '[.runs[0].results[] | select(.message.text | endswith("[image registry.example.com/team/api:1.0]"))] | length' "$WORK/two.sarif")" \
	"results that name the second image"

# --- --dockerfile: results point at the instruction behind their layer ---
check_anchors() { # SARIF WHAT
	local from run_line copy_modules copy_config
	from=$(line_of '^FROM')
	run_line=$(line_of '^RUN apt-get')
	copy_modules=$(line_of '^COPY --from=build')
	copy_config=$(line_of '^COPY config/')
	for case in "CVE-2032-1001:$from" "CVE-2032-1002:$from" "CVE-2032-1003:$from" \
		"CVE-2032-2001:$run_line" "CVE-2032-3001:$copy_modules" "aws-access-key-id:$copy_config"; do
		assert_eq "$DOCKERFILE ${case#*:}" \
			"$(result "$1" "${case%%:*}" '.locations[0].physicalLocation | "\(.artifactLocation.uri) \(.region.startLine)"')" \
			"$2: ${case%%:*} anchored to the Dockerfile"
	done
}
run_assay run -i "trivy:$IMAGE" --dockerfile "$DOCKERFILE" -o "sarif:$WORK/anchored.sarif" --no-fail
assert_eq 0 "$STATUS" "exit status with --dockerfile ($(cat "$WORK/stderr"))"
check_sarif "$WORK/anchored.sarif"
check_anchors "$WORK/anchored.sarif" "BuildKit history"

# The classic builder records the same steps differently.
jq '.Metadata.ImageConfig.history[2].created_by = "/bin/sh -c apt-get update &&     apt-get install -y --no-install-recommends python3-requests &&     rm -rf /var/lib/apt/lists/*"
  | .Metadata.ImageConfig.history[3].created_by = "/bin/sh -c #(nop) COPY dir:4f3c2b1a in /app/node_modules "
  | .Metadata.ImageConfig.history[4].created_by = "/bin/sh -c #(nop) COPY dir:9e8d7c6b in /app/config/ "' \
	"$IMAGE" >"$WORK/classic.json"
run_assay run -i "trivy:$WORK/classic.json" --dockerfile "$DOCKERFILE" -o "sarif:$WORK/classic.sarif" --no-fail
check_anchors "$WORK/classic.sarif" "classic builder history"

# Without a usable history every finding falls back to the last FROM.
jq 'del(.Metadata.ImageConfig.history)' "$IMAGE" >"$WORK/no-history.json"
run_assay run -i "trivy:$WORK/no-history.json" --dockerfile "$DOCKERFILE" -o "sarif:$WORK/no-history.sarif" --no-fail
assert_eq "$(line_of '^FROM')" "$(jq '[.runs[0].results[].locations[0].physicalLocation.region.startLine] | unique | .[]' "$WORK/no-history.sarif")" \
	"every result at the last FROM without history"

# A misconfiguration keeps the file the scanner checked.
run_assay run -i "hadolint:$DATA/hadolint/two-dockerfiles.json" --dockerfile "$DOCKERFILE" -o "sarif:$WORK/hadolint.sarif" --no-fail
assert_eq "$(jq -r '[.[].file] | unique | map(ltrimstr("/") | ltrimstr("./")) | join(" ")' "$DATA/hadolint/two-dockerfiles.json")" \
	"$(jq -r '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | unique | join(" ")' "$WORK/hadolint.sarif")" \
	"hadolint findings keep their Dockerfile"

# A missing Dockerfile is an error and no file is written.
run_assay run -i "trivy:$IMAGE" --dockerfile "$WORK/missing/Dockerfile" -o "sarif:$WORK/missing.sarif" --no-fail
assert_eq 2 "$STATUS" "exit status with a missing Dockerfile"
[ ! -e "$WORK/missing.sarif" ] || fail "SARIF written although the Dockerfile is missing"
grep -q "missing/Dockerfile" "$WORK/stderr" || fail "the error does not name the Dockerfile: $(cat "$WORK/stderr")"

# --- Ignored findings: left out by default, suppressed results on request ---
printf 'CVE-2032-1003\n' >"$WORK/.trivyignore"
run_assay run -i "trivy:$IMAGE" --ignore-file "$WORK/.trivyignore" -o "json:$WORK/ignored.json" -o "sarif:$WORK/ignored.sarif" --no-fail
if [ "$STATUS" -eq 0 ] && [ "$(jq '[.vulnerabilities[] | select(.ignored)] | length' "$WORK/ignored.json")" = 1 ]; then
	assert_eq "$((expected - 1))" "$(jq '.runs[0].results | length' "$WORK/ignored.sarif")" "results without the ignored finding"
	assert_eq 1 "$(jq '.runs[0].properties.ignoredFindingsLeftOut' "$WORK/ignored.sarif")" "ignoredFindingsLeftOut"
	run_assay run -i "trivy:$IMAGE" --ignore-file "$WORK/.trivyignore" -o "sarif:$WORK/suppressed.sarif" \
		--option sarif-suppressed=include --no-fail
	check_sarif "$WORK/suppressed.sarif"
	assert_eq "$expected" "$(jq '.runs[0].results | length' "$WORK/suppressed.sarif")" "results with suppressed ones"
	assert_eq "external accepted" "$(result "$WORK/suppressed.sarif" CVE-2032-1003 '.suppressions[0] | "\(.kind) \(.status)"')" \
		"suppression of the ignored finding"
	assert_eq 1 "$(jq '[.runs[0].results[] | select(.suppressions)] | length' "$WORK/suppressed.sarif")" "suppressed results"
else
	echo "NOTE: --ignore-file did not ignore CVE-2032-1003 (status $STATUS); suppression checks not run" >&2
fi
run_assay run -i "trivy:$IMAGE" -o "sarif:$WORK/bad-option.sarif" --option sarif-suppressed=maybe --no-fail
assert_eq 2 "$STATUS" "exit status of an invalid sarif-suppressed value"

# --- More than 25,000 results: the least severe are dropped, with a warning ---
"$PYTHON" - "$WORK/many.json" <<'EOF'
import json, sys
severities = ["CRITICAL", "HIGH", "MEDIUM"]
vulns = [{"VulnerabilityID": f"CVE-2033-{i:05d}", "PkgName": f"pkg{i % 500}", "InstalledVersion": "1.0",
          "Severity": "LOW" if i >= 25000 else severities[i % 3], "Title": f"invented issue {i}"}
         for i in range(25010)]
report = {"SchemaVersion": 2, "ArtifactName": "many:1", "ArtifactType": "container_image",
          "Results": [{"Target": "many:1 (debian 12)", "Class": "os-pkgs", "Type": "debian",
                       "Vulnerabilities": vulns}]}
json.dump(report, open(sys.argv[1], "w"))
EOF
run_assay run -i "trivy:$WORK/many.json" -o "sarif:$WORK/many.sarif" --no-fail
assert_eq 0 "$STATUS" "exit status with 25,010 findings ($(head -c 300 "$WORK/stderr"))"
assert_eq 25000 "$(jq '.runs[0].results | length' "$WORK/many.sarif")" "results kept of 25,010"
assert_eq 0 "$(jq '[.runs[0].results[] | select(.properties.severity == "LOW")] | length' "$WORK/many.sarif")" \
	"LOW results left after the cut"
assert_eq 10 "$(jq '.runs[0].properties.omittedResults' "$WORK/many.sarif")" "omittedResults"
grep -q "10 of 25010 results left out" "$WORK/stderr" || fail "no warning about the cut: $(head -c 300 "$WORK/stderr")"
"$PYTHON" "$CHECK" "$WORK/many.sarif" || fail "GitHub's rules on the cut SARIF"

# --- More than 10 MB gzip-compressed: the least severe are dropped until it fits ---
"$PYTHON" - "$WORK/large.json" <<'EOF'
import base64, json, os, sys
severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW"]
vulns = [{"VulnerabilityID": f"CVE-2034-{i:05d}", "PkgName": f"pkg{i}", "InstalledVersion": "1.0",
          "Severity": severities[i * 4 // 8000], "Title": f"invented issue {i}",
          "Description": base64.b64encode(os.urandom(1500)).decode()}
         for i in range(8000)]
report = {"SchemaVersion": 2, "ArtifactName": "large:1", "ArtifactType": "container_image",
          "Results": [{"Target": "large:1 (debian 12)", "Class": "os-pkgs", "Type": "debian",
                       "Vulnerabilities": vulns}]}
json.dump(report, open(sys.argv[1], "w"))
EOF
run_assay run -i "trivy:$WORK/large.json" -o "sarif:$WORK/large.sarif" --no-fail
assert_eq 0 "$STATUS" "exit status with large findings ($(head -c 300 "$WORK/stderr"))"
compressed=$(gzip -6 -c "$WORK/large.sarif" | wc -c)
[ "$compressed" -le 10000000 ] || fail "SARIF is $compressed bytes gzip-compressed, GitHub allows 10 MB"
# The estimate errs on the large side, but not so far that it wastes a sixth of the room.
[ "$compressed" -ge 8500000 ] || fail "SARIF is only $compressed bytes gzip-compressed: the size estimate drops too much"
kept=$(jq '.runs[0].results | length' "$WORK/large.sarif")
[ "$kept" -gt 0 ] && [ "$kept" -lt 8000 ] || fail "results kept of 8,000 large findings: $kept"
assert_eq "$((8000 - kept))" "$(jq '.runs[0].properties.omittedResults' "$WORK/large.sarif")" "omittedResults after the size cut"
grep -q "gzip-compressed" "$WORK/stderr" || fail "no warning about the size cut: $(head -c 300 "$WORK/stderr")"
"$PYTHON" - "$WORK/large.json" "$WORK/large.sarif" <<'EOF' || fail "the size cut did not keep the most severe results"
import json, sys
rank = {"CRITICAL": 4, "HIGH": 3, "MEDIUM": 2, "LOW": 1}
severity = {v["VulnerabilityID"]: rank[v["Severity"]]
            for v in json.load(open(sys.argv[1]))["Results"][0]["Vulnerabilities"]}
kept = {r["ruleId"] for r in json.load(open(sys.argv[2]))["runs"][0]["results"]}
dropped = set(severity) - kept
sys.exit(0 if not dropped or max(severity[d] for d in dropped) <= min(severity[k] for k in kept) else 1)
EOF
"$PYTHON" "$CHECK" "$WORK/large.sarif" || fail "GitHub's rules on the size-cut SARIF"

# --- The shared real-world fixtures, when present ---
if [ -d "$FIXTURES" ]; then
	real=()
	accepted=0
	for report in "$FIXTURES"/{trivy,grype,snyk,clair,hadolint,sarif}/*; do
		[ -f "$report" ] || continue
		n=$((n + 1))
		run_assay run -i "$report" -o "sarif:$WORK/real-$n.sarif" --no-fail
		if [ "$STATUS" -eq 0 ]; then
			real+=("$WORK/real-$n.sarif")
			accepted=$((accepted + 1))
		elif [ "$STATUS" -ne 2 ]; then
			fail "exit status $STATUS for $report"
		fi
		case "$report" in
		*/trivy/*)
			[ "$STATUS" -eq 0 ] || continue
			# Vulnerabilities are merged by id, package, version and place.
			# Kubernetes reports have another shape; entries without an id are rejected.
			want=$(jq 'if type == "object" and has("ClusterName") then "skip" else
				[(if type == "array" then .[] else (.Results // [])[] end) | (.Target) as $t
				| (.Vulnerabilities // [])[] | select(.VulnerabilityID != null)
				| [.VulnerabilityID, .PkgName, .InstalledVersion, (.PkgPath // $t)]]
				| unique | length end' "$report" 2>/dev/null || echo '"skip"')
			got=$(jq '[.runs[0].results[] | select(.properties.kind == "vulnerability")] | length' "$WORK/real-$n.sarif")
			[ "$want" = '"skip"' ] || assert_eq "$want" "$got" "vulnerability results of $(basename "$report")"
			;;
		esac
	done
	[ "$accepted" -ge 20 ] || fail "only $accepted shared fixtures were accepted"
	check_sarif "${real[@]}"
else
	echo "NOTE: $FIXTURES not found; the real-report checks did not run" >&2
fi

finish
