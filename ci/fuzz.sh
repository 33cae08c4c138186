#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# fuzz.sh [SECONDS [WORKDIR]]
#
# Builds the libFuzzer targets of tests/fuzz/ from this tree's release
# tarball (make dist) with clang --enable-fuzzing in WORKDIR (default
# _fuzz), then runs each for SECONDS (default 30), one after the other,
# from a corpus seeded with tests/data/.  Fails on the first finding and
# names the input that caused it.  Run from the top of a configured tree.

set -eu

Prog_Name=${0##*/}
seconds=${1:-30}
work=${2:-_fuzz}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

command -v clang >/dev/null 2>&1 ||
    err "clang is needed (sh ci/install-deps.sh --ci installs it)"
[ -f Makefile ] || err "run from the top of a configured tree"

case "${work}" in /*) ;; *) work=$(pwd)/${work} ;; esac
rm -rf "${work}"
mkdir -p "${work}/src"
echo "==> fuzz: building the targets (${work})"
make -s dist >"${work}/dist.log" 2>&1 || err "make dist failed; see ${work}/dist.log"
tarball=shmcompat-$(sed -n 's/^PACKAGE_VERSION = //p' Makefile).tar.gz
tar -xzf "${tarball}" -C "${work}/src" --strip-components=1
rm -f "${tarball}"
(cd "${work}/src" && ./configure -q CC=clang --enable-fuzzing &&
    make -s -j2 tests/fuzz/json_fuzz tests/fuzz/mounts_fuzz \
        tests/fuzz/obs_fuzz tests/fuzz/report_fuzz) >"${work}/build.log" 2>&1 ||
    err "building the targets failed; see ${work}/build.log"

data=${work}/src/tests/data
# seed TARGET FILES...: the target's corpus from fixtures.
seed() {
    target=$1
    shift
    mkdir -p "${work}/corpus/${target}"
    for f in "$@"; do
        [ -f "${f}" ] && cp "${f}" "${work}/corpus/${target}/"
    done
    return 0
}
seed json_fuzz "${data}"/*.json
seed report_fuzz "${data}"/report-*.json
seed mounts_fuzz "${data}"/mount*.txt
seed obs_fuzz "${data}"/kyua-*.sql

for target in json_fuzz mounts_fuzz obs_fuzz report_fuzz; do
    echo "==> fuzz: ${target} for ${seconds} s"
    dict=
    case "${target}" in
        json_fuzz|report_fuzz|obs_fuzz)
            dict=-dict=${work}/src/tests/fuzz/json.dict ;;
    esac
    # shellcheck disable=SC2086
    if ! "${work}/src/tests/fuzz/${target}" -max_total_time="${seconds}" \
        -max_len=65536 -timeout=10 -print_final_stats=1 ${dict} \
        -artifact_prefix="${work}/${target}-" "${work}/corpus/${target}" \
        >"${work}/${target}.log" 2>&1; then
        tail -40 "${work}/${target}.log"
        err "${target} found a problem: $(ls "${work}/${target}"-* 2>/dev/null)"
    fi
    grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' \
        "${work}/${target}.log" | tail -1
done
echo "==> fuzz: no finding"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
