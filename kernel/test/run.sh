#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs the ELF checks and the C tests and prints one combined
# "N passed, N failed" line; exits non-zero on any failure.
#
#   kernel/test/run.sh [test-name-substring...]
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
passed=0
failed=0

# Runs one part, passing its lines through but adding up its summary.
part() {
	local line seen=0
	while IFS= read -r line; do
		if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
			passed=$((passed + BASH_REMATCH[1]))
			failed=$((failed + BASH_REMATCH[2]))
			seen=1
		else
			echo "$line"
		fi
	done < <("$@" 2>&1)
	if [ "$seen" -eq 0 ]; then
		echo "not ok - $(basename "$1"): ended without a summary"
		failed=$((failed + 1))
	fi
}

[ $# -eq 0 ] && part "$here/test-elf.sh"
[ $# -eq 0 ] && part "$here/out/test-csum"
[ $# -eq 0 ] && part "$here/out/test-string"
part "$here/out/liblinux-test" "$@"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
