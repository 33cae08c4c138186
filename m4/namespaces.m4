dnl \file namespaces.m4
dnl
dnl Linux namespaces let the suites mount, fill and unmount a private tmpfs
dnl without touching the host.  Elsewhere those cases skip with a reason.

dnl SHMC_CHECK_NAMESPACES
AC_DEFUN([SHMC_CHECK_NAMESPACES], [
    AC_CHECK_HEADERS([sched.h])
    AC_CHECK_FUNCS([unshare])
])
