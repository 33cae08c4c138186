/* SPDX-License-Identifier: BSD-2-Clause */

/** Errors as values.
 *
 * A fallible function returns a shmc_error_t: NULL means success, anything
 * else is an error object that the caller must either handle and free or
 * pass up.  Only one error should be in flight at a time.
 *
 * A skip is an error of its own kind: "this cannot be tried here, and
 * why" (no namespaces, no such API).  The suites turn it into a skipped
 * case instead of a failure; everything else treats it as an error. */

#if !defined(SHMC_LIB_ERROR_H)
#define SHMC_LIB_ERROR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct shmc_error *shmc_error_t;

#define shmc_no_error() ((shmc_error_t)NULL)
#define shmc_is_error(e) ((e) != NULL)

#if defined(__GNUC__)
#   define SHMC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#   define SHMC_PRINTF(a, b)
#endif

/** A new error whose message is printf(fmt, ...); errno 0. */
shmc_error_t shmc_error_new(const char *fmt, ...) SHMC_PRINTF(1, 2);
/** A new error from libc's errnum: the message, then ": strerror". */
shmc_error_t shmc_error_libc(int errnum, const char *fmt, ...)
    SHMC_PRINTF(2, 3);
/** The static out-of-memory error (freeing it does nothing). */
shmc_error_t shmc_error_nomem(void);
/** A new skip: what cannot be tried here, printf(fmt, ...). */
shmc_error_t shmc_error_skip(const char *fmt, ...) SHMC_PRINTF(1, 2);
/** Consumes err and returns it with printf(fmt, ...) and ": " before its
 * message, keeping its errno and its kind (a skip stays a skip). */
shmc_error_t shmc_error_wrap(shmc_error_t err, const char *fmt, ...)
    SHMC_PRINTF(2, 3);

/** Whether err is a skip rather than a failure. */
bool shmc_error_is_skip(const shmc_error_t err);
/** The errno err came from, or 0. */
int shmc_error_errno(const shmc_error_t err);
/** err's message, owned by err. */
const char *shmc_error_message(const shmc_error_t err);
/** Frees err; NULL and the out-of-memory error are left alone. */
void shmc_error_free(shmc_error_t err);

#endif /* !defined(SHMC_LIB_ERROR_H) */
