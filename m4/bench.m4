dnl \file bench.m4
dnl
dnl What shmcompat-bench can measure beyond the shm interfaces: a futex to
dnl wait on, the CPUs a process may run on, the load average.

dnl SHMC_CHECK_BENCH
dnl
dnl Defines HAVE_FUTEX when <linux/futex.h> and SYS_futex exist (the round
dnl trip through a futex is measured only then), and the HAVE_* results of
dnl sched_getaffinity, getloadavg and MAP_HUGETLB.
AC_DEFUN([SHMC_CHECK_BENCH], [
    AC_CHECK_HEADERS([linux/futex.h sys/syscall.h])
    AC_CHECK_DECLS([SYS_futex], [], [], [
#include <sys/syscall.h>
])
    AC_CACHE_CHECK([for futex(2)], [shmc_cv_futex], [
        AS_IF([test "x${ac_cv_header_linux_futex_h}" = xyes &&
               test "x${ac_cv_have_decl_SYS_futex}" = xyes],
            [shmc_cv_futex=yes], [shmc_cv_futex=no])
    ])
    AS_IF([test "x${shmc_cv_futex}" = xyes],
        [AC_DEFINE([HAVE_FUTEX], [1],
            [Define to 1 if futex(2) can be called through SYS_futex.])])
    AC_CHECK_FUNCS([sched_getaffinity getloadavg])
    AC_CHECK_DECLS([MAP_HUGETLB], [], [], [
#include <sys/types.h>
#include <sys/mman.h>
])
])
