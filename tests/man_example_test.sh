#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# The example plugin shmcompat-provider(3) prints is plugins/example.c,
# the one the build compiles and make check loads: the page's literal
# block after "The example, which shmcompat builds", with mdoc's escapes
# undone (\e a backslash, \& nothing), equals the file.  TAP output.

set -u

top=${SHMC_TOP_SRCDIR:-$(dirname "$0")/..}
page=${top}/plugins/shmcompat-provider.3
source=${top}/plugins/example.c

work=$(mktemp -d "${TMPDIR:-/tmp}/shmc-man-example.XXXXXX") || exit 1
trap 'rm -rf "${work}"' EXIT

awk '
    /^The example, which shmcompat builds/ { found = 1; next }
    found && /^\.Bd -literal/ { inside = 1; next }
    inside && /^\.Ed$/ { exit }
    inside { print }
' "${page}" | sed -e 's/\\&//g' -e 's/\\e/\\/g' >"${work}/printed.c"

echo "1..1"
if [ -s "${work}/printed.c" ] && cmp -s "${work}/printed.c" "${source}"; then
    echo "ok 1 - shmcompat-provider(3) prints plugins/example.c exactly"
else
    echo "not ok 1 - shmcompat-provider(3)'s example differs from" \
        "plugins/example.c (first differences):"
    diff "${source}" "${work}/printed.c" | head -20 | sed 's/^/# /'
fi
