#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# run-platform.sh PLATFORM
#
# Builds shmcompat, installs it under a private prefix, runs the installed
# suite with kyua and leaves in results/PLATFORM/: results.db, probes.json,
# report.json, report.md, report.html, report.txt, junit.xml and uname.txt.
# Whatever happens it also leaves build.log (every build step's output),
# config.log once configure ran, and status.txt: one line, "ok: N passed,
# N failed, N skipped" or "failed: STEP (exit N); see build.log", so that
# a broken build shows its reason among the uploaded results.
# A platform that fails conformance cases is a finding, not a CI failure:
# the script fails only when the harness broke (broken cases, no results).

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

# Records why the run stopped in status.txt and stops.
fail() {
    echo "failed: $*; see build.log" >"${out}/status.txt"
    err "$*"
}

# step NAME COMMAND...: runs COMMAND with its output appended to build.log;
# on failure shows the end of the log and fails naming the step.
step() {
    name=$1
    shift
    echo "==> ${name}" | tee -a "${log}"
    step_rc=0
    "$@" >>"${log}" 2>&1 || step_rc=$?
    if [ "${step_rc}" -ne 0 ]; then
        tail -n 40 "${log}" 1>&2
        fail "${name} (exit ${step_rc})"
    fi
}

configure_step() {
    configure_rc=0
    ./configure --prefix="${prefix}" || configure_rc=$?
    if [ -f config.log ]; then
        cp config.log "${out}/config.log"
    fi
    return "${configure_rc}"
}

probe_json() {
    "${prefix}/bin/shmcompat-probe" --json >"${out}/probes.json"
}

run_kyua() {
    kyua_rc=0
    (
        cd "${prefix}/tests/shmcompat" || exit 2
        HOME="${out}/home" kyua --logfile="${out}/kyua.log" test \
            -k "${prefix}/tests/shmcompat/Kyuafile" \
            --results-file="${out}/results.db"
    ) || kyua_rc=$?
    # 1 means that cases failed: a finding, not a broken harness.
    [ "${kyua_rc}" -le 1 ] || return "${kyua_rc}"
}

main() {
    [ $# -eq 1 ] || err "usage: ${Prog_Name} PLATFORM"
    platform=$1
    top=$(pwd)
    out="${top}/results/${platform}"
    prefix="${top}/_inst"
    log="${out}/build.log"
    mkdir -p "${out}"
    : >"${log}"
    echo "failed: stopped before the end; see build.log" >"${out}/status.txt"
    uname -a >"${out}/uname.txt"

    # Homebrew's keg-only formulae (sqlite) are outside pkg-config's path:
    # the environment install-deps.sh ran in is gone, so set it here.
    PKG_CONFIG_PATH=$(sh "${top}/ci/install-deps.sh" --pkg-config-path)
    export PKG_CONFIG_PATH
    echo "PKG_CONFIG_PATH=${PKG_CONFIG_PATH}" >>"${log}"

    # FreeBSD's ports keep atf's m4 files outside aclocal's default path.
    if [ -d /usr/local/share/aclocal ]; then
        step autoreconf autoreconf -fi -I/usr/local/share/aclocal
    else
        step autoreconf autoreconf -fi
    fi
    step configure configure_step
    make="make"
    command -v gmake >/dev/null 2>&1 && make=gmake
    step make "${make}"
    step "make install" "${make}" install
    cp probes.json "${out}/probes.json.configure"
    step shmcompat-probe probe_json

    step "kyua test" run_kyua
    step "kyua report" kyua --logfile=/dev/null report --verbose \
        --results-file="${out}/results.db" \
        --results-filter=broken,failed,xfail,skipped \
        --output="${out}/report.txt"
    step "kyua report-junit" kyua --logfile=/dev/null report-junit \
        --results-file="${out}/results.db" --output="${out}/junit.xml"
    rm -rf "${out:?}/home"
    summary=$(sh suites/summarize.sh kyua "${out}/results.db") ||
        fail "summarize.sh (cannot read results.db)"
    echo "${summary}"
    step shmcompat-report "${prefix}/bin/shmcompat-report" \
        --results "${out}/results.db" --probes "${out}/probes.json" \
        --output-dir "${out}"
    echo "ok: ${summary}" >"${out}/status.txt"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
