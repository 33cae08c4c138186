/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shmc_error {
    int m_errno;        /* 0 when the error is not from libc. */
    bool m_static;      /* The out-of-memory error is never freed. */
    bool m_skip;        /* Not a failure: the thing cannot be tried. */
    char m_message[512];
};

/* Returned when no memory is left to describe another error. */
static struct shmc_error nomem_error = {
    ENOMEM, true, false, "Not enough memory"
};

/** strerror(errnum), in buf where the C library writes it there:
 * strerror may share one buffer among threads (merge loads reports in
 * several). */
static const char *
error_text(int errnum, char *buf, size_t size)
{
#if defined(STRERROR_R_CHAR_P) && STRERROR_R_CHAR_P
    return strerror_r(errnum, buf, size);
#else
    if (strerror_r(errnum, buf, size) != 0)
        (void)snprintf(buf, size, "Unknown error %d", errnum);
    return buf;
#endif
}

static shmc_error_t
error_vnew(int errnum, const char *fmt, va_list ap)
{
    shmc_error_t err;
    size_t len;
    char text[256];

    err = malloc(sizeof(*err));
    if (err == NULL)
        return &nomem_error;
    err->m_errno = errnum;
    err->m_static = false;
    err->m_skip = false;
    (void)vsnprintf(err->m_message, sizeof(err->m_message), fmt, ap);
    if (errnum != 0) {
        len = strlen(err->m_message);
        (void)snprintf(err->m_message + len, sizeof(err->m_message) - len,
            ": %s", error_text(errnum, text, sizeof(text)));
    }
    return err;
}

shmc_error_t
shmc_error_new(const char *fmt, ...)
{
    shmc_error_t err;
    va_list ap;

    va_start(ap, fmt);
    err = error_vnew(0, fmt, ap);
    va_end(ap);
    return err;
}

shmc_error_t
shmc_error_libc(int errnum, const char *fmt, ...)
{
    shmc_error_t err;
    va_list ap;

    va_start(ap, fmt);
    err = error_vnew(errnum, fmt, ap);
    va_end(ap);
    return err;
}

shmc_error_t
shmc_error_skip(const char *fmt, ...)
{
    shmc_error_t err;
    va_list ap;

    va_start(ap, fmt);
    err = error_vnew(0, fmt, ap);
    va_end(ap);
    if (!err->m_static)
        err->m_skip = true;
    return err;
}

shmc_error_t
shmc_error_wrap(shmc_error_t err, const char *fmt, ...)
{
    shmc_error_t wrapped;
    va_list ap;
    size_t len;

    if (err->m_static)
        return err;
    wrapped = malloc(sizeof(*wrapped));
    if (wrapped == NULL)
        return err;     /* The bare message is still better than none. */
    *wrapped = *err;
    va_start(ap, fmt);
    (void)vsnprintf(wrapped->m_message, sizeof(wrapped->m_message), fmt, ap);
    va_end(ap);
    len = strlen(wrapped->m_message);
    (void)snprintf(wrapped->m_message + len,
        sizeof(wrapped->m_message) - len, ": %s", err->m_message);
    shmc_error_free(err);
    return wrapped;
}

bool
shmc_error_is_skip(const shmc_error_t err)
{
    return err != NULL && err->m_skip;
}

shmc_error_t
shmc_error_nomem(void)
{
    return &nomem_error;
}

int
shmc_error_errno(const shmc_error_t err)
{
    return err->m_errno;
}

const char *
shmc_error_message(const shmc_error_t err)
{
    return err->m_message;
}

void
shmc_error_free(shmc_error_t err)
{
    if (err != NULL && !err->m_static)
        free(err);
}
