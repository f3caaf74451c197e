#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The CLI with a Lua policy: hooks change the verdict and the report, and
# every policy error exits 2 with FILE:LINE and writes no output file.
. "$(dirname "$0")/lib.sh"

report="$DATA/json/trivy-app.json"
lenient=(--threshold-critical 1000 --threshold-high 1000 --threshold-medium 1000 --threshold-low 1000)

# policy FILE TEXT: write a policy file into $WORK.
policy() {
	printf '%s' "$2" >"$WORK/$1"
}

# expect_policy_error NAME EXPECTED-TEXT POLICY-FILE [ARGS...]: exit 2, one
# line naming the problem, and neither a new output file nor a replaced one.
expect_policy_error() {
	local name=$1 expected=$2 file=$3
	shift 3
	rm -f "$WORK/new.json"
	printf 'previous\n' >"$WORK/old.json"
	run_assay run -i "$report" -p "$WORK/$file" -o "json:$WORK/new.json" -o "json:$WORK/old.json" "$@"
	assert_eq 2 "$STATUS" "$name: exit status"
	grep -qF -- "$expected" "$WORK/stderr" || fail "$name: stderr lacks '$expected': $(cat "$WORK/stderr")"
	assert_eq 1 "$(wc -l <"$WORK/stderr" | tr -d ' ')" "$name: lines on stderr"
	[ ! -e "$WORK/new.json" ] || fail "$name: output file created on a policy error"
	assert_eq previous "$(cat "$WORK/old.json")" "$name: existing output replaced"
}

# ---- Hooks change the verdict and the report ----

policy verdict.lua 'function verdict(report)
  if #report.findings > 0 then return { "findings present: " .. #report.findings } end
  return {}
end
'
run_assay run -i "$report" -p "$WORK/verdict.lua" -o "json:$WORK/out.json" "${lenient[@]}"
assert_eq 1 "$STATUS" "a verdict message fails the gate"
total=$(jq '[.Results[] | (.Vulnerabilities // [], .Secrets // [], .Misconfigurations // [], .Licenses // [])[]] | length' "$report")
assert_eq "findings present: $total" "$(jq -r '.checks[] | select(.name == "policy.verdict.1") | .message' "$WORK/out.json")" \
	"verdict message in the JSON checks"
assert_eq false "$(jq '.passes_threshold' "$WORK/out.json")" "passes_threshold with a verdict message"
run_assay run -i "$report" -p "$WORK/verdict.lua" -o "json:$WORK/out.json" "${lenient[@]}" --no-fail
assert_eq 0 "$STATUS" "--no-fail with a verdict message"

policy empty-verdict.lua 'function verdict(report) return {} end
'
run_assay run -i "$report" -p "$WORK/empty-verdict.lua" -o "json:$WORK/out.json" "${lenient[@]}"
assert_eq 0 "$STATUS" "an empty verdict passes"
assert_eq true "$(jq '.checks[] | select(.name == "policy.verdict") | .passed' "$WORK/out.json")" "passed verdict check"

policy on-finding.lua 'function on_finding(f)
  if f.kind == "secret" then return "ignore", "test credential" end
  if f.id == "CVE-2031-0001" then return "severity", "medium", "not reachable" end
end
'
run_assay run -i "$report" -p "$WORK/on-finding.lua" -o "json:$WORK/out.json"
secrets=$(jq '[.Results[].Secrets // [] | .[]] | length' "$report")
assert_eq "$secrets" "$(jq '[.secrets[] | select(.ignored and .ignore.rule == "policy:on_finding")] | length' "$WORK/out.json")" \
	"secrets ignored by on_finding"
assert_eq "test credential" "$(jq -r '.secrets[0].ignore.reason' "$WORK/out.json")" "ignore reason"
assert_eq MEDIUM/CRITICAL "$(jq -r '.vulnerabilities[] | select(.id == "CVE-2031-0001") | "\(.severity)/\(.original_severity)"' "$WORK/out.json")" \
	"severity changed, original kept"
assert_eq "not reachable" "$(jq -r '.vulnerabilities[] | select(.id == "CVE-2031-0001") | .severity_reason' "$WORK/out.json")" \
	"severity reason"

# print writes to stderr, so a report on stdout stays valid JSON.
policy print.lua 'print("hello from the policy", 42)
'
STATUS=0
"$ASSAY" run -i "$report" -p "$WORK/print.lua" -o json:- "${lenient[@]}" >"$WORK/stdout.json" 2>"$WORK/stderr" || STATUS=$?
assert_eq 0 "$STATUS" "policy with print"
jq -e . "$WORK/stdout.json" >/dev/null || fail "stdout is not JSON with a printing policy"
check_json_output "$WORK/stdout.json" "the JSON analysis on stdout with a printing policy"
grep -qF "print.lua: hello from the policy	42" "$WORK/stderr" || fail "print output missing on stderr: $(cat "$WORK/stderr")"

# ---- Errors: exit 2, FILE:LINE, no output file ----

policy syntax.lua 'x = 1
if then
'
expect_policy_error "syntax error" "syntax.lua:2:" syntax.lua

policy wrong-type.lua '-- a verdict must return a list
function verdict(report)
  return "fail"
end
'
expect_policy_error "wrong return type" "wrong-type.lua:2: verdict returned 1 value(s) starting with a string" wrong-type.lua

policy on-finding-bad.lua 'function on_finding(f)
  return "drop"
end
'
expect_policy_error "unknown on_finding action" "on-finding-bad.lua:1: on_finding returned 'drop'" on-finding-bad.lua

policy io.lua 'function verdict(report)
  local f = io.open("/etc/passwd")
end
'
expect_policy_error "io is not available" "io.lua:2: attempt to index a nil value (global 'io')" io.lua

policy execute.lua 'os.execute("touch '"$WORK"'/escaped")
'
expect_policy_error "os.execute is not available" "execute.lua:1: attempt to call a nil value (field 'execute')" execute.lua
[ ! -e "$WORK/escaped" ] || fail "os.execute ran a command"

policy loop.lua 'function on_finding(f)
  local n = 0
  while true do n = n + 1 end
end
'
started=$(date +%s)
expect_policy_error "endless loop" "loop.lua:3: instruction limit of 200000000 exceeded" loop.lua
elapsed=$(($(date +%s) - started))
[ "$elapsed" -le 10 ] || fail "the endless loop ran $elapsed s before it was stopped"
expect_policy_error "smaller instruction limit" "loop.lua:3: instruction limit of 5000 exceeded" loop.lua \
	--policy-max-instructions 5000

policy bomb.lua 'local t = {}
function verdict(report)
  while true do t[#t + 1] = string.rep("x", 65536) .. #t end
end
'
expect_policy_error "memory bomb" "bomb.lua:3: memory limit of 64 MiB exceeded" bomb.lua
expect_policy_error "smaller memory limit" "bomb.lua:3: memory limit of 8 MiB exceeded" bomb.lua \
	--policy-max-memory 8

expect_policy_error "missing policy file" "$WORK/none.lua: policy file not found" none.lua

run_assay run -i "$report" -p "$WORK/verdict.lua" --policy-max-instructions 0
assert_eq 2 "$STATUS" "--policy-max-instructions 0"
grep -qF "invalid --policy-max-instructions value '0'" "$WORK/stderr" || fail "bad limit message: $(cat "$WORK/stderr")"
run_assay run -i "$report" -p "$WORK/verdict.lua" --policy-max-memory lots
assert_eq 2 "$STATUS" "--policy-max-memory lots"

# ---- assay policy check ----

run_assay policy check "$WORK/on-finding.lua"
assert_eq 0 "$STATUS" "policy check of a good policy"
assert_eq "$WORK/on-finding.lua: policy OK (hooks: on_finding)" "$(cat "$WORK/stdout")" "policy check output"

policy all.lua 'thresholds = { critical = 0 }
function on_finding(f) end
function thresholds_for(summary, ctx) return nil end
function verdict(report) return {} end
function recommend(report) return {} end
'
run_assay policy check "$WORK/all.lua"
assert_eq "$WORK/all.lua: policy OK (hooks: on_finding, thresholds_for, verdict, recommend; tables: thresholds)" \
	"$(cat "$WORK/stdout")" "policy check lists every hook"

# The hooks run on an empty report, so a hook that needs an image fails here.
policy needs-image.lua 'function verdict(report)
  return { report.images[1].name }
end
'
run_assay policy check "$WORK/needs-image.lua"
assert_eq 2 "$STATUS" "policy check runs the hooks"
grep -qF "needs-image.lua:2: attempt to index a nil value" "$WORK/stderr" || fail "policy check error: $(cat "$WORK/stderr")"

run_assay policy check "$WORK/syntax.lua"
assert_eq 2 "$STATUS" "policy check of a syntax error"
grep -qF "syntax.lua:2:" "$WORK/stderr" || fail "policy check syntax error: $(cat "$WORK/stderr")"
assert_eq 1 "$(wc -l <"$WORK/stderr" | tr -d ' ')" "policy check error lines"

run_assay policy check "$WORK/loop.lua" --policy-max-instructions 1000
assert_eq 0 "$STATUS" "on_finding is not called on the empty report"

run_assay policy "$WORK/all.lua"
assert_eq 2 "$STATUS" "policy without check"

# A finalizer would run outside the instruction budget, so the sandbox rejects it.
policy finalizer.lua 'setmetatable({}, { __gc = function() while true do end end })
'
STATUS=0
timeout 30 "$ASSAY" policy check "$WORK/finalizer.lua" >"$WORK/stdout" 2>"$WORK/stderr" || STATUS=$?
assert_eq 2 "$STATUS" "policy with a __gc finalizer"
grep -qF "finalizer.lua:1: finalizers (__gc) are not allowed" "$WORK/stderr" || fail "finalizer error: $(cat "$WORK/stderr")"

# The analyzers check the tables a policy sets for them before CI sees the policy.
policy bad-ignore.lua 'ignore = { { id = 42, reason = "wrong type" } }
'
run_assay policy check "$WORK/bad-ignore.lua"
assert_eq 2 "$STATUS" "policy check of an invalid ignore rule"
grep -qF "bad-ignore.lua: ignore[1].id must be a string" "$WORK/stderr" || fail "ignore rule error: $(cat "$WORK/stderr")"
policy bad-quantum.lua 'quantum_packages = 7
'
run_assay policy check "$WORK/bad-quantum.lua"
assert_eq 2 "$STATUS" "policy check of an invalid quantum_packages"

finish
