/* SPDX-License-Identifier: BSD-2-Clause */

/** Streaming bandwidth: a child produces messages, this process consumes
 * them and reads every byte.
 *
 * The ring is the shared-memory way: the producer copies each message into
 * the region once and the consumer reads it where it lies, so a transfer
 * costs one copy, the same as the memcpy(3) baseline.  The pipe and the
 * socket copy twice (into the kernel and out again).  Every consumer sums
 * the 64-bit words it receives, which both uses the data as a reader would
 * and proves that every byte arrived: a wrong sum fails the measurement.
 *
 * The cross-CPU read is the second baseline: the child writes a batch of
 * messages into a region as the ring's producer would, hands it over, and
 * only this process's reading of it is timed.  A consumer on one CPU takes
 * every byte a producer on another wrote across from the other's cache,
 * as here: so a transfer between two CPUs moves data at about this rate
 * (a ring's two sides overlap, which can gain a little), and where the
 * CPUs share no cache it is well below memcpy(3)'s (shmcompat-bench(1)). */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/clock.h"
#include "bench/cpu.h"
#include "bench/measure.h"
#include "bench/peer.h"
#include "bench/ring.h"

/* The ring's capacity: four messages (the producer fills one while the
 * consumer reads another), at least RING_MIN and at most RING_MAX; larger
 * messages pass through it in pieces.  A ring larger than a CPU's own
 * second-level cache streams faster here than one that fits in it: the
 * consumer then reads lines the producer's cache has already handed down
 * to the shared cache, instead of taking each one from the producer's
 * cache (see shmcompat-bench(1)). */
#define RING_MAX ((size_t)4 << 20)
#define RING_MIN ((size_t)64 << 10)

/* The fewest samples of one size, however long they take. */
#define MIN_SAMPLES 3

/* A memcpy(3) sample paired with a transfer lasts this fraction of it. */
#define PAIR_SHARE 4

/* What the parent asks of the producer for one sample; size 0 ends. */
typedef struct {
    uint64_t m_size;
    uint64_t m_count;
} stream_order_t;

typedef struct {
    shmc_bench_stream_method_t m_method;
    shmc_bench_region_t m_region;
    shmc_bench_region_t m_stamp; /* Shared: when the producer began the
                                 * timed messages (ns, the same clock). */
    int m_orders;               /* Parent to child: orders. */
    int m_data;                 /* Child to parent: the bytes (pipe, socket). */
    unsigned char *m_src;       /* The producer's messages. */
    shmc_bench_cpus_t m_cpus;   /* The cross-CPU read's two CPUs. */
} stream_child_t;

static const char *const method_names[] = {
    "ring", "pipe", "socket", "memcpy", "ring_copy", "read",
};

/* The cross-CPU read's region: whose turn it is (odd: the child writes,
 * even: this process reads), then the messages. */
typedef struct {
    alignas(64) atomic_uint m_turn;
    alignas(64) unsigned char m_data[];
} handoff_t;

const char *
shmc_bench_stream_method_name(shmc_bench_stream_method_t method)
{
    return method_names[method];
}

size_t
shmc_bench_ring_capacity_for(size_t size)
{
    size_t cap = RING_MIN;

    while (cap < 4 * size && cap < RING_MAX)
        cap *= 2;
    return cap;
}

/* The memory memcpy(3) copies into for messages of size: as much as the
 * ring of that size (or the message, if larger), so that the limit writes
 * into as much memory, and as much cache, as the ring's producer does. */
static size_t
copy_span(size_t size)
{
    size_t cap = shmc_bench_ring_capacity_for(size);

    return cap > size ? cap : size;
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

/* Writes every page of the region, so that the faults that map it are not
 * taken in the first samples; each process maps a shared region's pages
 * for itself, even after fork. */
static void
prefault(const shmc_bench_region_t *r)
{
    volatile unsigned char *p = r->m_addr;
    size_t off;

    if (p == NULL)
        return;
    for (off = 0; off < r->m_size; off += r->m_page_size)
        p[off] = p[off];
}

/* Messages of size in one hand-over of the cross-CPU read: as many as the
 * memcpy(3) baseline's span holds, so that both write as much memory. */
static uint64_t
handoff_messages(size_t size)
{
    return copy_span(size) / size;
}

/* Waits for the cross-CPU read's turn counter to reach value; bounded by
 * the watchdog (the child's deadline ends the child). */
static shmc_error_t
await_turn(atomic_uint *turn, unsigned int value)
{
    if (!shmc_bench_spin_until(turn, value))
        return shmc_error_new("The cross-CPU read's hand-over timed out");
    return shmc_no_error();
}

/* The child's side of a cross-CPU sample: each batch of messages written
 * into the region when its turn comes, then handed over. */
static shmc_error_t
handoff_write(stream_child_t *c, const stream_order_t *order)
{
    handoff_t *h = c->m_region.m_addr;
    uint64_t per = handoff_messages(order->m_size), done, n, j;
    unsigned int turn = 1;
    shmc_error_t err;

    for (done = 0; done < order->m_count; done += n, turn += 2) {
        err = await_turn(&h->m_turn, turn);
        if (shmc_is_error(err))
            return err;
        n = order->m_count - done < per ? order->m_count - done : per;
        for (j = 0; j < n; j++)
            memcpy(h->m_data + j * order->m_size, c->m_src, order->m_size);
        atomic_store_explicit(&h->m_turn, turn + 1, memory_order_release);
    }
    return shmc_no_error();
}

/* The producer's side of a transfer sample: count messages through the
 * ring, the pipe or the socket. */
static shmc_error_t
produce(stream_child_t *c, const stream_order_t *order)
{
    shmc_bench_ring_t *ring = c->m_region.m_addr;
    shmc_error_t err = shmc_no_error();
    uint64_t i;

    for (i = 0; i < order->m_count && !shmc_is_error(err); i++) {
        /* After the first message: the rest are timed.  Handed over with
         * the bytes that follow (the ring's release, or the system call
         * that passes them). */
        if (i == 1)
            *(uint64_t *)c->m_stamp.m_addr = shmc_bench_now_ns();
        if (ring != NULL)
            err = shmc_bench_ring_put(ring, c->m_src, order->m_size);
        else
            err = shmc_bench_write_all(c->m_data, c->m_src, order->m_size);
    }
    return err;
}

static int
stream_child(void *arg)
{
    stream_child_t *c = arg;
    stream_order_t order;
    shmc_error_t err;

    err = shmc_bench_cpus_child(&c->m_cpus);
    if (shmc_is_error(err)) {
        shmc_error_free(err);
        return 1;
    }
    prefault(&c->m_region);
    for (;;) {
        err = shmc_bench_read_all(c->m_orders, &order, sizeof(order));
        if (shmc_is_error(err) || order.m_size == 0) {
            shmc_error_free(err);
            return 0;
        }
        if (c->m_method == SHMC_BENCH_STREAM_CROSS_CPU)
            err = handoff_write(c, &order);
        else
            err = produce(c, &order);
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
    unsigned char *m_dst;       /* Where memcpy, the pipe and the socket
                                 * put the bytes. */
    shmc_bench_ring_t *m_ring;
} stream_t;

/* One memcpy(3) sample: count copies of size bytes; the elapsed ns. */
static shmc_error_t
copy_sample(stream_t *s, size_t size, uint64_t count, uint64_t *ns)
{
    /* Through a volatile pointer: the copies cannot be elided. */
    void *(*volatile copy)(void *, const void *, size_t) = memcpy;
    size_t span = copy_span(size), off = 0;
    uint64_t t0 = shmc_bench_now_ns(), i;

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

/* One transfer sample: the producer sends count + 1 messages of size, and
 * the clock runs from the moment it begins the second to the moment this
 * process has read the last, so that neither the producer's wake-up nor
 * what it sent ahead before that moment is in the figure; the elapsed
 * ns. */
static shmc_error_t
transfer_sample(stream_t *s, size_t size, uint64_t count, uint64_t expect,
    uint64_t *ns)
{
    stream_order_t order = { size, count + 1 };
    uint64_t t0, t1, i, sum = 0;
    shmc_error_t err;

    if (s->m_ring != NULL) {
        err = shmc_bench_ring_init(s->m_child.m_region.m_addr,
            shmc_bench_ring_capacity_for(size), &s->m_ring);
        if (shmc_is_error(err))
            return err;
    }
    err = shmc_bench_write_all(s->m_orders, &order, sizeof(order));
    for (i = 0; i <= count && !shmc_is_error(err); i++) {
        if (s->m_child.m_method == SHMC_BENCH_STREAM_RING)
            err = shmc_bench_ring_consume(s->m_ring, size, sum_words, &sum);
        else if (s->m_ring != NULL) {
            err = shmc_bench_ring_get(s->m_ring, s->m_dst, size);
            sum_words(s->m_dst, size, &sum);
        } else {
            err = shmc_bench_read_all(s->m_data, s->m_dst, size);
            sum_words(s->m_dst, size, &sum);
        }
    }
    t1 = shmc_bench_now_ns();
    if (shmc_is_error(err))
        return err;
    t0 = *(const uint64_t *)s->m_child.m_stamp.m_addr;
    *ns = t1 > t0 ? t1 - t0 : 1;
    if (sum != expect * (count + 1))
        return shmc_error_new("The consumer's checksum is wrong: bytes were "
            "lost or corrupted");
    return shmc_no_error();
}

/* One cross-CPU sample: count messages of size written by the child in
 * batches, each read here once the child hands it over; the ns spent
 * reading (the child's writing is not timed). */
static shmc_error_t
handoff_sample(stream_t *s, size_t size, uint64_t count, uint64_t expect,
    uint64_t *ns)
{
    handoff_t *h = s->m_child.m_region.m_addr;
    stream_order_t order = { size, count };
    uint64_t per = handoff_messages(size), done, n, t0, sum = 0;
    unsigned int turn = 1;
    shmc_error_t err;

    *ns = 0;
    /* The child waits for the order: nobody else touches the counter. */
    atomic_store_explicit(&h->m_turn, 0, memory_order_relaxed);
    err = shmc_bench_write_all(s->m_orders, &order, sizeof(order));
    for (done = 0; done < count && !shmc_is_error(err); done += n,
        turn += 2) {
        n = count - done < per ? count - done : per;
        atomic_store_explicit(&h->m_turn, turn, memory_order_release);
        err = await_turn(&h->m_turn, turn + 1);
        if (shmc_is_error(err))
            break;
        t0 = shmc_bench_now_ns();
        sum_words(h->m_data, (size_t)n * size, &sum);
        *ns += shmc_bench_now_ns() - t0;
    }
    if (shmc_is_error(err))
        return err;
    if (sum != expect * count)
        return shmc_error_new("The cross-CPU read's checksum is wrong: bytes "
            "were lost or corrupted");
    return shmc_no_error();
}

/* One sample of the method, or of memcpy(3) when copy is true. */
static shmc_error_t
sample(stream_t *s, bool copy, size_t size, uint64_t count, uint64_t expect,
    uint64_t *ns)
{
    shmc_error_t err;

    if (copy)
        err = copy_sample(s, size, count, ns);
    else if (s->m_child.m_method == SHMC_BENCH_STREAM_CROSS_CPU)
        err = handoff_sample(s, size, count, expect, ns);
    else
        err = transfer_sample(s, size, count, expect, ns);
    if (*ns == 0)
        *ns = 1;
    return err;
}

/* How many messages make a sample of about target_ns.  Samples grow until
 * one lasts an eighth of that and holds MIN_MESSAGES (they are the
 * warm-up); the count comes from the fastest of them, since a busy machine
 * only ever makes a sample slower, and one late wake-up in a short sample
 * would otherwise make every sample short.  What a sample lasts is all it
 * takes, not only what it times: the cross-CPU read times its reads alone,
 * and on a busy machine its waits for the other CPU can take far longer. */
#define MIN_MESSAGES 4

static shmc_error_t
calibrate(stream_t *s, bool copy, size_t size, uint64_t expect,
    uint64_t target_ns, uint64_t *count)
{
    uint64_t n = 1, ns, lasted;
    double best = 0.0;          /* Messages per ns. */
    shmc_error_t err;

    for (;;) {
        lasted = shmc_bench_now_ns();
        err = sample(s, copy, size, n, expect, &ns);
        lasted = shmc_bench_now_ns() - lasted;
        if (shmc_is_error(err))
            return err;
        if (lasted == 0)
            lasted = 1;
        if ((double)n / (double)lasted > best)
            best = (double)n / (double)lasted;
        if (lasted >= target_ns / 8 && n >= MIN_MESSAGES)
            break;
        n *= 4;
    }
    n = (uint64_t)(best * (double)target_ns);
    *count = n > MIN_MESSAGES ? n : MIN_MESSAGES;
    return shmc_no_error();
}

/* The producer's messages and the consumer's destination, kept from one
 * call to the next and written once when made: a fresh page costs more
 * than copying it (see the first-touch figures).  They are shared
 * mappings, so that a fork does not make them copy-on-write. */
static struct {
    shmc_bench_region_t m_src;
    shmc_bench_region_t m_dst;
} buffers = { { .m_fd = -1 }, { .m_fd = -1 } };

static shmc_error_t
buffers_get(size_t src, size_t dst)
{
    shmc_error_t err;

    if (buffers.m_src.m_addr != NULL && buffers.m_src.m_size >= src &&
        buffers.m_dst.m_size >= dst)
        return shmc_no_error();
    shmc_bench_stream_release();
    err = shmc_bench_region_create(SHMC_BENCH_ANONYMOUS, src, false,
        &buffers.m_src);
    if (!shmc_is_error(err))
        err = shmc_bench_region_create(SHMC_BENCH_ANONYMOUS, dst, false,
            &buffers.m_dst);
    if (shmc_is_error(err)) {
        shmc_bench_stream_release();
        return err;
    }
    fill_pattern(buffers.m_src.m_addr, buffers.m_src.m_size);
    memset(buffers.m_dst.m_addr, 0xa5, buffers.m_dst.m_size);
    return shmc_no_error();
}

void
shmc_bench_stream_release(void)
{
    shmc_bench_region_destroy(&buffers.m_src);
    shmc_bench_region_destroy(&buffers.m_dst);
}

/* For the ring, a region as large as its largest ring. */
static shmc_error_t
stream_open(stream_t *s, shmc_bench_kind_t kind, size_t max_size)
{
    size_t dst = copy_span(max_size);
    int orders[2], data[2];
    shmc_error_t err;

    err = buffers_get(max_size, dst);
    if (shmc_is_error(err))
        return err;
    s->m_child.m_src = buffers.m_src.m_addr;
    s->m_dst = buffers.m_dst.m_addr;
    if (s->m_child.m_method == SHMC_BENCH_STREAM_MEMCPY)
        return shmc_no_error();
    err = shmc_bench_region_create(SHMC_BENCH_ANONYMOUS, sizeof(uint64_t),
        false, &s->m_child.m_stamp);
    if (shmc_is_error(err))
        return err;
    switch (s->m_child.m_method) {
    case SHMC_BENCH_STREAM_MEMCPY:
        return shmc_no_error();
    case SHMC_BENCH_STREAM_RING:
    case SHMC_BENCH_STREAM_RING_COPY:
        err = shmc_bench_region_create(kind, shmc_bench_ring_footprint(
            shmc_bench_ring_capacity_for(max_size)), false,
            &s->m_child.m_region);
        if (shmc_is_error(err))
            return err;
        err = shmc_bench_ring_init(s->m_child.m_region.m_addr,
            shmc_bench_ring_capacity_for(max_size), &s->m_ring);
        if (shmc_is_error(err))
            return err;
        if (!shmc_bench_ring_lock_free(s->m_ring))
            return shmc_error_new("the ring's atomic counters are not "
                "lock-free here");
        prefault(&s->m_child.m_region);
        break;
    case SHMC_BENCH_STREAM_CROSS_CPU:
        err = shmc_bench_region_create(kind, sizeof(handoff_t) +
            copy_span(max_size), false, &s->m_child.m_region);
        if (shmc_is_error(err))
            return err;
        /* This process's pages come to its CPU once it is pinned. */
        shmc_bench_cpus_apart(&s->m_child.m_cpus);
        prefault(&s->m_child.m_region);
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
    shmc_bench_region_destroy(&s->m_child.m_stamp);
    shmc_bench_cpus_restore(&s->m_child.m_cpus);
    return err;
}

/* Warm-up, calibration and the samples of one size; for a transfer, each
 * sample after a memcpy(3) sample of its own, for their ratio. */
static shmc_error_t
stream_size(stream_t *s, size_t size, const shmc_bench_params_t *params,
    shmc_bench_result_t *result)
{
    bool copy = s->m_child.m_method == SHMC_BENCH_STREAM_MEMCPY;
    double *samples, *ratios;
    uint64_t count, copies = 0, ns, copy_ns, start, expect = 0;
    size_t i, n = params->m_stream_samples;
    shmc_error_t err;

    sum_words(s->m_child.m_src, size, &expect);
    samples = calloc(n, sizeof(*samples));
    ratios = calloc(n, sizeof(*ratios));
    if (samples == NULL || ratios == NULL) {
        free(samples);
        free(ratios);
        return shmc_error_nomem();
    }
    err = calibrate(s, copy, size, expect, params->m_stream_sample_ns,
        &count);
    if (!shmc_is_error(err) && !copy)
        err = calibrate(s, true, size, expect,
            params->m_stream_sample_ns / PAIR_SHARE, &copies);
    start = shmc_bench_now_ns();
    for (i = 0; i < n && !shmc_is_error(err); i++) {
        if (!copy)
            err = sample(s, true, size, copies, expect, &copy_ns);
        if (!shmc_is_error(err))
            err = sample(s, copy, size, count, expect, &ns);
        if (shmc_is_error(err))
            break;
        samples[i] = (double)(size * count) / (double)ns;
        if (!copy)
            ratios[i] = samples[i] / ((double)(size * copies) /
                (double)copy_ns);
        /* A loaded machine stretches every sample: past twice the planned
         * time, MIN_SAMPLES are enough, so that the run stays bounded. */
        if (i + 1 >= MIN_SAMPLES && shmc_bench_now_ns() - start >
            2 * params->m_stream_sample_ns * n) {
            i++;
            break;
        }
    }
    if (!shmc_is_error(err)) {
        result->m_warmup = 1;
        result->m_per_sample = count;
        result->m_cpus = s->m_child.m_cpus;
        shmc_bench_summarise(result, samples, i);
        if (!copy && result->m_measured)
            result->m_paired = !shmc_is_error(shmc_bench_stats(ratios, i,
                &result->m_ratio));
    }
    free(samples);
    free(ratios);
    return err;
}

void
shmc_bench_stream(shmc_bench_kind_t kind, shmc_bench_stream_method_t method,
    const size_t *sizes, size_t nsizes, const shmc_bench_params_t *params,
    shmc_bench_result_t *results)
{
    stream_t s;
    size_t i, max_size = 8;
    shmc_error_t err;

    memset(&s, 0, sizeof(s));
    s.m_child.m_method = method;
    s.m_child.m_region.m_fd = -1;
    s.m_child.m_stamp.m_fd = -1;
    s.m_child.m_orders = s.m_child.m_data = -1;
    s.m_orders = s.m_data = -1;
    memset(results, 0, nsizes * sizeof(*results));
    for (i = 0; i < nsizes; i++)
        if (sizes[i] > max_size)
            max_size = sizes[i];
    err = stream_open(&s, kind, max_size);
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
