dnl \file developer-mode.m4
dnl
dnl "Developer mode" turns every compiler warning into an error.  It is on
dnl by default in a git checkout and off in a release tarball, where a newer
dnl compiler's new warnings must not break a user's build.

dnl SHMC_DEVELOPER_MODE
dnl
dnl Sets and substitutes SHMC_WARN_CFLAGS.
AC_DEFUN([SHMC_DEVELOPER_MODE], [
    AC_ARG_ENABLE([developer],
        [AS_HELP_STRING([--enable-developer],
            [build with -Wall -Wextra -Werror (default: yes in a git checkout)])],
        [shmc_developer="${enableval}"],
        [AS_IF([test -e "${srcdir}/.git"],
            [shmc_developer=yes], [shmc_developer=no])])
    AC_MSG_CHECKING([whether to build in developer mode])
    AC_MSG_RESULT([${shmc_developer}])

    SHMC_WARN_CFLAGS=
    AS_IF([test "x${shmc_developer}" = xyes], [
        for shmc_flag in -Wall -Wextra -Werror -Wshadow -Wpointer-arith \
            -Wmissing-prototypes -Wstrict-prototypes -Wformat=2 \
            -Wno-format-nonliteral -Wundef; do
            SHMC_CC_FLAG([${shmc_flag}], [SHMC_WARN_CFLAGS])
        done
    ])
    AC_SUBST([SHMC_WARN_CFLAGS])
])
