/* SPDX-License-Identifier: BSD-2-Clause */

/** A single-producer, single-consumer byte ring in shared memory.
 *
 * The ring lives entirely inside a region that two processes map: a header
 * with the producer's and the consumer's counters, each on its own cache
 * line, followed by the data.  The counters count bytes modulo 2^32; the
 * capacity is a power of two, so their difference is the fill level.  The
 * producer publishes bytes with a release store of its counter after
 * copying them, the consumer frees them with a release store of its own
 * after reading them: no lock, no system call on the data path.  Each side
 * keeps the last value it saw of the other's counter on a line of its own
 * and reads the shared one again only when that value says it must wait,
 * so the counters' lines move between the CPUs once per piece, not once
 * per check.
 *
 * Large transfers move in pieces of an eighth of the ring (published one
 * by one, so that the consumer reads one piece while the producer writes
 * the next).  Blocking calls spin for a short while (offering the CPU to
 * others every few turns: on a busy machine the other side may be waiting
 * for it), then sleep on the other side's counter where the system has a
 * futex-style wait (see bench/wake.h), after saying so in the ring: the
 * other side makes the wake-up call only then, and only once the sleeper
 * can go on.  Elsewhere they keep spinning and yielding.  They give up
 * when the benchmark's watchdog expires. */

#if !defined(SHMC_BENCH_RING_H)
#define SHMC_BENCH_RING_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

typedef struct shmc_bench_ring shmc_bench_ring_t;

/* The smallest and the largest capacity a ring can have. */
#define SHMC_BENCH_RING_MIN 64u
#define SHMC_BENCH_RING_MAX (1u << 30)

/** Bytes a region needs to hold a ring of capacity bytes. */
size_t shmc_bench_ring_footprint(size_t capacity);

/** Lays out an empty ring of capacity bytes (a power of two between the
 * limits) at mem, which must be 64-byte aligned and hold
 * shmc_bench_ring_footprint(capacity) bytes. */
shmc_error_t shmc_bench_ring_init(void *mem, size_t capacity,
    shmc_bench_ring_t **ring);

/** Whether the ring's counters work across processes on this machine
 * (lock-free atomics); false leaves the ring unusable. */
bool shmc_bench_ring_lock_free(const shmc_bench_ring_t *ring);

size_t shmc_bench_ring_capacity(const shmc_bench_ring_t *ring);

/** Copies up to n bytes from src without waiting; returns how many. */
size_t shmc_bench_ring_try_put(shmc_bench_ring_t *ring, const void *src,
    size_t n);

/** Copies up to n bytes into dst without waiting; returns how many. */
size_t shmc_bench_ring_try_get(shmc_bench_ring_t *ring, void *dst, size_t n);

/** Copies all n bytes from src, waiting for room as needed. */
shmc_error_t shmc_bench_ring_put(shmc_bench_ring_t *ring, const void *src,
    size_t n);

/** Copies n bytes into dst, waiting for them as needed. */
shmc_error_t shmc_bench_ring_get(shmc_bench_ring_t *ring, void *dst,
    size_t n);

/** What a consumer does with bytes it reads in place. */
typedef void (*shmc_bench_ring_fn_t)(const void *bytes, size_t n, void *arg);

/** Hands the next n bytes to fn where they lie in the ring (all that are
 * there after each wait, in two pieces where the data wraps), then frees
 * them: the consumer's side of a transfer of one copy. */
shmc_error_t shmc_bench_ring_consume(shmc_bench_ring_t *ring, size_t n,
    shmc_bench_ring_fn_t fn, void *arg);

#endif /* !defined(SHMC_BENCH_RING_H) */
