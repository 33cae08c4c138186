#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# hostile.sh [full|readonly|absent]...
#
# Runs every suite of the build tree (the current directory) under kyua
# with /dev/shm made hostile, each time in private mount, IPC and PID
# namespaces so that nothing reaches the host:
#   full      a 1 MiB tmpfs, filled up before the run;
#   readonly  a read-only tmpfs;
#   absent    no /dev/shm at all (a copy of /dev without it).
# Prints one line per condition, "CONDITION: N passed, N failed, N skipped,
# N broken", and exits 1 when a case broke or a condition could not run.
# Results stay in hostile/CONDITION.db.  Needs root (mounts).

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

# make_private: private mount propagation.
# shellcheck source=ci/private-ns.sh
. "$(dirname "$0")/private-ns.sh"

# The commands that make the namespace's /dev/shm hostile.
setup_of() {
    case $1 in
        full)
            echo 'mount -t tmpfs -o size=1m,mode=1777 shmc-full /dev/shm &&
                { dd if=/dev/zero of=/dev/shm/fill bs=64k 2>/dev/null || :; }'
            ;;
        readonly)
            echo 'mount -t tmpfs -o ro,size=1m,mode=1777 shmc-ro /dev/shm'
            ;;
        absent)
            # A tmpfs holding what the suites need of /dev, over /dev.
            # shellcheck disable=SC2016
            echo 'd=$(mktemp -d) && mount -t tmpfs -o mode=755 shmc-dev "$d" &&
                for n in null zero full random urandom tty; do
                    : >"$d/$n" && mount --bind "/dev/$n" "$d/$n"
                done &&
                ln -s /proc/self/fd "$d/fd" && mount --rbind "$d" /dev &&
                [ ! -e /dev/shm ]'
            ;;
    esac
}

run_one() {
    cond=$1
    setup=$(setup_of "${cond}")
    db=${out}/${cond}.db
    rm -rf "${db}" "${out}/${cond}-home" "${out}/${cond}-runs"
    mkdir -p "${out}/${cond}-home" "${out}/${cond}-runs"
    unshare -m -i -p -f --mount-proc --propagation unchanged sh -c "
        ${make_private}
        ${setup} || exit 3
        HOME='${out}/${cond}-home' TMPDIR='${out}/${cond}-home' \
        SHMCOMPAT_RUN_DIR='${out}/${cond}-runs' \
        kyua --logfile='${out}/${cond}.log' \
            -v parallelism=2 \
            -v test_suites.shmcompat.probe='${build}/probes/shmcompat-probe' \
            -v test_suites.shmcompat.plugin_dir='${build}/plugins/.libs' \
            test --kyuafile='${top}/Kyuafile' --build-root='${build}' \
            --results-file='${db}' >'${out}/${cond}.out' 2>&1
        rc=\$?
        [ \"\${rc}\" -le 1 ] || exit 4
        exit 0" || { echo "${cond}: could not run (see ${out}/${cond}.out)"; return 1; }
    rows=$(kyua --logfile=/dev/null db-exec --no-headers --results-file="${db}" \
        "SELECT result_type, COUNT(*) FROM test_results GROUP BY result_type")
    passed=0 failed=0 skipped=0 broken=0
    for row in ${rows}; do
        n=${row#*,}
        case ${row%%,*} in
            passed|expected_failure) passed=$((passed + n)) ;;
            skipped) skipped=$((skipped + n)) ;;
            broken) broken=$((broken + n)) ;;
            *) failed=$((failed + n)) ;;
        esac
    done
    echo "${cond}: ${passed} passed, ${failed} failed, ${skipped} skipped," \
        "${broken} broken"
    if [ "${broken}" -ne 0 ]; then
        kyua --logfile=/dev/null report --results-file="${db}" \
            --results-filter=broken | grep -- '->' || :
        return 1
    fi
    return 0
}

main() {
    [ "$(id -u)" -eq 0 ] || err "needs root: it mounts in private namespaces"
    [ -x probes/shmcompat-probe ] || err "run it from a built tree"
    build=$(pwd)
    top=$(cd "$(dirname "$0")/.." && pwd)
    out=${build}/hostile
    mkdir -p "${out}"
    [ $# -gt 0 ] || set -- full readonly absent
    rc=0
    for cond in "$@"; do
        case ${cond} in
            full|readonly|absent) run_one "${cond}" || rc=1 ;;
            *) err "unknown condition '${cond}'" ;;
        esac
    done
    exit "${rc}"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
