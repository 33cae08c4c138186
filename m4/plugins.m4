dnl \file plugins.m4
dnl
dnl Whether this build's programs can load provider plugins.  A statically
dnl linked program has no dynamic loader (musl's static dlopen only says
dnl "Dynamic loading not supported"), so a plugin could never be loaded
dnl there, whatever the plugin: the plugin cases then skip with the reason
dnl instead of failing on a file they could not have loaded.  A build that
dnl can load plugins keeps failing every case of a broken one.

dnl SHMC_CHECK_PLUGIN_LOADING
dnl
dnl After LT_INIT and the search for dlopen.  Sets shmc_cv_link_static when
dnl LDFLAGS asks for static programs (-static, -all-static) and then gives
dnl libtool -all-static for them in SHMC_PROGRAM_LDFLAGS: libtool reads
dnl -static alone as "no uninstalled shared libtool libraries" and would
dnl link the suites dynamically, unlike configure's own test programs.
dnl Runs dlopen(NULL) in a program linked as the suites are; when that
dnl fails, defines SHMC_NO_PLUGINS_REASON, the one-line reason the plugin
dnl cases skip with.  Cross-compiling, dlopen
dnl is assumed to work unless the link is static (preset
dnl shmc_cv_working_dlopen to "yes" or "no: WHY" to decide it).
AC_DEFUN([SHMC_CHECK_PLUGIN_LOADING], [
    AC_CHECK_HEADERS([dlfcn.h])
    AC_CACHE_CHECK([whether LDFLAGS links programs statically],
        [shmc_cv_link_static], [
        shmc_cv_link_static=no
        for shmc_flag in ${LDFLAGS}; do
            AS_CASE([${shmc_flag}], [-static|-all-static|--static],
                [shmc_cv_link_static=yes])
        done
    ])
    SHMC_PROGRAM_LDFLAGS=
    AS_IF([test "x${shmc_cv_link_static}" = xyes],
        [SHMC_PROGRAM_LDFLAGS=-all-static])
    AC_SUBST([SHMC_PROGRAM_LDFLAGS])
    AC_CACHE_CHECK([whether dlopen works in this build's programs],
        [shmc_cv_working_dlopen], [
        rm -f conftest.dlerror
        AC_RUN_IFELSE([AC_LANG_PROGRAM([[
#include <dlfcn.h>
#include <stdio.h>
]], [[
    const char *why;
    FILE *f;

    if (dlopen(NULL, RTLD_NOW | RTLD_LOCAL) != NULL)
        return 0;
    why = dlerror();
    if ((f = fopen("conftest.dlerror", "w")) != NULL) {
        (void)fprintf(f, "%s\n", why != NULL ? why : "no message");
        (void)fclose(f);
    }
    return 1;
]])],
            [shmc_cv_working_dlopen=yes],
            [shmc_dlerror=`head -n 1 conftest.dlerror 2>/dev/null | tr -d '\042\134'`
             shmc_cv_working_dlopen="no: dlopen(NULL) failed: ${shmc_dlerror:-the test program died}"],
            [AS_IF([test "x${shmc_cv_link_static}" = xyes],
                [shmc_cv_working_dlopen="no: assumed, cross-compiling"],
                [shmc_cv_working_dlopen="yes (assumed: cross-compiling)"])])
        rm -f conftest.dlerror
    ])
    AS_CASE([${shmc_cv_working_dlopen}],
        [yes*], [],
        [shmc_why=`echo "${shmc_cv_working_dlopen}" | sed 's/^no: //'`
         AS_IF([test "x${shmc_cv_link_static}" = xyes],
             [shmc_why="this build is linked statically (LDFLAGS has -static): it cannot load plugins (${shmc_why}); see shmcompat-provider(3)"],
             [shmc_why="this build cannot load plugins (${shmc_why}); see shmcompat-provider(3)"])
         AC_DEFINE_UNQUOTED([SHMC_NO_PLUGINS_REASON], ["${shmc_why}"],
            [Why this build's programs cannot load plugins, when they cannot.])])
])
