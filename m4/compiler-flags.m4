dnl \file compiler-flags.m4
dnl
dnl Checks for compiler flags one at a time.  Flags are probed with -Werror
dnl because some compilers (Clang) only warn about unknown -W flags.

dnl SHMC_CC_FLAG(flag, variable)
dnl
dnl Appends flag to variable when the C compiler accepts it.
dnl
dnl \param 1 The flag to test, e.g. -Wextra.
dnl \param 2 The shell variable that collects accepted flags.
AC_DEFUN([SHMC_CC_FLAG], [
    AS_VAR_PUSHDEF([shmc_cv], [shmc_cv_cflag_$1])
    AC_CACHE_CHECK([whether ${CC} accepts $1], [shmc_cv], [
        shmc_save_cflags="${CFLAGS}"
        CFLAGS="${CFLAGS} -Werror $1"
        AC_LINK_IFELSE([AC_LANG_PROGRAM([], [return 0;])],
            [AS_VAR_SET([shmc_cv], [yes])], [AS_VAR_SET([shmc_cv], [no])])
        CFLAGS="${shmc_save_cflags}"])
    AS_VAR_IF([shmc_cv], [yes], [$2="${$2} $1"])
    AS_VAR_POPDEF([shmc_cv])
])

dnl SHMC_CC_STD
dnl
dnl Selects C11 (with the system extensions that AC_USE_SYSTEM_EXTENSIONS
dnl enables) so that the code is held to the language the project targets.
AC_DEFUN([SHMC_CC_STD], [
    shmc_std_cflags=
    SHMC_CC_FLAG([-std=c11], [shmc_std_cflags])
    CFLAGS="${CFLAGS}${shmc_std_cflags}"
])
