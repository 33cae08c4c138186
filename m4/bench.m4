dnl \file bench.m4
dnl
dnl What shmcompat-bench can measure beyond the shm interfaces: a futex to
dnl wait on, the CPUs a process may run on, the load average.

dnl SHMC_CHECK_BENCH
dnl
dnl Defines HAVE_FUTEX when <linux/futex.h> and SYS_futex exist,
dnl HAVE_UMTX_OP when FreeBSD's _umtx_op(2) links, and
dnl HAVE_OS_SYNC_WAIT_ON_ADDRESS when macOS's os_sync_wait_on_address(3)
dnl compiles without an availability warning for the deployment target (the
dnl futex-style round trip and the ring's sleeping waits use the first found);
dnl and the HAVE_* results of sched_getaffinity, sched_setaffinity (the
dnl cross-CPU figures pin their two processes apart), getloadavg,
dnl MAP_HUGETLB, MADV_HUGEPAGE and struct rusage's ru_minflt (first touch
dnl counts the page faults it takes).
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
    AC_CACHE_CHECK([for _umtx_op(2)], [shmc_cv_umtx_op], [
        AC_LINK_IFELSE([AC_LANG_PROGRAM([[
#include <sys/types.h>
#include <sys/umtx.h>
]], [[
unsigned int word = 0;
return _umtx_op(&word, UMTX_OP_WAKE, 1, 0, 0);
]])], [shmc_cv_umtx_op=yes], [shmc_cv_umtx_op=no])
    ])
    AS_IF([test "x${shmc_cv_umtx_op}" = xyes],
        [AC_DEFINE([HAVE_UMTX_OP], [1],
            [Define to 1 if _umtx_op(2) with UMTX_OP_WAIT_UINT exists.])])
    AC_CACHE_CHECK([for os_sync_wait_on_address(3)],
        [shmc_cv_os_sync_wait_on_address], [
        AC_LINK_IFELSE([AC_LANG_PROGRAM([[
#if defined(__clang__)
#pragma clang diagnostic error "-Wunguarded-availability-new"
#endif
#include <stdint.h>
#include <os/os_sync_wait_on_address.h>
]], [[
uint32_t word = 0;
(void)os_sync_wake_by_address_any(&word, sizeof(word),
    OS_SYNC_WAKE_BY_ADDRESS_SHARED);
return os_sync_wait_on_address_with_timeout(&word, 1, sizeof(word),
    OS_SYNC_WAIT_ON_ADDRESS_SHARED, OS_CLOCK_MACH_ABSOLUTE_TIME, 1000);
]])], [shmc_cv_os_sync_wait_on_address=yes],
            [shmc_cv_os_sync_wait_on_address=no])
    ])
    AS_IF([test "x${shmc_cv_os_sync_wait_on_address}" = xyes],
        [AC_DEFINE([HAVE_OS_SYNC_WAIT_ON_ADDRESS], [1],
            [Define to 1 if os_sync_wait_on_address(3) can be used.])])
    AC_CHECK_FUNCS([sched_getaffinity sched_setaffinity getloadavg])
    AC_CHECK_MEMBERS([struct rusage.ru_minflt], [], [], [
#include <sys/resource.h>
])
    AC_CHECK_DECLS([MAP_HUGETLB, MADV_HUGEPAGE], [], [], [
#include <sys/types.h>
#include <sys/mman.h>
])
])
