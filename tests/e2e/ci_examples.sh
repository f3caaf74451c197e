#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The CI examples: every YAML file parses, the security settings of the
# workflow and the CronJob hold, the Dockerfile runs as a numeric non-root user
# (ci_examples.py). Then the parts that can run here do: the output formats
# the examples name exist, the pre-commit hook's entry checks policies, and
# the CronJob's scripts scan, analyze and push with stand-ins for Trivy and curl.
. "$(dirname "$0")/lib.sh"

if ! "$PYTHON" -c 'import yaml' 2>/dev/null; then
	echo "SKIP: python3-yaml is not installed (apt-get install python3-yaml)" >&2
	exit 77
fi

SCRIPTS="$WORK/scripts"
mkdir -p "$SCRIPTS"
if ! "$PYTHON" "$(dirname "$0")/ci_examples.py" "$ASSAY_SOURCE_DIR" "$SCRIPTS" >"$WORK/checks.txt" 2>&1; then
	while IFS= read -r line; do
		fail "$line"
	done <"$WORK/checks.txt"
	finish
fi

# --- Every output format the examples use is a plugin of this build ---
run_assay plugins
while IFS= read -r format; do
	grep -Eq "^output +$format " "$WORK/stdout" ||
		fail "the examples use '-o $format', but no output plugin '$format' is loaded"
done <"$SCRIPTS/formats.txt"

# --- The pre-commit hook's entry, run as pre-commit runs it ---
BIN="$WORK/bin"
mkdir -p "$BIN"
ln -s "$ASSAY" "$BIN/assay"
mapfile -t entry <"$SCRIPTS/pre-commit-entry.txt"
printf 'thresholds = { critical = 0, high = 5 }\n' >"$WORK/good.lua"
printf 'function verdict(report)\n  return 42\nend\n' >"$WORK/wrong-type.lua"
printf 'thresholds = {\n' >"$WORK/syntax.lua"
if grep -q 'assay policy check' <("$ASSAY" --help); then
	# run_hook FILE...: the hook's status for these files.
	run_hook() {
		STATUS=0
		PATH="$BIN:$PATH" "${entry[@]}" "$@" >"$WORK/hook.out" 2>&1 || STATUS=$?
	}
	run_hook "$WORK/good.lua"
	assert_eq 0 "$STATUS" "pre-commit hook on a valid policy ($(cat "$WORK/hook.out"))"
	run_hook "$WORK/good.lua" "$WORK/wrong-type.lua" "$WORK/syntax.lua"
	assert_eq 1 "$STATUS" "pre-commit hook with two broken policies"
	grep -qF "wrong-type.lua:" "$WORK/hook.out" || fail "hook output lacks the first broken file: $(cat "$WORK/hook.out")"
	grep -qF "syntax.lua:" "$WORK/hook.out" || fail "hook output lacks the second broken file: $(cat "$WORK/hook.out")"
else
	echo "NOTE: this assay has no 'policy check' command; the pre-commit hook was not run" >&2
fi

# --- The CronJob's scripts, with its paths moved under $WORK ---
# A stand-in trivy copies a project report to --output. It fails for images
# whose name contains "missing", as a scan of an absent image would.
cat >"$BIN/trivy" <<EOF
#!/bin/sh
output=
for arg in "\$@"; do
	case "\$prev" in --output) output=\$arg ;; esac
	prev=\$arg
done
case "\$arg" in *missing*) echo "trivy: \$arg: not found" >&2; exit 1 ;; esac
cp "$DATA/json/trivy-app.json" "\$output"
EOF
# A stand-in curl keeps the URL and the body of each push.
cat >"$BIN/curl" <<EOF
#!/bin/sh
for arg in "\$@"; do url=\$arg; done
n=\$(ls "$WORK/pushes" | grep -c '\.url\$')
printf '%s\n' "\$url" >"$WORK/pushes/\$n.url"
cat >"$WORK/pushes/\$n.body"
EOF
chmod +x "$BIN/trivy" "$BIN/curl"
mkdir -p "$WORK/pushes" "$WORK/reports" "$WORK/config"
printf '%s\n' '# comment' 'registry.example.com/shop/app:1.4.2' '' \
	'registry.example.com/shop/missing:1.0' >"$WORK/config/images.txt"
for container in trivy assay push; do
	sed -e "s#/reports#$WORK/reports#g" -e "s#/etc/assay-nightly#$WORK/config#g" \
		"$SCRIPTS/$container.sh" >"$WORK/$container.sh"
	STATUS=0
	PATH="$BIN:$PATH" PUSHGATEWAY_URL=http://pushgateway.invalid:9091 \
		sh "$WORK/$container.sh" >"$WORK/$container.out" 2>&1 || STATUS=$?
	assert_eq 0 "$STATUS" "CronJob container $container ($(cat "$WORK/$container.out"))"
done

assert_eq "registry.example.com/shop/app:1.4.2" "$(cat "$WORK/reports/1/image")" "first image of the list"
check_json_output "$WORK/reports/1/assay.json" "assay.json of the CronJob's first image"
assert_eq 1 "$(sed -n 's/^assay_nightly_scan_success //p' "$WORK/reports/1/status.prom")" \
	"scan success of a scanned image"
assert_eq 0 "$(sed -n 's/^assay_nightly_scan_success //p' "$WORK/reports/2/status.prom")" \
	"scan success of an image that could not be scanned"
assert_eq "$(jq '[.Results[]?.Vulnerabilities // [] | .[] | select(.Severity == "CRITICAL")] | length' "$DATA/json/trivy-app.json")" \
	"$(grep '^assay_findings{.*severity="critical",kind="vulnerability"' "$WORK/reports/1/assay.prom" | awk '{ sum += $NF } END { print sum + 0 }')" \
	"CRITICAL vulnerabilities in the pushed metrics"
assert_eq 2 "$(ls "$WORK/pushes"/*.url | wc -l)" "pushes, one per image"
for n in 0 1; do
	url=$(cat "$WORK/pushes/$n.url")
	key=${url##*/image@base64/}
	image=$("$PYTHON" -c 'import base64, sys; k = sys.argv[1]; print(base64.urlsafe_b64decode(k + "=" * (-len(k) % 4)).decode())' "$key")
	assert_eq "$(cat "$WORK/reports/$((n + 1))/image")" "$image" "image in the grouping key of push $n"
	case "$url" in
	http://pushgateway.invalid:9091/metrics/job/assay_nightly/image@base64/*) ;;
	*) fail "push $n goes to $url" ;;
	esac
	grep -q '^assay_nightly_scan_success [01]$' "$WORK/pushes/$n.body" || fail "push $n lacks the scan status"
done
grep -q '^assay_findings{' "$WORK/pushes/0.body" || fail "the push of a scanned image lacks assay_findings"

finish
