#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Destinations that are not regular files: a device, a named pipe and a
# symbolic link are written through, never replaced by the report.
. "$(dirname "$0")/lib.sh"

report="$DATA/cli/two-critical.json"

# A symbolic link to a report file: the link stays a link and its target gets the report.
echo "old" >"$WORK/target.sarif"
ln -s target.sarif "$WORK/link.sarif"
STATUS=0
"$ASSAY" run -i "$report" -o "sarif:$WORK/link.sarif" --no-fail 2>"$WORK/stderr" || STATUS=$?
assert_eq 0 "$STATUS" "exit status writing through a symbolic link"
[ -L "$WORK/link.sarif" ] || fail "the symbolic link was replaced by a file"
assert_eq 2.1.0 "$(jq -r '.version' "$WORK/target.sarif")" "SARIF version in the link's target"

# A named pipe: the report reaches the process reading it.
mkfifo "$WORK/pipe"
# A reader that outlives a run gone wrong would block the test: it gives up after 10 s.
timeout 10 cat "$WORK/pipe" >"$WORK/from-pipe.sarif" &
reader=$!
STATUS=0
"$ASSAY" run -i "$report" -o "sarif:$WORK/pipe" --no-fail 2>"$WORK/stderr" || STATUS=$?
wait "$reader" || true
assert_eq 0 "$STATUS" "exit status writing to a named pipe"
[ -p "$WORK/pipe" ] || fail "the named pipe was replaced by a file"
assert_eq 4 "$(jq ".runs[0].results | length" "$WORK/from-pipe.sarif")" "results read from the pipe"

# A character device (a null device made for the test, so /dev/null is never at risk).
if [ "$(id -u)" -eq 0 ] && mknod "$WORK/null" c 1 3 2>/dev/null; then
	STATUS=0
	"$ASSAY" run -i "$report" -o "sarif:$WORK/null" -o "json:$WORK/beside.json" --no-fail \
		2>"$WORK/stderr" || STATUS=$?
	assert_eq 0 "$STATUS" "exit status writing to a device"
	[ -c "$WORK/null" ] || fail "the device was replaced by a regular file"
	check_json_output "$WORK/beside.json" "the JSON analysis written beside the device"
else
	echo "note: not root or mknod refused; the device case is not run"
fi

# A failed run leaves a link's target as it was.
echo "old" >"$WORK/target.sarif"
STATUS=0
"$ASSAY" run -i "$DATA/trivy/bad-severity-number.json" -o "sarif:$WORK/link.sarif" \
	2>"$WORK/stderr" || STATUS=$?
assert_eq 2 "$STATUS" "exit status on a bad report"
assert_eq old "$(cat "$WORK/target.sarif")" "the link's target after a failed run"

finish
