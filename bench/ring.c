/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "bench/ring.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>

#include "bench/clock.h"
#include "bench/wake.h"

/* The pieces a ring is filled and emptied in: an eighth of it. */
#define PIECES 8u

/* How long a waiting side spins before it sleeps: several times what a
 * piece of the largest ring takes to copy, so that a peer that is running
 * is spared a wake-up call, and short enough not to hold a CPU the peer
 * may be waiting for. */
#define SPIN_NS 50000u

/* The longest single sleep; the loop around it checks the watchdog. */
#define NAP_NS 20000000u

/* Each group of fields on its own cache line: the lines each side writes
 * (its counter, its flag, its view of the other's counter) are never the
 * lines the other side writes. */
struct shmc_bench_ring {
    alignas(64) atomic_uint m_head;     /* Bytes ever written (mod 2^32). */
    alignas(64) atomic_uint m_tail;     /* Bytes ever read (mod 2^32). */
    /* A side that sleeps says so with its flag, and what value of the
     * other's counter it waits for: the other wakes it only then. */
    alignas(64) atomic_uint m_producer_sleeps;
    atomic_uint m_producer_wants;       /* A value of m_tail. */
    alignas(64) atomic_uint m_consumer_sleeps;
    atomic_uint m_consumer_wants;       /* A value of m_head. */
    alignas(64) unsigned int m_seen_tail; /* The producer's own. */
    alignas(64) unsigned int m_seen_head; /* The consumer's own. */
    alignas(64) unsigned int m_capacity;
    unsigned int m_mask;
    unsigned int m_piece;
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
    atomic_init(&r->m_producer_sleeps, 0);
    atomic_init(&r->m_producer_wants, 0);
    atomic_init(&r->m_consumer_sleeps, 0);
    atomic_init(&r->m_consumer_wants, 0);
    r->m_seen_tail = r->m_seen_head = 0;
    r->m_capacity = (unsigned int)capacity;
    r->m_mask = (unsigned int)capacity - 1;
    r->m_piece = (unsigned int)capacity / PIECES;
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

/* Bytes the producer may write now, at least want if that many are free:
 * the shared counter is read only when the producer's view falls short. */
static size_t
room(shmc_bench_ring_t *r, unsigned int head, size_t want)
{
    if (r->m_capacity - (head - r->m_seen_tail) < want)
        r->m_seen_tail = atomic_load_explicit(&r->m_tail,
            memory_order_acquire);
    return r->m_capacity - (head - r->m_seen_tail);
}

/* Bytes the consumer may read now, likewise. */
static size_t
filled(shmc_bench_ring_t *r, unsigned int tail, size_t want)
{
    if (r->m_seen_head - tail < want)
        r->m_seen_head = atomic_load_explicit(&r->m_head,
            memory_order_acquire);
    return r->m_seen_head - tail;
}

/* Stores a side's counter and wakes the other side if it sleeps and the
 * counter has reached the value it waits for; clearing its flag first
 * makes that one call per sleep.  The fence orders the store before the
 * flag's load, as the sleeper orders its flag before its last look at the
 * counter: one of the two sees the other, so no wake-up is lost. */
static void
publish(atomic_uint *counter, unsigned int value, atomic_uint *peer_sleeps,
    atomic_uint *peer_wants)
{
    unsigned int wants;

    atomic_store_explicit(counter, value, memory_order_release);
    if (!shmc_bench_wake_available())
        return;
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(peer_sleeps, memory_order_acquire) == 0)
        return;
    wants = atomic_load_explicit(peer_wants, memory_order_relaxed);
    if ((int)(value - wants) >= 0 && atomic_exchange(peer_sleeps, 0) != 0)
        shmc_error_free(shmc_bench_wake_word(counter));
}

size_t
shmc_bench_ring_try_put(shmc_bench_ring_t *r, const void *src, size_t n)
{
    unsigned int head = atomic_load_explicit(&r->m_head, memory_order_relaxed);
    size_t avail = room(r, head, n), off, first;

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
    publish(&r->m_head, head + (unsigned int)n, &r->m_consumer_sleeps,
        &r->m_consumer_wants);
    return n;
}

/* Calls fn on up to n readable bytes in place, frees them, returns how
 * many. */
static size_t
take(shmc_bench_ring_t *r, size_t n, shmc_bench_ring_fn_t fn, void *arg)
{
    unsigned int tail = atomic_load_explicit(&r->m_tail, memory_order_relaxed);
    size_t avail = filled(r, tail, n), off, first;

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
    publish(&r->m_tail, tail + (unsigned int)n, &r->m_producer_sleeps,
        &r->m_producer_wants);
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

/* How many bytes to wait for before moving: the remainder or a piece,
 * whichever is less.  A piece is at most half the ring, so the two sides
 * cannot both wait (room + fill = capacity). */
static size_t
batch(const shmc_bench_ring_t *r, size_t remaining)
{
    return remaining < r->m_piece ? remaining : r->m_piece;
}

/* Waits until want bytes can move: spins first, then sleeps on the other
 * side's counter after raising this side's flag (or, without a futex-style
 * wait, keeps spinning and yields now and then).  A sleeping producer asks
 * to be woken when a whole piece is free, not just want bytes: the
 * consumer then wakes it once per piece it frees, not once per message.
 * (The consumer cannot ask for more than it was asked to read.) */
static shmc_error_t
await(shmc_bench_ring_t *r, bool producer, size_t want)
{
    atomic_uint *counter = producer ? &r->m_tail : &r->m_head;
    atomic_uint *flag = producer ? &r->m_producer_sleeps :
        &r->m_consumer_sleeps;
    unsigned int mine = atomic_load_explicit(producer ? &r->m_head :
        &r->m_tail, memory_order_relaxed);
    unsigned int turns = 0, seen, wake_at;
    uint64_t spin_until = 0;
    shmc_error_t err;

    if (producer)
        wake_at = mine + (unsigned int)(want > r->m_piece ? want :
            r->m_piece) - r->m_capacity;
    else
        wake_at = mine + (unsigned int)want;
    for (;;) {
        if ((producer ? room(r, mine, want) : filled(r, mine, want)) >= want)
            return shmc_no_error();
        if (shmc_bench_expired())
            return shmc_error_new("Ring %s timed out", producer ?
                "producer" : "consumer");
        if (!shmc_bench_wake_available()) {
            shmc_bench_relax(&turns);
            continue;
        }
        /* The clock is read every few turns only; the CPU is offered to
         * whoever waits for it (the other side, on a busy machine). */
        if (++turns % 64 != 0)
            continue;
        (void)sched_yield();
        if (spin_until == 0)
            spin_until = shmc_bench_now_ns() + SPIN_NS;
        if (shmc_bench_now_ns() < spin_until)
            continue;
        spin_until = 0;
        atomic_store_explicit(producer ? &r->m_producer_wants :
            &r->m_consumer_wants, wake_at, memory_order_relaxed);
        /* Release: whoever sees the flag sees what it waits for. */
        atomic_store_explicit(flag, 1, memory_order_release);
        atomic_thread_fence(memory_order_seq_cst);
        seen = atomic_load_explicit(counter, memory_order_acquire);
        if (producer)
            r->m_seen_tail = seen;
        else
            r->m_seen_head = seen;
        if ((producer ? r->m_capacity - (mine - seen) : seen - mine) < want)
            err = shmc_bench_wait_word(counter, seen, NAP_NS);
        else
            err = shmc_no_error();
        atomic_store_explicit(flag, 0, memory_order_relaxed);
        if (shmc_is_error(err))
            return err;
    }
}

shmc_error_t
shmc_bench_ring_put(shmc_bench_ring_t *r, const void *src, size_t n)
{
    const unsigned char *p = src;
    size_t done;
    shmc_error_t err;

    while (n > 0) {
        err = await(r, true, batch(r, n));
        if (shmc_is_error(err))
            return err;
        done = shmc_bench_ring_try_put(r, p, batch(r, n));
        p += done;
        n -= done;
    }
    return shmc_no_error();
}

shmc_error_t
shmc_bench_ring_consume(shmc_bench_ring_t *r, size_t n,
    shmc_bench_ring_fn_t fn, void *arg)
{
    shmc_error_t err;

    while (n > 0) {
        err = await(r, false, batch(r, n));
        if (shmc_is_error(err))
            return err;
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
