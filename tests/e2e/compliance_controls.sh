#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The compliance section on the project's fixtures: the status of each
# control with the evidence that decided it, "not assessed" without
# evidence, the score arithmetic and the Python analyzer's keys.
. "$(dirname "$0")/lib.sh"

ROOT="$DATA/trivy/compliance-image-root.json"
NONROOT="$DATA/trivy/compliance-image-nonroot.json"
DOCKERFILE="$DATA/trivy/compliance-dockerfile.json"
FS_CLEAN="$DATA/trivy/compliance-fs-clean.json"
HADOLINT="$DATA/hadolint/compliance-dockerfile.json"
CIS=cis-docker-1.6.0
NIST=nist-sp-800-190

# analyze NAME REPORT...: run assay on the reports into $WORK/NAME.json; the gate is not checked.
analyze() {
	local name=$1 args=()
	shift
	for report in "$@"; do
		args+=(-i "$report")
	done
	rm -f "$WORK/$name.json"
	run_assay run "${args[@]}" -o "json:$WORK/$name.json" --no-fail
	if [ "$STATUS" -ne 0 ]; then
		fail "$name: exit status $STATUS: $(head -c 400 "$WORK/stderr")"
	fi
}

# control NAME FRAMEWORK ID FILTER: apply a jq filter to one control of the run-level results.
control() {
	jq -c --arg f "$2" --arg c "$3" \
		".compliance.frameworks[] | select(.id == \$f) | .controls[] | select(.id == \$c) | $4" \
		"$WORK/$1.json"
}

# expect_statuses NAME FRAMEWORK "ID=STATUS ...": the status of every control of a framework.
expect_statuses() {
	local actual
	actual=$(jq -r --arg f "$2" \
		'[.compliance.frameworks[] | select(.id == $f) | .controls[] | "\(.id)=\(.status)"] | join(" ")' \
		"$WORK/$1.json")
	assert_eq "$3" "$actual" "$1: statuses of $2"
}

# check_arithmetic NAME: each framework's counts and score follow from its controls.
check_arithmetic() {
	local problems
	problems=$(jq -r '.compliance.frameworks[] as $f
		| ([$f.controls[] | select(.status == "pass")] | length) as $p
		| ([$f.controls[] | select(.status == "fail")] | length) as $x
		| ([$f.controls[] | select(.status == "not_assessed")] | length) as $n
		| select($f.passed != $p or $f.failed != $x or $f.not_assessed != $n
			or $f.assessed != ($p + $x)
			or $f.score != (if $p + $x == 0 then null
				else ((1000 * $p / ($p + $x)) + 0.5 | floor) / 10 end))
		| "\($f.id): passed \($f.passed) failed \($f.failed) not_assessed \($f.not_assessed) assessed \($f.assessed) score \($f.score)"' \
		"$WORK/$1.json")
	assert_eq "" "$problems" "$1: counts and score of each framework"
}

# --- An image that runs as root, without HEALTHCHECK, with a lone apt-get update, a fix and a secret ---
analyze root "$ROOT"
expect_statuses root "$CIS" \
	"4.1=fail 4.2=not_assessed 4.3=not_assessed 4.4=fail 4.5=not_assessed 4.6=fail 4.7=fail 4.8=not_assessed 4.9=not_assessed 4.10=fail 4.11=not_assessed 4.12=not_assessed"
expect_statuses root "$NIST" \
	"4.1.1=fail 4.1.2=fail 4.1.3=not_assessed 4.1.4=fail 4.1.5=not_assessed"
image=$(jq -r '.ArtifactName' "$ROOT")
assert_eq "{\"type\":\"image\",\"image\":\"$image\",\"field\":\"config_user\",\"value\":\"root\"}" \
	"$(control root "$CIS" 4.1 '.evidence[0]')" "root: evidence of 4.1"
assert_eq "{\"type\":\"image\",\"image\":\"$image\",\"field\":\"has_healthcheck\",\"value\":false}" \
	"$(control root "$CIS" 4.6 '.evidence[0]')" "root: evidence of 4.6"
assert_eq '"history"' "$(control root "$CIS" 4.7 '.evidence[0].field')" "root: evidence of 4.7"
assert_eq '"RUN /bin/sh -c apt-get update # buildkit"' "$(control root "$CIS" 4.7 '.evidence[0].value')" \
	"root: the history step that updates alone"
# Only CVE-2031-1001 has a fixed version; CVE-2031-1002 is affected without a fix.
assert_eq '["CVE-2031-1001"]' "$(control root "$CIS" 4.4 '[.evidence[].id]')" "root: evidence of 4.4"
assert_eq '["CVE-2031-1001"]' "$(control root "$NIST" 4.1.1 '[.evidence[].id]')" "root: evidence of 4.1.1"
fingerprint=$(jq -r '.vulnerabilities[] | select(.id == "CVE-2031-1001") | .fingerprint' "$WORK/root.json")
assert_eq "\"$fingerprint\"" "$(control root "$CIS" 4.4 '.evidence[0].fingerprint')" \
	"root: the evidence names the finding's fingerprint"
assert_eq '["aws-access-key-id"]' "$(control root "$CIS" 4.10 '[.evidence[].id]')" "root: evidence of 4.10"
assert_eq '["aws-access-key-id"]' "$(control root "$NIST" 4.1.4 '[.evidence[].id]')" "root: evidence of 4.1.4"
# The matched text of a secret never reaches the evidence.
if grep -q 'AWS_ACCESS_KEY_ID=' "$WORK/root.json"; then
	fail "root: the secret's matched text appears in the analysis"
fi
assert_eq '"no scanner input checks this control: assess it by hand"' \
	"$(control root "$CIS" 4.8 '.reason')" "root: reason of 4.8"
assert_eq '[]' "$(control root "$CIS" 4.9 '.evidence')" "root: no evidence for a control not assessed"
check_arithmetic root
assert_eq '{"passed":0,"failed":5,"not_assessed":7,"assessed":5,"score":0}' \
	"$(jq -c --arg f "$CIS" '.compliance.frameworks[] | select(.id == $f) | {passed, failed, not_assessed, assessed, score}' "$WORK/root.json")" \
	"root: CIS counts"
assert_eq '{"score":0,"passed_checks":0,"total_checks":5,"failed_checks":["4.1","4.4","4.6","4.7","4.10"]}' \
	"$(jq -c '.compliance.cis_docker_benchmark | {score, passed_checks, total_checks, failed_checks}' "$WORK/root.json")" \
	"root: compliance.cis_docker_benchmark"
assert_eq '{"score":0,"passed_checks":0,"total_checks":3,"failed_checks":["4.1.1","4.1.2","4.1.4"]}' \
	"$(jq -c '.compliance.nist_guidelines | {score, passed_checks, total_checks, failed_checks}' "$WORK/root.json")" \
	"root: compliance.nist_guidelines"
# quantum_security: the quantum section's score and message, absent without that section.
QUANTUM='if .quantum == null then null else .quantum | {score, message} end'
assert_eq "$(jq -c "$QUANTUM" "$WORK/root.json")" "$(jq -c '.compliance.quantum_security' "$WORK/root.json")" \
	"root: quantum_security"

# --- quantum_security copies the score the quantum analyzer computed ---
if [ -f "$DATA/quantum/trivy-qpu-runner.json" ]; then
	analyze quantum "$DATA/quantum/trivy-qpu-runner.json"
	assert_eq "$(jq -c "$QUANTUM" "$WORK/quantum.json")" \
		"$(jq -c '.compliance.quantum_security' "$WORK/quantum.json")" \
		"quantum: quantum_security of an image with quantum packages"
fi

# --- A non-root image with a HEALTHCHECK and no fixable vulnerability ---
analyze nonroot "$NONROOT"
expect_statuses nonroot "$CIS" \
	"4.1=pass 4.2=not_assessed 4.3=not_assessed 4.4=pass 4.5=not_assessed 4.6=pass 4.7=pass 4.8=not_assessed 4.9=not_assessed 4.10=not_assessed 4.11=not_assessed 4.12=not_assessed"
expect_statuses nonroot "$NIST" \
	"4.1.1=pass 4.1.2=not_assessed 4.1.3=not_assessed 4.1.4=not_assessed 4.1.5=not_assessed"
image=$(jq -r '.ArtifactName' "$NONROOT")
assert_eq "{\"type\":\"image\",\"image\":\"$image\",\"field\":\"config_user\",\"value\":\"10001:10001\"}" \
	"$(control nonroot "$CIS" 4.1 '.evidence[0]')" "nonroot: evidence of 4.1"
assert_eq 'true' "$(control nonroot "$CIS" 4.6 '.evidence[0].value')" "nonroot: evidence of 4.6"
assert_eq "$(jq '.Metadata.ImageConfig.history | length' "$NONROOT")" \
	"$(control nonroot "$CIS" 4.7 '.evidence[0].value')" "nonroot: 4.7 passes on the known history"
assert_eq "{\"type\":\"scan\",\"image\":\"$image\",\"scanner\":\"trivy\",\"value\":\"container_image\"}" \
	"$(control nonroot "$CIS" 4.4 '.evidence[0]')" "nonroot: 4.4 passes because Trivy scanned the image"
# A report does not show whether a secret scan ran and found nothing or did not run.
assert_eq '"no violation found, but no scanner input can show that the control holds"' \
	"$(control nonroot "$CIS" 4.10 '.reason')" "nonroot: reason of 4.10"
check_arithmetic nonroot
assert_eq '{"score":100,"passed_checks":4,"total_checks":4,"failed_checks":[]}' \
	"$(jq -c '.compliance.cis_docker_benchmark | {score, passed_checks, total_checks, failed_checks}' "$WORK/nonroot.json")" \
	"nonroot: compliance.cis_docker_benchmark"

# --- A Trivy config scan of a Dockerfile: DS002, DS-0005 and DS029 fail, DS026 passed ---
analyze dockerfile "$DOCKERFILE"
expect_statuses dockerfile "$CIS" \
	"4.1=fail 4.2=not_assessed 4.3=fail 4.4=not_assessed 4.5=not_assessed 4.6=pass 4.7=pass 4.8=not_assessed 4.9=fail 4.10=not_assessed 4.11=not_assessed 4.12=not_assessed"
expect_statuses dockerfile "$NIST" \
	"4.1.1=not_assessed 4.1.2=fail 4.1.3=not_assessed 4.1.4=not_assessed 4.1.5=not_assessed"
assert_eq '["DS002"]' "$(control dockerfile "$CIS" 4.1 '[.evidence[].id]')" "dockerfile: evidence of 4.1"
assert_eq '["DS-0005"]' "$(control dockerfile "$CIS" 4.9 '[.evidence[].id]')" \
	"dockerfile: 4.9 matches the id form of newer Trivy releases"
assert_eq '["DS029"]' "$(control dockerfile "$CIS" 4.3 '[.evidence[].id]')" "dockerfile: evidence of 4.3"
assert_eq '"Dockerfile:6"' "$(control dockerfile "$CIS" 4.9 '.evidence[0].value')" "dockerfile: place of DS-0005"
assert_eq '{"type":"scan","image":"services/api","scanner":"trivy","value":"Dockerfile Security Check"}' \
	"$(control dockerfile "$CIS" 4.6 '.evidence[0]')" "dockerfile: 4.6 passes because Trivy checked the Dockerfile"
# 4.1.2 fails on DS002 and on the HIGH DS029 of the Dockerfile, not on the LOW DS-0005.
assert_eq '["DS002","DS029"]' "$(control dockerfile "$NIST" 4.1.2 '[.evidence[].id] | sort')" \
	"dockerfile: evidence of 4.1.2"
# DS002 matches both by id and as a HIGH Dockerfile misconfiguration, and counts once.
assert_eq '"2 findings match the control"' "$(control dockerfile "$NIST" 4.1.2 '.reason')" \
	"dockerfile: reason of 4.1.2"
check_arithmetic dockerfile
assert_eq '{"passed":2,"failed":3,"assessed":5,"score":40}' \
	"$(jq -c --arg f "$CIS" '.compliance.frameworks[] | select(.id == $f) | {passed, failed, assessed, score}' "$WORK/dockerfile.json")" \
	"dockerfile: CIS score is passed / assessed"

# --- hadolint: DL3015 fails 4.3; no DL3020 passes 4.9; a missing USER is not hadolint's to see ---
analyze hadolint "$HADOLINT"
expect_statuses hadolint "$CIS" \
	"4.1=not_assessed 4.2=not_assessed 4.3=fail 4.4=not_assessed 4.5=not_assessed 4.6=not_assessed 4.7=not_assessed 4.8=not_assessed 4.9=pass 4.10=not_assessed 4.11=not_assessed 4.12=not_assessed"
assert_eq '{"type":"scan","image":"services/web/Dockerfile","scanner":"hadolint","value":"dockerfile"}' \
	"$(control hadolint "$CIS" 4.9 '.evidence[0]')" "hadolint: evidence of 4.9"
assert_eq '{"passed":1,"failed":1,"assessed":2,"score":50}' \
	"$(jq -c --arg f "$CIS" '.compliance.frameworks[] | select(.id == $f) | {passed, failed, assessed, score}' "$WORK/hadolint.json")" \
	"hadolint: CIS score"
assert_eq 'null' "$(jq -c --arg f "$NIST" '.compliance.frameworks[] | select(.id == $f) | .score' "$WORK/hadolint.json")" \
	"hadolint: NIST score is null when nothing was assessed"
check_arithmetic hadolint

# --- A filesystem scan with an empty image config: nothing is assessed, nothing is root ---
analyze fs "$FS_CLEAN"
assert_eq '[]' "$(jq -c '[.compliance.frameworks[].controls[] | select(.status != "not_assessed") | .id]' "$WORK/fs.json")" \
	"fs: no control is assessed without evidence"
assert_eq '[null,null]' "$(jq -c '[.compliance.frameworks[].score]' "$WORK/fs.json")" "fs: scores"
assert_eq '[0,0]' "$(jq -c '[.compliance.frameworks[].assessed]' "$WORK/fs.json")" "fs: assessed"
assert_eq 'null' "$(jq -c '.compliance.cis_docker_benchmark.score' "$WORK/fs.json")" "fs: legacy score"
check_arithmetic fs

# --- No report describes an artifact: every control is not assessed ---
analyze empty "hadolint:$DATA/hadolint/empty.json"
assert_eq '[17]' "$(jq -c '[[.compliance.frameworks[].controls[] | select(.status == "not_assessed")] | length]' "$WORK/empty.json")" \
	"empty: all controls not assessed"
assert_eq '"the run describes no artifact"' "$(control empty "$CIS" 4.1 '.reason')" "empty: reason"

# --- The image and its Dockerfile lint are one build: one subject, each scanner adds evidence ---
analyze build "$NONROOT" "$HADOLINT"
expect_statuses build "$CIS" \
	"4.1=pass 4.2=not_assessed 4.3=fail 4.4=pass 4.5=not_assessed 4.6=pass 4.7=pass 4.8=not_assessed 4.9=pass 4.10=not_assessed 4.11=not_assessed 4.12=not_assessed"
assert_eq 'null' "$(jq -c '.compliance.images' "$WORK/build.json")" "build: no per-image results for one image"
assert_eq '83.3' "$(jq -c --arg f "$CIS" '.compliance.frameworks[] | select(.id == $f) | .score' "$WORK/build.json")" \
	"build: score 5 / 6 rounded to one decimal"
check_arithmetic build

# --- Two images: each is assessed on its own; a control fails when one image fails it ---
analyze two "$ROOT" "$NONROOT"
assert_eq 2 "$(jq '.compliance.images | length' "$WORK/two.json")" "two: per-image results"
assert_eq '"fail"' "$(control two "$CIS" 4.1 '.status')" "two: 4.1 fails on the root image"
assert_eq '"failed on 1 of 2 artifacts"' "$(control two "$CIS" 4.1 '.reason')" "two: reason of 4.1"
for name in root nonroot; do
	image=$(jq -r '.ArtifactName' "$DATA/trivy/compliance-image-$name.json")
	assert_eq "$(jq -c --arg f "$CIS" '.compliance.frameworks[] | select(.id == $f) | [.controls[] | .status]' "$WORK/$name.json")" \
		"$(jq -c --arg i "$image" --arg f "$CIS" '.compliance.images[] | select(.image == $i) | .frameworks[] | select(.id == $f) | [.controls[] | .status]' "$WORK/two.json")" \
		"two: the results of $name equal those of its own run"
done
check_arithmetic two

# --- The analysis stays valid against the schema ---
if "$PYTHON" -c 'import jsonschema' 2>/dev/null; then
	for name in root dockerfile two; do
		if ! "$PYTHON" "$ASSAY_SOURCE_DIR/tests/tools/validate_json.py" \
			"$ASSAY_SOURCE_DIR/docs/analysis.schema.json" "$WORK/$name.json"; then
			fail "$name: the analysis does not match the schema"
		fi
	done
fi

finish
