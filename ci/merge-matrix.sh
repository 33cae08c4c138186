#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# merge-matrix.sh MATRIX_DIR REPORT_TOOL REPORT...
#
# Merges the reports into the portability matrix in MATRIX_DIR, then diffs
# each report against report/baselines/PLATFORM-ID.json where there is one
# (saying so where there is none).  The one merge-and-compare step of
# ci/configurations.sh, ci/kernel-matrix.sh and ci/gather.sh.  Exit status:
# 0, 1 when a report differs from its baseline, 2 when the merge failed.

set -eu

Prog_Name=${0##*/}

main() {
    [ $# -ge 3 ] || {
        echo "usage: ${Prog_Name} MATRIX_DIR REPORT_TOOL REPORT..." 1>&2
        exit 2
    }
    matrix=$1
    tool=$2
    shift 2
    baselines="$(cd "$(dirname "$0")/.." && pwd)/report/baselines"
    mkdir -p "${matrix}"
    echo "==> merging $# reports into ${matrix}"
    "${tool}" merge --output-dir "${matrix}" "$@" || exit 2
    changed=0
    for report in "$@"; do
        id=$("${tool}" platform "${report}")
        if [ -f "${baselines}/${id}.json" ]; then
            echo "==> ${id} against its baseline"
            "${tool}" diff "${baselines}/${id}.json" "${report}" || changed=1
        else
            echo "==> ${id}: no baseline in report/baselines/"
        fi
    done
    exit "${changed}"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
