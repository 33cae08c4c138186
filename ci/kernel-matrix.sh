#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# kernel-matrix.sh OUTDIR REPORT_TOOL
#
# The kernel matrix: the installed suite on Debian's 5.10, 6.1 and 6.12
# x86_64 kernels and its 6.1 aarch64 kernel, each booted under qemu (TCG)
# by ci/target.sh with a bookworm userland.  Each report goes to
# OUTDIR/qemu-ARCH-SUITE/, is diffed against report/baselines/ID.json, and
# the matrix in OUTDIR/matrix/ is merged again from every report in
# OUTDIR (ci/configurations.sh writes the host's there first).  A kernel
# that cannot be downloaded or booted is skipped with the reason, and so
# is one that would start, or still runs, after the matrix's time budget
# (KERNEL_MATRIX_BUDGET seconds, default 2700: a cold cache on a 2-core
# machine needs most of it, and the whole CI run must end within 90
# minutes).  Exit status: 0, or 1 when a target broke in another way or
# (with STRICT=yes) a report differs from its baseline.

set -eu

Prog_Name=${0##*/}

# ARCH KERNEL-SUITE: the kernels, each its Debian release's cloud flavour.
Targets="x86_64:bullseye x86_64:bookworm x86_64:trixie aarch64:bookworm"

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
    budget=${KERNEL_MATRIX_BUDGET:-2700}
    matrix_start=$(date +%s)
    for t in ${Targets}; do
        arch=${t%%:*}
        ksuite=${t#*:}
        dir="${out}/qemu-${arch}-${ksuite}"
        rm -rf "${dir}"
        left=$((budget - ($(date +%s) - matrix_start)))
        if [ "${left}" -lt 300 ]; then
            echo "==> ${arch} ${ksuite}: skipped: less than 300 s of the" \
                "matrix's ${budget} s budget is left"
            skipped="${skipped} ${arch}-${ksuite}"
            continue
        fi
        echo "==> kernel matrix: ${arch}, ${ksuite}'s kernel (at most ${left} s)"
        start=$(date +%s)
        rc=0
        # target.sh removes its work files and stops its guest on TERM.
        timeout -k 30 "${left}" sh "${top}/ci/target.sh" --arch "${arch}" \
            --kernel-suite "${ksuite}" --out "${dir}" \
            >"${out}/qemu-${arch}-${ksuite}.log" 2>&1 || rc=$?
        cat "${out}/qemu-${arch}-${ksuite}.log"
        echo "==> ${arch} ${ksuite}: exit ${rc} after $(($(date +%s) - start)) s"
        case "${rc}" in
            0) ;;
            124|137)
                echo "==> ${arch} ${ksuite}: skipped: the matrix's ${budget} s" \
                    "budget ran out while it ran"
                skipped="${skipped} ${arch}-${ksuite}"
                rm -rf "${dir}"
                ;;
            3|4)
                why=$(grep "^target.sh: " "${out}/qemu-${arch}-${ksuite}.log" |
                    tail -n 1)
                echo "==> ${arch} ${ksuite}: skipped: ${why}"
                skipped="${skipped} ${arch}-${ksuite}"
                rm -rf "${dir}"
                ;;
            *) failed=1 ;;
        esac
    done

    echo "==> merging every configuration"
    mkdir -p "${out}/matrix"
    # shellcheck disable=SC2046
    "${tool}" merge --output-dir "${out}/matrix" $(ls "${out}"/*/report.json)

    changed=0
    for report in "${out}"/qemu-*/report.json; do
        [ -f "${report}" ] || continue
        id=$("${tool}" platform "${report}")
        baseline="${top}/report/baselines/${id}.json"
        if [ -f "${baseline}" ]; then
            echo "==> ${id} against its baseline"
            "${tool}" diff "${baseline}" "${report}" || changed=1
        else
            echo "==> ${id}: no baseline in report/baselines/"
        fi
    done
    [ -z "${skipped}" ] || echo "==> kernel matrix: skipped:${skipped}"
    [ "${failed}" -eq 0 ] || err "a target could not run (see above)"
    if [ "${changed}" -ne 0 ] && [ "${STRICT:-no}" = yes ]; then
        exit 1
    fi
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
