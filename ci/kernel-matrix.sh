#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# kernel-matrix.sh OUTDIR REPORT_TOOL
#
# The kernel matrix: the installed suite on Debian's 5.10, 6.1 and 6.12
# x86_64 kernels, its 6.1 aarch64 kernel and its 6.12 aarch64 kernel with
# 16 KiB pages, each booted under qemu (TCG) by ci/target.sh with a
# bookworm userland, one after the other.  Each report goes to
# OUTDIR/qemu-ARCH-SUITE[-FLAVOUR]/; the matrix in OUTDIR/matrix/ is merged
# again from every report in OUTDIR (ci/configurations.sh writes the
# host's there first) and each report is diffed against
# report/baselines/ID.json (ci/merge-matrix.sh).  A kernel that cannot be
# downloaded, or that this machine cannot run within the bounds (qemu
# fails, the guest does not finish in time) is skipped with target.sh's
# reason, and so is one that would start, or still runs, after the
# matrix's time budget (KERNEL_MATRIX_BUDGET seconds, default 3600: the
# whole CI run must end within 90 minutes).  Exit status: 0, or 1 when a
# target broke in another way or (with STRICT=yes) a report differs from
# its baseline.

set -eu

Prog_Name=${0##*/}

# ARCH:KERNEL-SUITE[:PACKAGE]: the kernels, each its Debian release's cloud
# flavour unless a linux-image package is named (arm64-16k: the generic
# arm64 kernel with 16 KiB pages, which trixie has and bookworm has not).
Targets="x86_64:bullseye x86_64:bookworm x86_64:trixie aarch64:bookworm
aarch64:trixie:linux-image-arm64-16k"

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

main() {
    [ $# -eq 2 ] || err "usage: ${Prog_Name} OUTDIR REPORT_TOOL"
    out=$1
    tool=$2
    top=$(cd "$(dirname "$0")/.." && pwd)
    mkdir -p "${out}"
    failed=0
    skipped=
    budget=${KERNEL_MATRIX_BUDGET:-3600}
    matrix_start=$(date +%s)
    for t in ${Targets}; do
        arch=${t%%:*}
        ksuite=${t#*:}
        kpkg=
        case "${ksuite}" in
            *:*) kpkg=${ksuite#*:} ksuite=${ksuite%%:*} ;;
        esac
        name="${arch}-${ksuite}${kpkg:+-${kpkg#linux-image-}}"
        dir="${out}/qemu-${name}"
        log="${out}/qemu-${name}.log"
        rm -rf "${dir}" "${log}"
        left=$((budget - ($(date +%s) - matrix_start)))
        if [ "${left}" -lt 300 ]; then
            echo "==> ${name}: skipped: less than 300 s of the matrix's" \
                "${budget} s budget is left"
            skipped="${skipped} ${name}"
            continue
        fi
        echo "==> kernel matrix: ${name} (at most ${left} s)"
        start=$(date +%s)
        rc=0
        # target.sh stops its guest and removes its work files on TERM.
        timeout -k 30 "${left}" sh "${top}/ci/target.sh" --arch "${arch}" \
            --kernel-suite "${ksuite}" ${kpkg:+--kernel "${kpkg}"} \
            --out "${dir}" >"${log}" 2>&1 || rc=$?
        cat "${log}"
        echo "==> ${name}: exit ${rc} after $(($(date +%s) - start)) s"
        case "${rc}" in
            0) ;;
            124|137)
                echo "==> ${name}: skipped: the matrix's ${budget} s budget" \
                    "ran out while it ran"
                skipped="${skipped} ${name}"
                rm -rf "${dir}"
                ;;
            3|4)
                why=$(grep "^target.sh: " "${log}" | tail -n 1)
                echo "==> ${name}: skipped: ${why}"
                skipped="${skipped} ${name}"
                rm -rf "${dir}"
                ;;
            *) failed=1 ;;
        esac
    done

    changed=0
    # shellcheck disable=SC2046
    sh "${top}/ci/merge-matrix.sh" "${out}/matrix" "${tool}" \
        $(ls "${out}"/*/report.json) || changed=$?
    [ "${changed}" -le 1 ] || err "the merge failed"
    [ -z "${skipped}" ] || echo "==> kernel matrix: skipped:${skipped}"
    [ "${failed}" -eq 0 ] || err "a target could not run (see above)"
    if [ "${changed}" -ne 0 ] && [ "${STRICT:-no}" = yes ]; then
        exit 1
    fi
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
