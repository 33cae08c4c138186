#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# A build leaves the checkout as git sees it: every file the build, make
# check or make report writes is named in .gitignore, so that "git add -A"
# never commits a binary.  Run by make check, after every check program
# was built; skipped outside a git checkout (a release tarball).  A new
# source file not yet added to git shows here too: add it.

set -eu

top=${SHMC_TOP_SRCDIR:-$(dirname "$0")/..}

echo "1..1"
# Only the top of a checkout: a release tree unpacked inside one (make
# distcheck) is not what git tracks.
if ! command -v git >/dev/null 2>&1 ||
    [ "$(git -C "${top}" rev-parse --show-toplevel 2>/dev/null)" != \
        "$(cd "${top}" && pwd -P)" ]; then
    echo "ok 1 # SKIP not the top of a git checkout"
    exit 0
fi
stray=$(git -C "${top}" ls-files --others --exclude-standard)
if [ -z "${stray}" ]; then
    echo "ok 1 - the build left no file that .gitignore misses"
else
    echo "not ok 1 - files .gitignore misses (build outputs go into" \
        ".gitignore, new sources into git):"
    echo "${stray}" | sed 's/^/# /'
fi
