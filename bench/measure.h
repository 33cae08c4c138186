/* SPDX-License-Identifier: BSD-2-Clause */

/** The benchmark's measurements: round trip, streaming, first touch and
 * sync.  Each fills a result that is either measured (with the statistics
 * of its samples) or skipped with the reason; nothing is filled in that
 * was not measured. */

#if !defined(SHMC_BENCH_MEASURE_H)
#define SHMC_BENCH_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/cpu.h"
#include "bench/region.h"
#include "bench/stats.h"
#include "lib/error.h"

/* The size of the message a round trip carries each way. */
#define SHMC_BENCH_RTT_MESSAGE 64

/* The largest streamed message: 16 MiB. */
#define SHMC_BENCH_STREAM_MAX ((size_t)16 << 20)

typedef struct {
    uint64_t m_rtt_budget_ns;   /* Time for one round-trip measurement. */
    size_t m_rtt_warmup;        /* Round trips discarded first. */
    size_t m_rtt_max;           /* At most this many samples. */
    uint64_t m_stream_sample_ns; /* Target duration of one sample. */
    size_t m_stream_samples;    /* Samples per size, after one warm-up. */
    size_t m_touch_bytes;       /* Size of each first-touch object. */
    size_t m_touch_samples;     /* Fresh objects, after one warm-up. */
    size_t m_sync_bytes;        /* Size of the region synced. */
    size_t m_sync_samples;
    uint64_t m_sync_budget_ns;  /* Stop taking sync samples after this. */
} shmc_bench_params_t;

typedef struct {
    bool m_measured;
    char m_reason[256];         /* Why not, when not measured. */
    shmc_bench_stats_t m_stats;
    bool m_paired;              /* Streaming: m_ratio was measured. */
    shmc_bench_stats_t m_ratio; /* Each sample over a memcpy(3) sample of
                                 * the same size taken just before it. */
    size_t m_warmup;            /* Samples (or iterations) discarded. */
    uint64_t m_per_sample;      /* Messages, pages or bytes per sample. */
    size_t m_page_size;         /* First touch: the page size. */
    double m_faults;            /* First touch: the median page faults per
                                 * object; -1 where they are not counted. */
    shmc_bench_cpus_t m_cpus;   /* Cross-CPU figures: where they ran. */
} shmc_bench_result_t;

/** Marks result as skipped with err's message; frees err. */
void shmc_bench_skip(shmc_bench_result_t *result, shmc_error_t err);

/** Summarises n samples into result (measured when n > 0). */
void shmc_bench_summarise(shmc_bench_result_t *result, double *samples,
    size_t n);

typedef enum {
    SHMC_BENCH_RTT_SEMAPHORE,   /* Region + process-shared semaphores. */
    SHMC_BENCH_RTT_FUTEX,       /* Region + futex(2) wait and wake. */
    SHMC_BENCH_RTT_SPIN,        /* Region, both sides spinning: the floor
                                 * two CPUs set, with no wake-up at all. */
    SHMC_BENCH_RTT_PIPE,
    SHMC_BENCH_RTT_SOCKET       /* A UNIX stream socket pair. */
} shmc_bench_rtt_method_t;

const char *shmc_bench_rtt_method_name(shmc_bench_rtt_method_t method);

/** Ping-pongs a SHMC_BENCH_RTT_MESSAGE-byte message between this process
 * and a child; samples are round-trip times in ns.  kind is ignored for the
 * pipe and the socket. */
void shmc_bench_rtt(shmc_bench_kind_t kind, shmc_bench_rtt_method_t method,
    const shmc_bench_params_t *params, shmc_bench_result_t *result);

typedef enum {
    SHMC_BENCH_STREAM_RING,     /* Through a ring in a region. */
    SHMC_BENCH_STREAM_PIPE,
    SHMC_BENCH_STREAM_SOCKET,
    SHMC_BENCH_STREAM_MEMCPY,   /* memcpy(3) in one process: the limit. */
    SHMC_BENCH_STREAM_RING_COPY, /* The ring, the consumer copying each
                                 * message out before reading it: two
                                 * copies, as through a pipe or a socket. */
    SHMC_BENCH_STREAM_CROSS_CPU /* Reading what a child process has just
                                 * written, the two taking turns: what a
                                 * consumer can take in from another CPU. */
} shmc_bench_stream_method_t;

const char *shmc_bench_stream_method_name(shmc_bench_stream_method_t method);

/** The ring capacity used for messages of size bytes. */
size_t shmc_bench_ring_capacity_for(size_t size);

/** Streams messages of each of the nsizes sizes from a child producer to
 * this process, which reads every byte (a checksum verifies them); samples
 * are GB/s (10^9 bytes per second).  Each sample of a method other than
 * memcpy(3) follows a memcpy(3) sample of the same size, and the ratios of
 * these pairs are summarised too.  kind is the ring's region, or the
 * cross-CPU read's; the other methods ignore it.  results has nsizes
 * entries. */
void shmc_bench_stream(shmc_bench_kind_t kind,
    shmc_bench_stream_method_t method, const size_t *sizes, size_t nsizes,
    const shmc_bench_params_t *params, shmc_bench_result_t *results);

/** Unmaps the buffers shmc_bench_stream keeps from one call to the
 * next. */
void shmc_bench_stream_release(void);

/** The cost of the first write to each page of a fresh region of kind, in
 * ns per page. */
void shmc_bench_first_touch(shmc_bench_kind_t kind, bool huge,
    const shmc_bench_params_t *params, shmc_bench_result_t *result);

/** The same with transparent huge pages asked for (madvise MADV_HUGEPAGE)
 * on base pages, in ns per base page; skipped with the reason where the
 * system has no such request, or where the page faults show it was not
 * granted. */
void shmc_bench_first_touch_transparent(shmc_bench_kind_t kind,
    const shmc_bench_params_t *params, shmc_bench_result_t *result);

/** The cost of msync(MS_SYNC) (use_fsync false) or fsync(2) of a fully
 * dirtied file region of kind (a file kind), in ns per MiB. */
void shmc_bench_sync(shmc_bench_kind_t kind, bool use_fsync,
    const shmc_bench_params_t *params, shmc_bench_result_t *result);

#endif /* !defined(SHMC_BENCH_MEASURE_H) */
