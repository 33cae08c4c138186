dnl \file dependencies.m4
dnl
dnl Required libraries and tools.  A missing one stops configure with one
dnl line that names the package to install on each supported system; when
dnl cross-compiling, the package for the target's architecture.  What only
dnl make check uses on the build host (kyua, cmocka) is not required for a
dnl cross build, which cannot run its tests there.

dnl _SHMC_DEBIAN_ARCH
dnl
dnl Sets shmc_debian_arch to Debian's name for the host CPU (arm64 for
dnl aarch64), or to the CPU itself where no name is known.
AC_DEFUN([_SHMC_DEBIAN_ARCH], [
    AC_REQUIRE([AC_CANONICAL_HOST])
    AS_CASE([${host_cpu}],
        [aarch64], [shmc_debian_arch=arm64],
        [x86_64], [shmc_debian_arch=amd64],
        [i?86], [shmc_debian_arch=i386],
        [arm*], [AS_CASE([${host_os}], [*eabihf], [shmc_debian_arch=armhf],
            [shmc_debian_arch=armel])],
        [powerpc64le], [shmc_debian_arch=ppc64el],
        [mips64el], [shmc_debian_arch=mips64el],
        [shmc_debian_arch=${host_cpu}])
])

dnl SHMC_REQUIRE_PKG(variable-prefix, module-spec, debian, freebsd, macos,
dnl     [optional-when-cross])
dnl
dnl \param 1 Prefix of the _CFLAGS and _LIBS variables to set.
dnl \param 2 The pkg-config module and version, e.g. "atf-c >= 0.21".
dnl \param 3 The Debian/Ubuntu package that ships it.
dnl \param 4 The FreeBSD package.
dnl \param 5 The Homebrew formula.
dnl \param 6 "cross-optional" when only make check on the build host uses
dnl     it: a cross build then goes on without it.
AC_DEFUN([SHMC_REQUIRE_PKG], [
    AC_REQUIRE([_SHMC_DEBIAN_ARCH])
    PKG_CHECK_MODULES([$1], [$2], [], [
        AS_IF([test "x${cross_compiling}" != xyes], [
            AC_MSG_ERROR([$2 not found: install it with 'apt-get install $3' (Debian/Ubuntu), 'pkg install $4' (FreeBSD) or 'brew install $5' (macOS), or run ci/install-deps.sh])
        ], [test "x$6" = xcross-optional], [
            AC_MSG_NOTICE([$2 for ${host} not found: only make check uses it, which a cross build cannot run here])
            shmc_check_missing="${shmc_check_missing} $2"
        ], [
            AC_MSG_ERROR([$2 for ${host} not found by ${PKG_CONFIG}: install the target's package (Debian/Ubuntu: 'apt-get install $3:${shmc_debian_arch}'), or run ci/install-deps.sh --cross ${host_cpu}])
        ])
    ])
])

dnl SHMC_REQUIRE_PKG_CONFIG
dnl
dnl Finds pkg-config; a cross build needs the target's (${host}-pkg-config),
dnl since the build host's own would answer for the build host's libraries.
AC_DEFUN([SHMC_REQUIRE_PKG_CONFIG], [
    AC_REQUIRE([_SHMC_DEBIAN_ARCH])
    PKG_PROG_PKG_CONFIG
    AS_IF([test -z "${PKG_CONFIG}"],
        [AC_MSG_ERROR([pkg-config not found: install it with 'apt-get install pkg-config' (Debian/Ubuntu), 'pkg install pkgconf' (FreeBSD) or 'brew install pkgconf' (macOS)])])
    AS_IF([test "x${cross_compiling}" = xyes], [
        shmc_pc_name=`echo "${PKG_CONFIG}" | sed 's|.*/||'`
        AS_CASE([${shmc_pc_name}], [${host_alias}-*|${host}-*], [], [
            AS_IF([test -z "${PKG_CONFIG_LIBDIR}${PKG_CONFIG_SYSROOT_DIR}"],
                [AC_MSG_ERROR([cross-compiling for ${host}, but ${host_alias:-${host}}-pkg-config was not found and ${PKG_CONFIG} would find the build host's libraries: install the target's pkg-config (Debian/Ubuntu: 'apt-get install pkgconf:${shmc_debian_arch}'), set PKG_CONFIG_LIBDIR, or run ci/install-deps.sh --cross ${host_cpu}])])
        ])
    ])
])

dnl SHMC_REQUIRE_KYUA
dnl
dnl Finds the kyua test runner and substitutes KYUA.  A cross build does
dnl not run the suites on the build host: there kyua is optional.
AC_DEFUN([SHMC_REQUIRE_KYUA], [
    AC_ARG_VAR([KYUA], [path to the kyua test runner])
    AC_PATH_PROG([KYUA], [kyua], [no])
    AS_IF([test "x${KYUA}" = xno], [
        AS_IF([test "x${cross_compiling}" = xyes], [
            AC_MSG_NOTICE([kyua not found: a cross build does not run the suites here; the target needs kyua at run time])
            shmc_check_missing="${shmc_check_missing} kyua"
            KYUA=kyua
        ], [
            AC_MSG_ERROR([kyua not found: install it with 'apt-get install kyua' (Debian/Ubuntu), the base system's tests (FreeBSD: /usr/bin/kyua; pkgbase package FreeBSD-tests up to 14.x, FreeBSD-kyua from 15.0) or 'brew install kyua' (macOS), or run ci/install-deps.sh])
        ])
    ])
])

dnl SHMC_DEPENDENCIES
dnl
dnl Every external dependency of the build and of the tests.  Sets
dnl shmc_check_missing to what make check would lack here.
AC_DEFUN([SHMC_DEPENDENCIES], [
    shmc_check_missing=
    SHMC_REQUIRE_PKG_CONFIG
    SHMC_REQUIRE_PKG([ATF_C], [atf-c >= 0.21], [libatf-dev], [atf], [atf])
    SHMC_REQUIRE_PKG([CMOCKA], [cmocka >= 1.1], [libcmocka-dev], [cmocka],
        [cmocka], [cross-optional])
    SHMC_REQUIRE_PKG([SQLITE3], [sqlite3], [libsqlite3-dev], [sqlite3],
        [sqlite])
    SHMC_REQUIRE_PKG([JSON_C], [json-c >= 0.15], [libjson-c-dev], [json-c],
        [json-c])
    SHMC_REQUIRE_KYUA
])
