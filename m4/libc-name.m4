dnl \file libc-name.m4
dnl
dnl Which C library the build links with.  glibc reports itself at run
dnl time (gnu_get_libc_version); for any other, the builder may name it,
dnl and the probe and the report then carry that name.

dnl SHMC_CHECK_LIBC_NAME
dnl
dnl --with-libc-name=NAME and --with-libc-version=VERSION define
dnl SHMC_LIBC_NAME and SHMC_LIBC_VERSION.
AC_DEFUN([SHMC_CHECK_LIBC_NAME], [
    AC_ARG_WITH([libc-name],
        [AS_HELP_STRING([--with-libc-name=NAME],
            [name the C library in reports when it cannot say (e.g. musl)])],
        [AC_DEFINE_UNQUOTED([SHMC_LIBC_NAME], ["${withval}"],
            [The C library, as the builder named it.])])
    AC_ARG_WITH([libc-version],
        [AS_HELP_STRING([--with-libc-version=VERSION],
            [the version of the C library named by --with-libc-name])],
        [AC_DEFINE_UNQUOTED([SHMC_LIBC_VERSION], ["${withval}"],
            [The C library's version, as the builder gave it.])])
])
