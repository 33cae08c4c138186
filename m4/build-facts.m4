dnl \file build-facts.m4
dnl
dnl What identifies a build: the system it is built for (configure's host
dnl triplet and the ABI the compiler really targets) and a build id made
dnl once per configure run.  The probe reports the ABI, so that a 32-bit
dnl userland on a 64-bit kernel is not taken for the 64-bit one; the smoke
dnl suite compares configure's facts with the probe's only where the build
dnl id shows it runs beside the build that measured them.

dnl SHMC_CHECK_ABI
dnl
dnl Caches shmc_cv_abi: the host triplet's CPU, corrected where the
dnl compiler targets another ABI of the same family (CC="gcc -m32" under an
dnl x86_64 triplet builds i686 code; -mx32 builds x32).
AC_DEFUN([SHMC_CHECK_ABI], [
    AC_REQUIRE([AC_CANONICAL_HOST])
    AC_CACHE_CHECK([the ABI the harness is built for], [shmc_cv_abi], [
        shmc_cv_abi=${host_cpu}
        AS_CASE([${host_cpu}],
            [x86_64|i?86], [
                AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#if !defined(__i386__)
#   error not i386
#endif
                ]])], [AS_CASE([${host_cpu}], [i?86], [],
                    [shmc_cv_abi=i686])])
                AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#if !defined(__x86_64__) || !defined(__ILP32__)
#   error not x32
#endif
                ]])], [shmc_cv_abi=x32])
            ],
            [aarch64*], [
                AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#if !defined(__ILP32__)
#   error not ILP32
#endif
                ]])], [shmc_cv_abi=${host_cpu}_ilp32])
            ])
    ])
])

dnl SHMC_BUILD_FACTS
dnl
dnl Defines SHMC_CONF_HOST, SHMC_CONF_BUILD, SHMC_CONF_ABI and
dnl SHMC_CONF_CROSS in config.h, and substitutes SHMC_BUILD_ID (which
dnl config.h leaves out, so that a new id rebuilds only what uses it) and
dnl writes it to the file build-id in the build tree.
AC_DEFUN([SHMC_BUILD_FACTS], [
    AC_REQUIRE([AC_CANONICAL_BUILD])
    AC_REQUIRE([SHMC_CHECK_ABI])
    AC_DEFINE_UNQUOTED([SHMC_CONF_HOST], ["${host}"],
        [The system the build is for: configure's host triplet.])
    AC_DEFINE_UNQUOTED([SHMC_CONF_BUILD], ["${build}"],
        [The system that built it: configure's build triplet.])
    AC_DEFINE_UNQUOTED([SHMC_CONF_ABI], ["${shmc_cv_abi}"],
        [The ABI the harness is built for (i686, x86_64, aarch64, ...).])
    AS_IF([test "x${cross_compiling}" = xyes],
        [AC_DEFINE([SHMC_CONF_CROSS], [1],
            [Define to 1 when configure could not run what it built.])])
    AC_MSG_CHECKING([the id of this build])
    dnl Time, process and a few random bytes: unique without any one
    dnl tool that only some systems have.
    shmc_build_rand=`od -An -N6 -tx1 /dev/urandom 2>/dev/null | tr -d ' \n'`
    SHMC_BUILD_ID=`date -u +%Y%m%dT%H%M%SZ`-$$${shmc_build_rand:+-${shmc_build_rand}}
    echo "${SHMC_BUILD_ID}" >build-id
    AC_SUBST([SHMC_BUILD_ID])
    AC_MSG_RESULT([${SHMC_BUILD_ID}])
])
