/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "bench/wake.h"

#include <sys/types.h>
#if defined(HAVE_FUTEX)
#   include <linux/futex.h>
#   include <sys/syscall.h>
#elif defined(HAVE_UMTX_OP)
#   include <sys/umtx.h>
#elif defined(HAVE_OS_SYNC_WAIT_ON_ADDRESS)
#   include <os/os_sync_wait_on_address.h>
#endif

#include <errno.h>
#include <time.h>
#include <unistd.h>

#if defined(HAVE_FUTEX) || defined(HAVE_UMTX_OP)
/* A relative timeout, as both calls take it. */
static struct timespec
relative(uint64_t ns)
{
    struct timespec ts;

    ts.tv_sec = (time_t)(ns / 1000000000u);
    ts.tv_nsec = (long)(ns % 1000000000u);
    return ts;
}
#endif

#if defined(HAVE_FUTEX) || defined(HAVE_UMTX_OP) || \
    defined(HAVE_OS_SYNC_WAIT_ON_ADDRESS)
/* Whether errno after a wait says only that the wait ended without a
 * wake-up: the word differed, the time ran out, or a signal came. */
static bool
benign(int error)
{
    return error == EAGAIN || error == EINTR || error == ETIMEDOUT;
}
#endif

bool
shmc_bench_wake_available(void)
{
#if defined(HAVE_FUTEX) || defined(HAVE_UMTX_OP) || \
    defined(HAVE_OS_SYNC_WAIT_ON_ADDRESS)
    return true;
#else
    return false;
#endif
}

const char *
shmc_bench_wake_call(void)
{
#if defined(HAVE_FUTEX)
    return "futex(2)";
#elif defined(HAVE_UMTX_OP)
    return "_umtx_op(2)";
#elif defined(HAVE_OS_SYNC_WAIT_ON_ADDRESS)
    return "os_sync_wait_on_address(3)";
#else
    return "configure found no futex-style wait: no futex(2) "
        "(linux/futex.h and SYS_futex), no _umtx_op(2) (sys/umtx.h) and no "
        "os_sync_wait_on_address(3) (os/os_sync_wait_on_address.h, usable "
        "for this deployment target)";
#endif
}

shmc_error_t
shmc_bench_wait_word(atomic_uint *word, unsigned int expected,
    uint64_t timeout_ns)
{
#if defined(HAVE_FUTEX)
    struct timespec ts = relative(timeout_ns);

    /* Not FUTEX_PRIVATE_FLAG: the waker is another process. */
    if (syscall(SYS_futex, (unsigned int *)word, FUTEX_WAIT, expected, &ts,
        NULL, 0) == -1 && !benign(errno))
        return shmc_error_libc(errno, "futex(FUTEX_WAIT)");
    return shmc_no_error();
#elif defined(HAVE_UMTX_OP)
    struct timespec ts = relative(timeout_ns);

    /* UMTX_OP_WAIT_UINT, not its _PRIVATE form: the kernel keys a shared
     * mapping by its object, so another process can wake us. */
    if (_umtx_op(word, UMTX_OP_WAIT_UINT, expected,
        (void *)(uintptr_t)sizeof(ts), &ts) == -1 && !benign(errno))
        return shmc_error_libc(errno, "_umtx_op(UMTX_OP_WAIT_UINT)");
    return shmc_no_error();
#elif defined(HAVE_OS_SYNC_WAIT_ON_ADDRESS)
    if (os_sync_wait_on_address_with_timeout(word, expected, sizeof(*word),
        OS_SYNC_WAIT_ON_ADDRESS_SHARED, OS_CLOCK_MACH_ABSOLUTE_TIME,
        timeout_ns) == -1 && !benign(errno))
        return shmc_error_libc(errno, "os_sync_wait_on_address_with_timeout");
    return shmc_no_error();
#else
    (void)word;
    (void)expected;
    (void)timeout_ns;
    return shmc_error_new("%s", shmc_bench_wake_call());
#endif
}

shmc_error_t
shmc_bench_wake_word(atomic_uint *word)
{
#if defined(HAVE_FUTEX)
    if (syscall(SYS_futex, (unsigned int *)word, FUTEX_WAKE, 1, NULL, NULL,
        0) == -1)
        return shmc_error_libc(errno, "futex(FUTEX_WAKE)");
    return shmc_no_error();
#elif defined(HAVE_UMTX_OP)
    if (_umtx_op(word, UMTX_OP_WAKE, 1, NULL, NULL) == -1)
        return shmc_error_libc(errno, "_umtx_op(UMTX_OP_WAKE)");
    return shmc_no_error();
#elif defined(HAVE_OS_SYNC_WAIT_ON_ADDRESS)
    /* ENOENT: nobody was waiting, which is no failure. */
    if (os_sync_wake_by_address_any(word, sizeof(*word),
        OS_SYNC_WAKE_BY_ADDRESS_SHARED) == -1 && errno != ENOENT)
        return shmc_error_libc(errno, "os_sync_wake_by_address_any");
    return shmc_no_error();
#else
    (void)word;
    return shmc_error_new("%s", shmc_bench_wake_call());
#endif
}
