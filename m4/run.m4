dnl \file run.m4
dnl
dnl What runs and their cleanup need: a secure random source for run ids
dnl and the System V semaphore calls that cleanup undoes.

dnl SHMC_CHECK_RUN
dnl
dnl Defines HAVE_ARC4RANDOM_BUF and HAVE_GETENTROPY (with
dnl HAVE_SYS_RANDOM_H, where macOS declares getentropy) when present; the
dnl code reads /dev/urandom when neither is.  Defines HAVE_SYS_SEM_H and
dnl HAVE_SEMGET for System V semaphore sets.
AC_DEFUN([SHMC_CHECK_RUN], [
    AC_CHECK_HEADERS([sys/random.h sys/sem.h])
    AC_CHECK_FUNCS([arc4random_buf getentropy semget])
])
