#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Checks of liblinux.so as a file: a self-contained shared object that
# exports exactly the API of liblinux.h and never reads a host clock.
#
#   test-elf.sh [path/to/liblinux.so]
#
# Prints "ok - elf: ..." / "not ok - elf: ...: reason" per check and
# "N passed, N failed"; exits non-zero on any failure.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kernel=$(cd "$here/.." && pwd)
so=${1:-${LIBLINUX_SO:-$kernel/build/liblinux.so}}
header=$kernel/include/liblinux.h
passed=0
failed=0

ok() { echo "ok - elf: $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - elf: $1: $2"; failed=$((failed + 1)); }
# check NAME REASON-IF-NONEMPTY: passes when the reason is empty.
check() {
	if [ -z "$2" ]; then ok "$1"; else not_ok "$1" "$(echo "$2" | head -5 | tr '\n' ' ' | tr -s ' ')"; fi
}
summary() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }

if [ ! -r "$so" ]; then
	not_ok "library exists" "$so not found (build it with kernel/build.sh)"
	summary
	exit
fi
ok "library exists"

dyn=$(readelf -d -W "$so" 2>&1)
type=$(readelf -h -W "$so" | sed -n 's/^ *Type: *\([A-Z_]*\).*/\1/p')
check "ET_DYN" "$([ "$type" = DYN ] || echo "type is '$type'")"
check "no DT_NEEDED" "$(echo "$dyn" | grep '(NEEDED)')"
check "no undefined dynamic symbols" "$(nm -D --undefined-only "$so" 2>&1)"
check "no STATIC_TLS flag" "$(echo "$dyn" | grep -E '\(FLAGS' | grep STATIC_TLS)"
check "no TEXTREL" "$(echo "$dyn" | grep -E 'TEXTREL')"

# The API: every function declared at the start of a line in the header.
want=$(grep -E '^[a-z][a-z0-9_ ]*[ *]lib_[a-z0-9_]+\(' "$header" |
	sed -E 's/^.*[ *](lib_[a-z0-9_]+)\(.*$/\1/' | sort -u)
# Defined dynamic symbols, minus the version node (type A) of the map.
have=$(nm -D --defined-only "$so" | awk '!($2 == "A" && $3 ~ /^LIBLINUX_/) { print $3 }' |
	sed 's/@.*//' | sort -u)
if [ "$(echo "$want" | wc -l)" -lt 10 ]; then
	not_ok "exports exactly the API" "parsed only: $want"
else
	diff_out=$(diff <(echo "$want") <(echo "$have") | grep '^[<>]' |
		sed 's/^</missing/; s/^>/extra/')
	check "exports exactly the API ($(echo "$want" | wc -l) functions)" "$diff_out"
fi

disasm=$(objdump -d --no-show-raw-insn "$so")
check "no rdtsc/rdtscp instruction" \
	"$(echo "$disasm" | grep -E $'\t(rdtsc|rdtscp)( |$)' | head -3)"
# A kernel in a library has no business asking the host kernel anything.
check "no syscall/sysenter/int 0x80 instruction" \
	"$(echo "$disasm" | grep -E $'\t(syscall|sysenter)( |$)|\tint +\\$0x80' | head -3)"
clock_syms='^(clock_gettime|gettimeofday|__clock_gettime|__vdso_clock_gettime|__vdso_gettimeofday)(@.*)?$'
check "no clock_gettime/gettimeofday in .dynsym" \
	"$(nm -D "$so" 2>/dev/null | awk '{ print $NF }' | grep -E "$clock_syms")"
check "no clock_gettime/gettimeofday in .symtab" \
	"$(nm "$so" 2>/dev/null | awk '{ print $NF }' | grep -E "$clock_syms")"

summary
