#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# boilerplate.sh [BUILDDIR]
#
# Average boilerplate per test case over every suite (suites/*_test.c):
# the lines that are neither a case's own logic nor its description or
# declared needs.  Counted as boilerplate: the lines declaring a case
# (ATF_TC*, SHMC_TC* first line, SHMC_T_CLEANUP, ATF_TP_ADD_TC), the
# braces of its head and body, head lines other than the description,
# "(void)tc;", and every line of a suite's own case-declaring #define.
# Cases are counted from the built programs' own list (PROGRAM -l), so a
# macro that declares several cases counts each.  BUILDDIR defaults to
# the current folder.

set -eu

build=${1:-.}
top=$(cd "$(dirname "$0")/.." && pwd)

total_lines=0
total_cases=0
printf '%-34s %6s %6s %8s\n' file cases lines per-case
for src in "${top}"/suites/*_test.c; do
    base=$(basename "${src}" .c)
    prog="${build}/suites/${base}"
    [ -x "${prog}" ] || { echo "${prog}: not built" >&2; exit 1; }
    cases=$("${prog}" -l | grep -c '^ident:')
    lines=$(awk '
        # A suite-local macro that declares cases: all of it.
        indef { n++; if ($0 !~ /\\$/) indef = 0; next }
        /^#[ \t]*define[ \t]+[A-Z_]*(CASE|REGION)[ \t(]/ {
            n++; indef = ($0 ~ /\\$/); next }
        /^(ATF_TC_WITH_CLEANUP|ATF_TC_WITHOUT_HEAD|ATF_TC)\(/ { n++; next }
        /^SHMC_T_CLEANUP\(/ { n++; next }
        /^[ \t]*ATF_TP_ADD_TC\(/ { n++; next }
        /^[ \t]*\(void\)tc;/ { n++; next }
        /^ATF_TC_HEAD\(/ { n++; inhead = 1; next }
        /^ATF_TC_BODY\(/ { n++; inbody = 1; next }
        /^SHMC_TC(_NEEDS)?\(/ { n++; inbody = 1; next }
        inhead && /^[{}]/ { n++; if ($0 ~ /^}/) inhead = 0; next }
        inhead && /atf_tc_set_md_var\(tc, "descr"/ { indescr = 1 }
        inhead && indescr { if ($0 ~ /\);[ \t]*$/) indescr = 0; next }
        inhead { n++; next }
        inbody && /^[{}]/ { n++; if ($0 ~ /^}/) inbody = 0; next }
        END { print n + 0 }' "${src}")
    printf '%-34s %6d %6d %8.2f\n' "${base}.c" "${cases}" "${lines}" \
        "$(echo "${lines} ${cases}" | awk '{ print $2 ? $1 / $2 : 0 }')"
    total_lines=$((total_lines + lines))
    total_cases=$((total_cases + cases))
done
printf '%-34s %6d %6d %8.2f\n' all "${total_cases}" "${total_lines}" \
    "$(echo "${total_lines} ${total_cases}" | awk '{ print $1 / $2 }')"
