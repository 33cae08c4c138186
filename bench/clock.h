/* SPDX-License-Identifier: BSD-2-Clause */

/** The benchmark's clock, its waiting loops and its watchdog.
 *
 * Every wait in the benchmark is bounded: the parent arms a watchdog
 * (SIGALRM without SA_RESTART) around each measurement, so a blocking call
 * returns EINTR and a spinning loop sees shmc_bench_expired() at the
 * deadline; children run with SIGALRM's default action and die at theirs. */

#if !defined(SHMC_BENCH_CLOCK_H)
#define SHMC_BENCH_CLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* The clock every figure is measured with, by name. */
#define SHMC_BENCH_CLOCK_NAME "CLOCK_MONOTONIC"

/** Nanoseconds on SHMC_BENCH_CLOCK_NAME since an arbitrary origin. */
uint64_t shmc_bench_now_ns(void);

/** The clock's resolution in nanoseconds, as clock_getres(2) reports it;
 * 0 when it cannot say. */
uint64_t shmc_bench_clock_resolution_ns(void);

/** Arms the watchdog to fire in seconds (at least 1); 0 disarms it. */
void shmc_bench_watchdog(unsigned int seconds);

/** Whether the armed watchdog has fired. */
bool shmc_bench_expired(void);

/** In a forked child: SIGALRM kills the process seconds from now. */
void shmc_bench_child_deadline(unsigned int seconds);

/** One turn of a waiting loop: spins, and lets the other process run every
 * few turns (two processes may share one CPU). */
void shmc_bench_relax(unsigned int *turns);

/** Spins (relaxing as above) until word holds value, with acquire order;
 * false if the watchdog fires first. */
bool shmc_bench_spin_until(atomic_uint *word, unsigned int value);

#endif /* !defined(SHMC_BENCH_CLOCK_H) */
