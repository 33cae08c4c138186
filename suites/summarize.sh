#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# summarize.sh KYUA RESULTS_DB [TRS_FILE ...]
#
# Prints one line, "N passed, N failed, N skipped", over every test case in
# a kyua results database and every unit test case that automake recorded
# in .trs files.  kyua's own summary counts skipped cases as passed, so the
# counts are taken from the results instead.  Expected failures count as
# passed; broken cases as failed.  Exits 1 if the database is unreadable.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

main() {
    [ $# -ge 2 ] || err "usage: ${Prog_Name} KYUA RESULTS_DB [TRS_FILE ...]"
    kyua=$1
    db=$2
    shift 2
    [ -f "${db}" ] || err "${db}: no such results database"

    rows=$("${kyua}" --logfile=/dev/null db-exec --no-headers \
        --results-file="${db}" \
        "SELECT result_type, COUNT(*) FROM test_results GROUP BY result_type") \
        || err "${db}: cannot read the kyua results"

    passed=0
    failed=0
    skipped=0
    for row in ${rows}; do
        type=${row%%,*}
        count=${row#*,}
        case "${type}" in
            passed|expected_failure) passed=$((passed + count)) ;;
            skipped) skipped=$((skipped + count)) ;;
            *) failed=$((failed + count)) ;;
        esac
    done

    for trs in "$@"; do
        [ -f "${trs}" ] || continue
        while read -r tag result _; do
            [ "${tag}" = ":test-result:" ] || continue
            case "${result}" in
                PASS|XFAIL) passed=$((passed + 1)) ;;
                SKIP) skipped=$((skipped + 1)) ;;
                *) failed=$((failed + 1)) ;;
            esac
        done <"${trs}"
    done

    echo "${passed} passed, ${failed} failed, ${skipped} skipped"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
