#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# cross-bench.sh [CROSS_DIR]: compiles bench/*.c against FreeBSD 14's and
# macOS 13's own headers with the developer warnings and -Werror.
#
# ../shared/cross/check.sh covers lib/, probes/, report/, suites/ and
# tests/ but not bench/, whose system-specific paths (FreeBSD's _umtx_op,
# macOS's os_sync_wait_on_address, sched_setaffinity, huge pages) are the
# ones most likely to break there.  This uses the same sysroots and
# config.h files (CROSS_DIR, ../shared/cross by default) and adds the
# HAVE_* results of m4/bench.m4, each decided from the sysroot's headers as
# configure would decide it from the system's.  Exits 0 when every file
# compiles on both, 1 otherwise, 2 when it cannot run.

set -u

cross=${1:-../shared/cross}
top=$(pwd)

err() {
    echo "cross-bench.sh: $*" >&2
    exit 2
}

[ -f "${top}/configure.ac" ] || err "run it from the project root"
[ -d "${cross}" ] || err "no ${cross}"
cc=$(command -v clang-16 || command -v clang || true)
[ -n "${cc}" ] || err "needs clang (apt-get install clang-16)"

work=$(mktemp -d "${TMPDIR:-/tmp}/shmc-cross-bench.XXXXXX") ||
    err "cannot make a temporary directory"
trap 'rm -rf "${work}"' EXIT INT TERM

# has FILE WORD: whether the sysroot's header FILE mentions WORD.
has() {
    [ -f "${root}/usr/include/$1" ] && grep -q "$2" "${root}/usr/include/$1"
}

# define NAME FILE WORD: NAME as 1 when the header FILE mentions WORD, and
# absent otherwise (as AC_CHECK_FUNCS leaves it).
define() {
    if has "$2" "$3"; then
        echo "#define $1 1"
    fi
}

# decl NAME FILE WORD: NAME as 1 or 0 (as AC_CHECK_DECLS defines it).
decl() {
    if has "$2" "$3"; then
        echo "#define $1 1"
    else
        echo "#define $1 0"
    fi
}

bench_config() {
    define HAVE_FUTEX linux/futex.h FUTEX_WAIT
    decl HAVE_DECL_SYS_FUTEX sys/syscall.h SYS_futex
    define HAVE_UMTX_OP sys/umtx.h _umtx_op
    define HAVE_OS_SYNC_WAIT_ON_ADDRESS os/os_sync_wait_on_address.h \
        os_sync_wait_on_address
    define HAVE_SCHED_GETAFFINITY sched.h sched_getaffinity
    define HAVE_SCHED_SETAFFINITY sched.h sched_setaffinity
    define HAVE_GETLOADAVG stdlib.h getloadavg
    define HAVE_STRUCT_RUSAGE_RU_MINFLT sys/resource.h ru_minflt
    decl HAVE_DECL_MAP_HUGETLB sys/mman.h 'define[[:space:]]*MAP_HUGETLB'
    decl HAVE_DECL_MADV_HUGEPAGE sys/mman.h \
        'define[[:space:]]*MADV_HUGEPAGE'
}

# The same warnings as m4/developer-mode.m4, plus -Werror.
warn="-Werror -Wall -Wextra -Wshadow -Wpointer-arith -Wmissing-prototypes \
-Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral -Wundef"

check_os() {
    os=$1 target=$2 tarball=$3 cfg=$4
    root="${work}/${os}"
    mkdir -p "${root}/cfg"
    tar -xJf "${cross}/${tarball}" -C "${root}" ||
        { echo "${os}: cannot unpack ${tarball}"; return 1; }
    { cat "${cross}/${cfg}"; bench_config; } >"${root}/cfg/config.h"
    echo "${os}: bench.m4's results from the headers: $(bench_config |
        awk '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $2, $3 }')"
    pass=0 fail=0
    for f in bench/*.c; do
        # shellcheck disable=SC2086
        if out=$("${cc}" --target="${target}" --sysroot="${root}" \
            -fsyntax-only -std=c11 -DHAVE_CONFIG_H -I"${root}/cfg" \
            -I"${top}" -isystem "${root}/usr/local/include" ${warn} "${f}" \
            2>&1); then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "${out}" | grep -E 'error:' | sed "s|^|${os}: |"
        fi
    done
    echo "${os}: bench/ ${pass} passed, ${fail} failed"
    [ "${fail}" -eq 0 ]
}

rc=0
check_os freebsd-14 x86_64-unknown-freebsd14 freebsd-14.0-headers.tar.xz \
    config-freebsd-14.h || rc=1
check_os macos-13 x86_64-apple-macos13 macos-13-headers.tar.xz \
    config-macos-13.h || rc=1
exit "${rc}"
