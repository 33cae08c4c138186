/* SPDX-License-Identifier: BSD-2-Clause */

/** The run's output.  A value appears only when it was measured: a
 * skipped entry carries its status and reason and no numbers. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "bench/run.h"

#include <sys/utsname.h>

#include <stdlib.h>
#include <string.h>

#include "bench/clock.h"
#include "bench/ring.h"
#include "bench/wake.h"

shmc_bench_entry_t *
shmc_bench_table_add(shmc_bench_table_t *t, const char *mechanism,
    const char *method, size_t size, bool huge)
{
    shmc_bench_entry_t *e;

    if (t->m_count == t->m_alloc) {
        size_t alloc = t->m_alloc == 0 ? 16 : 2 * t->m_alloc;

        e = realloc(t->m_entries, alloc * sizeof(*e));
        if (e == NULL)
            return NULL;
        t->m_entries = e;
        t->m_alloc = alloc;
    }
    e = &t->m_entries[t->m_count++];
    memset(e, 0, sizeof(*e));
    e->m_mechanism = mechanism;
    e->m_method = method;
    e->m_size = size;
    e->m_huge = huge;
    return e;
}

void
shmc_bench_table_fini(shmc_bench_table_t *t)
{
    free(t->m_entries);
    t->m_entries = NULL;
    t->m_count = t->m_alloc = 0;
}

/* {"median": ..., "min": ..., "p25": ..., "p75": ..., "max": ...} */
static shmc_json_t *
spread_json(const shmc_bench_stats_t *s)
{
    shmc_json_t *o = shmc_json_object();

    shmc_json_set(o, "median", shmc_json_real(s->m_median));
    shmc_json_set(o, "min", shmc_json_real(s->m_min));
    shmc_json_set(o, "p25", shmc_json_real(s->m_p25));
    shmc_json_set(o, "p75", shmc_json_real(s->m_p75));
    shmc_json_set(o, "max", shmc_json_real(s->m_max));
    return o;
}

/* The fields every entry has: what, and whether it was measured. */
static shmc_json_t *
entry_json(const shmc_bench_entry_t *e)
{
    shmc_json_t *o = shmc_json_object();
    const shmc_bench_result_t *r = &e->m_result;

    shmc_json_set(o, "mechanism", shmc_json_string(e->m_mechanism));
    shmc_json_set(o, "method", shmc_json_string(e->m_method));
    shmc_json_set(o, "status", shmc_json_string(r->m_measured ? "measured" :
        "skipped"));
    if (!r->m_measured) {
        shmc_json_set(o, "reason", shmc_json_string(r->m_reason));
        return o;
    }
    shmc_json_set(o, "samples", shmc_json_uint(r->m_stats.m_n));
    shmc_json_set(o, "warmup", shmc_json_uint(r->m_warmup));
    /* The cross-CPU figures say on which two CPUs they were taken: null
     * where the system could not pin them. */
    if (strcmp(e->m_mechanism, "cross_cpu") == 0) {
        shmc_json_t *cpus = shmc_json_null();

        if (r->m_cpus.m_pinned) {
            cpus = shmc_json_array();
            shmc_json_append(cpus, shmc_json_uint((uint64_t)
                r->m_cpus.m_cpu[0]));
            shmc_json_append(cpus, shmc_json_uint((uint64_t)
                r->m_cpus.m_cpu[1]));
        }
        shmc_json_set(o, "cpus", cpus);
    }
    return o;
}

static shmc_json_t *
rtt_json(const shmc_bench_run_t *run)
{
    shmc_json_t *sec = shmc_json_object(), *list = shmc_json_array();
    size_t i;

    shmc_json_set(sec, "message_bytes", shmc_json_uint(SHMC_BENCH_RTT_MESSAGE));
    shmc_json_set(sec, "futex_call", shmc_bench_wake_available() ?
        shmc_json_string(shmc_bench_wake_call()) : shmc_json_null());
    shmc_json_set(sec, "unit", shmc_json_string("ns"));
    for (i = 0; i < run->m_rtt.m_count; i++) {
        const shmc_bench_entry_t *e = &run->m_rtt.m_entries[i];
        const shmc_bench_stats_t *s = &e->m_result.m_stats;
        shmc_json_t *o = entry_json(e);

        if (e->m_result.m_measured) {
            shmc_json_set(o, "median_ns", shmc_json_real(s->m_median));
            shmc_json_set(o, "p99_ns", shmc_json_real(s->m_p99));
            shmc_json_set(o, "ns", spread_json(s));
        }
        shmc_json_append(list, o);
    }
    shmc_json_set(sec, "results", list);
    return sec;
}

static shmc_json_t *
stream_json(const shmc_bench_run_t *run)
{
    shmc_json_t *sec = shmc_json_object(), *list = shmc_json_array();
    shmc_json_t *sizes = shmc_json_array();
    size_t i;

    for (i = 0; i < run->m_nsizes; i++)
        shmc_json_append(sizes, shmc_json_uint(run->m_sizes[i]));
    shmc_json_set(sec, "sizes", sizes);
    shmc_json_set(sec, "unit", shmc_json_string("GB/s (10^9 bytes per "
        "second)"));
    for (i = 0; i < run->m_stream.m_count; i++) {
        const shmc_bench_entry_t *e = &run->m_stream.m_entries[i];
        const shmc_bench_stats_t *s = &e->m_result.m_stats;
        shmc_json_t *o = entry_json(e);

        shmc_json_set(o, "size_bytes", shmc_json_uint(e->m_size));
        if (e->m_result.m_measured) {
            if (strncmp(e->m_method, "ring", 4) == 0)
                shmc_json_set(o, "ring_bytes", shmc_json_uint(
                    shmc_bench_ring_capacity_for(e->m_size)));
            shmc_json_set(o, "messages_per_sample",
                shmc_json_uint(e->m_result.m_per_sample));
            shmc_json_set(o, "gbps", spread_json(s));
            if (e->m_result.m_paired) {
                shmc_json_set(o, "ratio_to_memcpy",
                    shmc_json_real(e->m_result.m_ratio.m_median));
                shmc_json_set(o, "ratio", spread_json(&e->m_result.m_ratio));
            } else if (strcmp(e->m_method, "memcpy") == 0)
                shmc_json_set(o, "ratio_to_memcpy", shmc_json_real(1.0));
        }
        shmc_json_append(list, o);
    }
    shmc_json_set(sec, "results", list);
    return sec;
}

static shmc_json_t *
touch_json(const shmc_bench_run_t *run)
{
    shmc_json_t *sec = shmc_json_object(), *list = shmc_json_array();
    size_t i;

    shmc_json_set(sec, "bytes", shmc_json_uint(run->m_params.m_touch_bytes));
    shmc_json_set(sec, "unit", shmc_json_string("ns per page"));
    for (i = 0; i < run->m_touch.m_count; i++) {
        const shmc_bench_entry_t *e = &run->m_touch.m_entries[i];
        shmc_json_t *o = entry_json(e);

        shmc_json_set(o, "huge_pages", shmc_json_bool(e->m_huge));
        if (e->m_result.m_measured) {
            shmc_json_set(o, "page_bytes",
                shmc_json_uint(e->m_result.m_page_size));
            shmc_json_set(o, "pages", shmc_json_uint(e->m_result.m_per_sample));
            shmc_json_set(o, "faults", e->m_result.m_faults >= 0.0 ?
                shmc_json_real(e->m_result.m_faults) : shmc_json_null());
            shmc_json_set(o, "ns_per_page", spread_json(&e->m_result.m_stats));
        }
        shmc_json_append(list, o);
    }
    shmc_json_set(sec, "results", list);
    return sec;
}

static shmc_json_t *
sync_json(const shmc_bench_run_t *run)
{
    shmc_json_t *sec = shmc_json_object(), *list = shmc_json_array();
    size_t i;

    shmc_json_set(sec, "bytes", shmc_json_uint(run->m_params.m_sync_bytes));
    shmc_json_set(sec, "unit", shmc_json_string("ns per MiB"));
    for (i = 0; i < run->m_sync.m_count; i++) {
        const shmc_bench_entry_t *e = &run->m_sync.m_entries[i];
        shmc_json_t *o = entry_json(e);

        if (e->m_result.m_measured)
            shmc_json_set(o, "ns_per_mib", spread_json(&e->m_result.m_stats));
        shmc_json_append(list, o);
    }
    shmc_json_set(sec, "results", list);
    return sec;
}

static shmc_json_t *
load_json(const double load[3])
{
    shmc_json_t *a = shmc_json_array();
    int i;

    for (i = 0; i < 3; i++)
        shmc_json_append(a, shmc_json_real(load[i]));
    return a;
}

static shmc_json_t *
machine_json(const shmc_bench_run_t *run)
{
    shmc_json_t *o = shmc_json_object(), *cpus = shmc_json_object(), *aff;
    shmc_json_t *places = shmc_json_object(), *p;
    struct utsname u;
    int i;

    if (uname(&u) == 0) {
        shmc_json_set(o, "sysname", shmc_json_string(u.sysname));
        shmc_json_set(o, "release", shmc_json_string(u.release));
        shmc_json_set(o, "machine", shmc_json_string(u.machine));
    }
    shmc_json_set(cpus, "online", run->m_cpus_online > 0 ?
        shmc_json_uint((uint64_t)run->m_cpus_online) : shmc_json_null());
    if (run->m_affinity_count >= 0) {
        aff = shmc_json_array();
        for (i = 0; i < run->m_affinity_count; i++)
            shmc_json_append(aff, shmc_json_uint((uint64_t)run->m_affinity[i]));
    } else
        aff = shmc_json_null();
    shmc_json_set(cpus, "affinity", aff);
    shmc_json_set(cpus, "pinned", shmc_json_bool(false));
    shmc_json_set(o, "cpus", cpus);
    if (run->m_load_known) {
        p = shmc_json_object();
        shmc_json_set(p, "start", load_json(run->m_load_start));
        shmc_json_set(p, "end", load_json(run->m_load_end));
        shmc_json_set(o, "load_average", p);
    } else
        shmc_json_set(o, "load_average", shmc_json_null());
    shmc_json_set(o, "page_bytes", run->m_page_size > 0 ?
        shmc_json_uint((uint64_t)run->m_page_size) : shmc_json_null());
    p = shmc_json_object();
    shmc_json_set_string_opt(p, "path", run->m_shm_dir[0] != '\0' ?
        run->m_shm_dir : NULL);
    shmc_json_set_string_opt(p, "fstype", run->m_shm_dir_fstype[0] != '\0' ?
        run->m_shm_dir_fstype : NULL);
    shmc_json_set(places, "shm_dir", p);
    p = shmc_json_object();
    shmc_json_set(p, "path", shmc_json_string("/var/tmp"));
    shmc_json_set_string_opt(p, "fstype", run->m_var_tmp_fstype[0] != '\0' ?
        run->m_var_tmp_fstype : NULL);
    shmc_json_set(places, "var_tmp", p);
    shmc_json_set(o, "places", places);
    return o;
}

shmc_json_t *
shmc_bench_run_json(const shmc_bench_run_t *run)
{
    shmc_json_t *root = shmc_json_object(), *clock = shmc_json_object();
    shmc_json_t *sections;

    shmc_json_set(root, "schema", shmc_json_string(SHMC_BENCH_SCHEMA));
    shmc_json_set(root, "generator", shmc_json_string("shmcompat-bench "
        PACKAGE_VERSION));
    shmc_json_set(root, "mode", shmc_json_string(run->m_quick ? "quick" :
        "default"));
    shmc_json_set(root, "budget_s", shmc_json_uint(run->m_budget_s));
    shmc_json_set(root, "duration_s", shmc_json_real(run->m_duration_s));
    sections = shmc_json_object();
    shmc_json_set(sections, "round_trip", shmc_json_real(run->m_section_s[0]));
    shmc_json_set(sections, "bandwidth", shmc_json_real(run->m_section_s[1]));
    shmc_json_set(sections, "first_touch", shmc_json_real(run->m_section_s[2]));
    shmc_json_set(sections, "sync", shmc_json_real(run->m_section_s[3]));
    shmc_json_set(root, "section_duration_s", sections);
    shmc_json_set(clock, "name", shmc_json_string(SHMC_BENCH_CLOCK_NAME));
    shmc_json_set(clock, "resolution_ns",
        shmc_json_uint(shmc_bench_clock_resolution_ns()));
    shmc_json_set(root, "clock", clock);
    shmc_json_set(root, "machine", machine_json(run));
    shmc_json_set(root, "round_trip", rtt_json(run));
    shmc_json_set(root, "bandwidth", stream_json(run));
    shmc_json_set(root, "first_touch", touch_json(run));
    shmc_json_set(root, "sync", sync_json(run));
    if (!shmc_json_is_complete(root)) {
        shmc_json_free(root);
        return NULL;
    }
    return root;
}

/* "measured" figures as text, or the reason in parentheses. */
static int
text_entry(FILE *out, const shmc_bench_entry_t *e, const char *label,
    const char *fmt, double scale, const char *unit)
{
    const shmc_bench_result_t *r = &e->m_result;
    const shmc_bench_stats_t *s = &r->m_stats;

    if (!r->m_measured)
        return fprintf(out, "  %-36s skipped: %s\n", label, r->m_reason) < 0 ?
            -1 : 0;
    if (fprintf(out, "  %-36s ", label) < 0 ||
        fprintf(out, fmt, s->m_median / scale) < 0 ||
        fprintf(out, " %s  [", unit) < 0 ||
        fprintf(out, fmt, s->m_p25 / scale) < 0 || fputs(" .. ", out) < 0 ||
        fprintf(out, fmt, s->m_p75 / scale) < 0 ||
        fprintf(out, "] n=%zu\n", s->m_n) < 0)
        return -1;
    return 0;
}

int
shmc_bench_run_text(FILE *out, const shmc_bench_run_t *run)
{
    char label[96];
    size_t i;
    int rc = 0;

    fprintf(out, "shmcompat-bench %s: %s mode, %.1f s (round trips %.1f, "
        "bandwidth %.1f, first touch %.1f, sync %.1f), clock %s, %ld CPUs "
        "online\n", PACKAGE_VERSION, run->m_quick ? "quick" : "default",
        run->m_duration_s, run->m_section_s[0], run->m_section_s[1],
        run->m_section_s[2], run->m_section_s[3], SHMC_BENCH_CLOCK_NAME,
        run->m_cpus_online);
    if (run->m_load_known)
        fprintf(out, "load average %.2f at the start, %.2f at the end\n",
            run->m_load_start[0], run->m_load_end[0]);
    fprintf(out, "Figures: median [p25 .. p75] over n samples.\n\n"
        "Round trip of a %d-byte message:\n", SHMC_BENCH_RTT_MESSAGE);
    for (i = 0; i < run->m_rtt.m_count && rc == 0; i++) {
        const shmc_bench_entry_t *e = &run->m_rtt.m_entries[i];

        (void)snprintf(label, sizeof(label), "%s + %s", e->m_mechanism,
            e->m_method);
        rc = text_entry(out, e, label, "%9.0f", 1.0, "ns");
        if (rc == 0 && e->m_result.m_measured)
            rc = fprintf(out, "  %-36s %9.0f ns p99\n", "",
                e->m_result.m_stats.m_p99) < 0 ? -1 : 0;
    }
    fputs("\nStreaming bandwidth (of memcpy: the median ratio of each sample "
        "to a memcpy sample taken just before it; cross_cpu read: how fast\n"
        "one CPU reads what another has just written, the rate at which a "
        "transfer between two CPUs moves data):\n", out);
    for (i = 0; i < run->m_stream.m_count && rc == 0; i++) {
        const shmc_bench_entry_t *e = &run->m_stream.m_entries[i];
        const shmc_bench_stats_t *q = &e->m_result.m_ratio;

        (void)snprintf(label, sizeof(label), "%s %s %zu B", e->m_mechanism,
            e->m_method, e->m_size);
        rc = text_entry(out, e, label, "%7.2f", 1.0, "GB/s");
        if (rc == 0 && e->m_result.m_paired)
            rc = fprintf(out, "  %-36s %7.2f of memcpy  [%7.2f .. %7.2f]\n",
                "", q->m_median, q->m_p25, q->m_p75) < 0 ? -1 : 0;
    }
    fputs("\nFirst touch of a fresh page:\n", out);
    for (i = 0; i < run->m_touch.m_count && rc == 0; i++) {
        const shmc_bench_entry_t *e = &run->m_touch.m_entries[i];

        (void)snprintf(label, sizeof(label), "%s%s", e->m_mechanism,
            !e->m_huge ? "" : strcmp(e->m_method, "write") == 0 ?
            " (huge pages)" : " (MADV_HUGEPAGE)");
        rc = text_entry(out, e, label, "%9.0f", 1.0, "ns/page");
        if (rc == 0 && e->m_result.m_measured && e->m_result.m_faults >= 0.0)
            rc = fprintf(out, "  %-36s %9.0f faults for %llu pages of %zu "
                "bytes\n", "", e->m_result.m_faults,
                (unsigned long long)e->m_result.m_per_sample,
                e->m_result.m_page_size) < 0 ? -1 : 0;
    }
    fputs("\nSync of a dirty region:\n", out);
    for (i = 0; i < run->m_sync.m_count && rc == 0; i++) {
        const shmc_bench_entry_t *e = &run->m_sync.m_entries[i];

        (void)snprintf(label, sizeof(label), "%s %s", e->m_mechanism,
            e->m_method);
        rc = text_entry(out, e, label, "%9.1f", 1000.0, "us/MiB");
    }
    return rc != 0 || ferror(out) ? -1 : 0;
}
