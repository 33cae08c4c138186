dnl \file threads.m4
dnl
dnl POSIX threads for shmcompat-report merge, which reads and checks the
dnl next reports in worker threads while the matrix takes the last one.
dnl Without them merge reads one report at a time: same output, slower.

dnl SHMC_CHECK_THREADS
dnl
dnl Defines HAVE_PTHREAD when a program using pthread_create,
dnl pthread_join and condition variables links, and sets PTHREAD_CFLAGS
dnl and PTHREAD_LIBS (substituted) to what it needs: nothing where the
dnl C library has them, else -pthread or -lpthread, tried in that order.
dnl Defines HAVE_DECL__SC_NPROCESSORS_ONLN to 1 when sysconf can tell the
dnl number of processors online (not in POSIX; merge then starts as
dnl many workers), else 0.  Runs AC_FUNC_STRERROR_R (STRERROR_R_CHAR_P
dnl for GNU's strerror_r): strerror need not be safe in threads.
AC_DEFUN([SHMC_CHECK_THREADS], [
    AC_CACHE_CHECK([for what POSIX threads need], [shmc_cv_pthread], [
        shmc_cv_pthread=no
        shmc_save_CFLAGS=${CFLAGS}
        shmc_save_LIBS=${LIBS}
        for shmc_flags in none -pthread -lpthread; do
            CFLAGS=${shmc_save_CFLAGS}
            LIBS=${shmc_save_LIBS}
            AS_CASE([${shmc_flags}],
                [-pthread], [CFLAGS="${CFLAGS} -pthread"
                             LIBS="${LIBS} -pthread"],
                [-lpthread], [LIBS="${LIBS} -lpthread"])
            AC_LINK_IFELSE([AC_LANG_PROGRAM([[
#include <pthread.h>
#include <stddef.h>

static void *
work(void *arg)
{
    return arg;
}
]], [[
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
    pthread_t t;
    void *out = NULL;

    if (pthread_create(&t, NULL, work, &mu) != 0 ||
        pthread_join(t, &out) != 0)
        return 1;
    (void)pthread_mutex_lock(&mu);
    (void)pthread_cond_broadcast(&cv);
    (void)pthread_mutex_unlock(&mu);
    return out == &mu ? 0 : 1;
]])], [shmc_cv_pthread=${shmc_flags}])
            test "x${shmc_cv_pthread}" != xno && break
        done
        CFLAGS=${shmc_save_CFLAGS}
        LIBS=${shmc_save_LIBS}
    ])
    PTHREAD_CFLAGS=
    PTHREAD_LIBS=
    AS_CASE([${shmc_cv_pthread}],
        [no], [AC_MSG_WARN([no POSIX threads: merge reads one report at a time])],
        [none], [],
        [-pthread], [PTHREAD_CFLAGS=-pthread
                     PTHREAD_LIBS=-pthread],
        [PTHREAD_LIBS=${shmc_cv_pthread}])
    AS_IF([test "x${shmc_cv_pthread}" != xno],
        [AC_DEFINE([HAVE_PTHREAD], [1],
            [Define to 1 if POSIX threads work (PTHREAD_CFLAGS and
             PTHREAD_LIBS say what they need).])])
    AC_SUBST([PTHREAD_CFLAGS])
    AC_SUBST([PTHREAD_LIBS])
    AC_CHECK_DECLS([_SC_NPROCESSORS_ONLN], [], [], [[#include <unistd.h>]])
    AC_FUNC_STRERROR_R
])
