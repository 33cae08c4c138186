/* SPDX-License-Identifier: BSD-2-Clause */

/** Streaming bandwidth: a child produces messages, this process consumes
 * them and reads every byte.
 *
 * The ring is the shared-memory way: the producer copies each message into
 * the region once and the consumer reads it where it lies, so a transfer
 * costs one copy, the same as the memcpy(3) baseline.  The pipe and the
 * socket copy twice (into the kernel and out again).  Every consumer sums
 * the 64-bit words it receives, which both uses the data as a reader would
 * and proves that every byte arrived: a wrong sum fails the measurement. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/clock.h"
#include "bench/measure.h"
#include "bench/peer.h"
#include "bench/ring.h"

/* The largest ring; larger messages pass through it in pieces. */
#define RING_MAX ((size_t)8 << 20)
#define RING_MIN ((size_t)64 << 10)

/* The fewest samples of one size, however long they take. */
#define MIN_SAMPLES 3

/* What the parent asks of the producer for one sample; size 0 ends. */
typedef struct {
    uint64_t m_size;
    uint64_t m_count;
} stream_order_t;

typedef struct {
    shmc_bench_stream_method_t m_method;
    shmc_bench_region_t m_region;
    int m_orders;               /* Parent to child: orders. */
    int m_data;                 /* Child to parent: the bytes (pipe, socket). */
    unsigned char *m_src;       /* The producer's messages. */
} stream_child_t;

static const char *const method_names[] = {
    "ring", "pipe", "socket", "memcpy",
};

const char *
shmc_bench_stream_method_name(shmc_bench_stream_method_t method)
{
    return method_names[method];
}

size_t
shmc_bench_ring_capacity_for(size_t size)
{
    size_t cap = RING_MIN;

    /* Room for four messages: the producer fills one while the consumer
     * reads another, and each waits for half the ring at most. */
    while (cap < 4 * size && cap < RING_MAX)
        cap *= 2;
    return cap;
}

/* A fixed pattern of 64-bit words, so that the consumer knows the sum. */
static void
fill_pattern(unsigned char *buf, size_t n)
{
    size_t i;

    for (i = 0; i + 8 <= n; i += 8) {
        uint64_t w = (uint64_t)(i / 8) * UINT64_C(0x9e3779b97f4a7c15) + 1;

        memcpy(buf + i, &w, 8);
    }
}

/* Adds the 64-bit words of bytes to the sum at arg; n is a multiple of 8,
 * since every size and every ring piece is.  Four independent sums let the
 * compiler read at the speed of the cache rather than of one adder. */
static void
sum_words(const void *bytes, size_t n, void *arg)
{
    const unsigned char *p = bytes;
    uint64_t s[4] = { 0, 0, 0, 0 }, w[4];
    size_t i;

    for (i = 0; i + sizeof(w) <= n; i += sizeof(w)) {
        memcpy(w, p + i, sizeof(w));
        s[0] += w[0];
        s[1] += w[1];
        s[2] += w[2];
        s[3] += w[3];
    }
    for (; i < n; i += 8) {
        memcpy(w, p + i, 8);
        s[0] += w[0];
    }
    *(uint64_t *)arg += s[0] + s[1] + s[2] + s[3];
}

static int
stream_child(void *arg)
{
    stream_child_t *c = arg;
    stream_order_t order;
    shmc_bench_ring_t *ring;
    shmc_error_t err;
    uint64_t i;

    for (;;) {
        err = shmc_bench_read_all(c->m_orders, &order, sizeof(order));
        if (shmc_is_error(err) || order.m_size == 0) {
            shmc_error_free(err);
            return 0;
        }
        ring = c->m_region.m_addr;
        for (i = 0; i < order.m_count && !shmc_is_error(err); i++) {
            if (c->m_method == SHMC_BENCH_STREAM_RING)
                err = shmc_bench_ring_put(ring, c->m_src, order.m_size);
            else
                err = shmc_bench_write_all(c->m_data, c->m_src, order.m_size);
        }
        if (shmc_is_error(err)) {
            shmc_error_free(err);
            return 1;
        }
    }
}

typedef struct {
    stream_child_t m_child;
    pid_t m_pid;
    bool m_started;
    int m_orders;               /* Our end of the orders pipe. */
    int m_data;                 /* Our end of the data channel. */
    unsigned char *m_dst;       /* Pipe and socket: where bytes land. */
    shmc_bench_ring_t *m_ring;
} stream_t;

/* One sample: count messages of size; returns the elapsed ns. */
static shmc_error_t
stream_sample(stream_t *s, size_t size, uint64_t count, uint64_t expect,
    uint64_t *ns)
{
    stream_order_t order = { size, count };
    uint64_t t0, i, sum = 0;
    shmc_error_t err;

    if (s->m_child.m_method == SHMC_BENCH_STREAM_MEMCPY) {
        /* Through a volatile pointer: the copies cannot be elided.  The
         * destination moves through as much memory as the ring for this
         * size occupies, so that the limit copies into the same amount of
         * memory (and of cache) as the ring's producer does. */
        void *(*volatile copy)(void *, const void *, size_t) = memcpy;
        size_t span = shmc_bench_ring_capacity_for(size), off = 0;

        if (span < size)
            span = size;
        t0 = shmc_bench_now_ns();
        for (i = 0; i < count; i++) {
            if (off + size > span)
                off = 0;
            copy(s->m_dst + off, s->m_child.m_src, size);
            off += size;
        }
        *ns = shmc_bench_now_ns() - t0;
        if (memcmp(s->m_dst, s->m_child.m_src, size) != 0)
            return shmc_error_new("memcpy copied wrong bytes");
        return shmc_no_error();
    }
    if (s->m_ring != NULL) {
        err = shmc_bench_ring_init(s->m_child.m_region.m_addr,
            shmc_bench_ring_capacity_for(size), &s->m_ring);
        if (shmc_is_error(err))
            return err;
    }
    t0 = shmc_bench_now_ns();
    err = shmc_bench_write_all(s->m_orders, &order, sizeof(order));
    for (i = 0; i < count && !shmc_is_error(err); i++) {
        if (s->m_ring != NULL)
            err = shmc_bench_ring_consume(s->m_ring, size, sum_words, &sum);
        else {
            err = shmc_bench_read_all(s->m_data, s->m_dst, size);
            sum_words(s->m_dst, size, &sum);
        }
    }
    *ns = shmc_bench_now_ns() - t0;
    if (shmc_is_error(err))
        return err;
    if (sum != expect * count)
        return shmc_error_new("The consumer's checksum is wrong: bytes were "
            "lost or corrupted");
    return shmc_no_error();
}

static shmc_error_t
stream_open(stream_t *s, shmc_bench_kind_t kind)
{
    int orders[2], data[2];
    shmc_error_t err;

    s->m_child.m_src = malloc(SHMC_BENCH_STREAM_MAX);
    s->m_dst = malloc(RING_MAX > SHMC_BENCH_STREAM_MAX ? RING_MAX :
        SHMC_BENCH_STREAM_MAX);
    if (s->m_child.m_src == NULL || s->m_dst == NULL)
        return shmc_error_nomem();
    fill_pattern(s->m_child.m_src, SHMC_BENCH_STREAM_MAX);
    memset(s->m_dst, 0, RING_MAX > SHMC_BENCH_STREAM_MAX ? RING_MAX :
        SHMC_BENCH_STREAM_MAX);
    switch (s->m_child.m_method) {
    case SHMC_BENCH_STREAM_MEMCPY:
        return shmc_no_error();
    case SHMC_BENCH_STREAM_RING:
        err = shmc_bench_region_create(kind,
            shmc_bench_ring_footprint(RING_MAX), false, &s->m_child.m_region);
        if (shmc_is_error(err))
            return err;
        err = shmc_bench_ring_init(s->m_child.m_region.m_addr, RING_MAX,
            &s->m_ring);
        if (shmc_is_error(err))
            return err;
        if (!shmc_bench_ring_lock_free(s->m_ring))
            return shmc_error_new("the ring's atomic counters are not "
                "lock-free here");
        break;
    case SHMC_BENCH_STREAM_PIPE:
        if (pipe(data) == -1)
            return shmc_error_libc(errno, "pipe");
        s->m_data = data[0];
        s->m_child.m_data = data[1];
        break;
    case SHMC_BENCH_STREAM_SOCKET:
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, data) == -1)
            return shmc_error_libc(errno, "socketpair(AF_UNIX, SOCK_STREAM)");
        s->m_data = data[0];
        s->m_child.m_data = data[1];
        break;
    }
    if (pipe(orders) == -1)
        return shmc_error_libc(errno, "pipe");
    s->m_orders = orders[1];
    s->m_child.m_orders = orders[0];
    err = shmc_bench_peer_start(stream_child, &s->m_child, &s->m_pid);
    if (!shmc_is_error(err))
        s->m_started = true;
    (void)close(s->m_child.m_orders);
    s->m_child.m_orders = -1;
    if (s->m_child.m_data != -1)
        (void)close(s->m_child.m_data);
    s->m_child.m_data = -1;
    return err;
}

static shmc_error_t
stream_close(stream_t *s)
{
    stream_order_t end = { 0, 0 };
    shmc_error_t err = shmc_no_error();

    if (s->m_started) {
        shmc_error_free(shmc_bench_write_all(s->m_orders, &end, sizeof(end)));
        if (s->m_orders != -1)
            (void)close(s->m_orders);
        if (s->m_data != -1)
            (void)close(s->m_data);
        s->m_orders = s->m_data = -1;
        err = shmc_bench_peer_finish(s->m_pid);
    }
    if (s->m_orders != -1)
        (void)close(s->m_orders);
    if (s->m_data != -1)
        (void)close(s->m_data);
    shmc_bench_region_destroy(&s->m_child.m_region);
    free(s->m_child.m_src);
    free(s->m_dst);
    return err;
}

/* Warm-up, calibration and the samples of one size. */
static shmc_error_t
stream_size(stream_t *s, size_t size, const shmc_bench_params_t *params,
    shmc_bench_result_t *result)
{
    double *samples;
    uint64_t count, ns, start, expect = 0;
    size_t i;
    shmc_error_t err;

    sum_words(s->m_child.m_src, size, &expect);
    samples = calloc(params->m_stream_samples, sizeof(*samples));
    if (samples == NULL)
        return shmc_error_nomem();
    /* The warm-up grows until it lasts an eighth of a sample, and tells
     * how many messages make a sample of the wanted length. */
    count = 1;
    for (;;) {
        err = stream_sample(s, size, count, expect, &ns);
        if (shmc_is_error(err) || ns >= params->m_stream_sample_ns / 8)
            break;
        count *= 4;
    }
    if (!shmc_is_error(err)) {
        if (ns == 0)
            ns = 1;
        count = (uint64_t)((double)count *
            (double)params->m_stream_sample_ns / (double)ns);
        if (count < 1)
            count = 1;
    }
    start = shmc_bench_now_ns();
    for (i = 0; i < params->m_stream_samples && !shmc_is_error(err); i++) {
        err = stream_sample(s, size, count, expect, &ns);
        samples[i] = (double)(size * count) / (double)(ns > 0 ? ns : 1);
        /* A loaded machine stretches every sample: past twice the planned
         * time, MIN_SAMPLES are enough, so that the run stays bounded. */
        if (i + 1 >= MIN_SAMPLES && shmc_bench_now_ns() - start >
            2 * params->m_stream_sample_ns * params->m_stream_samples) {
            i++;
            break;
        }
    }
    if (!shmc_is_error(err)) {
        result->m_warmup = 1;
        result->m_per_sample = count;
        shmc_bench_summarise(result, samples, i);
    }
    free(samples);
    return err;
}

void
shmc_bench_stream(shmc_bench_kind_t kind, shmc_bench_stream_method_t method,
    const size_t *sizes, size_t nsizes, const shmc_bench_params_t *params,
    shmc_bench_result_t *results)
{
    stream_t s;
    size_t i;
    shmc_error_t err;

    memset(&s, 0, sizeof(s));
    s.m_child.m_method = method;
    s.m_child.m_region.m_fd = -1;
    s.m_child.m_orders = s.m_child.m_data = -1;
    s.m_orders = s.m_data = -1;
    memset(results, 0, nsizes * sizeof(*results));
    err = stream_open(&s, kind);
    for (i = 0; i < nsizes && !shmc_is_error(err); i++) {
        shmc_bench_watchdog((unsigned int)(params->m_stream_sample_ns *
            (params->m_stream_samples + 2) / 1000000000u) + 5);
        err = stream_size(&s, sizes[i], params, &results[i]);
        shmc_bench_watchdog(0);
    }
    if (shmc_is_error(err)) {
        shmc_error_free(stream_close(&s));
        for (i = 0; i < nsizes; i++)
            if (!results[i].m_measured)
                shmc_bench_skip(&results[i], shmc_error_new("%s",
                    shmc_error_message(err)));
        shmc_error_free(err);
        return;
    }
    err = stream_close(&s);
    if (shmc_is_error(err))
        for (i = 0; i < nsizes; i++)
            shmc_bench_skip(&results[i], shmc_error_new("%s",
                shmc_error_message(err)));
    shmc_error_free(err);
}
