dnl \file fuzzing.m4
dnl
dnl Optional libFuzzer targets (tests/fuzz/).

dnl SHMC_FUZZING
dnl
dnl --enable-fuzzing builds the libFuzzer targets: the whole build gets
dnl coverage instrumentation and ASan/UBSan, the targets link with
dnl libFuzzer's main (SHMC_FUZZ_LDFLAGS).  libFuzzer comes with clang;
dnl configure stops when ${CC} cannot link a target.
AC_DEFUN([SHMC_FUZZING], [
    AC_ARG_ENABLE([fuzzing],
        [AS_HELP_STRING([--enable-fuzzing],
            [build the libFuzzer targets in tests/fuzz (needs clang)])],
        [shmc_fuzzing="${enableval}"], [shmc_fuzzing=no])
    SHMC_FUZZ_LDFLAGS=
    AS_IF([test "x${shmc_fuzzing}" = xyes], [
        shmc_fuzz_san="-fsanitize=address,undefined -fno-sanitize-recover=all"
        shmc_fuzz_san="${shmc_fuzz_san} -fno-omit-frame-pointer"
        AC_CACHE_CHECK([whether ${CC} links libFuzzer targets],
            [shmc_cv_fuzzing], [
            shmc_save_cflags="${CFLAGS}"
            CFLAGS="${CFLAGS} -fsanitize=fuzzer ${shmc_fuzz_san}"
            AC_LINK_IFELSE([AC_LANG_SOURCE([[
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{ return d != NULL && n > 0 ? 0 : 0; }
]])], [shmc_cv_fuzzing=yes], [shmc_cv_fuzzing=no])
            CFLAGS="${shmc_save_cflags}"])
        AS_IF([test "x${shmc_cv_fuzzing}" = xyes], [
            CFLAGS="${CFLAGS} -fsanitize=fuzzer-no-link ${shmc_fuzz_san}"
            LDFLAGS="${LDFLAGS} ${shmc_fuzz_san}"
            SHMC_FUZZ_LDFLAGS=-fsanitize=fuzzer
        ], [AC_MSG_ERROR([--enable-fuzzing: ${CC} cannot link a libFuzzer target; use clang (./configure CC=clang --enable-fuzzing)])])
    ])
    AC_SUBST([SHMC_FUZZ_LDFLAGS])
    AM_CONDITIONAL([SHMC_FUZZING], [test "x${shmc_fuzzing}" = xyes])
])
