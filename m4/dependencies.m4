dnl \file dependencies.m4
dnl
dnl Required libraries and tools.  A missing one stops configure with one
dnl line that names the package to install on each supported system.

dnl SHMC_REQUIRE_PKG(variable-prefix, module-spec, debian, freebsd, macos)
dnl
dnl \param 1 Prefix of the _CFLAGS and _LIBS variables to set.
dnl \param 2 The pkg-config module and version, e.g. "atf-c >= 0.21".
dnl \param 3 The Debian/Ubuntu package that ships it.
dnl \param 4 The FreeBSD package.
dnl \param 5 The Homebrew formula.
AC_DEFUN([SHMC_REQUIRE_PKG], [
    PKG_CHECK_MODULES([$1], [$2], [],
        [AC_MSG_ERROR([$2 not found: install it with 'apt-get install $3' (Debian/Ubuntu), 'pkg install $4' (FreeBSD) or 'brew install $5' (macOS), or run ci/install-deps.sh])])
])

dnl SHMC_REQUIRE_KYUA
dnl
dnl Finds the kyua test runner and substitutes KYUA.
AC_DEFUN([SHMC_REQUIRE_KYUA], [
    AC_ARG_VAR([KYUA], [path to the kyua test runner])
    AC_PATH_PROG([KYUA], [kyua], [no])
    AS_IF([test "x${KYUA}" = xno],
        [AC_MSG_ERROR([kyua not found: install it with 'apt-get install kyua' (Debian/Ubuntu), the FreeBSD-kyua base package (FreeBSD) or 'brew install kyua' (macOS), or run ci/install-deps.sh])])
])

dnl SHMC_DEPENDENCIES
dnl
dnl Every external dependency of the build and of the tests.
AC_DEFUN([SHMC_DEPENDENCIES], [
    PKG_PROG_PKG_CONFIG
    AS_IF([test -z "${PKG_CONFIG}"],
        [AC_MSG_ERROR([pkg-config not found: install it with 'apt-get install pkg-config' (Debian/Ubuntu), 'pkg install pkgconf' (FreeBSD) or 'brew install pkgconf' (macOS)])])
    SHMC_REQUIRE_PKG([ATF_C], [atf-c >= 0.21], [libatf-dev], [atf], [atf])
    SHMC_REQUIRE_PKG([CMOCKA], [cmocka >= 1.1], [libcmocka-dev], [cmocka],
        [cmocka])
    SHMC_REQUIRE_PKG([SQLITE3], [sqlite3], [libsqlite3-dev], [sqlite3],
        [sqlite])
    SHMC_REQUIRE_PKG([JSON_C], [json-c >= 0.15], [libjson-c-dev], [json-c],
        [json-c])
    SHMC_REQUIRE_KYUA
])
