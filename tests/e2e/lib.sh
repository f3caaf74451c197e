# SPDX-License-Identifier: Apache-2.0
# Helpers for the end-to-end tests; sourced by each tests/e2e/*.sh script.
# ctest sets ASSAY, ASSAY_SOURCE_DIR, ASSAY_SHARED_DIR and ASSAY_BUILD_DIR.
set -u

: "${ASSAY:?run this test through ctest, which sets ASSAY}"
DATA="$ASSAY_SOURCE_DIR/tests/data"
# Debian's python3, which has the python3-jsonschema package the tests use.
PYTHON=/usr/bin/python3
FIXTURES="$ASSAY_SHARED_DIR/fixtures"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/assay-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
FAILURES=0
# Every JSON analysis a test writes is checked against the schema by finish.
ANALYSIS_SCHEMA="$ASSAY_SOURCE_DIR/docs/analysis.schema.json"
JSON_VALIDATOR="$ASSAY_SOURCE_DIR/tests/tools/validate_json.py"
JSON_QUEUE="$WORK/.json-analyses"
JSON_QUEUED=0

fail() {
	echo "FAIL: $*" >&2
	FAILURES=$((FAILURES + 1))
}

# assert_eq EXPECTED ACTUAL WHAT
assert_eq() {
	if [ "$1" != "$2" ]; then
		fail "$3: expected '$1', got '$2'"
	fi
}

# run_assay ARGS...: run the CLI, keeping stdout, stderr and the status in
# $WORK/stdout, $WORK/stderr and $STATUS. After a status of 0 or 1 the JSON
# analyses the run wrote are queued for the schema check.
run_assay() {
	STATUS=0
	"$ASSAY" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || STATUS=$?
	if [ "$STATUS" -eq 0 ] || [ "$STATUS" -eq 1 ]; then
		queue_json_outputs "$@"
	fi
}

# find_json_outputs ARGS...: set JSON_TARGETS to the files that `assay ARGS`
# writes a JSON analysis to. "-" stands for stdout, listed only when no other
# output shares it (`assay analyze` prints its verdict there).
find_json_outputs() {
	local command=${1:-} arg value spec path to_stdout=0
	local format=json file=security-analysis.json
	local -a specs=()

	JSON_TARGETS=()
	[ $# -gt 0 ] && shift
	while [ $# -gt 0 ]; do
		arg=$1
		shift
		case "$arg" in
		-o | --output | --format)
			value=${1-}
			[ $# -gt 0 ] && shift
			;;
		--output=* | --format=*)
			value=${arg#*=}
			arg=${arg%%=*}
			;;
		-o?*)
			value=${arg#-o}
			arg=-o
			;;
		*) continue ;;
		esac
		case "$command:$arg" in
		run:-o | run:--output) specs+=("$value") ;;
		analyze:--output) file=$value ;;
		analyze:--format) format=$value ;;
		esac
	done

	if [ "$command" = analyze ] && [ "$format" = json ] && [ "$file" != - ]; then
		JSON_TARGETS+=("$file")
	fi
	if [ "$command" != run ]; then
		return 0
	fi
	for spec in "${specs[@]}"; do
		path=
		case "$spec" in *:*) path=${spec#*:} ;; esac
		if [ -z "$path" ] || [ "$path" = - ]; then
			to_stdout=$((to_stdout + 1))
		fi
	done
	for spec in "${specs[@]}"; do
		case "$spec" in
		json | json: | json:-)
			if [ "$to_stdout" -eq 1 ]; then
				JSON_TARGETS+=(-)
			fi
			;;
		json:*) JSON_TARGETS+=("${spec#json:}") ;;
		esac
	done
}

# queue_json_outputs ARGS...: queue the JSON analyses of a finished `assay ARGS`.
queue_json_outputs() {
	local target

	find_json_outputs "$@"
	for target in "${JSON_TARGETS[@]}"; do
		if [ "$target" = - ]; then
			check_json_output "$WORK/stdout" "stdout of assay $*"
		else
			check_json_output "$target" "$target of assay $*"
		fi
	done
}

# check_json_output FILE [WHAT]: queue FILE for the schema check that finish
# runs. A copy is queued, so the test may overwrite or delete FILE.
check_json_output() {
	local copy="$JSON_QUEUE/$BASHPID.$JSON_QUEUED.json" what=${2:-$1}

	what=${what//[$'\t\n']/ }
	JSON_QUEUED=$((JSON_QUEUED + 1))
	if [ ! -e "$1" ]; then
		fail "$what: the JSON analysis was not written"
		return
	fi
	if [ ! -f "$1" ]; then
		return # a device such as /dev/null
	fi
	[ -d "$JSON_QUEUE" ] || mkdir -p "$JSON_QUEUE"
	cp "$1" "$copy"
	printf '%s\t%s\n' "$copy" "$what" >>"$JSON_QUEUE/index"
}

# validate_json_outputs: check every queued JSON analysis against
# docs/analysis.schema.json in one python3 process; fail for each that does
# not match. Without python3-jsonschema it prints one note and checks nothing.
validate_json_outputs() {
	local copy what line errors i status=0 invalid=0
	local -a copies=() whats=()

	[ -f "$JSON_QUEUE/index" ] || return 0
	while IFS=$'\t' read -r copy what; do
		copies+=("$copy")
		whats+=("$what")
	done <"$JSON_QUEUE/index"
	rm -f "$JSON_QUEUE/index"
	"$PYTHON" "$JSON_VALIDATOR" "$ANALYSIS_SCHEMA" "${copies[@]}" >"$JSON_QUEUE/errors" 2>&1 ||
		status=$?
	case "$status" in
	0) return 0 ;;
	77 | 126 | 127)
		echo "note: $PYTHON is missing or lacks jsonschema (apt-get install python3-jsonschema)," \
			"so ${#copies[@]} JSON analyses were not checked against the schema" >&2
		return 0
		;;
	esac
	errors=$(cat "$JSON_QUEUE/errors")
	for i in "${!copies[@]}"; do
		case "$errors" in
		*"${copies[$i]}:"*) ;;
		*) continue ;;
		esac
		invalid=$((invalid + 1))
		fail "${whats[$i]}: the JSON analysis does not match docs/analysis.schema.json:"
		while IFS= read -r line; do
			case "$line" in
			"${copies[$i]}:"*) echo "  ${line#"${copies[$i]}: "}" >&2 ;;
			esac
		done <<<"$errors"
	done
	if [ "$invalid" -eq 0 ]; then
		fail "the schema check failed (status $status): $errors"
	fi
}

# require_fixtures SUBDIR: skip the test (status 77) without the shared fixtures.
require_fixtures() {
	if [ ! -d "$FIXTURES/$1" ]; then
		echo "SKIP: $FIXTURES/$1 not found; the real-report tests need the shared fixtures" >&2
		exit 77
	fi
}

finish() {
	validate_json_outputs
	if [ "$FAILURES" -ne 0 ]; then
		echo "$FAILURES check(s) failed" >&2
		exit 1
	fi
	exit 0
}
