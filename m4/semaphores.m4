dnl \file semaphores.m4
dnl
dnl Whether unnamed semaphores work.  A C library may export sem_init,
dnl sem_getvalue and sem_destroy only as stubs that fail (macOS declares
dnl them deprecated and returns ENOSYS), so linking proves nothing: the
dnl check runs them.  The suites then call them only where they work, and
dnl skip with the reason elsewhere.

dnl SHMC_CHECK_SEM_INIT
dnl
dnl After SHMC_CHECK_SHM_API, whose ac_cv_func_sem_init it reads.
dnl Defines HAVE_WORKING_SEM_INIT when sem_init(pshared=0), sem_getvalue and
dnl sem_destroy work.  Cross-compiling, the answer is assumed from
dnl ac_cv_func_sem_init (preset shmc_cv_working_sem_init to decide it); the
dnl cases then find a failing sem_init at run time and skip.
AC_DEFUN([SHMC_CHECK_SEM_INIT], [
    AC_CACHE_CHECK([whether sem_init, sem_getvalue and sem_destroy work],
        [shmc_cv_working_sem_init], [
        AS_IF([test "x${ac_cv_func_sem_init}" != xyes],
            [shmc_cv_working_sem_init=no],
            [AC_RUN_IFELSE([AC_LANG_PROGRAM([[
#include <semaphore.h>
]], [[
    sem_t s;
    int v = -1;

    if (sem_init(&s, 0, 2) != 0)
        return 1;
    if (sem_getvalue(&s, &v) != 0 || v != 2)
        return 2;
    if (sem_destroy(&s) != 0)
        return 3;
]])],
                [shmc_cv_working_sem_init=yes],
                [shmc_cv_working_sem_init=no],
                [shmc_cv_working_sem_init="yes (assumed: cross-compiling)"])])
    ])
    AS_CASE([${shmc_cv_working_sem_init}], [yes*],
        [AC_DEFINE([HAVE_WORKING_SEM_INIT], [1],
            [Define to 1 if sem_init, sem_getvalue and sem_destroy work.])])
])
