#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# gather.sh RESULTS_DIR OUTDIR REPORT_TOOL
#
# The CI's final job: merges every platform's report
# (RESULTS_DIR/*/report.json, as run-platform.sh leaves them) into the
# portability matrix in OUTDIR, adds the differences to the job summary
# when GITHUB_STEP_SUMMARY is set, and diffs each platform against its
# baseline in report/baselines/ where one exists.  Exits 1 when a platform
# changed from its baseline.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

main() {
    [ $# -eq 3 ] || err "usage: ${Prog_Name} RESULTS_DIR OUTDIR REPORT_TOOL"
    results=$1
    out=$2
    tool=$3
    reports=$(ls "${results}"/*/report.json 2>/dev/null) ||
        err "no report.json under ${results}"
    changed=0
    # shellcheck disable=SC2086
    sh "$(dirname "$0")/merge-matrix.sh" "${out}" "${tool}" ${reports} ||
        changed=$?
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "${changed}" -le 1 ]; then
        cat "${out}/matrix-differences.md" >>"${GITHUB_STEP_SUMMARY}"
    fi
    exit "${changed}"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
