#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Lists that live in two places and must agree:
# 1. configure compiles the probe from a source list in m4/probe-tool.m4;
#    it must name exactly the probe's files automake builds;
# 2. suites/Kyuafile must run exactly the suite programs
#    suites/Makefile.am.inc builds (a program left out is never run);
# 3. the variables Makefile.am declares for every directory are only
#    appended to (+=) by the Makefile.am.inc files, never assigned;
# 4. suites/provider_programs.am is what suites/gen-provider-programs.sh
#    makes of suites/provider_programs.txt (a changed list regenerated).

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

echo "1..4"
if [ -n "${m4_list}" ] && [ -z "${missing}" ]; then
    echo "ok 1 - probe sources agree between m4/probe-tool.m4 and automake"
else
    echo "not ok 1 - probe sources differ:${missing}"
fi

kyua_list=$(sed -n 's/.*atf_test_program{name="\([^"]*\)".*/\1/p' \
    "${top}/suites/Kyuafile" | sort)
built_list=$(cat "${top}/suites/Makefile.am.inc" \
    "${top}/suites/provider_programs.am" |
    sed -n 's|^suitestests_PROGRAMS += suites/\([^ ]*\).*|\1|p' | sort)
if [ -n "${kyua_list}" ] && [ "${kyua_list}" = "${built_list}" ]; then
    echo "ok 2 - suites/Kyuafile runs every suite program built, and only those"
else
    echo "not ok 2 - suites/Kyuafile and suites/Makefile.am.inc differ:"
    printf '%s\n' "${kyua_list}" >"${TMPDIR:-/tmp}/shmc-kyua.$$"
    printf '%s\n' "${built_list}" | diff "${TMPDIR:-/tmp}/shmc-kyua.$$" - |
        sed -n 's/^[<>] /# /p' || :
    rm -f "${TMPDIR:-/tmp}/shmc-kyua.$$"
fi

declared=$(sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\) *=.*/\1/p' \
    "${top}/Makefile.am")
assigned=
# The files Makefile.am includes: a find would also take the sources of
# other packages that ci/build-musl.sh unpacks into build-musl/.
incs=$(sed -n 's/^include \(.*Makefile\.am\.inc\)$/\1/p' "${top}/Makefile.am")
for inc in ${incs}; do
    inc=${top}/${inc}
    for v in ${declared}; do
        if grep -Eq "^${v}[[:space:]]*=" "${inc}"; then
            assigned="${assigned} ${inc#"${top}"/}:${v}"
        fi
    done
done
if [ -n "${declared}" ] && [ -z "${assigned}" ]; then
    echo "ok 3 - the Makefile.am.inc files only append to Makefile.am's variables"
else
    echo "not ok 3 - assigned instead of appended:${assigned}"
fi

if sh "${top}/suites/gen-provider-programs.sh" |
    cmp -s - "${top}/suites/provider_programs.am"; then
    echo "ok 4 - suites/provider_programs.am is generated from its list"
else
    echo "not ok 4 - suites/provider_programs.am differs from what" \
        "suites/gen-provider-programs.sh makes: regenerate it"
fi
