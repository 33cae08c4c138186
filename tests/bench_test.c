/* SPDX-License-Identifier: BSD-2-Clause */

/** Unit tests of shmcompat-bench: its statistics, its ring, and a smoke
 * run of the program.  Nothing here asserts a time. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#if defined(HAVE_SCHED_GETAFFINITY) && defined(HAVE_SCHED_SETAFFINITY)
#   include <sched.h>
#   define CAN_PIN 1
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/clock.h"
#include "bench/cpu.h"
#include "bench/peer.h"
#include "bench/ring.h"
#include "bench/stats.h"
#include "bench/wake.h"
#include "lib/json.h"
#include "lib/proc.h"

/* The Makefile names the built program; the tests run in the build
 * directory otherwise. */
#if !defined(SHMC_BENCH_PROGRAM)
#   define SHMC_BENCH_PROGRAM "bench/shmcompat-bench"
#endif

#if !defined(MAP_ANONYMOUS) && defined(MAP_ANON)
#   define MAP_ANONYMOUS MAP_ANON
#endif

/* ---------------------------------------------------------------------
 * Statistics.
 * --------------------------------------------------------------------- */

static void
bench_stats__odd_count__median_is_middle(void **state)
{
    double s[] = { 9, 1, 5, 3, 7 };
    shmc_bench_stats_t st;

    (void)state;
    assert_null(shmc_bench_stats(s, 5, &st));
    assert_int_equal(st.m_n, 5);
    assert_true(st.m_median == 5.0);
    assert_true(st.m_min == 1.0);
    assert_true(st.m_max == 9.0);
    assert_true(st.m_p25 == 3.0);
    assert_true(st.m_p75 == 7.0);
    /* Sorted in place. */
    assert_true(s[0] == 1.0 && s[4] == 9.0);
}

static void
bench_stats__even_count__median_interpolates(void **state)
{
    double s[] = { 4, 1, 3, 2 };
    shmc_bench_stats_t st;

    (void)state;
    assert_null(shmc_bench_stats(s, 4, &st));
    assert_true(st.m_median == 2.5);
    assert_true(st.m_p25 == 1.75);
    assert_true(st.m_p75 == 3.25);
    assert_float_equal(shmc_bench_stats_rel_iqr(&st), 1.5 / 2.5, 1e-12);
}

static void
bench_stats__hundred_samples__p99_near_top(void **state)
{
    double s[101];
    shmc_bench_stats_t st;
    int i;

    (void)state;
    for (i = 0; i <= 100; i++)
        s[i] = (double)(100 - i);       /* 100 .. 0, reversed. */
    assert_null(shmc_bench_stats(s, 101, &st));
    assert_true(st.m_median == 50.0);
    assert_true(st.m_p99 == 99.0);
    assert_true(st.m_min == 0.0);
    assert_true(st.m_max == 100.0);
}

static void
bench_stats__single_sample__every_quantile_is_it(void **state)
{
    double s[] = { 42 };
    shmc_bench_stats_t st;

    (void)state;
    assert_null(shmc_bench_stats(s, 1, &st));
    assert_true(st.m_min == 42.0 && st.m_p25 == 42.0 &&
        st.m_median == 42.0 && st.m_p99 == 42.0 && st.m_max == 42.0);
}

static void
bench_stats__no_samples__error(void **state)
{
    double s[1];
    shmc_bench_stats_t st;
    shmc_error_t err;

    (void)state;
    err = shmc_bench_stats(s, 0, &st);
    assert_non_null(err);
    shmc_error_free(err);
}

/* ---------------------------------------------------------------------
 * The ring.
 * --------------------------------------------------------------------- */

/* Memory for a ring of capacity bytes, shared across fork. */
static void *
ring_memory(size_t capacity)
{
    void *p = mmap(NULL, shmc_bench_ring_footprint(capacity),
        PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    assert_true(p != MAP_FAILED);
    return p;
}

static unsigned char
pattern(uint64_t i)
{
    return (unsigned char)((i * 131u + (i >> 8) * 7u) & 0xff);
}

static void
bench_ring__init__rejects_bad_capacities(void **state)
{
    shmc_bench_ring_t *ring;
    void *mem = ring_memory(256);
    shmc_error_t err;

    (void)state;
    err = shmc_bench_ring_init(mem, 100, &ring);
    assert_non_null(err);
    shmc_error_free(err);
    err = shmc_bench_ring_init(mem, 32, &ring);
    assert_non_null(err);
    shmc_error_free(err);
    err = shmc_bench_ring_init((char *)mem + 8, 256, &ring);
    assert_non_null(err);
    shmc_error_free(err);
    assert_null(shmc_bench_ring_init(mem, 256, &ring));
    assert_int_equal(shmc_bench_ring_capacity(ring), 256);
    assert_true(shmc_bench_ring_lock_free(ring));
    (void)munmap(mem, shmc_bench_ring_footprint(256));
}

static void
bench_ring__full__put_takes_only_the_room(void **state)
{
    unsigned char in[100], out[100];
    shmc_bench_ring_t *ring;
    void *mem = ring_memory(64);

    (void)state;
    memset(in, 'a', sizeof(in));
    assert_null(shmc_bench_ring_init(mem, 64, &ring));
    assert_int_equal(shmc_bench_ring_try_put(ring, in, 100), 64);
    assert_int_equal(shmc_bench_ring_try_put(ring, in, 1), 0);
    assert_int_equal(shmc_bench_ring_try_get(ring, out, 10), 10);
    assert_int_equal(shmc_bench_ring_try_put(ring, in, 100), 10);
    assert_int_equal(shmc_bench_ring_try_get(ring, out, 100), 64);
    assert_int_equal(shmc_bench_ring_try_get(ring, out, 100), 0);
    (void)munmap(mem, shmc_bench_ring_footprint(64));
}

static void
bench_ring__wrap_around__every_byte_in_order(void **state)
{
    unsigned char in[64], out[64];
    shmc_bench_ring_t *ring;
    void *mem = ring_memory(64);
    uint64_t written = 0, read = 0;
    size_t i, n, step;

    (void)state;
    assert_null(shmc_bench_ring_init(mem, 64, &ring));
    /* Pieces of 1 to 63 bytes wrap at every offset of the ring. */
    for (step = 0; step < 5000; step++) {
        n = 1 + (step * 37) % 63;
        for (i = 0; i < n; i++)
            in[i] = pattern(written + i);
        written += shmc_bench_ring_try_put(ring, in, n);
        n = 1 + (step * 53) % 63;
        n = shmc_bench_ring_try_get(ring, out, n);
        for (i = 0; i < n; i++)
            assert_int_equal(out[i], pattern(read + i));
        read += n;
    }
    assert_true(read > 64 * 1000);
    assert_true(written - read <= 64);
    (void)munmap(mem, shmc_bench_ring_footprint(64));
}

typedef struct {
    size_t m_pieces;
    size_t m_bytes;
    uint64_t m_next;
    bool m_ok;
} consume_check_t;

static void
check_piece(const void *bytes, size_t n, void *arg)
{
    consume_check_t *c = arg;
    const unsigned char *p = bytes;
    size_t i;

    c->m_pieces++;
    for (i = 0; i < n; i++)
        if (p[i] != pattern(c->m_next++))
            c->m_ok = false;
    c->m_bytes += n;
}

static void
bench_ring__consume_at_wrap__two_pieces_in_place(void **state)
{
    unsigned char in[48], out[48];
    consume_check_t c = { 0, 0, 40, true };
    shmc_bench_ring_t *ring;
    void *mem = ring_memory(64);
    size_t i;

    (void)state;
    assert_null(shmc_bench_ring_init(mem, 64, &ring));
    for (i = 0; i < 40; i++)
        in[i] = pattern(i);
    assert_int_equal(shmc_bench_ring_try_put(ring, in, 40), 40);
    assert_int_equal(shmc_bench_ring_try_get(ring, out, 40), 40);
    for (i = 0; i < 48; i++)
        in[i] = pattern(40 + i);
    assert_int_equal(shmc_bench_ring_try_put(ring, in, 48), 48);
    /* Bytes 40..63 of the ring, then 0..23. */
    assert_null(shmc_bench_ring_consume(ring, 48, check_piece, &c));
    assert_int_equal(c.m_pieces, 2);
    assert_int_equal(c.m_bytes, 48);
    assert_true(c.m_ok);
    (void)munmap(mem, shmc_bench_ring_footprint(64));
}

/* Total bytes the two-process tests move: many times round the ring. */
#define STREAM_BYTES ((size_t)3 << 20)

static shmc_bench_ring_t *child_ring;

/* The producer: STREAM_BYTES of the pattern in messages of 1000 bytes. */
static int
produce(void *arg)
{
    unsigned char msg[1000];
    size_t done = 0, n, i;

    (void)arg;
    while (done < STREAM_BYTES) {
        n = STREAM_BYTES - done < sizeof(msg) ? STREAM_BYTES - done :
            sizeof(msg);
        for (i = 0; i < n; i++)
            msg[i] = pattern(done + i);
        if (shmc_is_error(shmc_bench_ring_put(child_ring, msg, n)))
            return 1;
        done += n;
    }
    return 0;
}

static void
bench_ring__slow_consumer__every_byte_arrives(void **state)
{
    unsigned char out[7];
    void *mem = ring_memory(4096);
    size_t got = 0, n, i;
    unsigned int turns = 0;
    bool ok = true;
    pid_t pid;

    (void)state;
    assert_null(shmc_bench_ring_init(mem, 4096, &child_ring));
    shmc_bench_watchdog(20);
    assert_null(shmc_bench_peer_start(produce, NULL, &pid));
    /* A consumer much slower than its producer: a few bytes at a time,
     * yielding between reads, so that the producer finds the ring full
     * and has to wait for room again and again. */
    while (got < STREAM_BYTES && !shmc_bench_expired()) {
        n = shmc_bench_ring_try_get(child_ring, out, 1 + got % 7);
        for (i = 0; i < n; i++)
            ok = ok && out[i] == pattern(got + i);
        got += n;
        shmc_bench_relax(&turns);
    }
    assert_null(shmc_bench_peer_finish(pid));
    assert_int_equal(got, STREAM_BYTES);
    assert_true(ok);
    (void)munmap(mem, shmc_bench_ring_footprint(4096));
}

static void
bench_ring__blocking_get__every_byte_arrives(void **state)
{
    unsigned char *out = malloc(STREAM_BYTES);
    void *mem = ring_memory(4096);
    size_t i;
    pid_t pid;

    (void)state;
    assert_non_null(out);
    assert_null(shmc_bench_ring_init(mem, 4096, &child_ring));
    shmc_bench_watchdog(20);
    assert_null(shmc_bench_peer_start(produce, NULL, &pid));
    /* One get larger than the ring: it waits for each half in turn. */
    assert_null(shmc_bench_ring_get(child_ring, out, STREAM_BYTES));
    assert_null(shmc_bench_peer_finish(pid));
    for (i = 0; i < STREAM_BYTES; i++)
        if (out[i] != pattern(i))
            fail_msg("byte %zu is wrong", i);
    free(out);
    (void)munmap(mem, shmc_bench_ring_footprint(4096));
}

/* ---------------------------------------------------------------------
 * The futex-style wait.
 * --------------------------------------------------------------------- */

/* Turns each side of the ping-pong takes. */
#define PING_PONGS 500

/* Far beyond the test's watchdog: a lost wake-up shows as the watchdog
 * firing, not as a wait that times out and goes on. */
#define PING_PONG_NAP_NS ((uint64_t)60 * 1000000000u)

static atomic_uint *ping_word;

/* Waits until the word reaches value, sleeping on it. */
static shmc_error_t
await_word(unsigned int value)
{
    unsigned int seen;
    shmc_error_t err;

    while ((seen = atomic_load(ping_word)) != value) {
        if (shmc_bench_expired())
            return shmc_error_new("no wake-up for %u", value);
        err = shmc_bench_wait_word(ping_word, seen, PING_PONG_NAP_NS);
        if (shmc_is_error(err))
            return err;
    }
    return shmc_no_error();
}

/* The child's side: odd turns. */
static int
ping_pong_child(void *arg)
{
    unsigned int i;

    (void)arg;
    for (i = 1; i < 2 * PING_PONGS; i += 2) {
        if (shmc_is_error(await_word(i)))
            return 1;
        atomic_store(ping_word, i + 1);
        if (shmc_is_error(shmc_bench_wake_word(ping_word)))
            return 1;
    }
    return 0;
}

/* Two processes hand a word back and forth, each sleeping until the other
 * changes it and wakes it: a wake-up lost (or not reaching the other
 * process) leaves a side asleep until the watchdog ends the test. */
static void
bench_wake__ping_pong__every_wake_up_arrives(void **state)
{
    void *mem;
    unsigned int i;
    pid_t pid;

    (void)state;
    if (!shmc_bench_wake_available())
        skip();
    mem = ring_memory(64);
    ping_word = mem;
    atomic_init(ping_word, 0);
    shmc_bench_watchdog(20);
    assert_null(shmc_bench_peer_start(ping_pong_child, NULL, &pid));
    for (i = 0; i < 2 * PING_PONGS; i += 2) {
        atomic_store(ping_word, i + 1);
        assert_null(shmc_bench_wake_word(ping_word));
        assert_null(await_word(i + 2));
    }
    assert_null(shmc_bench_peer_finish(pid));
    shmc_bench_watchdog(0);
    assert_int_equal(atomic_load(ping_word), 2 * PING_PONGS);
    (void)munmap(mem, shmc_bench_ring_footprint(64));
}

/* ---------------------------------------------------------------------
 * The program.
 * --------------------------------------------------------------------- */

/* Checks one entry: measured with figures, or skipped with a reason and
 * no figure at all. */
static void
check_entry(const shmc_json_t *e, const char *figure)
{
    const char *status = shmc_json_string_value(shmc_json_get(e, "status"));

    assert_non_null(status);
    assert_non_null(shmc_json_string_value(shmc_json_get(e, "mechanism")));
    assert_non_null(shmc_json_string_value(shmc_json_get(e, "method")));
    if (strcmp(status, "measured") == 0) {
        const shmc_json_t *f = shmc_json_get(e, figure);

        assert_non_null(f);
        assert_true(shmc_json_uint_value(shmc_json_get(e, "samples")) > 0);
        if (shmc_json_type(f) == SHMC_JSON_OBJECT)
            f = shmc_json_get(f, "median");
        assert_true(shmc_json_number_value(f) > 0.0);
        assert_null(shmc_json_get(e, "reason"));
    } else {
        assert_string_equal(status, "skipped");
        assert_non_null(shmc_json_string_value(shmc_json_get(e, "reason")));
        assert_null(shmc_json_get(e, figure));
        assert_null(shmc_json_get(e, "samples"));
    }
}

/* Checks every entry of a section; returns how many were measured. */
static size_t
check_section(const shmc_json_t *doc, const char *section,
    const char *figure)
{
    const shmc_json_t *list = shmc_json_get(shmc_json_get(doc, section),
        "results");
    size_t i, measured = 0;

    assert_non_null(list);
    assert_true(shmc_json_count(list) > 0);
    for (i = 0; i < shmc_json_count(list); i++) {
        const shmc_json_t *e = shmc_json_item_at(list, i);

        check_entry(e, figure);
        if (strcmp(shmc_json_string_value(shmc_json_get(e, "status")),
            "measured") == 0)
            measured++;
    }
    return measured;
}

/* The quick run writes a complete document of the schema; every entry is
 * measured or skipped with a reason; the baselines that need nothing
 * special (memcpy, the pipe) are measured; the cross-CPU floors are there;
 * ring entries that are measured carry their ratio to memcpy. */
static void
bench_program__quick_json__complete_document(void **state)
{
    char *argv[] = { SHMC_BENCH_PROGRAM, "--quick", "--json", NULL };
    shmc_proc_result_t r;
    shmc_json_t *doc = NULL, *list;
    size_t i, cross_cpu = 0;

    (void)state;
    assert_null(shmc_proc_spawn(argv, 60000, &r));
    assert_true(shmc_proc_exited_ok(&r));
    assert_null(shmc_json_parse(r.m_output, r.m_output_len, &doc));
    assert_string_equal(shmc_json_string_value(shmc_json_get(doc, "schema")),
        "shmcompat.bench/1");
    assert_string_equal(shmc_json_string_value(shmc_json_find(doc,
        "clock.name")), "CLOCK_MONOTONIC");
    assert_string_equal(shmc_json_string_value(shmc_json_get(doc, "mode")),
        "quick");
    assert_non_null(shmc_json_find(doc, "machine.cpus.online"));
    assert_non_null(shmc_json_find(doc, "machine.cpus.affinity"));
    assert_true(shmc_json_number_value(shmc_json_get(doc, "duration_s")) >
        0.0);

    assert_true(check_section(doc, "round_trip", "median_ns") > 0);
    /* The round trips' floor is there too, measured or said why not. */
    list = shmc_json_find(doc, "round_trip.results");
    for (i = 0; i < shmc_json_count(list); i++)
        if (strcmp(shmc_json_string_value(shmc_json_get(shmc_json_item_at(
            list, i), "mechanism")), "cross_cpu") == 0) {
            assert_string_equal(shmc_json_string_value(shmc_json_get(
                shmc_json_item_at(list, i), "method")), "spin");
            cross_cpu++;
        }
    assert_int_equal(cross_cpu, 1);
    cross_cpu = 0;
    assert_true(check_section(doc, "bandwidth", "gbps") > 0);
    (void)check_section(doc, "first_touch", "ns_per_page");
    (void)check_section(doc, "sync", "ns_per_mib");

    list = shmc_json_find(doc, "bandwidth.results");
    for (i = 0; i < shmc_json_count(list); i++) {
        const shmc_json_t *e = shmc_json_item_at(list, i);
        const char *method = shmc_json_string_value(shmc_json_get(e,
            "method")), *status = shmc_json_string_value(shmc_json_get(e,
            "status"));

        if (strcmp(method, "memcpy") == 0 || strcmp(method, "pipe") == 0)
            assert_string_equal(status, "measured");
        /* The second limit is there for every size, measured or said
         * why not. */
        if (strcmp(method, "read") == 0) {
            assert_string_equal(shmc_json_string_value(shmc_json_get(e,
                "mechanism")), "cross_cpu");
            cross_cpu++;
            if (strcmp(status, "measured") != 0)
                assert_non_null(shmc_json_get(e, "reason"));
        }
        if (strcmp(status, "measured") == 0 && (strcmp(method, "ring") == 0 ||
            strcmp(method, "ring_copy") == 0 || strcmp(method, "read") == 0)) {
            assert_true(shmc_json_number_value(shmc_json_get(e,
                "ratio_to_memcpy")) > 0.0);
            /* The ratio is the median of pairs, not of the two medians. */
            assert_true(shmc_json_number_value(shmc_json_find(e,
                "ratio.median")) == shmc_json_number_value(shmc_json_get(e,
                "ratio_to_memcpy")));
        }
    }
    assert_int_equal(cross_cpu, shmc_json_count(shmc_json_find(doc,
        "bandwidth.sizes")));
#if defined(HAVE_STRUCT_RUSAGE_RU_MINFLT)
    /* Every measured first touch says how many faults it took: at least
     * one per object. */
    list = shmc_json_find(doc, "first_touch.results");
    for (i = 0; i < shmc_json_count(list); i++) {
        const shmc_json_t *e = shmc_json_item_at(list, i);

        if (strcmp(shmc_json_string_value(shmc_json_get(e, "status")),
            "measured") == 0)
            assert_true(shmc_json_number_value(shmc_json_get(e,
                "faults")) >= 1.0);
    }
#endif
    shmc_json_free(doc);
    shmc_proc_result_fini(&r);
}

/* Pinning apart: this process on the first CPU it may run on, the child
 * on the second, and everything as it was afterwards; unpinned where it
 * may run on one CPU only. */
static void
bench_cpus__apart__two_cpus_then_as_before(void **state)
{
#if defined(CAN_PIN)
    cpu_set_t before, during, after;
    shmc_bench_cpus_t cpus;
    pid_t pid;
    int status;

    (void)state;
    CPU_ZERO(&before);
    assert_int_equal(sched_getaffinity(0, sizeof(before), &before), 0);
    shmc_bench_cpus_apart(&cpus);
    if (CPU_COUNT(&before) < 2) {
        assert_false(cpus.m_pinned);
        skip();
    }
    assert_true(cpus.m_pinned);
    assert_true(cpus.m_cpu[0] < cpus.m_cpu[1]);
    assert_true(CPU_ISSET(cpus.m_cpu[0], &before));
    assert_true(CPU_ISSET(cpus.m_cpu[1], &before));
    CPU_ZERO(&during);
    assert_int_equal(sched_getaffinity(0, sizeof(during), &during), 0);
    assert_int_equal(CPU_COUNT(&during), 1);
    assert_true(CPU_ISSET(cpus.m_cpu[0], &during));
    /* The child ends up on the other CPU alone. */
    pid = fork();
    assert_true(pid != -1);
    if (pid == 0) {
        cpu_set_t mine;

        CPU_ZERO(&mine);
        _exit(shmc_is_error(shmc_bench_cpus_child(&cpus)) ||
            sched_getaffinity(0, sizeof(mine), &mine) != 0 ||
            CPU_COUNT(&mine) != 1 || !CPU_ISSET(cpus.m_cpu[1], &mine));
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    shmc_bench_cpus_restore(&cpus);
    CPU_ZERO(&after);
    assert_int_equal(sched_getaffinity(0, sizeof(after), &after), 0);
    assert_true(CPU_EQUAL(&before, &after));
#else
    (void)state;
    skip();
#endif
}

static void
bench_program__bad_option__usage_error(void **state)
{
    char *argv[] = { SHMC_BENCH_PROGRAM, "--bogus", NULL };
    shmc_proc_result_t r;

    (void)state;
    assert_null(shmc_proc_spawn(argv, 10000, &r));
    assert_true(WIFEXITED(r.m_status));
    assert_int_equal(WEXITSTATUS(r.m_status), 2);
    assert_int_equal(r.m_output_len, 0);
    shmc_proc_result_fini(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bench_stats__odd_count__median_is_middle),
        cmocka_unit_test(bench_stats__even_count__median_interpolates),
        cmocka_unit_test(bench_stats__hundred_samples__p99_near_top),
        cmocka_unit_test(bench_stats__single_sample__every_quantile_is_it),
        cmocka_unit_test(bench_stats__no_samples__error),
        cmocka_unit_test(bench_ring__init__rejects_bad_capacities),
        cmocka_unit_test(bench_ring__full__put_takes_only_the_room),
        cmocka_unit_test(bench_ring__wrap_around__every_byte_in_order),
        cmocka_unit_test(bench_ring__consume_at_wrap__two_pieces_in_place),
        cmocka_unit_test(bench_ring__slow_consumer__every_byte_arrives),
        cmocka_unit_test(bench_ring__blocking_get__every_byte_arrives),
        cmocka_unit_test(bench_wake__ping_pong__every_wake_up_arrives),
        cmocka_unit_test(bench_program__quick_json__complete_document),
        cmocka_unit_test(bench_cpus__apart__two_cpus_then_as_before),
        cmocka_unit_test(bench_program__bad_option__usage_error),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
