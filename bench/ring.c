/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "bench/ring.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "bench/clock.h"

/* Apart on separate cache lines, so that the producer's and the consumer's
 * stores do not fight over one line. */
struct shmc_bench_ring {
    alignas(64) atomic_uint m_head;     /* Bytes ever written (mod 2^32). */
    alignas(64) atomic_uint m_tail;     /* Bytes ever read (mod 2^32). */
    alignas(64) unsigned int m_capacity;
    unsigned int m_mask;
    alignas(64) unsigned char m_data[];
};

size_t
shmc_bench_ring_footprint(size_t capacity)
{
    return sizeof(struct shmc_bench_ring) + capacity;
}

shmc_error_t
shmc_bench_ring_init(void *mem, size_t capacity, shmc_bench_ring_t **ring)
{
    shmc_bench_ring_t *r = mem;

    if (capacity < SHMC_BENCH_RING_MIN || capacity > SHMC_BENCH_RING_MAX ||
        (capacity & (capacity - 1)) != 0)
        return shmc_error_new("Ring capacity %zu is not a power of two "
            "between %u and %u", capacity, SHMC_BENCH_RING_MIN,
            SHMC_BENCH_RING_MAX);
    if (((uintptr_t)mem & 63u) != 0)
        return shmc_error_new("Ring memory is not 64-byte aligned");
    atomic_init(&r->m_head, 0);
    atomic_init(&r->m_tail, 0);
    r->m_capacity = (unsigned int)capacity;
    r->m_mask = (unsigned int)capacity - 1;
    *ring = r;
    return shmc_no_error();
}

bool
shmc_bench_ring_lock_free(const shmc_bench_ring_t *ring)
{
    return atomic_is_lock_free(&ring->m_head);
}

size_t
shmc_bench_ring_capacity(const shmc_bench_ring_t *ring)
{
    return ring->m_capacity;
}

/* Bytes the producer may write now. */
static size_t
room(shmc_bench_ring_t *r, unsigned int head)
{
    unsigned int tail = atomic_load_explicit(&r->m_tail, memory_order_acquire);

    return r->m_capacity - (head - tail);
}

/* Bytes the consumer may read now. */
static size_t
filled(shmc_bench_ring_t *r, unsigned int tail)
{
    unsigned int head = atomic_load_explicit(&r->m_head, memory_order_acquire);

    return head - tail;
}

size_t
shmc_bench_ring_try_put(shmc_bench_ring_t *r, const void *src, size_t n)
{
    unsigned int head = atomic_load_explicit(&r->m_head, memory_order_relaxed);
    size_t avail = room(r, head), off, first;

    if (n > avail)
        n = avail;
    if (n == 0)
        return 0;
    off = head & r->m_mask;
    first = r->m_capacity - off;
    if (first > n)
        first = n;
    memcpy(r->m_data + off, src, first);
    memcpy(r->m_data, (const unsigned char *)src + first, n - first);
    atomic_store_explicit(&r->m_head, head + (unsigned int)n,
        memory_order_release);
    return n;
}

/* Calls fn on up to n readable bytes in place, frees them, returns how
 * many. */
static size_t
take(shmc_bench_ring_t *r, size_t n, shmc_bench_ring_fn_t fn, void *arg)
{
    unsigned int tail = atomic_load_explicit(&r->m_tail, memory_order_relaxed);
    size_t avail = filled(r, tail), off, first;

    if (n > avail)
        n = avail;
    if (n == 0)
        return 0;
    off = tail & r->m_mask;
    first = r->m_capacity - off;
    if (first > n)
        first = n;
    fn(r->m_data + off, first, arg);
    if (n > first)
        fn(r->m_data, n - first, arg);
    atomic_store_explicit(&r->m_tail, tail + (unsigned int)n,
        memory_order_release);
    return n;
}

static void
copy_out(const void *bytes, size_t n, void *arg)
{
    unsigned char **dst = arg;

    memcpy(*dst, bytes, n);
    *dst += n;
}

size_t
shmc_bench_ring_try_get(shmc_bench_ring_t *r, void *dst, size_t n)
{
    unsigned char *p = dst;

    return take(r, n, copy_out, &p);
}

/* How many bytes to wait for before moving: the whole remainder or half
 * the ring, whichever is less.  Both sides waiting for half the ring
 * cannot deadlock (room + fill = capacity), and moving large pieces keeps
 * the two processes from trading the counters' cache lines for every few
 * bytes. */
static size_t
batch(const shmc_bench_ring_t *r, size_t remaining)
{
    size_t half = r->m_capacity / 2;

    return remaining < half ? remaining : half;
}

shmc_error_t
shmc_bench_ring_put(shmc_bench_ring_t *r, const void *src, size_t n)
{
    const unsigned char *p = src;
    unsigned int turns = 0;
    size_t done;

    while (n > 0) {
        unsigned int head = atomic_load_explicit(&r->m_head,
            memory_order_relaxed);

        if (room(r, head) < batch(r, n)) {
            if (shmc_bench_expired())
                return shmc_error_new("Ring producer timed out");
            shmc_bench_relax(&turns);
            continue;
        }
        done = shmc_bench_ring_try_put(r, p, n);
        p += done;
        n -= done;
    }
    return shmc_no_error();
}

shmc_error_t
shmc_bench_ring_consume(shmc_bench_ring_t *r, size_t n,
    shmc_bench_ring_fn_t fn, void *arg)
{
    unsigned int turns = 0;

    while (n > 0) {
        unsigned int tail = atomic_load_explicit(&r->m_tail,
            memory_order_relaxed);

        if (filled(r, tail) < batch(r, n)) {
            if (shmc_bench_expired())
                return shmc_error_new("Ring consumer timed out");
            shmc_bench_relax(&turns);
            continue;
        }
        n -= take(r, n, fn, arg);
    }
    return shmc_no_error();
}

shmc_error_t
shmc_bench_ring_get(shmc_bench_ring_t *r, void *dst, size_t n)
{
    unsigned char *p = dst;

    return shmc_bench_ring_consume(r, n, copy_out, &p);
}
