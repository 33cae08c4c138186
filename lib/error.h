/* SPDX-License-Identifier: BSD-2-Clause */

/** Errors as values.
 *
 * A fallible function returns a shmc_error_t: NULL means success, anything
 * else is an error object that the caller must either handle and free or
 * pass up.  Only one error should be in flight at a time. */

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

shmc_error_t shmc_error_new(const char *, ...) SHMC_PRINTF(1, 2);
shmc_error_t shmc_error_libc(int, const char *, ...) SHMC_PRINTF(2, 3);
shmc_error_t shmc_error_nomem(void);

int shmc_error_errno(const shmc_error_t);
const char *shmc_error_message(const shmc_error_t);
void shmc_error_free(shmc_error_t);

#endif /* !defined(SHMC_LIB_ERROR_H) */
