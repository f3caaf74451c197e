#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The console summary: verdict first, no colour off a terminal or with
# NO_COLOR, and no control characters from scanner strings.
. "$(dirname "$0")/lib.sh"

APP="$DATA/json/trivy-app.json"
WORKER="$DATA/json/trivy-worker.json"
ESC=$'\033'

# --- A failing gate: the verdict and the failed check come first ---
run_assay run -i "trivy:$APP" -o console --threshold-critical 0
assert_eq 1 "$STATUS" "exit status of a failing gate ($(cat "$WORK/stderr"))"
critical=$(jq '[.Results[]?.Vulnerabilities // [] | .[] | select(.Severity == "CRITICAL")] | length' "$APP")
assert_eq "FAILED: 1 of 4 gate checks failed" "$(head -n 1 "$WORK/stdout")" "verdict line"
assert_eq "  - Critical vulnerabilities: $critical > 0" "$(sed -n 2p "$WORK/stdout")" \
	"failed check under the verdict"
if grep -q "$ESC" "$WORK/stdout"; then
	fail "ESC written to a file: no colour and no escape from the hostile title expected"
fi

# The hostile title is printed without its control characters: ESC and
# BEL are dropped, the tab becomes a space.
if ! grep -qF '[31mred[0m Quote " backslash \ tab bell' "$WORK/stdout"; then
	fail "the hostile title is missing or not cleaned: $(grep CVE-2031-0002 "$WORK/stdout")"
fi
if grep -q $'\a' "$WORK/stdout"; then
	fail "the BEL character of the hostile title reached the output"
fi

# Every line fits in 100 columns, the long title included.
if ! "$PYTHON" - "$WORK/stdout" <<'EOF'
import sys
with open(sys.argv[1], encoding="utf-8") as f:
    wide = [line for line in f.read().splitlines() if len(line) > 100]
for line in wide:
    print(f"{len(line)} columns: {line}", file=sys.stderr)
sys.exit(1 if wide else 0)
EOF
then
	fail "lines wider than 100 columns"
fi
if ! grep -q '…$' "$WORK/stdout"; then
	fail "the long title is not cut with an ellipsis"
fi

# Severity counts against the input.
for severity in CRITICAL HIGH MEDIUM LOW UNKNOWN; do
	expected=$(jq --arg s "$severity" '[.Results[]?.Vulnerabilities // [] | .[] | select(.Severity == $s)] | length' "$APP")
	if ! grep -q "^  .*$severity $expected" "$WORK/stdout"; then
		fail "count of $severity vulnerabilities ($expected) missing"
	fi
done

# --- A passing gate ---
run_assay run -i "trivy:$APP" -o console --threshold-critical 100 --threshold-high 100 \
	--threshold-medium 100 --threshold-low 100
assert_eq 0 "$STATUS" "exit status of a passing gate"
assert_eq "PASSED: all 4 gate checks passed" "$(head -n 1 "$WORK/stdout")" "verdict line of a pass"

# --- Colour only on a terminal, and never with NO_COLOR ---
if command -v script >/dev/null 2>&1; then
	NO_COLOR=1 script -qec "\"$ASSAY\" run -i trivy:$APP -o console" /dev/null >"$WORK/tty-nocolor" 2>&1 || true
	if ! grep -q 'FAILED' "$WORK/tty-nocolor"; then
		fail "no verdict on a terminal: $(head -c 300 "$WORK/tty-nocolor")"
	fi
	if grep -q "$ESC\[" "$WORK/tty-nocolor"; then
		fail "colour on a terminal with NO_COLOR=1"
	fi
	env -u NO_COLOR TERM=xterm script -qec "\"$ASSAY\" run -i trivy:$APP -o console" /dev/null \
		>"$WORK/tty-color" 2>&1 || true
	if ! grep -q "$ESC\[" "$WORK/tty-color"; then
		fail "no colour on a terminal without NO_COLOR"
	fi
	if grep -q "${ESC}\[31mred" "$WORK/tty-color"; then
		fail "the ESC of the hostile title reached the terminal"
	fi
else
	echo "note: script(1) not found, terminal checks left out" >&2
fi

# --- Several images: a line per image ---
run_assay run -i "trivy:$APP" -i "trivy:$WORKER" -o console
for image in "$(jq -r .ArtifactName "$APP")" "$(jq -r .ArtifactName "$WORKER")"; do
	if ! grep -qF "  $image" "$WORK/stdout"; then
		fail "no line for image $image"
	fi
done

finish
