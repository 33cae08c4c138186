dnl \file sanitizers.m4
dnl
dnl Optional AddressSanitizer and UndefinedBehaviorSanitizer builds.

dnl SHMC_SANITIZERS
dnl
dnl --enable-sanitizers adds -fsanitize=address,undefined to CFLAGS and
dnl LDFLAGS, or stops configure when the toolchain cannot link with them.
AC_DEFUN([SHMC_SANITIZERS], [
    AC_ARG_ENABLE([sanitizers],
        [AS_HELP_STRING([--enable-sanitizers],
            [build with AddressSanitizer and UndefinedBehaviorSanitizer])],
        [shmc_sanitizers="${enableval}"], [shmc_sanitizers=no])
    AS_IF([test "x${shmc_sanitizers}" = xyes], [
        shmc_san="-fsanitize=address,undefined -fno-sanitize-recover=all"
        shmc_san="${shmc_san} -fno-omit-frame-pointer"
        AC_CACHE_CHECK([whether ${CC} links with ${shmc_san}],
            [shmc_cv_sanitizers], [
            shmc_save_cflags="${CFLAGS}"
            shmc_save_ldflags="${LDFLAGS}"
            CFLAGS="${CFLAGS} ${shmc_san}"
            LDFLAGS="${LDFLAGS} ${shmc_san}"
            AC_LINK_IFELSE([AC_LANG_PROGRAM([], [return 0;])],
                [shmc_cv_sanitizers=yes], [shmc_cv_sanitizers=no])
            CFLAGS="${shmc_save_cflags}"
            LDFLAGS="${shmc_save_ldflags}"])
        AS_IF([test "x${shmc_cv_sanitizers}" = xyes], [
            CFLAGS="${CFLAGS} ${shmc_san}"
            LDFLAGS="${LDFLAGS} ${shmc_san}"
        ], [AC_MSG_ERROR([--enable-sanitizers: ${CC} cannot link with ${shmc_san}])])
    ])
])
