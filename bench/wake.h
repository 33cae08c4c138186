/* SPDX-License-Identifier: BSD-2-Clause */

/** Waiting on a 32-bit word in shared memory until another process changes
 * it, and waking that waiter: the system's futex-style call where
 * configure found one (Linux futex(2), FreeBSD _umtx_op(2), macOS 14.4's
 * os_sync_wait_on_address), and nothing elsewhere.
 *
 * Every wait is bounded by its timeout, and may also end early without a
 * change (a signal, a spurious wake-up): callers check the word again. */

#if !defined(SHMC_BENCH_WAKE_H)
#define SHMC_BENCH_WAKE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"

/** Whether this system has a futex-style wait between processes. */
bool shmc_bench_wake_available(void);

/** The call that waits, for the output ("futex(2)", ...); or, where there
 * is none, why not, as configure decided it. */
const char *shmc_bench_wake_call(void);

/** Sleeps while *word equals expected, for at most timeout_ns.  Returns no
 * error when woken, when the word differs, at the timeout, or on a signal;
 * an error naming the call otherwise (and always where the system has no
 * such call). */
shmc_error_t shmc_bench_wait_word(atomic_uint *word, unsigned int expected,
    uint64_t timeout_ns);

/** Wakes one process sleeping on word, if any. */
shmc_error_t shmc_bench_wake_word(atomic_uint *word);

#endif /* !defined(SHMC_BENCH_WAKE_H) */
