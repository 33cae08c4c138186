#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# nobody-attack.sh
#
# Plays an unprivileged user who knows a run's id.  In private mount and
# IPC namespaces (fresh tmpfs on /dev/shm and /var/tmp), a first run of the
# whole suite as root with a fixed SHMCOMPAT_RUN_ID records every name it
# creates there; user nobody then pre-creates, at each of those names, an
# object of his own or a symbolic link to a file of root's; a second run
# with the same id (each run in a fresh PID namespace, so that the pids in
# the names come again), followed by make report, must leave every one of
# nobody's objects and links as they were (count and content), root's file
# untouched, and no case broken.  From a built tree, as root.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

# make_private: private mount propagation.
# shellcheck source=ci/private-ns.sh
. "$(dirname "$0")/private-ns.sh"

# Runs the suite once, as root, in a fresh PID namespace.
run_suite() {
    mkdir -p "${out}/home-$1"
    unshare -p -f --mount-proc sh -c "
        SHMCOMPAT_RUN_ID=${id} SHMCOMPAT_RUN_DIR='${out}/runs-$1' \
        HOME='${out}/home-$1' kyua --logfile='${out}/kyua-$1.log' \
            -v test_suites.shmcompat.probe='${build}/probes/shmcompat-probe' \
            -v test_suites.shmcompat.plugin_dir='${build}/plugins/.libs' \
            test --kyuafile='${top}/Kyuafile' --build-root='${build}' \
            --results-file='${out}/results-$1.db' >'${out}/kyua-$1.out' 2>&1
        [ \$? -le 1 ]"
}

broken_in() {
    kyua --logfile=/dev/null db-exec --no-headers --results-file="$1" \
        "SELECT COUNT(*) FROM test_results WHERE result_type = 'broken'"
}

# Inside the namespaces.
inside() {
    mount -t tmpfs -o mode=1777 shmc-attack-shm /dev/shm
    mount -t tmpfs -o mode=1777 shmc-attack-vartmp /var/tmp
    mkdir -p "${out}/runs-1" "${out}/runs-2"
    chmod 755 "${out}"

    echo "==> run 1: recording the names of run id ${id}"
    run_suite 1
    # The names the run created in /dev/shm and /var/tmp, as its record
    # lists them (shmcompat-clean decodes it; escaped names are skipped).
    clean/shmcompat-clean --dry-run --run-dir "${out}/runs-1" |
        sed -n 's/^would remove recorded \([a-z]*\) \([^ \\]*\) if still .*/\1 \2/p' |
        sort -u >"${out}/names"
    clean/shmcompat-clean --run-dir "${out}/runs-1" >/dev/null
    rm -rf "${out}/runs-1"
    [ -z "$(find /dev/shm /var/tmp -mindepth 1 -print -quit)" ] ||
        err "run 1 left objects behind"

    # nobody's objects and links, at every path those names take.
    echo "root's file" >"${out}/victim"
    : >"${out}/planted"
    i=0
    while read -r kind name; do
        # Where glibc puts a name: its leading slashes stripped; a name
        # with a slash further on is no file of /dev/shm.
        base=${name#"${name%%[!/]*}"}
        case ${kind} in
            shm) path=/dev/shm/${base} ;;
            sem) path=/dev/shm/sem.${base} ;;
            file)
                case ${name} in
                    /var/tmp/*) path=${name} base=${name#/var/tmp/} ;;
                    *) continue ;;
                esac ;;
            *) continue ;;
        esac
        case ${base} in ''|*/*) continue ;; esac
        i=$((i + 1))
        if [ $((i % 2)) -eq 0 ]; then
            su -s /bin/sh nobody -c "echo 'nobody $i' >'${path}'" 2>/dev/null &&
                echo "object ${path} nobody $i" >>"${out}/planted"
        else
            su -s /bin/sh nobody -c "ln -s '${out}/victim' '${path}'" \
                2>/dev/null &&
                echo "link ${path} ${out}/victim" >>"${out}/planted"
        fi
    done <"${out}/names"
    planted=$(wc -l <"${out}/planted")
    echo "==> nobody planted ${planted} objects and links"

    echo "==> run 2 with the same run id, then make report"
    run_suite 2
    unshare -p -f --mount-proc sh -c "SHMCOMPAT_RUN_ID=${id} \
        make -s report REPORT_DIR='${out}/report' >'${out}/report.out' 2>&1"

    intact=0
    while read -r what path content; do
        ok=no
        case ${what} in
            object)
                [ -f "${path}" ] && [ ! -L "${path}" ] &&
                    [ "$(stat -c %U "${path}")" = nobody ] &&
                    [ "$(cat "${path}")" = "${content}" ] && ok=yes ;;
            link)
                [ -L "${path}" ] && [ "$(readlink "${path}")" = "${content}" ] &&
                    ok=yes ;;
        esac
        if [ "${ok}" = yes ]; then
            intact=$((intact + 1))
        else
            echo "not intact: nobody's ${what} ${path}:" \
                "$(ls -ld "${path}" 2>&1)"
        fi
    done <"${out}/planted"
    victim_ok=no
    [ "$(cat "${out}/victim")" = "root's file" ] && victim_ok=yes
    b2=$(broken_in "${out}/results-2.db")
    b3=$(broken_in "${out}/report/results.db")
    echo "nobody's objects and links intact: ${intact} of ${planted};" \
        "root's file intact: ${victim_ok}; broken cases: ${b2} (run 2)," \
        "${b3} (make report)"
    [ "${intact}" -eq "${planted}" ] && [ "${victim_ok}" = yes ] &&
        [ "${b2}" -eq 0 ] && [ "${b3}" -eq 0 ]
}

main() {
    [ "$(id -u)" -eq 0 ] || err "needs root: it mounts and switches users"
    [ -x clean/shmcompat-clean ] || err "run it from a built tree"
    build=$(pwd)
    top=$(cd "$(dirname "$0")/.." && pwd)
    out=${build}/nobody-attack
    if [ "${1:-}" = --inside ]; then
        id=$2
        inside
        return
    fi
    rm -rf "${out}"
    mkdir -p "${out}"
    id=$(clean/shmcompat-clean --new-run-id)
    unshare -m -i --propagation unchanged sh -c \
        "${make_private}; sh '$0' --inside '${id}'"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
