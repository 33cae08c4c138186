#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# build-musl.sh BUILDDIR OUTDIR REPORT_TOOL GLIBC_BUILD
#
# The musl configuration: builds shmcompat's probe and suites statically
# with musl-gcc and runs them under the system's kyua; REPORT_TOOL (from
# the glibc build) writes the report into OUTDIR.  Debian's libatf-c and
# libjson-c are built for glibc, so both are built here from the sources
# of Debian's own atf and json-c packages, fetched with apt-get source into
# a private apt state
# whose deb-src lines mirror the system's deb lines; the system's apt
# configuration is not touched and nothing third-party is committed.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

# Writes deb-src twins of the system's apt sources into $1.
mirror_sources() {
    mkdir -p "$1/sources.list.d"
    : >"$1/sources.list"
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "${f}" ] || continue
        sed -n 's/^deb \(.*\)$/deb-src \1/p' "${f}" >>"$1/sources.list"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "${f}" ] || continue
        sed 's/^Types:.*$/Types: deb-src/' "${f}" \
            >"$1/sources.list.d/${f##*/}"
    done
}

# fetch_source DEPS PACKAGE: unpacks the upstream source of Debian's
# PACKAGE into DEPS/PACKAGE-src, through the private apt state in DEPS/apt.
fetch_source() {
    fs_deps=$1
    fs_pkg=$2
    apt="${fs_deps}/apt"
    set -- -q -o "Dir::Etc::SourceList=${apt}/sources.list" \
        -o "Dir::Etc::SourceParts=${apt}/sources.list.d" \
        -o "Dir::State::Lists=${apt}/lists" -o "Dir::Cache=${apt}/cache"
    if [ ! -f "${apt}/updated" ]; then
        mkdir -p "${apt}/lists/partial" "${apt}/cache/archives/partial"
        mirror_sources "${apt}"
        apt-get "$@" update >"${fs_deps}/apt-update.log" 2>&1 ||
            err "apt-get update failed; see ${fs_deps}/apt-update.log"
        : >"${apt}/updated"
    fi
    echo "==> musl: fetching the source of Debian's ${fs_pkg} package"
    (cd "${fs_deps}" && apt-get "$@" source --download-only "${fs_pkg}") \
        >"${fs_deps}/apt-source-${fs_pkg}.log" 2>&1 ||
        err "apt-get source ${fs_pkg} failed; see ${fs_deps}/apt-source-${fs_pkg}.log"
    rm -rf "${fs_deps}/${fs_pkg}-src"
    mkdir -p "${fs_deps}/${fs_pkg}-src"
    tar -xf "$(ls "${fs_deps}/${fs_pkg}"_*.orig.tar.*)" \
        -C "${fs_deps}/${fs_pkg}-src" --strip-components=1
}

build_atf() {
    deps=$1
    fetch_source "${deps}" atf
    rm -rf "${deps}/atf-musl"
    mkdir -p "${deps}/atf-musl"
    echo "==> musl: building libatf-c with musl-gcc"
    (cd "${deps}/atf-musl" &&
        ../atf-src/configure -q CC=musl-gcc --disable-shared \
            >"${deps}/atf-configure.log" 2>&1 &&
        make -s libatf-c.la >"${deps}/atf-make.log" 2>&1) ||
        err "building libatf-c failed; see ${deps}/atf-*.log"
}

# json-c is built with CMake, statically, into DEPS/json-c-musl.
build_json_c() {
    deps=$1
    fetch_source "${deps}" json-c
    rm -rf "${deps}/json-c-build" "${deps}/json-c-musl"
    mkdir -p "${deps}/json-c-build"
    echo "==> musl: building libjson-c with musl-gcc"
    (cd "${deps}/json-c-build" &&
        cmake -DCMAKE_C_COMPILER=musl-gcc -DBUILD_SHARED_LIBS=OFF \
            -DBUILD_STATIC_LIBS=ON -DBUILD_TESTING=OFF -DBUILD_APPS=OFF \
            -DDISABLE_WERROR=ON -DCMAKE_BUILD_TYPE=Release \
            -DCMAKE_INSTALL_PREFIX="${deps}/json-c-musl" \
            -DCMAKE_INSTALL_LIBDIR=lib ../json-c-src \
            >"${deps}/json-c-cmake.log" 2>&1 &&
        make -s -j2 install >"${deps}/json-c-make.log" 2>&1) ||
        err "building libjson-c failed; see ${deps}/json-c-*.log"
}

# The version musl's dynamic loader reports about itself.
musl_version() {
    for ld in /lib/ld-musl-*.so.1; do
        [ -x "${ld}" ] || continue
        "${ld}" 2>&1 | sed -n 's/^Version \(.*\)$/\1/p'
        return 0
    done
}

main() {
    [ $# -eq 4 ] || err "usage: ${Prog_Name} BUILDDIR OUTDIR REPORT_TOOL GLIBC_BUILD"
    build=$1
    out=$2
    tool=$3
    glibc=$4
    command -v musl-gcc >/dev/null 2>&1 || err "musl-gcc is not installed"
    mkdir -p "${build}" "${out}"
    build=$(cd "${build}" && pwd)
    deps="${build}/deps"
    mkdir -p "${deps}"
    [ -f "${deps}/atf-musl/.libs/libatf-c.a" ] || build_atf "${deps}"
    [ -f "${deps}/json-c-musl/lib/libjson-c.a" ] || build_json_c "${deps}"

    echo "==> musl: building shmcompat's probe and suites"
    # A fresh copy of the sources: the tree itself may be configured.
    rm -rf "${build}/src"
    make -C "${glibc}" -s distdir distdir="${build}/src" >/dev/null
    version=$(musl_version)
    (cd "${build}/src" && ./configure -q CC=musl-gcc LDFLAGS=-static \
        ATF_C_CFLAGS="-I${deps}/atf-src -I${deps}/atf-musl" \
        ATF_C_LIBS="${deps}/atf-musl/.libs/libatf-c.a" \
        CMOCKA_CFLAGS=" " CMOCKA_LIBS=" " SQLITE3_CFLAGS=" " \
        SQLITE3_LIBS=" " JSON_C_CFLAGS="-I${deps}/json-c-musl/include" \
        JSON_C_LIBS="${deps}/json-c-musl/lib/libjson-c.a" \
        --with-libc-name=musl ${version:+--with-libc-version="${version}"} \
        >"${build}/configure.log" 2>&1) ||
        err "configure failed; see ${build}/configure.log and config.log"
    make -C "${build}/src" -s -j2 programs-for-kyua >"${build}/make.log" \
        2>&1 || err "the build failed; see ${build}/make.log"

    echo "==> musl: running the suites"
    "${build}/src/probes/shmcompat-probe" --json >"${out}/probes.json"
    rm -f "${out}/results.db"
    mkdir -p "${out}/kyua-home"
    rc=0
    HOME="${out}/kyua-home" kyua --logfile="${out}/kyua.log" \
        -v parallelism=2 \
        -v test_suites.shmcompat.probe="${build}/src/probes/shmcompat-probe" \
        test --kyuafile="${build}/src/Kyuafile" --build-root="${build}/src" \
        --results-file="${out}/results.db" || rc=$?
    rm -rf "${out}/kyua-home"
    [ "${rc}" -le 1 ] || err "kyua could not run the musl suites (exit ${rc})"
    "${tool}" --results "${out}/results.db" --probes "${out}/probes.json" \
        --output-dir "${out}"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
