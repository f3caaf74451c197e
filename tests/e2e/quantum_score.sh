#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The quantum section through the CLI: tags, credentials, and scores recomputed here from the reports.
. "$(dirname "$0")/lib.sh"

Q="$DATA/quantum"
OUT="$WORK/out.json"
REPORTS=("$Q/trivy-qpu-runner.json" "$Q/trivy-braket-jobs.json" "$Q/trivy-azure-notebook.json")

run_assay run -i "${REPORTS[0]}" -i "${REPORTS[1]}" -i "${REPORTS[2]}" \
	--ignore-file "$Q/qpu-runner.trivyignore" -o "json:$OUT" --no-fail
assert_eq 0 "$STATUS" "run status"

# Quantum credentials in each image, as the fixtures were written: the IBM Quantum token in
# qpu-runner, the AWS key next to amazon-braket packages in braket-jobs, and the Azure Quantum
# connection string in azure-notebook (whose AWS key is an ordinary secret).
CREDENTIALS='{"registry.example.com/lab/qpu-runner:3.1": 1,
	"registry.example.com/lab/braket-jobs:1.0": 1,
	"registry.example.com/lab/azure-notebook:0.9": 1}'

# The documented formula, from the reports themselves: Python's name normalization, the default
# patterns, the weights, and the ids the ignore file accepts left out.
expected=$(jq -rs --argjson creds "$CREDENTIALS" \
	--arg ignored "$(grep -v '^#' "$Q/qpu-runner.trivyignore" | awk '{print $1}')" '
	def norm: ascii_downcase | gsub("[-_.]+"; "-");
	def quantum: test("^(qiskit.*|pennylane.*|cirq.*|amazon-braket.*|pyquil|pytket.*|qsharp|azure-quantum|strawberryfields|dwave-ocean-sdk)$");
	def weight: {"CRITICAL": 25, "HIGH": 10, "MEDIUM": 4, "LOW": 1, "UNKNOWN": 2}[.];
	[.[] | .ArtifactName as $image | .Results[] | .Vulnerabilities // [] | .[]
	 | select((.PkgName | norm | quantum) and (.VulnerabilityID != $ignored))
	 | {image: $image, component: (.PkgName | norm), w: (.Severity | weight)}]
	| group_by([.image, .component])
	| map(.[0].image as $i | "\($i)|\(.[0].component)|\(100 - ([100, (map(.w) | add) + 50 * $creds[$i]] | min))")
	| sort | join(" ")' "${REPORTS[@]}")
actual=$(jq -r '[.quantum.components[] | "\(.image)|\(.component)|\(.score)"] | sort | join(" ")' "$OUT")
assert_eq "$expected" "$actual" "component scores"
assert_eq 6 "$(jq '.quantum.components | length' "$OUT")" "component count"

expected_images=$(jq -rs --argjson creds "$CREDENTIALS" \
	--arg ignored "$(grep -v '^#' "$Q/qpu-runner.trivyignore" | awk '{print $1}')" '
	def norm: ascii_downcase | gsub("[-_.]+"; "-");
	def quantum: test("^(qiskit.*|pennylane.*|cirq.*|amazon-braket.*|pyquil|pytket.*|qsharp|azure-quantum|strawberryfields|dwave-ocean-sdk)$");
	def weight: {"CRITICAL": 25, "HIGH": 10, "MEDIUM": 4, "LOW": 1, "UNKNOWN": 2}[.];
	map(.ArtifactName as $image
	    | [.Results[] | .Vulnerabilities // [] | .[]
	       | select((.PkgName | norm | quantum) and (.VulnerabilityID != $ignored))
	       | .Severity | weight] | add // 0
	    | "\($image)|\(100 - ([100, . + 50 * $creds[$image]] | min))")
	| sort | join(" ")' "${REPORTS[@]}")
assert_eq "$expected_images" \
	"$(jq -r '[.quantum.images[] | "\(.image)|\(.score)"] | sort | join(" ")' "$OUT")" "image scores"
assert_eq "$(jq '[.quantum.images[].score] | min' "$OUT")" "$(jq '.quantum.score' "$OUT")" \
	"the overall score is the lowest image score"

# Tags: every vulnerability of a quantum package, and the three credentials.
assert_eq "$(jq -rs 'def norm: ascii_downcase | gsub("[-_.]+"; "-");
	[.[].Results[] | .Vulnerabilities // [] | .[]
	 | select(.PkgName | norm | test("^(qiskit|pennylane|cirq|amazon-braket)")) | .VulnerabilityID]
	| sort | join(" ")' "${REPORTS[@]}")" \
	"$(jq -r '[.vulnerabilities[] | select(.tags | index("quantum")) | .id] | sort | join(" ")' "$OUT")" \
	"vulnerabilities tagged quantum"
assert_eq "aws-access-key-id@registry.example.com/lab/braket-jobs:1.0 azure-quantum-connection-string@registry.example.com/lab/azure-notebook:0.9 qiskit-ibm-token@registry.example.com/lab/qpu-runner:3.1" \
	"$(jq -r '[.secrets[] | select(.tags | index("quantum-credential")) | "\(.id)@\(.image)"] | sort | join(" ")' "$OUT")" \
	"secrets tagged quantum-credential"

# The example reports: qiskit-terra and pennylane, and the IBM Quantum token.
run_assay run -i "$ASSAY_SOURCE_DIR/examples/reports/trivy-quantum-app.json" -o "json:$OUT" --no-fail
assert_eq "pennylane qiskit-terra" "$(jq -r '.quantum.packages_matched | join(" ")' "$OUT")" \
	"quantum packages of the example report"
assert_eq 1 "$(jq '.quantum.images[0].credentials' "$OUT")" "credential in the example report"

# No quantum package and no credential: the section reports that and gives no score.
run_assay run -i "$DATA/json/trivy-app.json" -o "json:$OUT" --no-fail
assert_eq "null|no quantum packages found|0" \
	"$(jq -r '.quantum | "\(.score)|\(.message)|\(.components | length)"' "$OUT")" \
	"section without quantum packages"

# The policy replaces the list, or extends it.
printf 'quantum_packages = {"cirq*", "numpy"}\n' >"$WORK/replace.lua"
run_assay run -i "${REPORTS[0]}" -p "$WORK/replace.lua" -o "json:$OUT" --no-fail
assert_eq "cirq-core numpy" "$(jq -r '.quantum.packages_matched | join(" ")' "$OUT")" \
	"packages matched by a replacing list"
printf 'quantum_packages = {extend = {"NumPy"}}\n' >"$WORK/extend.lua"
run_assay run -i "${REPORTS[0]}" -p "$WORK/extend.lua" -o "json:$OUT" --no-fail
assert_eq "amazon-braket-sdk cirq-core numpy pennylane-lightning qiskit-ibm-runtime qiskit-terra" \
	"$(jq -r '.quantum.packages_matched | join(" ")' "$OUT")" "packages matched by an extended list"

finish
