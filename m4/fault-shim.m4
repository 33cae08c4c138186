dnl \file fault-shim.m4
dnl
dnl The fault-injection shim (tests/fault.c) finds the C library's own
dnl functions with dlsym(RTLD_NEXT); where dlsym lives (libc, or libdl on
dnl older glibc) goes into SHMC_DL_LIBS, not into LIBS.

dnl SHMC_CHECK_FAULT_SHIM
AC_DEFUN([SHMC_CHECK_FAULT_SHIM], [
    AC_CHECK_HEADERS([dlfcn.h])
    shmc_save_LIBS=${LIBS}
    LIBS=
    AC_SEARCH_LIBS([dlsym], [dl])
    SHMC_DL_LIBS=${LIBS}
    LIBS=${shmc_save_LIBS}
    AC_SUBST([SHMC_DL_LIBS])
    dnl The shim replaces shm_open with POSIX's prototype; XNU declares it
    dnl variadic, and there the shim compiles to nothing.
    AC_CACHE_CHECK([whether shm_open is declared with a mode_t argument],
        [shmc_cv_shm_open_mode_t], [
        AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#include <sys/types.h>
#include <sys/mman.h>
#include <fcntl.h>
int shm_open(const char *, int, mode_t);
]], [[]])], [shmc_cv_shm_open_mode_t=yes], [shmc_cv_shm_open_mode_t=no])
    ])
    AS_IF([test "x${shmc_cv_shm_open_mode_t}" = xyes],
        [AC_DEFINE([HAVE_SHM_OPEN_MODE_T], [1],
            [Define if shm_open is declared (const char *, int, mode_t).])])
])
