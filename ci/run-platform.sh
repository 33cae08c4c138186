#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# run-platform.sh PLATFORM
#
# Builds shmcompat, installs it under a private prefix, runs the installed
# suite with kyua and leaves in results/PLATFORM/: results.db, probes.json,
# report.json, report.md, report.html, report.txt, junit.xml and uname.txt.
# A platform that fails conformance cases is a finding, not a CI failure:
# the script fails only when the harness broke (broken cases, no results).

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

main() {
    [ $# -eq 1 ] || err "usage: ${Prog_Name} PLATFORM"
    platform=$1
    top=$(pwd)
    out="${top}/results/${platform}"
    prefix="${top}/_inst"
    mkdir -p "${out}"

    # FreeBSD's ports keep atf's m4 files outside aclocal's default path.
    if [ -d /usr/local/share/aclocal ]; then
        autoreconf -fi -I/usr/local/share/aclocal
    else
        autoreconf -fi
    fi
    ./configure --prefix="${prefix}" || { cat config.log; exit 1; }
    make="make"
    command -v gmake >/dev/null 2>&1 && make=gmake
    "${make}"
    "${make}" install
    cp probes.json "${out}/probes.json.configure"
    "${prefix}/bin/shmcompat-probe" --json >"${out}/probes.json"

    rc=0
    (
        cd "${prefix}/tests/shmcompat" || exit 2
        HOME="${out}/home" kyua --logfile="${out}/kyua.log" test \
            -k "${prefix}/tests/shmcompat/Kyuafile" \
            --results-file="${out}/results.db"
    ) || rc=$?
    [ "${rc}" -le 1 ] || err "kyua could not run the suite (exit ${rc})"

    kyua --logfile=/dev/null report --verbose \
        --results-file="${out}/results.db" \
        --results-filter=broken,failed,xfail,skipped >"${out}/report.txt"
    kyua --logfile=/dev/null report-junit --results-file="${out}/results.db" \
        --output="${out}/junit.xml"
    uname -a >"${out}/uname.txt"
    rm -rf "${out:?}/home"
    sh suites/summarize.sh kyua "${out}/results.db"
    "${prefix}/bin/shmcompat-report" --results "${out}/results.db" \
        --probes "${out}/probes.json" --output-dir "${out}"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
