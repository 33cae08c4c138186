#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# concurrent.sh [RUNS [ROUNDS]]
#
# Runs the whole suite RUNS times at once (default 4), ROUNDS rounds
# (default 5), each run with its own random run id, and counts the cases
# that failed or broke: runs must not collide on names, keys or cleanup.
# One line per round; exit 1 when a case failed or broke.  From a built
# tree.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

bad_in() {
    kyua --logfile=/dev/null db-exec --no-headers --results-file="$1" \
        "SELECT COUNT(*) FROM test_results
         WHERE result_type IN ('failed', 'broken')"
}

main() {
    runs=${1:-4}
    rounds=${2:-5}
    [ -x clean/shmcompat-clean ] || err "run it from a built tree"
    build=$(pwd)
    top=$(cd "$(dirname "$0")/.." && pwd)
    out=${build}/concurrent
    rm -rf "${out}"
    total=0
    round=1
    while [ "${round}" -le "${rounds}" ]; do
        pids=
        r=1
        while [ "${r}" -le "${runs}" ]; do
            d=${out}/${round}-${r}
            mkdir -p "${d}/home" "${d}/tmp" "${d}/runs"
            SHMCOMPAT_RUN_ID=$(clean/shmcompat-clean --new-run-id) \
            SHMCOMPAT_RUN_DIR=${d}/runs HOME=${d}/home TMPDIR=${d}/tmp \
            kyua --logfile="${d}/kyua.log" \
                -v test_suites.shmcompat.probe="${build}/probes/shmcompat-probe" \
                -v test_suites.shmcompat.plugin_dir="${build}/plugins/.libs" \
                test --kyuafile="${top}/Kyuafile" --build-root="${build}" \
                --results-file="${d}/results.db" >"${d}/kyua.out" 2>&1 &
            pids="${pids} $!"
            r=$((r + 1))
        done
        for pid in ${pids}; do
            wait "${pid}" || :
        done
        bad=0
        r=1
        while [ "${r}" -le "${runs}" ]; do
            n=$(bad_in "${out}/${round}-${r}/results.db")
            if [ "${n}" -ne 0 ]; then
                kyua --logfile=/dev/null report \
                    --results-file="${out}/${round}-${r}/results.db" \
                    --results-filter=failed,broken | grep -- '->' || :
            fi
            bad=$((bad + n))
            r=$((r + 1))
        done
        echo "round ${round}: ${runs} concurrent runs, ${bad} cases failed" \
            "or broke"
        total=$((total + bad))
        round=$((round + 1))
    done
    echo "${total} failures in ${rounds} rounds of ${runs} concurrent runs"
    [ "${total}" -eq 0 ]
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
