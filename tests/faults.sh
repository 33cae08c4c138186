#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# faults.sh [-l] [BUILDDIR]
#
# Proves that the conformance suites can fail: runs them once with the
# C library as it is and once under each fault of the fault-injection shim
# (tests/fault.c, loaded with LD_PRELOAD; one fault per run), and prints
# for each fault how many cases failed and the first failure whose message
# names an XSH requirement.  Exit status 0 when the run without a fault
# failed no case and every fault failed at least one XSH-labelled case,
# else 1.  -l lists the faults.
#
# The test programs run one case at a time, as kyua runs them (body, then
# cleanup, in a fresh directory), but without kyua: the shim must reach the
# test programs and the peer they start, never the runner.  Each case's
# cleanup runs without the shim, so that it removes what the body made;
# names a faulty shm_unlink or a cut name left behind carry this run's own
# SHMCOMPAT_RUN_ID and are removed from the shm directory afterwards.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

# The programs whose cases claim XSH requirements.  A fault's run stops at
# its first XSH-labelled failure, so the programs most likely to catch it
# go first.
PROGS="posix_shm_conformance_test sem_test mmap_test posix_shm_object_test
    lifetime_test visibility_test"

programs_for() {
    case "$1" in
    sem_*) echo sem_test "${PROGS}" ;;
    mmap_*|munmap_*) echo mmap_test posix_shm_object_test "${PROGS}" ;;
    *) echo "${PROGS}" ;;
    esac | awk '{ for (i = 1; i <= NF; i++) if (!seen[$i]++) print $i }'
}

fault_names() {
    sed -n 's/^    { F_[A-Z0-9_]*, "\([a-z0-9_]*\)",$/\1/p' \
        "${top}/tests/fault.c"
}

# Writes "CASE CLEANUP ROOT" lines for a test program.
list_cases() {
    "${suites}/$1" -l | awk '
        /^ident: / { if (id != "") print id, cl, root; id = $2; cl = "no";
            root = "no" }
        /^has.cleanup: true/ { cl = "yes" }
        /^require.user: root/ { root = "yes" }
        END { if (id != "") print id, cl, root }'
}

# run_case FAULT RUNID PROGRAM CASE CLEANUP: prints "RESULT<TAB>XSH-LINE".
run_case() {
    d=$(mktemp -d "${work}/case.XXXXXX")
    (cd "${d}" && env SHMC_FAULT="$1" LD_PRELOAD="${shim}" \
        SHMCOMPAT_RUN_ID="$2" timeout 30 "${suites}/$3" -s "${suites}" \
        -r "${d}/result" -v probe="${probe}" "$4" >"${d}/out" 2>"${d}/err") ||
        :
    if [ "$5" = yes ]; then
        (cd "${d}" && env SHMCOMPAT_RUN_ID="$2" timeout 30 "${suites}/$3" \
            -s "${suites}" -r "${d}/cleanup" -v probe="${probe}" \
            "$4:cleanup" >/dev/null 2>&1) || :
    fi
    result=$(head -n 1 "${d}/result" 2>/dev/null || echo "broken: no result")
    xsh=
    case "${result}" in
    failed*)
        xsh=$(printf '%s\n' "${result}" | grep 'XSH ' || :)
        [ -n "${xsh}" ] || xsh=$(grep -h 'XSH ' "${d}/err" | head -n 1 || :)
        ;;
    esac
    printf '%s\t%s\n' "${result%%:*}" "${xsh}"
    rm -rf "${d}"
}

# run_fault INDEX FAULT: runs the programs' cases, until the first
# XSH-labelled failure unless FAULT is none; writes WORK/FAULT.txt.
run_fault() {
    rid=$(printf 'f%02d%s' "$1" "$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')" |
        cut -c1-6)
    out="${work}/$2.txt"
    : >"${out}"
    for prog in $(programs_for "$2"); do
        [ -f "${work}/$2.caught" ] && break
        list_cases "${prog}" | while read -r tc cleanup root; do
            if [ -f "${work}/$2.caught" ] ||
                { [ "${root}" = yes ] && [ "$(id -u)" -ne 0 ]; }; then
                continue
            fi
            line=$(run_case "$2" "${rid}" "${prog}" "${tc}" "${cleanup}")
            printf '%s:%s\t%s\n' "${prog}" "${tc}" "${line}" >>"${out}"
            case "${line}" in
            *"	"?*) [ "$2" = none ] || : >"${work}/$2.caught" ;;
            esac
        done
    done
    # Objects and semaphores a faulty unlink or a cut name left behind:
    # only names with this run's id, only regular files, never followed.
    if [ -n "${shmdir}" ] && [ -d "${shmdir}" ]; then
        find "${shmdir}" -maxdepth 1 -type f -name "*shmc_${rid}_*" \
            -exec rm -f {} + 2>/dev/null || :
    fi
}

main() {
    list=no
    if [ "${1:-}" = -l ]; then
        list=yes
        shift
    fi
    top=$(cd "$(dirname "$0")/.." && pwd)
    if [ "${list}" = yes ]; then
        awk '/^    { F_[A-Z0-9_]*, "/ { split($0, a, "\""); name = a[2];
                text = ""; next }
            name != "" { line = $0; sub(/^ *"/, "", line);
                done = line ~ /" },?$/; sub(/" },?$/, "", line);
                sub(/"$/, "", line); text = text line;
                if (done) { print name ": " text; name = "" } }' \
            "${top}/tests/fault.c"
        exit 0
    fi
    build=$(cd "${1:-.}" && pwd)
    suites="${build}/suites"
    probe="${build}/probes/shmcompat-probe"
    [ -x "${suites}/posix_shm_conformance_test" ] ||
        err "no suites in ${build}: build first (make)"
    make -C "${build}" -s tests/shmcfault.la >/dev/null ||
        err "could not build the shim (make tests/shmcfault.la)"
    # libtool names the shared object in the .la file it writes.
    dlname=$(sed -n "s/^dlname='\(.*\)'\$/\1/p" "${build}/tests/shmcfault.la")
    shim="${build}/tests/.libs/${dlname}"
    if [ -z "${dlname}" ] || [ ! -f "${shim}" ]; then
        err "no shared object in ${build}/tests/shmcfault.la"
    fi
    command -v timeout >/dev/null 2>&1 || err "timeout(1) is needed"
    shmdir=$("${probe}" --get shm_dir.path 2>/dev/null || :)
    [ "${shmdir}" != null ] || shmdir=
    work=$(mktemp -d "${TMPDIR:-/tmp}/shmc-faults.XXXXXX")
    trap 'rm -rf "${work}"' EXIT

    faults=$(fault_names)
    # shellcheck disable=SC2086
    set -- none ${faults}
    # Two workers, each taking every other fault.
    for half in 0 1; do
        (i=0; for f in "$@"; do
            if [ $((i % 2)) -eq "${half}" ]; then
                run_fault "${i}" "${f}"
            fi
            i=$((i + 1))
        done) &
    done
    wait || :

    status=0
    printf '%-34s %6s %6s  %s\n' FAULT RUN FAILED "CAUGHT BY (THE FIRST XSH-LABELLED FAILURE)"
    for f in "$@"; do
        out="${work}/${f}.txt"
        cases=$(wc -l <"${out}" | tr -d ' ')
        failed=$(awk -F '\t' '$2 != "passed" && $2 != "skipped"' "${out}" |
            wc -l | tr -d ' ')
        first=$(awk -F '\t' '$3 != "" { print $1 ": " $3; exit }' "${out}" |
            sed 's/^\(.\{110\}\).*/\1.../')
        if [ "${f}" = none ]; then
            [ "${failed}" -eq 0 ] || { status=1; first="FAULT-FREE RUN FAILED"; }
            awk -F '\t' '$2 != "passed" && $2 != "skipped" { print "  " $1 ": " $2 }' \
                "${out}"
        elif [ -z "${first}" ]; then
            status=1
            first="NOT CAUGHT by an XSH-labelled case"
        fi
        printf '%-34s %6s %6s  %s\n' "${f}" "${cases}" "${failed}" "${first}"
    done
    nf=$(($# - 1))
    if [ "${status}" -eq 0 ]; then
        echo "faults: all ${nf} faults caught by an XSH-labelled case;" \
            "no failure without a fault"
    else
        echo "faults: FAILED (see above)"
    fi
    return "${status}"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
