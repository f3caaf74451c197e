#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The project's own Trivy reports. The valid ones read and count as jq
# counts them. The invalid ones exit 2 with one line that names the file and
# the JSON path, and write no output file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trivy_check.bash"

for report in "$DATA"/trivy/*.json; do
	case $(basename "$report") in
	bad-* | not-trivy-*) ;;
	*) check_trivy_report "$report" ;;
	esac
done

# FILE, then the part of the message that names the problem and its JSON path.
while read -r name message; do
	run_assay run -i "trivy:$DATA/trivy/$name" -o "json:$WORK/bad.json" "${NO_LIMITS[@]}"
	assert_eq 2 "$STATUS" "$name: exit status"
	assert_eq 1 "$(wc -l <"$WORK/stderr")" "$name: lines on stderr"
	if ! grep -qF "$DATA/trivy/$name" "$WORK/stderr"; then
		fail "$name: the error does not name the file: $(cat "$WORK/stderr")"
	fi
	if ! grep -qF "$message" "$WORK/stderr"; then
		fail "$name: expected '$message' in: $(cat "$WORK/stderr")"
	fi
	if [ -e "$WORK/bad.json" ]; then
		fail "$name: an output file was written"
	fi
done <<'CASES'
bad-severity-number.json Results[2].Vulnerabilities[0].Severity: expected a string, found a number
bad-vulnerabilities-object.json Results[0].Vulnerabilities: expected a list, found an object
bad-schema-version-3.json SchemaVersion 3 is not supported
not-trivy-grype.json not a Trivy report
CASES

# Auto detection: an empty Trivy document (null or []) still reads as Trivy.
for name in null.json empty-list.json; do
	run_assay run -v -i "$DATA/trivy/$name" -o "json:$WORK/empty.json"
	assert_eq 0 "$STATUS" "$name with auto detection: exit status"
	if ! grep -qF "$name: read as trivy" "$WORK/stderr"; then
		fail "$name with auto detection: not read as trivy: $(cat "$WORK/stderr")"
	fi
done

# An empty image config (filesystem, VM and SBOM reports) leaves the user unknown;
# an image config without User means root, written as "".
for config in '{}' '{"Env": ["PATH=/usr/bin"]}'; do
	printf '{"SchemaVersion": 2, "ArtifactName": "app", "ArtifactType": "filesystem", "Metadata": {"ImageConfig": {"config": %s}}, "Results": []}' \
		"$config" >"$WORK/config.json"
	run_assay run -i "trivy:$WORK/config.json" -o "json:$WORK/config-out.json"
	assert_eq 0 "$STATUS" "report with image config $config"
	expected=null
	[ "$config" = '{}' ] || expected='""'
	assert_eq "$expected" "$(jq -c '.images[0].config_user' "$WORK/config-out.json")" "config_user for config $config"
done

finish
