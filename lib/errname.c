/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/errname.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* The POSIX.1-2008 errno names.  Some share a value on some systems
 * (EAGAIN and EWOULDBLOCK, ENOTSUP and EOPNOTSUPP); the first listed wins.
 * Each is guarded because the XSI STREAMS names are optional. */
static const struct {
    int m_value;
    const char *m_name;
} names[] = {
#if defined(E2BIG)
    { E2BIG, "E2BIG" },
#endif
#if defined(EACCES)
    { EACCES, "EACCES" },
#endif
#if defined(EADDRINUSE)
    { EADDRINUSE, "EADDRINUSE" },
#endif
#if defined(EADDRNOTAVAIL)
    { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
#endif
#if defined(EAFNOSUPPORT)
    { EAFNOSUPPORT, "EAFNOSUPPORT" },
#endif
#if defined(EAGAIN)
    { EAGAIN, "EAGAIN" },
#endif
#if defined(EALREADY)
    { EALREADY, "EALREADY" },
#endif
#if defined(EBADF)
    { EBADF, "EBADF" },
#endif
#if defined(EBADMSG)
    { EBADMSG, "EBADMSG" },
#endif
#if defined(EBUSY)
    { EBUSY, "EBUSY" },
#endif
#if defined(ECANCELED)
    { ECANCELED, "ECANCELED" },
#endif
#if defined(ECHILD)
    { ECHILD, "ECHILD" },
#endif
#if defined(ECONNABORTED)
    { ECONNABORTED, "ECONNABORTED" },
#endif
#if defined(ECONNREFUSED)
    { ECONNREFUSED, "ECONNREFUSED" },
#endif
#if defined(ECONNRESET)
    { ECONNRESET, "ECONNRESET" },
#endif
#if defined(EDEADLK)
    { EDEADLK, "EDEADLK" },
#endif
#if defined(EDESTADDRREQ)
    { EDESTADDRREQ, "EDESTADDRREQ" },
#endif
#if defined(EDOM)
    { EDOM, "EDOM" },
#endif
#if defined(EDQUOT)
    { EDQUOT, "EDQUOT" },
#endif
#if defined(EEXIST)
    { EEXIST, "EEXIST" },
#endif
#if defined(EFAULT)
    { EFAULT, "EFAULT" },
#endif
#if defined(EFBIG)
    { EFBIG, "EFBIG" },
#endif
#if defined(EHOSTUNREACH)
    { EHOSTUNREACH, "EHOSTUNREACH" },
#endif
#if defined(EIDRM)
    { EIDRM, "EIDRM" },
#endif
#if defined(EILSEQ)
    { EILSEQ, "EILSEQ" },
#endif
#if defined(EINPROGRESS)
    { EINPROGRESS, "EINPROGRESS" },
#endif
#if defined(EINTR)
    { EINTR, "EINTR" },
#endif
#if defined(EINVAL)
    { EINVAL, "EINVAL" },
#endif
#if defined(EIO)
    { EIO, "EIO" },
#endif
#if defined(EISCONN)
    { EISCONN, "EISCONN" },
#endif
#if defined(EISDIR)
    { EISDIR, "EISDIR" },
#endif
#if defined(ELOOP)
    { ELOOP, "ELOOP" },
#endif
#if defined(EMFILE)
    { EMFILE, "EMFILE" },
#endif
#if defined(EMLINK)
    { EMLINK, "EMLINK" },
#endif
#if defined(EMSGSIZE)
    { EMSGSIZE, "EMSGSIZE" },
#endif
#if defined(EMULTIHOP)
    { EMULTIHOP, "EMULTIHOP" },
#endif
#if defined(ENAMETOOLONG)
    { ENAMETOOLONG, "ENAMETOOLONG" },
#endif
#if defined(ENETDOWN)
    { ENETDOWN, "ENETDOWN" },
#endif
#if defined(ENETRESET)
    { ENETRESET, "ENETRESET" },
#endif
#if defined(ENETUNREACH)
    { ENETUNREACH, "ENETUNREACH" },
#endif
#if defined(ENFILE)
    { ENFILE, "ENFILE" },
#endif
#if defined(ENOBUFS)
    { ENOBUFS, "ENOBUFS" },
#endif
#if defined(ENODATA)
    { ENODATA, "ENODATA" },
#endif
#if defined(ENODEV)
    { ENODEV, "ENODEV" },
#endif
#if defined(ENOENT)
    { ENOENT, "ENOENT" },
#endif
#if defined(ENOEXEC)
    { ENOEXEC, "ENOEXEC" },
#endif
#if defined(ENOLCK)
    { ENOLCK, "ENOLCK" },
#endif
#if defined(ENOLINK)
    { ENOLINK, "ENOLINK" },
#endif
#if defined(ENOMEM)
    { ENOMEM, "ENOMEM" },
#endif
#if defined(ENOMSG)
    { ENOMSG, "ENOMSG" },
#endif
#if defined(ENOPROTOOPT)
    { ENOPROTOOPT, "ENOPROTOOPT" },
#endif
#if defined(ENOSPC)
    { ENOSPC, "ENOSPC" },
#endif
#if defined(ENOSR)
    { ENOSR, "ENOSR" },
#endif
#if defined(ENOSTR)
    { ENOSTR, "ENOSTR" },
#endif
#if defined(ENOSYS)
    { ENOSYS, "ENOSYS" },
#endif
#if defined(ENOTCONN)
    { ENOTCONN, "ENOTCONN" },
#endif
#if defined(ENOTDIR)
    { ENOTDIR, "ENOTDIR" },
#endif
#if defined(ENOTEMPTY)
    { ENOTEMPTY, "ENOTEMPTY" },
#endif
#if defined(ENOTRECOVERABLE)
    { ENOTRECOVERABLE, "ENOTRECOVERABLE" },
#endif
#if defined(ENOTSOCK)
    { ENOTSOCK, "ENOTSOCK" },
#endif
#if defined(ENOTSUP)
    { ENOTSUP, "ENOTSUP" },
#endif
#if defined(ENOTTY)
    { ENOTTY, "ENOTTY" },
#endif
#if defined(ENXIO)
    { ENXIO, "ENXIO" },
#endif
#if defined(EOPNOTSUPP)
    { EOPNOTSUPP, "EOPNOTSUPP" },
#endif
#if defined(EOVERFLOW)
    { EOVERFLOW, "EOVERFLOW" },
#endif
#if defined(EOWNERDEAD)
    { EOWNERDEAD, "EOWNERDEAD" },
#endif
#if defined(EPERM)
    { EPERM, "EPERM" },
#endif
#if defined(EPIPE)
    { EPIPE, "EPIPE" },
#endif
#if defined(EPROTO)
    { EPROTO, "EPROTO" },
#endif
#if defined(EPROTONOSUPPORT)
    { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
#endif
#if defined(EPROTOTYPE)
    { EPROTOTYPE, "EPROTOTYPE" },
#endif
#if defined(ERANGE)
    { ERANGE, "ERANGE" },
#endif
#if defined(EROFS)
    { EROFS, "EROFS" },
#endif
#if defined(ESPIPE)
    { ESPIPE, "ESPIPE" },
#endif
#if defined(ESRCH)
    { ESRCH, "ESRCH" },
#endif
#if defined(ESTALE)
    { ESTALE, "ESTALE" },
#endif
#if defined(ETIME)
    { ETIME, "ETIME" },
#endif
#if defined(ETIMEDOUT)
    { ETIMEDOUT, "ETIMEDOUT" },
#endif
#if defined(ETXTBSY)
    { ETXTBSY, "ETXTBSY" },
#endif
#if defined(EWOULDBLOCK)
    { EWOULDBLOCK, "EWOULDBLOCK" },
#endif
#if defined(EXDEV)
    { EXDEV, "EXDEV" },
#endif
};

/** Returns the symbolic name of errnum, or "E<number>" when unknown. */
const char *
shmc_errname(int errnum)
{
    static char unknown[32];
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].m_value == errnum)
            return names[i].m_name;
    (void)snprintf(unknown, sizeof(unknown), "E%d", errnum);
    return unknown;
}

/** Returns the errno value of a symbolic name ("ENOENT"), or 0 when the
 * name is not known here. */
int
shmc_errnum(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i].m_name, name) == 0)
            return names[i].m_value;
    return 0;
}

/** Returns "SIGBUS" and the like; "none" for 0, "unknown" for -1 (no
 * result), "SIG<number>" for others. */
const char *
shmc_signame(int sig)
{
    static const struct {
        int m_value;
        const char *m_name;
    } signals[] = {
        { SIGABRT, "SIGABRT" }, { SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" },
        { SIGILL, "SIGILL" }, { SIGKILL, "SIGKILL" }, { SIGSEGV, "SIGSEGV" },
        { SIGTERM, "SIGTERM" }, { SIGPIPE, "SIGPIPE" }, { SIGSYS, "SIGSYS" },
    };
    static char unknown[32];
    size_t i;

    if (sig == 0)
        return "none";
    if (sig < 0)
        return "unknown";
    for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
        if (signals[i].m_value == sig)
            return signals[i].m_name;
    (void)snprintf(unknown, sizeof(unknown), "SIG%d", sig);
    return unknown;
}
