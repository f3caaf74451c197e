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
# $WORK/stdout, $WORK/stderr and $STATUS.
run_assay() {
	STATUS=0
	"$ASSAY" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || STATUS=$?
}

# require_fixtures SUBDIR: skip the test (status 77) without the shared fixtures.
require_fixtures() {
	if [ ! -d "$FIXTURES/$1" ]; then
		echo "SKIP: $FIXTURES/$1 not found; the real-report tests need the shared fixtures" >&2
		exit 77
	fi
}

finish() {
	if [ "$FAILURES" -ne 0 ]; then
		echo "$FAILURES check(s) failed" >&2
		exit 1
	fi
	exit 0
}
