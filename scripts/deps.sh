# SPDX-License-Identifier: Apache-2.0
# Install the Debian packages assay needs, when some are missing. Sourced by
# scripts/demo and scripts/test with the list of package groups to check.

# Packages to build and run assay.
ASSAY_BUILD_PACKAGES="build-essential cmake pkg-config liblua5.4-dev libcjson-dev libyaml-dev libdeflate-dev"
# Packages the tests use: the test framework and the real validators of each output.
ASSAY_TEST_PACKAGES="libcmocka-dev jq libxml2-utils python3 python3-jsonschema python3-yaml \
prometheus chromium fonts-dejavu-core cmark-gfm gzip"

# install_missing PACKAGE...: apt-get install the packages dpkg does not list as installed.
install_missing() {
	local missing=() package
	for package in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
			missing+=("$package")
		fi
	done
	if [ "${#missing[@]}" -eq 0 ]; then
		return 0
	fi
	echo "Installing missing packages: ${missing[*]}"
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		sudo="sudo"
	fi
	export DEBIAN_FRONTEND=noninteractive
	# Packages such as prometheus would start their daemon on install: a
	# policy-rc.d that exits with 101 keeps services stopped while installing.
	local policy=/usr/sbin/policy-rc.d created=0
	if [ ! -e "$policy" ] && [ "$(id -u)" -eq 0 ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
	fi
	local status=0
	$sudo apt-get update -qq && \
		$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
	if [ "$created" -eq 1 ]; then
		rm -f "$policy"
	fi
	return "$status"
}
