/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "bench/clock.h"

#include <sched.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t expired;

uint64_t
shmc_bench_now_ns(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t
shmc_bench_clock_resolution_ns(void)
{
    struct timespec ts;

    if (clock_getres(CLOCK_MONOTONIC, &ts) == -1)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
on_alarm(int signo)
{
    (void)signo;
    expired = 1;
}

void
shmc_bench_watchdog(unsigned int seconds)
{
    struct sigaction sa;

    (void)alarm(0);
    expired = 0;
    if (seconds == 0)
        return;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    (void)sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;            /* No SA_RESTART: blocked calls see EINTR. */
    (void)sigaction(SIGALRM, &sa, NULL);
    (void)alarm(seconds);
}

bool
shmc_bench_expired(void)
{
    return expired != 0;
}

void
shmc_bench_child_deadline(unsigned int seconds)
{
    (void)signal(SIGALRM, SIG_DFL);
    (void)alarm(seconds > 0 ? seconds : 1);
}

void
shmc_bench_relax(unsigned int *turns)
{
    if (++*turns % 64 == 0)
        (void)sched_yield();
}

bool
shmc_bench_spin_until(atomic_uint *word, unsigned int value)
{
    unsigned int turns = 0;

    while (atomic_load_explicit(word, memory_order_acquire) != value) {
        if (shmc_bench_expired())
            return false;
        shmc_bench_relax(&turns);
    }
    return true;
}
