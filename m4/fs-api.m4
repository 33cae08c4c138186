dnl \file fs-api.m4
dnl
dnl How to ask a filesystem for its type: Linux statfs(2) has a numeric
dnl f_type, the BSDs and macOS have the name in f_fstypename.

dnl SHMC_CHECK_FS_API
AC_DEFUN([SHMC_CHECK_FS_API], [
    AC_CHECK_HEADERS([sys/param.h sys/mount.h sys/vfs.h sys/sysmacros.h])
    AC_CHECK_MEMBERS([struct statfs.f_fstypename, struct statfs.f_type], [],
        [], [
#include <sys/types.h>
#if defined(HAVE_SYS_PARAM_H)
#include <sys/param.h>
#endif
#if defined(HAVE_SYS_MOUNT_H)
#include <sys/mount.h>
#endif
#if defined(HAVE_SYS_VFS_H)
#include <sys/vfs.h>
#endif
])
])
