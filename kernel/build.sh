#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds liblinux-<version>.so from Debian's linux-source-6.1 and our
# ARCH=lib port, in a cache outside the repository:
#
#   kernel/build.sh            build (or reuse) and copy to kernel/build/
#   kernel/build.sh --check    exit 0 if the cached build is current
#
# Every library built is also kept, never replaced, under
# $cache/kernels/<Debian version>/<SHA-256 prefix>/: Debian's archive
# serves only the newest linux-source-6.1, so an older build could not be
# made again (`libsim kernels` lists them).
#
# Environment: LIBSIM_CACHE (default /var/cache/libsim when writable, else
# ~/.cache/libsim), LIBSIM_JOBS (default: number of CPUs).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
tarball=/usr/src/linux-source-6.1.tar.xz
packages=(linux-source-6.1 gcc make binutils bc bison flex xz-utils perl rsync patch)

say() { printf '[liblinux] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

install_packages() {
	local missing=() p
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		say "missing Debian packages: ${missing[*]}"
		say "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
		exit 1
	fi
	say "installing ${missing[*]}"
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

pick_cache() {
	if [ -n "${LIBSIM_CACHE:-}" ]; then
		echo "$LIBSIM_CACHE"
	elif mkdir -p /var/cache/libsim 2>/dev/null && [ -w /var/cache/libsim ]; then
		echo /var/cache/libsim
	else
		echo "${XDG_CACHE_HOME:-$HOME/.cache}/libsim"
	fi
}

# Everything that decides the result: our sources, patches, this script
# and the exact Debian kernel package.
inputs_hash() {
	{
		echo "$debver"
		cat "$here/build.sh"
		(cd "$here" && find arch include patches -type f ! -name '*.md' |
			LC_ALL=C sort | xargs sha256sum)
	} | sha256sum | cut -c1-16
}

patches_hash() {
	(cd "$here" && find patches -name '*.patch' | LC_ALL=C sort | xargs -r sha256sum) |
		sha256sum | cut -c1-16
}

# Unpacks the tarball once per package version (and per patch set), so
# incremental builds reuse the same tree and objects.
prepare_source() {
	local want
	want=$(patches_hash)
	if [ -f "$src/.libsim-patches" ] && [ "$(cat "$src/.libsim-patches")" = "$want" ]; then
		return 0
	fi
	say "unpacking $tarball into $src"
	rm -rf "$src" "$src.tmp" "$obj"
	mkdir -p "$src.tmp"
	tar -xf "$tarball" -C "$src.tmp" --strip-components=1
	local p
	for p in $(cd "$here" && find patches -name '*.patch' | LC_ALL=C sort); do
		say "applying $p"
		patch -d "$src.tmp" -p1 --quiet <"$here/$p" || die "patch $p does not apply"
	done
	echo "$want" >"$src.tmp/.libsim-patches"
	mv "$src.tmp" "$src"
}

# Copies the port into the tree, touching only files that changed, so
# make rebuilds only what depends on them.  Kbuild's dependency files do
# not notice a header that starts to shadow another (say asm/foo.h taking
# over from a generated wrapper), so a change in the set of arch headers
# starts from clean objects.
place_port() {
	local headers
	headers=$(cd "$here/arch/lib/include" && find . -type f | LC_ALL=C sort | sha256sum | cut -c1-16)
	if [ -d "$obj" ] && [ "$(cat "$obj/.libsim-headers" 2>/dev/null)" != "$headers" ]; then
		say "the set of arch headers changed: rebuilding from clean objects"
		rm -rf "$obj"
	fi
	mkdir -p "$obj"
	echo "$headers" >"$obj/.libsim-headers"
	rsync -rc --delete "$here/arch/lib/" "$src/arch/lib/"
	rsync -c "$here/include/liblinux.h" "$src/arch/lib/include/liblinux.h"
}

progress() {
	local pid=$1 n last=-1
	while kill -0 "$pid" 2>/dev/null; do
		n=$(grep -c '^  CC ' "$log" 2>/dev/null || true)
		if [ -t 2 ]; then
			printf '\r[liblinux] compiling: %s objects (log: %s)' "$n" "$log" >&2
		elif [ "$n" != "$last" ] && [ $((SECONDS % 30)) -lt 2 ]; then
			say "compiling: $n objects"
			last=$n
		fi
		sleep 2
	done
	[ -t 2 ] && printf '\n' >&2
	return 0
}

# Copies the library just built into the store of kept builds with the
# Debian version in a section of its own, .liblinux.source, which is never
# loaded: the provenance of a run reads it, no kernel does.
keep_library() {
	local built tagged sum dir
	built=$(ls "$obj"/liblinux-*.so | head -1)
	tagged="$obj/.tagged.so"
	printf 'linux-source-6.1 %s\n' "$debver" >"$obj/.libsim-source"
	objcopy --add-section .liblinux.source="$obj/.libsim-source" \
		--set-section-flags .liblinux.source=contents,readonly \
		"$built" "$tagged" || die "objcopy failed on $built"
	sum=$(sha256sum "$tagged" | cut -c1-12)
	dir="$cache/kernels/$debver/$sum"
	mkdir -p "$dir"
	[ -f "$dir/$(basename "$built")" ] || mv -f "$tagged" "$dir/$(basename "$built")"
	rm -f "$tagged"
	echo "$dir/$(basename "$built")" >"$obj/.libsim-library"
}

main() {
	install_packages
	[ -f "$tarball" ] || die "$tarball not found (package linux-source-6.1)"
	debver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
	cache=$(pick_cache)
	src="$cache/linux-source-$debver"
	obj="$cache/build-$debver"
	log="$obj/build.log"
	mkdir -p "$cache"

	# One build at a time per cache: two checkouts building at once (an
	# `npm ci` beside an `npm test`) unpacked and compiled over each other
	# and both failed.  The second waits, then finds the library built.
	exec 9>"$cache/.lock"
	if ! flock -n 9; then
		say "waiting for another build in $cache"
		flock 9
	fi

	local hash
	hash=$(inputs_hash)
	if [ "${1:-}" = "--check" ]; then
		[ -f "$obj/.libsim-inputs" ] && [ "$(cat "$obj/.libsim-inputs")" = "$hash" ]
		exit $?
	fi

	if [ -f "$obj/.libsim-inputs" ] && [ "$(cat "$obj/.libsim-inputs")" = "$hash" ] &&
		ls "$obj"/liblinux-*.so >/dev/null 2>&1; then
		say "up to date ($obj)"
	else
		prepare_source
		place_port
		rm -f "$obj/.libsim-inputs"
		local jobs=${LIBSIM_JOBS:-$(nproc)}
		say "building with $jobs jobs in $obj"
		: >"$log"
		# The same inputs give the same library, whoever builds it, and
		# the version text is the same for every build: what a node sees
		# (uname, /proc/version) must not change with a Debian revision
		# that changed no code.  keep_library records the Debian version.
		export KBUILD_BUILD_USER=libsim KBUILD_BUILD_HOST=libsim \
			KBUILD_BUILD_TIMESTAMP=libsim KBUILD_BUILD_VERSION=1
		(
			make -C "$src" O="$obj" ARCH=lib lib_defconfig &&
				make -C "$src" O="$obj" ARCH=lib -j"$jobs" library
		) >>"$log" 2>&1 &
		local pid=$!
		progress "$pid"
		if ! wait "$pid"; then
			say "build failed; first error:"
			grep -m1 -B2 -A6 -E 'error:|Error [0-9]|undefined reference|multiple definition' "$log" >&2 ||
				tail -20 "$log" >&2
			say "full log: $log"
			exit 1
		fi
		keep_library
		echo "$hash" >"$obj/.libsim-inputs"
	fi

	local so
	so=$(cat "$obj/.libsim-library" 2>/dev/null || true)
	if [ -z "$so" ] || [ ! -f "$so" ]; then
		# A cache from before libraries were kept, or a kept one removed.
		keep_library
		so=$(cat "$obj/.libsim-library")
	fi
	mkdir -p "$here/build"
	# Replaced by rename: a program running the old copy keeps it intact.
	cp -f "$so" "$here/build/.new.so"
	mv -f "$here/build/.new.so" "$here/build/$(basename "$so")"
	ln -sf "$(basename "$so")" "$here/build/liblinux.so"
	say "ready: kernel/build/$(basename "$so")"
}

main "$@"
