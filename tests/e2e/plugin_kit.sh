#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The installed plugin kit: install assay into a temporary prefix, build the
# example plugins out of tree against it (CMake and pkg-config), and run the
# installed binary with them. Also: a plugin of another ABI major version is
# rejected, and the installed binary finds its built-in plugins by itself.
. "$(dirname "$0")/lib.sh"

for tool in cmake pkg-config make cc; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed; the plugin kit test builds plugins with it" >&2
		exit 77
	fi
done

EXAMPLES="$ASSAY_SOURCE_DIR/examples"
PREFIX="$WORK/prefix"
PLUGINS=(plugin-csv-input plugin-license-denylist plugin-csv-output)
# The installed binary runs with no plugin path from the environment.
unset ASSAY_PLUGIN_PATH

# --- Install ---
if ! cmake --install "$ASSAY_BUILD_DIR" --prefix "$PREFIX" >"$WORK/install.log" 2>&1; then
	fail "cmake --install failed: $(tail -5 "$WORK/install.log")"
	finish
fi
INSTALLED="$PREFIX/bin/assay"
PC_FILE=$(find "$PREFIX" -name assay.pc -path '*/pkgconfig/*' | head -1)
CONFIG_FILE=$(find "$PREFIX" -name assayConfig.cmake -path '*/cmake/assay/*' | head -1)
for file in "$INSTALLED" "$PC_FILE" "$CONFIG_FILE" "$PREFIX/include/assay/assay.h" \
	"$PREFIX/include/assay/plugin.h" "$PREFIX/include/assay/api.h"; do
	if [ -z "$file" ] || [ ! -f "$file" ]; then
		fail "not installed: ${file:-assay.pc or assayConfig.cmake}"
	fi
done
ls "$PREFIX"/lib*/libassay.so.* >/dev/null 2>&1 || fail "libassay.so.* not installed under $PREFIX"

# --- The installed binary lists the built-ins of PREFIX/lib/assay/plugins ---
STATUS=0
"$INSTALLED" plugins >"$WORK/plugins.txt" 2>"$WORK/stderr" || STATUS=$?
assert_eq 0 "$STATUS" "installed 'assay plugins' ($(cat "$WORK/stderr"))"
built=0
for so in "$ASSAY_BUILD_DIR"/lib/assay/plugins/*.so; do
	name=$(basename "$so")
	built=$((built + 1))
	[ -f "$PREFIX/lib/assay/plugins/$name" ] || fail "$name not installed in $PREFIX/lib/assay/plugins"
	grep -qF "$PREFIX/bin/../lib/assay/plugins/$name" "$WORK/plugins.txt" ||
		fail "installed 'assay plugins' does not list $name from $PREFIX/lib/assay/plugins"
done
[ "$built" -gt 0 ] || fail "no built-in plugin in $ASSAY_BUILD_DIR/lib/assay/plugins"
assert_eq "$built" "$(grep -c '^[a-z]' "$WORK/plugins.txt")" "plugins listed by the installed binary"

# --- Build each example out of tree: CMake with find_package, make with pkg-config ---
PC_DIR=$(dirname "$PC_FILE")
assert_eq "$(cd "$PREFIX/include" && pwd -P)" \
	"$(cd "$(PKG_CONFIG_PATH="$PC_DIR" pkg-config --variable=includedir assay)" && pwd -P)" \
	"includedir of the installed assay.pc"
for example in "${PLUGINS[@]}"; do
	build="$WORK/cmake/$example"
	if ! cmake -S "$EXAMPLES/$example" -B "$build" -DCMAKE_PREFIX_PATH="$PREFIX" \
		>"$WORK/$example-cmake.log" 2>&1 || ! cmake --build "$build" >>"$WORK/$example-cmake.log" 2>&1; then
		fail "$example: CMake build failed: $(tail -5 "$WORK/$example-cmake.log")"
	fi
	assert_eq "$(cd "$(dirname "$CONFIG_FILE")" && pwd -P)" \
		"$(sed -n 's/^assay_DIR:PATH=//p' "$build/CMakeCache.txt" | xargs -r realpath)" \
		"$example: assay_DIR of the CMake build"
	if ! PKG_CONFIG_PATH="$PC_DIR" make -C "$EXAMPLES/$example" BUILD_DIR="$WORK/pkgconfig/$example" \
		>"$WORK/$example-make.log" 2>&1; then
		fail "$example: pkg-config build failed: $(tail -5 "$WORK/$example-make.log")"
	fi
done

# plugin_args FLAVOR: --plugin-path for each example built by FLAVOR (cmake or pkgconfig).
plugin_args() {
	local example
	for example in "${PLUGINS[@]}"; do
		printf -- '--plugin-path\n%s\n' "$WORK/$1/$example"
	done
}

# run_installed ARGS...: like run_assay, with the installed binary.
run_installed() {
	ASSAY=$INSTALLED run_assay "$@"
}

SAMPLE="$EXAMPLES/plugin-csv-input/sample.csv"
LICENSES="$DATA/trivy/misconfig-secret-license.json"
NO_LIMITS=(--threshold-critical 1000 --threshold-high 1000 --threshold-medium 1000 --threshold-low 1000)

# A CSV export whose cells a spreadsheet would run as formulas, with quoting cases.
printf '%s\r\n' 'id,severity,package,version,fixed_version,title' \
	'=1+2,HIGH,"=HYPERLINK(""http://example.invalid"")",+1.0,"-2.0, 3.0","@SUM(A1), ""quoted"""' \
	'CVE-2024-0001,LOW,plain,1.0,,"-two' 'lines"' >"$WORK/hostile.csv"

# check_cells.py INPUT OUTPUT: each cell of the CSV input must come out of
# the csv output plugin unchanged, but for a leading apostrophe on cells that
# start like a spreadsheet formula (= + - @ tab, carriage return).
cat >"$WORK/check_cells.py" <<'EOF'
import csv
import sys

def defused(value):
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

written = {row["id"]: row for row in csv.DictReader(open(sys.argv[2], newline=""))}
errors = 0
for record in csv.DictReader(open(sys.argv[1], newline="")):
    row = written.get(defused(record["id"]))
    if row is None:
        print(f"no row for id {record['id']!r}")
        errors += 1
        continue
    for column_in, column_out in (("id", "id"), ("package", "package"), ("version", "version"),
                                  ("fixed_version", "fixed_versions"), ("title", "title")):
        if row[column_out] != defused(record[column_in]):
            print(f"{column_out} of {record['id']!r}: {row[column_out]!r}, "
                  f"expected {defused(record[column_in])!r}")
            errors += 1
sys.exit(1 if errors else 0)
EOF

# csv_rows FILE: the data records of a CSV file, counted by Python's csv module.
csv_rows() {
	"$PYTHON" -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$1"
}

for flavor in cmake pkgconfig; do
	mapfile -t paths < <(plugin_args "$flavor")

	# The input plugin: each record of the sample is one vulnerability.
	run_installed run -i "$SAMPLE" -o "json:$WORK/sample.json" --no-fail "${paths[@]}"
	assert_eq 0 "$STATUS" "$flavor: run on the CSV sample ($(cat "$WORK/stderr"))"
	assert_eq "$(csv_rows "$SAMPLE")" "$(jq '.summary.total_vulnerabilities' "$WORK/sample.json")" \
		"$flavor: vulnerabilities read from the CSV sample"
	assert_eq '["scanner-csv"]' "$(jq -c '[.vulnerabilities[].scanners[]] | unique' "$WORK/sample.json")" \
		"$flavor: scanner of the CSV findings"
	assert_eq "$("$PYTHON" -c 'import csv, sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], newline="")) if r["severity"].upper() == "CRITICAL"))' "$SAMPLE")" \
		"$(jq '.summary.severity_breakdown.CRITICAL' "$WORK/sample.json")" "$flavor: CRITICAL in the CSV sample"

	# A malformed record: exit 2, the line named, no report written.
	printf 'id,severity,package,version,fixed_version,title\nCVE-1,HIGH,p,1,,ok\nCVE-2,HIGH,p\n' >"$WORK/short.csv"
	rm -f "$WORK/short.json"
	run_installed run -i "$WORK/short.csv" -o "json:$WORK/short.json" "${paths[@]}"
	assert_eq 2 "$STATUS" "$flavor: exit status for a short CSV record"
	grep -qF "short.csv: line 3: 3 field(s), expected 6" "$WORK/stderr" ||
		fail "$flavor: error for a short record lacks its line: $(cat "$WORK/stderr")"
	[ ! -e "$WORK/short.json" ] || fail "$flavor: a report was written despite the error"

	# The analyzer: a denied license fails the gate; an unmatched denylist passes.
	denied=$(jq '[.Results[].Licenses // [] | .[] | select(.Name | test("^gpl-"; "i"))] | length' "$LICENSES")
	run_installed run -i "$LICENSES" -o "json:$WORK/licenses.json" "${NO_LIMITS[@]}" \
		--option 'license-denylist=AGPL-*, gpl-*' "${paths[@]}"
	assert_eq 1 "$STATUS" "$flavor: exit status with a denied license ($(cat "$WORK/stderr"))"
	assert_eq "false,$denied" \
		"$(jq -r '.checks[] | select(.name == "license.denylist") | "\(.passed),\(.count)"' "$WORK/licenses.json")" \
		"$flavor: license.denylist check"
	run_installed run -i "$LICENSES" -o "json:$WORK/licenses.json" "${NO_LIMITS[@]}" \
		--option 'license-denylist=AGPL-*' "${paths[@]}"
	assert_eq 0 "$STATUS" "$flavor: exit status when no license is denied ($(cat "$WORK/stderr"))"

	# The output: valid CSV, one row per finding, formulas defused.
	run_installed run -i "$WORK/hostile.csv" -o "csv:$WORK/out.csv" -o "json:$WORK/hostile.json" \
		--no-fail "${paths[@]}"
	assert_eq 0 "$STATUS" "$flavor: CSV output run ($(cat "$WORK/stderr"))"
	assert_eq "$(jq '[.vulnerabilities, .misconfigurations, .secrets, .licenses | .[]] | length' "$WORK/hostile.json")" \
		"$(csv_rows "$WORK/out.csv")" "$flavor: rows of the CSV output"
	if ! "$PYTHON" "$WORK/check_cells.py" "$WORK/hostile.csv" "$WORK/out.csv" >"$WORK/cells.txt"; then
		fail "$flavor: cells of the CSV output: $(cat "$WORK/cells.txt")"
	fi
done

# --- A plugin built for another ABI major version is rejected ---
mkdir -p "$WORK/future"
cat >"$WORK/future.c" <<'EOF'
#include <assay/assay.h>
static int write_nothing(assay_ctx *ctx, FILE *out)
{
	(void)ctx;
	(void)out;
	return 0;
}
static const assay_plugin_descriptor descriptor = {
	.abi_major = ASSAY_ABI_MAJOR + 1, .abi_minor = 0,
	.size = (uint32_t)sizeof(assay_plugin_descriptor),
	.kind = ASSAY_PLUGIN_OUTPUT, .name = "future", .version = "1.0.0",
	.summary = "built for the next ABI", .write = write_nothing,
};
ASSAY_PLUGIN_DEFINE(descriptor)
EOF
# shellcheck disable=SC2046 # pkg-config prints several flags
if ! cc -shared -fPIC $(PKG_CONFIG_PATH="$PC_DIR" pkg-config --cflags assay) -o "$WORK/future/output-future.so" \
	"$WORK/future.c" 2>"$WORK/future.log"; then
	fail "the ABI test plugin does not build: $(cat "$WORK/future.log")"
fi
major=$(sed -n 's/^#define ASSAY_ABI_MAJOR \([0-9]*\)$/\1/p' "$PREFIX/include/assay/plugin.h")
minor=$(sed -n 's/^#define ASSAY_ABI_MINOR \([0-9]*\)$/\1/p' "$PREFIX/include/assay/plugin.h")
run_installed plugins --plugin-path "$WORK/future"
assert_eq 2 "$STATUS" "exit status for a plugin of ABI $((major + 1)).0"
grep -qF "output-future.so: unsupported plugin ABI version $((major + 1)).0" "$WORK/stderr" ||
	fail "ABI error does not name the file and its version: $(cat "$WORK/stderr")"
grep -qF "supports ABI $major.0 to $major.$minor" "$WORK/stderr" ||
	fail "ABI error does not say which versions are supported: $(cat "$WORK/stderr")"
rm -f "$WORK/abi.json"
run_installed run -i "$SAMPLE" -o "json:$WORK/abi.json" --plugin-path "$WORK/future"
assert_eq 2 "$STATUS" "exit status of a run with a plugin of another ABI"
[ ! -e "$WORK/abi.json" ] || fail "a report was written although a plugin failed to load"

finish
