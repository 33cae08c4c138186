#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# kill-recovery.sh [N [kyua|program|both]]
#
# Kills runs of the whole suite and shows that shmcompat-clean recovers
# everything they left: N times (default 10) kyua itself, N times one of
# its test programs, each with SIGKILL at a random moment.  After each, it
# waits for the run's processes to end, runs shmcompat-clean on the run's
# directory, and counts what is left of that run: names with its id in the
# shm directory, System V segments its processes created, and objects of
# the project (names with its prefix) in the run's TMPDIR.  One line per
# trial; exit 1 when anything was left.  From a built tree.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

# A random number in [0, $1).
random_below() {
    n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
    echo $((n % $1))
}

# The shm directory, as the probe measures it ("" when there is none).
shm_dir() {
    probes/shmcompat-probe --get shm_dir.path 2>/dev/null | tr -d '"' |
        grep -v '^null$' || :
}

# A test program of run $1 (kyua: pid $2) running now, if any: the last
# process the run's record names, while it runs (kyua spends much of a
# run between test programs, which live for milliseconds each, so the
# record is watched as long as kyua runs).
test_program_of() {
    while state=$(ps -o stat= -p "$2" 2>/dev/null) &&
        [ "${state#Z}" = "${state}" ]; do
        pid=$(sed -n 's/^proc \([0-9]*\) .*/\1/p' "${runs}/$1.objects" \
            2>/dev/null | tail -n 1)
        if [ -n "${pid}" ] && kill -0 "${pid}" 2>/dev/null; then
            echo "${pid}"
            return 0
        fi
    done
    return 0
}

# The pids a run's record names.
run_pids() {
    sed -n 's/^proc \([0-9]*\) .*/\1/p' "$1" 2>/dev/null || :
}

# Left of run $1 (record copy $2, TMPDIR $3): "SHM SYSV TMP" counts; SHM
# includes the C library's temporary sem.XXXXXX files made since the
# trial began (${stamp}).
leftovers() {
    shm=0
    if [ -n "${dir}" ]; then
        shm=$(find "${dir}" -maxdepth 1 \( -name "*shmc_$1_*" -o \
            \( -name 'sem.??????' -newer "${stamp}" \) \) | wc -l)
    fi
    sysv=0
    if [ -r /proc/sysvipc/shm ]; then
        for pid in $(run_pids "$2"); do
            n=$(awk -v p="${pid}" 'NR > 1 && $5 == p' /proc/sysvipc/shm |
                wc -l)
            sysv=$((sysv + n))
        done
    fi
    tmp=$(find "$3" \( -name '*shmc_*' -o -name 'key-token-*' \) \
        ! -name 'shmc-created.txt' 2>/dev/null | wc -l)
    echo "${shm} ${sysv} ${tmp}"
}

trial() {
    what=$1 i=$2
    id=$(clean/shmcompat-clean --new-run-id)
    tmp=${out}/tmp-${what}-${i}
    stamp=${out}/stamp-${what}-${i}
    : >"${stamp}"
    mkdir -p "${tmp}" "${out}/home"
    # A whole run takes 15 to 30 seconds here.
    delay=$((1 + $(random_below 12)))
    SHMCOMPAT_RUN_ID=${id} SHMCOMPAT_RUN_DIR=${runs} HOME=${out}/home \
    TMPDIR=${tmp} kyua --logfile="${out}/kyua.log" \
        -v parallelism=2 \
        -v test_suites.shmcompat.probe="${build}/probes/shmcompat-probe" \
        -v test_suites.shmcompat.plugin_dir="${build}/plugins/.libs" \
        test --kyuafile="${top}/Kyuafile" --build-root="${build}" \
        --results-file="${out}/results-${what}-${i}.db" \
        >"${out}/kyua-${what}-${i}.out" 2>&1 &
    kyua_pid=$!
    # The random moment of the kill.
    sleep "${delay}"
    victim=
    if [ "${what}" = kyua ]; then
        victim=${kyua_pid}
    else
        victim=$(test_program_of "${id}" "${kyua_pid}" || :)
    fi
    if [ -n "${victim}" ]; then
        kill -KILL "${victim}" 2>/dev/null || :
    fi
    wait "${kyua_pid}" || :
    cp "${runs}/${id}.objects" "${out}/record-${what}-${i}" 2>/dev/null ||
        : >"${out}/record-${what}-${i}"
    before=$(leftovers "${id}" "${out}/record-${what}-${i}" "${tmp}")
    clean/shmcompat-clean --run-dir "${runs}" --wait 60 --min-age 0 \
        >"${out}/clean-${what}-${i}.out" 2>&1 || :
    after=$(leftovers "${id}" "${out}/record-${what}-${i}" "${tmp}")
    removed=$(sed -n 's/^\([0-9]*\) removed.*/\1/p' \
        "${out}/clean-${what}-${i}.out")
    echo "${what} #${i}: killed ${victim:-nothing (the run had ended)}" \
        "after ${delay}s; before clean shm/sysv/tmp: ${before};" \
        "shmcompat-clean removed ${removed:-?}; after: ${after}"
    case ${after} in
        "0 0 0") ;;
        *) failures=$((failures + 1)) ;;
    esac
}

main() {
    n=${1:-10}
    which=${2:-both}
    [ -x clean/shmcompat-clean ] || err "run it from a built tree"
    build=$(pwd)
    top=$(cd "$(dirname "$0")/.." && pwd)
    out=${build}/kill-recovery
    runs=${out}/runs
    rm -rf "${out}"
    mkdir -p "${runs}"
    dir=$(shm_dir)
    failures=0
    trials=0
    for what in kyua program; do
        case ${which} in both|"${what}") ;; *) continue ;; esac
        i=1
        while [ "${i}" -le "${n}" ]; do
            trial "${what}" "${i}"
            i=$((i + 1))
            trials=$((trials + 1))
        done
    done
    echo "${failures} of ${trials} trials left something"
    [ "${failures}" -eq 0 ]
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
