#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# gather.sh RESULTS_DIR
#
# The CI's final job: reads each platform's results (RESULTS_DIR/*/,
# as uploaded by run-platform.sh) and prints a Markdown table of every
# test case's result per platform, plus each platform's shm directory.
# shmcompat-report will take over the merging; this keeps the matrix
# visible until then.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

dump_results() {
    for db in "$1"/*/results.db; do
        [ -f "${db}" ] || continue
        platform=$(basename "$(dirname "${db}")")
        platform=${platform#results-}
        sqlite3 -separator '|' "${db}" \
            "SELECT '${platform}', tp.relative_path || ':' || tc.name,
                    tr.result_type
               FROM test_results tr
               JOIN test_cases tc USING (test_case_id)
               JOIN test_programs tp USING (test_program_id);"
    done
}

main() {
    [ $# -eq 1 ] || err "usage: ${Prog_Name} RESULTS_DIR"
    [ -d "$1" ] || err "$1: no such directory"
    command -v sqlite3 >/dev/null 2>&1 || err "sqlite3 is required"

    dump_results "$1" | awk -F'|' '
        { if (!($1 in seen)) { seen[$1] = 1; plats[++np] = $1 }
          if (!($2 in seenc)) { seenc[$2] = 1; cases[++nc] = $2 }
          cell[$1, $2] = $3 }
        END {
            if (np == 0) { print "No results were found."; exit }
            line = "| test case |"; sep = "|---|"
            for (p = 1; p <= np; p++) { line = line " " plats[p] " |"; sep = sep "---|" }
            print line; print sep
            for (c = 1; c <= nc; c++) {
                line = "| " cases[c] " |"
                for (p = 1; p <= np; p++) {
                    v = ((plats[p], cases[c]) in cell) ? cell[plats[p], cases[c]] : "n/a"
                    line = line " " v " |"
                }
                print line
            }
        }'
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
