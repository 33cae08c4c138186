#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# configurations.sh [OUTDIR]
#
# Runs the harness in several configurations of this one machine and
# merges their reports into a portability matrix:
#   glibc   the normal build;
#   musl    a static musl build (ci/build-musl.sh), where musl-gcc exists;
#   shm64m  the glibc build with a 64 MiB tmpfs on /dev/shm, as Docker
#           gives containers, in a private mount namespace;
#   noshm   the glibc build with /dev/shm an empty ordinary directory.
# Each report is diffed against report/baselines/PLATFORM-ID.json when
# there is one.  Exit status: 0, or 1 when a configuration could not run,
# or (with STRICT=yes) when a report differs from its baseline.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

# Makes mount propagation private, so that nothing mounted here reaches the
# host: recursively from /, or, where / is no mount point of its own (a
# chroot, some containers), one visible mount at a time.  It runs in the
# namespace's own shell, hence the single quotes.
# shellcheck disable=SC2016
make_private='mount --make-rprivate / 2>/dev/null ||
    for m in $(cut -d" " -f5 /proc/self/mountinfo); do
        mount --make-private "$m" 2>/dev/null || :
    done'

# Runs a command in a private mount namespace, as root or through a user
# namespace.
in_mount_ns() {
    if [ "$(id -u)" -eq 0 ]; then
        unshare -m --propagation unchanged sh -c "${make_private}; $1"
    else
        unshare -m -r --propagation unchanged sh -c "${make_private}; $1"
    fi
}

report_in() {
    # report_in NAME LABEL [SETUP]
    dir="${out}/$1"
    mkdir -p "${dir}"
    echo "==> configuration $1"
    cmd="make -C '${build}' report REPORT_DIR='${dir}' REPORT_LABEL='$2'"
    if [ -n "${3:-}" ]; then
        in_mount_ns "$3 && ${cmd}"
    else
        sh -c "${cmd}"
    fi
}

main() {
    top=$(pwd)
    out=${1:-${top}/configurations}
    [ -f "${top}/configure" ] || err "run autoreconf -fi first, from the top"
    rm -rf "${out}"
    mkdir -p "${out}"

    # The tree's own build when it is configured (as by the README's test
    # command), else a build directory beside it.
    if [ -f "${top}/Makefile" ]; then
        build=${top}
    else
        build=${top}/build-glibc
        mkdir -p "${build}"
        (cd "${build}" && { [ -f Makefile ] || ../configure -q; })
    fi
    echo "==> building the glibc configuration in ${build}"
    make -C "${build}" -s -j2
    tool=${build}/report/shmcompat-report

    report_in glibc ""
    report_in shm64m shm64m \
        "mount -t tmpfs -o size=64m shmcompat-shm64m /dev/shm"
    mkdir -p "${out}/empty-dir"
    report_in noshm noshm \
        "umount -l /dev/shm 2>/dev/null; mount --bind '${out}/empty-dir' /dev/shm"
    rmdir "${out}/empty-dir" 2>/dev/null || true

    if command -v musl-gcc >/dev/null 2>&1; then
        sh "${top}/ci/build-musl.sh" "${top}/build-musl" "${out}/musl" \
            "${tool}" "${build}"
    else
        echo "==> musl: skipped (musl-gcc is not installed)"
    fi

    changed=0
    # shellcheck disable=SC2046
    sh "${top}/ci/merge-matrix.sh" "${out}/matrix" "${tool}" \
        $(ls "${out}"/*/report.json) || changed=$?
    [ "${changed}" -le 1 ] || err "the merge failed"
    echo "The matrix: ${out}/matrix/matrix.md (and .html, .csv," \
        "-differences.md)"
    if [ "${changed}" -ne 0 ] && [ "${STRICT:-no}" = yes ]; then
        exit 1
    fi
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
