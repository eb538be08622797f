#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds liblinux twice from the same inputs in two different directories
# (the port copied to each, each with a cache of its own: other source,
# object and output paths) and checks that the two libraries are the
# same bytes.  Two full builds: about 10 minutes on 2 cores (627 s measured).
#
#   kernel/check-reproducible.sh [WORKDIR]   (default: a new directory under /tmp)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=${1:-$(mktemp -d /tmp/libsim-repro-build.XXXXXX)}
mkdir -p "$work"

build_in() {
	local dir=$1
	mkdir -p "$dir"
	rsync -a --delete --exclude build/ --exclude test/out/ --exclude bench/out/ "$here/" "$dir/kernel/"
	LIBSIM_CACHE="$dir/cache" "$dir/kernel/build.sh" >"$dir/build.out" 2>&1 ||
		{ echo "build in $dir failed: see $dir/build.out" >&2; exit 1; }
}

start=$SECONDS
build_in "$work/first"
build_in "$work/second-in-another-place"
a=$(sha256sum "$work"/first/kernel/build/liblinux-*.so | cut -d' ' -f1)
b=$(sha256sum "$work"/second-in-another-place/kernel/build/liblinux-*.so | cut -d' ' -f1)
echo "first:  $a"
echo "second: $b"
echo "two builds in $((SECONDS - start)) s"
if [ "$a" != "$b" ]; then
	echo "different bytes: compare with diffoscope or cmp -l in $work" >&2
	exit 1
fi
rm -rf "$work"
echo "same bytes"
