#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Destinations that are not regular files: a device and a named pipe are
# written through, and a symbolic link leads to the file that is replaced;
# none of them is replaced by the report.
. "$(dirname "$0")/lib.sh"

report="$DATA/cli/two-critical.json"

# A symbolic link to a report file: the link stays a link, and its target is replaced by a
# rename (a new inode), so a failed write could never leave it half-written.
echo "old" >"$WORK/target.sarif"
chmod 640 "$WORK/target.sarif"
ln -s target.sarif "$WORK/link.sarif"
inode=$(stat -c %i "$WORK/target.sarif")
STATUS=0
"$ASSAY" run -i "$report" -o "sarif:$WORK/link.sarif" --no-fail 2>"$WORK/stderr" || STATUS=$?
assert_eq 0 "$STATUS" "exit status writing through a symbolic link"
[ -L "$WORK/link.sarif" ] || fail "the symbolic link was replaced by a file"
assert_eq 2.1.0 "$(jq -r '.version' "$WORK/target.sarif")" "SARIF version in the link's target"
[ "$(stat -c %i "$WORK/target.sarif")" != "$inode" ] ||
	fail "the link's target was written in place, not replaced by a rename"
assert_eq 640 "$(stat -c %a "$WORK/target.sarif")" "mode of the link's target"
ls -a "$WORK" | grep -q "assay-tmp" && fail "a temporary file was left: $(ls -a "$WORK")"

# A link to nothing yet: the report is written where it points.
ln -s created.sarif "$WORK/dangling.sarif"
STATUS=0
"$ASSAY" run -i "$report" -o "sarif:$WORK/dangling.sarif" --no-fail 2>"$WORK/stderr" || STATUS=$?
assert_eq 0 "$STATUS" "exit status writing through a dangling link"
assert_eq 2.1.0 "$(jq -r '.version' "$WORK/created.sarif")" "SARIF version in the created file"

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

# A device that fails the copy (a full device): exit 2, and the file output beside it is
# not replaced, because copies are made before any file is moved into place.
if [ "$(id -u)" -eq 0 ] && mknod "$WORK/full" c 1 7 2>/dev/null; then
	echo "old" >"$WORK/beside.sarif"
	STATUS=0
	"$ASSAY" run -i "$report" -o "json:$WORK/full" -o "sarif:$WORK/beside.sarif" --no-fail \
		2>"$WORK/stderr" || STATUS=$?
	assert_eq 2 "$STATUS" "exit status when the copy to a full device fails"
	grep -q "writing to $WORK/full failed: No space left on device" "$WORK/stderr" ||
		fail "no message about the full device: $(cat "$WORK/stderr")"
	assert_eq old "$(cat "$WORK/beside.sarif")" "the file output beside a failed copy"
else
	echo "note: not root or mknod refused; the full device case is not run"
fi

# A reader that stops early: a write error with a message and exit status 2, not a silent
# SIGPIPE. The report is larger than a pipe's buffer, so the writes outlive the reader.
"$PYTHON" - "$WORK/large.json" <<'PY'
import json, sys
vulns = [{"VulnerabilityID": "CVE-2033-%05d" % i, "PkgName": "pkg", "InstalledVersion": "1",
          "Severity": "LOW", "Description": "x" * 2000} for i in range(500)]
json.dump({"SchemaVersion": 2, "ArtifactName": "large:1",
           "Results": [{"Target": "large:1", "Vulnerabilities": vulns}]}, open(sys.argv[1], "w"))
PY
"$ASSAY" run -i "trivy:$WORK/large.json" -o json:- --no-fail 2>"$WORK/stderr" | head -c 10 >/dev/null
status=${PIPESTATUS[0]}
assert_eq 2 "$status" "exit status when stdout's reader stops early"
grep -q "writing to stdout failed: Broken pipe" "$WORK/stderr" ||
	fail "no message about the closed pipe: $(cat "$WORK/stderr")"

# Replacing a report keeps its permissions: a private report stays private.
echo "old" >"$WORK/private.json"
chmod 600 "$WORK/private.json"
if [ "$(id -u)" -eq 0 ]; then
	chown nobody "$WORK/private.json"
fi
owner=$(stat -c %U "$WORK/private.json")
STATUS=0
"$ASSAY" run -i "$report" -o "json:$WORK/private.json" --no-fail 2>"$WORK/stderr" || STATUS=$?
assert_eq 0 "$STATUS" "exit status replacing a private report"
assert_eq 600 "$(stat -c %a "$WORK/private.json")" "mode of the replaced report"
assert_eq "$owner" "$(stat -c %U "$WORK/private.json")" "owner of the replaced report"

# A failed run leaves a link's target as it was.
echo "old" >"$WORK/target.sarif"
STATUS=0
"$ASSAY" run -i "$DATA/trivy/bad-severity-number.json" -o "sarif:$WORK/link.sarif" \
	2>"$WORK/stderr" || STATUS=$?
assert_eq 2 "$STATUS" "exit status on a bad report"
assert_eq old "$(cat "$WORK/target.sarif")" "the link's target after a failed run"

finish
