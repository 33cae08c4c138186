#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# configure compiles the probe from a source list in m4/probe-tool.m4; this
# TAP test fails when that list names a file automake does not build, or
# leaves out one of the probe's own files (probes/*.c).

set -eu

top=${SHMC_TOP_SRCDIR:-$(dirname "$0")/..}

words() {
    tr -c 'A-Za-z0-9_./-' '\n' | grep -E '^(lib|probes)/.*\.c$' | sort -u
}

m4_list=$(sed -n '/^m4_define(\[_SHMC_PROBE_SOURCES\]/,/\])/p' \
    "${top}/m4/probe-tool.m4" | words)
am_list=$(cat "${top}/lib/Makefile.am.inc" "${top}/probes/Makefile.am.inc" |
    words)

missing=
for f in ${m4_list}; do
    echo "${am_list}" | grep -qx "${f}" || missing="${missing} ${f}"
done
for f in $(echo "${am_list}" | grep '^probes/'); do
    echo "${m4_list}" | grep -qx "${f}" || missing="${missing} ${f}"
done

echo "1..1"
if [ -n "${m4_list}" ] && [ -z "${missing}" ]; then
    echo "ok 1 - probe sources agree between m4/probe-tool.m4 and automake"
else
    echo "not ok 1 - probe sources differ:${missing}"
fi
