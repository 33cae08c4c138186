dnl \file shm-api.m4
dnl
dnl Which shared-memory interfaces the C library offers.  Each check is an
dnl ordinary cached autoconf check (ac_cv_func_*, ac_cv_have_decl_*), so a
dnl cross-compiler can preset the answers for the target.

dnl _SHMC_FEATURE(name, yes-or-no)
dnl
dnl Appends name=yes|no to the feature list that shmcompat-probe reports.
AC_DEFUN([_SHMC_FEATURE], [
    AS_IF([test -n "${shmc_feature_list}"],
        [shmc_feature_list="${shmc_feature_list},"])
    shmc_feature_list="${shmc_feature_list}$1=$2"
])

dnl SHMC_CHECK_FUNCS(function...)
dnl
dnl AC_CHECK_FUNCS, also recording each answer in the feature list.
AC_DEFUN([SHMC_CHECK_FUNCS], [
    m4_foreach_w([shmc_fn], [$1], [
        AC_CHECK_FUNCS(shmc_fn, [_SHMC_FEATURE(shmc_fn, [yes])],
            [_SHMC_FEATURE(shmc_fn, [no])])
    ])
])

dnl SHMC_CHECK_MACROS(includes, macro...)
dnl
dnl AC_CHECK_DECLS for constants, also recording each in the feature list.
AC_DEFUN([SHMC_CHECK_MACROS], [
    m4_foreach_w([shmc_mac], [$2], [
        AC_CHECK_DECLS(shmc_mac, [_SHMC_FEATURE(shmc_mac, [yes])],
            [_SHMC_FEATURE(shmc_mac, [no])], [$1])
    ])
])

dnl SHMC_CHECK_SHM_API
dnl
dnl Finds shm_open (libc or librt), the related functions and constants,
dnl and defines SHMC_SHM_OPEN_LIBRARY and SHMC_FEATURE_LIST.
AC_DEFUN([SHMC_CHECK_SHM_API], [
    shmc_feature_list=
    AC_CHECK_HEADERS([sys/ipc.h sys/shm.h linux/memfd.h])

    AC_SEARCH_LIBS([shm_open], [rt])
    AS_CASE([${ac_cv_search_shm_open}],
        ["none required"], [shmc_shm_open_library=libc],
        [no], [shmc_shm_open_library=none],
        [shmc_shm_open_library=`echo "${ac_cv_search_shm_open}" | sed 's/^-l/lib/'`])
    AS_IF([test "x${shmc_shm_open_library}" != xnone],
        [AC_DEFINE_UNQUOTED([SHMC_SHM_OPEN_LIBRARY],
            ["${shmc_shm_open_library}"],
            [The library that provides shm_open.])])
    AC_SEARCH_LIBS([sem_open], [pthread rt])
    AC_SEARCH_LIBS([pthread_mutexattr_setpshared], [pthread])

    SHMC_CHECK_FUNCS([shm_open shm_unlink memfd_create shm_open2 shm_rename
        posix_fallocate sem_open sem_init sem_timedwait
        pthread_mutexattr_setpshared pthread_mutexattr_setrobust shmget])
    AC_CHECK_FUNCS([sysctlbyname pthread_barrier_init pthread_mutex_consistent])
    AC_CHECK_HEADERS([gnu/libc-version.h])
    AC_CHECK_FUNCS([gnu_get_libc_version])

    SHMC_CHECK_MACROS([
#include <sys/types.h>
#include <sys/mman.h>
#include <fcntl.h>
#if defined(HAVE_SYS_IPC_H)
#include <sys/ipc.h>
#endif
#if defined(HAVE_SYS_SHM_H)
#include <sys/shm.h>
#endif
#if defined(HAVE_LINUX_MEMFD_H)
#include <linux/memfd.h>
#endif
], [SHM_ANON IPC_INFO MAP_ANONYMOUS MAP_ANON F_ADD_SEALS MFD_CLOEXEC
        MFD_ALLOW_SEALING MFD_HUGETLB MFD_NOEXEC_SEAL MFD_EXEC])

    dnl The kernel's memfd_create system call, for flags that the C library
    dnl does not know yet (or a C library without the wrapper).
    AC_CHECK_HEADERS([sys/syscall.h])
    AC_CHECK_DECLS([SYS_memfd_create], [], [], [[
#if defined(HAVE_SYS_SYSCALL_H)
#include <sys/syscall.h>
#endif
]])

    AC_CHECK_TYPES([struct shminfo], [], [], [
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
])
    AC_DEFINE_UNQUOTED([SHMC_FEATURE_LIST], ["${shmc_feature_list}"],
        [What configure found, as name=yes|no pairs.])
])
