#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# configure compiles the probe from a source list in m4/probe-tool.m4 that
# must name the same files as the automake lists; this TAP test fails when
# the two drift apart.

set -eu

top=${SHMC_TOP_SRCDIR:-$(dirname "$0")/..}

m4_list=$(sed -n '/^m4_define(\[_SHMC_PROBE_SOURCES\]/,/\])/p' \
    "${top}/m4/probe-tool.m4" | tr -c 'A-Za-z0-9_./-' '\n' | grep '\.c$' |
    sort)
am_list=$(cat "${top}/lib/Makefile.am.inc" "${top}/probes/Makefile.am.inc" |
    tr -c 'A-Za-z0-9_./-' '\n' | grep -E '^(lib|probes)/.*\.c$' |
    grep -v '^lib/cleanup\.c$' | sort)

echo "1..1"
if [ -n "${m4_list}" ] && [ "${m4_list}" = "${am_list}" ]; then
    echo "ok 1 - probe sources agree between m4/probe-tool.m4 and automake"
else
    echo "not ok 1 - probe sources differ"
    echo "# m4: $(echo "${m4_list}" | tr '\n' ' ')"
    echo "# am: $(echo "${am_list}" | tr '\n' ' ')"
fi
