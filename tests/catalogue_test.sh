#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# The suites refuse to emit observation keys missing from
# suites/observations.txt; this TAP test checks the other direction: every
# key in the catalogue is still named in a suite's source ("*" segments
# and "{a,b}" segments appear as "%s" in the sources' format strings).

set -eu

top=${SHMC_TOP_SRCDIR:-$(dirname "$0")/..}
catalogue="${top}/suites/observations.txt"

keys=$(grep -v -E '^[[:space:]]*(#|$)' "${catalogue}" | awk '{ print $1 }')
sources=$(cat "${top}"/suites/*.c)

stale=
n=0
for key in ${keys}; do
    n=$((n + 1))
    literal=$(echo "${key}" | sed -e 's/\*/%s/g' -e 's/{[^}]*}/%s/g')
    case "${sources}" in
        *"\"${literal}\""*) ;;
        *) stale="${stale} ${key}" ;;
    esac
done

echo "1..1"
if [ "${n}" -gt 0 ] && [ -z "${stale}" ]; then
    echo "ok 1 - all ${n} catalogue keys are used by the suites"
else
    echo "not ok 1 - catalogue keys no suite uses:${stale}"
fi
