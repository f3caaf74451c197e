#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Reports of two images in one run: Trivy and Grype reports of the app image
# merge into one image, the worker's report stays apart, and the gate is
# decided for each image and for the run as a whole.
. "$(dirname "$0")/lib.sh"

APP_TRIVY="$DATA/trivy/multi-image-app.json"
APP_GRYPE="$DATA/grype/multi-image-app.json"
WORKER="$DATA/trivy/multi-image-worker.json"
APP=$(jq -r '.ArtifactName' "$APP_TRIVY")
WORKER_NAME=$(jq -r '.ArtifactName' "$WORKER")
INPUTS=(-i "trivy:$APP_TRIVY" -i "grype:$APP_GRYPE" -i "trivy:$WORKER")

# The app image: CVE-2031-3001 (both scanners: CRITICAL from Trivy, High
# from Grype), CVE-2031-3002 MEDIUM (Trivy only) and CVE-2031-3004 LOW (Grype
# only). The worker: CVE-2031-3001 and CVE-2031-3005 HIGH, CVE-2031-3006 LOW.
APP_COUNTS='{"total":3,"ignored":0,"severity_breakdown":{"CRITICAL":1,"HIGH":0,"MEDIUM":1,"LOW":1,"UNKNOWN":0}}'
WORKER_COUNTS='{"total":3,"ignored":0,"severity_breakdown":{"CRITICAL":0,"HIGH":2,"MEDIUM":0,"LOW":1,"UNKNOWN":0}}'

# check_of FILE NAME IMAGE: one gate check as {passed, count, limit}; IMAGE "" is the run's.
check_of() {
	jq -c --arg n "$2" --arg i "$3" \
		'.checks[] | select(.name == $n and (.image // "") == $i) | {passed, count, limit}' "$1"
}

# --- Images stay apart: by_image, images[], and the same CVE in both stays two findings ---
run_assay run "${INPUTS[@]}" -o "json:$WORK/out.json" \
	--threshold-critical 1 --threshold-high 1 --threshold-medium 5 --threshold-low 5
assert_eq 1 "$STATUS" "exit status when the worker exceeds the HIGH limit ($(head -c 300 "$WORK/stderr"))"
assert_eq 2 "$(jq '.images | length' "$WORK/out.json")" "images: the Grype report joins the app image by image id"
assert_eq '["grype","trivy"]' \
	"$(jq -c --arg i "$APP" '.images[] | select(.name == $i) | .scanners | sort' "$WORK/out.json")" \
	"scanners of the app image"
assert_eq 2 "$(jq -c --arg i "$APP" '.images[] | select(.name == $i) | .sources | length' "$WORK/out.json")" \
	"sources of the app image"
assert_eq "$APP_COUNTS" "$(jq -c --arg i "$APP" '.summary.by_image[$i]' "$WORK/out.json")" "by_image of the app"
assert_eq "$WORKER_COUNTS" "$(jq -c --arg i "$WORKER_NAME" '.summary.by_image[$i]' "$WORK/out.json")" \
	"by_image of the worker"
assert_eq 2 "$(jq '.summary.by_image | length' "$WORK/out.json")" "by_image has one key per image"
assert_eq 6 "$(jq '.summary.total_vulnerabilities' "$WORK/out.json")" "total_vulnerabilities of the run"
assert_eq '[["CRITICAL",["grype","trivy"],true],["HIGH",["trivy"],false]]' \
	"$(jq -c '[.vulnerabilities[] | select(.id == "CVE-2031-3001") | [.severity, (.scanners | sort), .severity_disagreement]]' "$WORK/out.json")" \
	"CVE-2031-3001: merged in the app image, apart in the worker"

# --- The gate: checks of the run, then of each image ---
assert_eq '{"passed":false,"count":2,"limit":1}' "$(check_of "$WORK/out.json" threshold.high "")" \
	"threshold.high of the run"
assert_eq '{"passed":true,"count":0,"limit":1}' "$(check_of "$WORK/out.json" threshold.high "$APP")" \
	"threshold.high of the app"
assert_eq '{"passed":false,"count":2,"limit":1}' "$(check_of "$WORK/out.json" threshold.high "$WORKER_NAME")" \
	"threshold.high of the worker"
assert_eq '{"passed":true,"count":1,"limit":1}' "$(check_of "$WORK/out.json" threshold.critical "$APP")" \
	"threshold.critical of the app"
assert_eq 12 "$(jq '.checks | length' "$WORK/out.json")" "four checks for the run and four per image"
assert_eq "[\"High vulnerabilities: 2 > 1\",\"High vulnerabilities: 2 > 1 (image $WORKER_NAME)\"]" \
	"$(jq -c '.threshold_violations' "$WORK/out.json")" "threshold_violations name the image"
assert_eq false "$(jq '.passes_threshold' "$WORK/out.json")" "passes_threshold"

# --- Each image within its limits, the run over them: the run's check fails the gate ---
run_assay run "${INPUTS[@]}" -o "json:$WORK/sum.json" \
	--threshold-critical 1 --threshold-high 2 --threshold-medium 5 --threshold-low 1
assert_eq 1 "$STATUS" "exit status when only the sum exceeds the LOW limit"
assert_eq '{"passed":false,"count":2,"limit":1}' "$(check_of "$WORK/sum.json" threshold.low "")" \
	"threshold.low of the run"
assert_eq '[]' "$(jq -c '[.checks[] | select(.image != null and .passed == false)]' "$WORK/sum.json")" \
	"no image exceeds a limit on its own"

# --- Every limit held: exit 0 ---
run_assay run "${INPUTS[@]}" -o "json:$WORK/pass.json" \
	--threshold-critical 1 --threshold-high 2 --threshold-medium 5 --threshold-low 5
assert_eq 0 "$STATUS" "exit status within every limit ($(head -c 300 "$WORK/stderr"))"
assert_eq true "$(jq '.passes_threshold' "$WORK/pass.json")" "passes_threshold within every limit"

# --- Compliance is assessed per image as well ---
assert_eq "[\"$APP\",\"$WORKER_NAME\"]" "$(jq -c '[.compliance.images[].image]' "$WORK/pass.json")" \
	"compliance per image"
assert_eq '["fail","fail","fail"]' \
	"$(jq -c '[(.compliance.frameworks[0], .compliance.images[].frameworks[0]) | .controls[] | select(.id == "4.4") | .status]' "$WORK/pass.json")" \
	"4.4 fails on both images, each with a fixable vulnerability"

finish
