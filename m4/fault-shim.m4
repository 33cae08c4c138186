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
])
