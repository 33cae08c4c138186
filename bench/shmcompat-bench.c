/* SPDX-License-Identifier: BSD-2-Clause */

/** shmcompat-bench: what each shared-memory mechanism costs here.
 *
 * Round trips, streaming bandwidth against memcpy(3) (the limit of the
 * machine), first touch and sync, each as the median and spread of
 * repeated samples after a warm-up, the whole run bounded in time. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <errno.h>
#if defined(HAVE_SCHED_GETAFFINITY)
#   include <sched.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/clock.h"
#include "bench/region.h"
#include "bench/run.h"
#include "lib/json.h"
#include "probes/fsinfo.h"
#include "probes/mounts.h"
#include "probes/shmdir.h"

#define PROGNAME "shmcompat-bench"

/* Exit codes, documented in shmcompat-bench(1). */
enum {
    EXIT_BENCH_OK = 0,
    EXIT_BENCH_ERROR = 1,       /* Could not run or write. */
    EXIT_BENCH_USAGE = 2        /* Bad option. */
};

static const size_t all_sizes[] = {
    64, 256, 1024, 4096, 16384, 65536, 262144, (size_t)1 << 20,
    (size_t)4 << 20, (size_t)16 << 20,
};
/* A small, a page-sized, a cache-sized and a large message; 16 MiB
 * messages cost more time than --quick has. */
static const size_t quick_sizes[] = {
    64, 4096, 65536, (size_t)1 << 20,
};

static void
usage(FILE *f)
{
    fprintf(f,
        "Usage: " PROGNAME " [--quick] [--json | --text]\n"
        "Measures what each shared-memory mechanism costs on this system.\n"
        "  --quick    fewer sizes and samples: under 5 s instead of 30 s\n"
        "  --text     tables for people (the default)\n"
        "  --json     the figures as JSON (schema " SHMC_BENCH_SCHEMA ")\n"
        "  --version  print the version and exit\n");
}

/* Round trips, streaming, first touch, sync: each field as in
 * shmc_bench_params_t. */
static const shmc_bench_params_t quick_params = {
    40000000, 50, 20000,
    3000000, 5,
    (size_t)1 << 20, 5,
    (size_t)2 << 20, 5, 300000000,
};
static const shmc_bench_params_t default_params = {
    150000000, 200, 100000,
    10000000, 5,
    (size_t)4 << 20, 7,
    (size_t)8 << 20, 7, 1500000000,
};

static void
set_params(shmc_bench_run_t *run)
{
    run->m_params = run->m_quick ? quick_params : default_params;
    run->m_sizes = run->m_quick ? quick_sizes : all_sizes;
    run->m_nsizes = run->m_quick ?
        sizeof(quick_sizes) / sizeof(quick_sizes[0]) :
        sizeof(all_sizes) / sizeof(all_sizes[0]);
    run->m_budget_s = run->m_quick ? 5 : 30;
}

/* CPU count, affinity and load: what the figures were taken under. */
static void
record_machine(shmc_bench_run_t *run)
{
    run->m_cpus_online = sysconf(_SC_NPROCESSORS_ONLN);
    run->m_page_size = sysconf(_SC_PAGESIZE);
    run->m_affinity_count = -1;
#if defined(HAVE_SCHED_GETAFFINITY)
    {
        cpu_set_t set;
        int cpu;

        CPU_ZERO(&set);
        if (sched_getaffinity(0, sizeof(set), &set) == 0) {
            run->m_affinity_count = 0;
            for (cpu = 0; cpu < CPU_SETSIZE && run->m_affinity_count < 256;
                cpu++)
                if (CPU_ISSET(cpu, &set))
                    run->m_affinity[run->m_affinity_count++] = cpu;
        }
    }
#endif
#if defined(HAVE_GETLOADAVG)
    run->m_load_known = getloadavg(run->m_load_start, 3) == 3;
#endif
}

/* Where the file kinds go: the shm directory as the probe finds it, and
 * /var/tmp; with their filesystem types. */
static void
locate_places(shmc_bench_run_t *run)
{
    shmc_mounts_t mounts;
    shmc_shmdir_t dir;
    shmc_fsinfo_t info;
    shmc_error_t err;

    shmc_mounts_init(&mounts);
    err = shmc_mounts_load(&mounts);
    shmc_error_free(err);       /* Without a table, types come from statfs. */
    shmc_shmdir_locate(&mounts, &dir);
    if (dir.m_found) {
        (void)snprintf(run->m_shm_dir, sizeof(run->m_shm_dir), "%s",
            dir.m_dir);
        if (dir.m_fs.m_fstype_known)
            (void)snprintf(run->m_shm_dir_fstype,
                sizeof(run->m_shm_dir_fstype), "%s", dir.m_fs.m_fstype);
    }
    shmc_fsinfo_get("/var/tmp", &mounts, &info);
    if (info.m_fstype_known)
        (void)snprintf(run->m_var_tmp_fstype, sizeof(run->m_var_tmp_fstype),
            "%s", info.m_fstype);
    shmc_bench_region_dirs(dir.m_found ? run->m_shm_dir : NULL,
        info.m_is_dir ? "/var/tmp" : NULL);
    shmc_mounts_fini(&mounts);
}

static shmc_error_t
nomem_if(const shmc_bench_entry_t *e)
{
    return e == NULL ? shmc_error_nomem() : shmc_no_error();
}

/* Whether this process may run on one CPU only: the cross-CPU figures
 * then have no other CPU to measure against. */
#define ONE_CPU "this process may run on one CPU only: there is no other " \
    "CPU to measure against"

static bool
one_cpu(const shmc_bench_run_t *run)
{
    long cpus = run->m_affinity_count >= 0 ? run->m_affinity_count :
        run->m_cpus_online;

    return cpus == 1;
}

static shmc_error_t
measure_rtt(shmc_bench_run_t *run)
{
    static const shmc_bench_rtt_method_t region_methods[] = {
        SHMC_BENCH_RTT_SEMAPHORE, SHMC_BENCH_RTT_FUTEX,
    };
    shmc_bench_entry_t *e;
    size_t m;
    int k;

    for (m = 0; m < 2; m++)
        for (k = 0; k < SHMC_BENCH_NSHARED; k++) {
            e = shmc_bench_table_add(&run->m_rtt, shmc_bench_kind_name(k),
                shmc_bench_rtt_method_name(region_methods[m]), 0, false);
            if (e == NULL)
                return shmc_error_nomem();
            shmc_bench_rtt(k, region_methods[m], &run->m_params,
                &e->m_result);
        }
    /* The floor: no wake-up, only the lines crossing between two CPUs. */
    e = shmc_bench_table_add(&run->m_rtt, "cross_cpu",
        shmc_bench_rtt_method_name(SHMC_BENCH_RTT_SPIN), 0, false);
    if (e == NULL)
        return shmc_error_nomem();
    if (one_cpu(run))
        shmc_bench_skip(&e->m_result, shmc_error_new("%s", ONE_CPU));
    else
        shmc_bench_rtt(SHMC_BENCH_ANONYMOUS, SHMC_BENCH_RTT_SPIN,
            &run->m_params, &e->m_result);
    e = shmc_bench_table_add(&run->m_rtt, "pipe", "pipe", 0, false);
    if (e != NULL)
        shmc_bench_rtt(0, SHMC_BENCH_RTT_PIPE, &run->m_params, &e->m_result);
    e = shmc_bench_table_add(&run->m_rtt, "unix_socket", "stream", 0, false);
    if (e != NULL)
        shmc_bench_rtt(0, SHMC_BENCH_RTT_SOCKET, &run->m_params,
            &e->m_result);
    return nomem_if(e);
}

/* One streaming method over every size. */
static shmc_error_t
stream_all(shmc_bench_run_t *run, shmc_bench_kind_t kind,
    shmc_bench_stream_method_t method, const char *mechanism)
{
    shmc_bench_result_t *results;
    shmc_bench_entry_t *e;
    size_t i;

    results = calloc(run->m_nsizes, sizeof(*results));
    if (results == NULL)
        return shmc_error_nomem();
    shmc_bench_stream(kind, method, run->m_sizes, run->m_nsizes,
        &run->m_params, results);
    for (i = 0; i < run->m_nsizes; i++) {
        e = shmc_bench_table_add(&run->m_stream, mechanism,
            shmc_bench_stream_method_name(method), run->m_sizes[i], false);
        if (e == NULL) {
            free(results);
            return shmc_error_nomem();
        }
        e->m_result = results[i];
    }
    free(results);
    return shmc_no_error();
}

/* The cross-CPU read over every size, or skipped with the reason where
 * this process has one CPU to run on. */
static shmc_error_t
cross_cpu_all(shmc_bench_run_t *run)
{
    shmc_bench_entry_t *e;
    size_t i;

    if (!one_cpu(run))
        return stream_all(run, SHMC_BENCH_ANONYMOUS,
            SHMC_BENCH_STREAM_CROSS_CPU, "cross_cpu");
    for (i = 0; i < run->m_nsizes; i++) {
        e = shmc_bench_table_add(&run->m_stream, "cross_cpu",
            shmc_bench_stream_method_name(SHMC_BENCH_STREAM_CROSS_CPU),
            run->m_sizes[i], false);
        if (e == NULL)
            return shmc_error_nomem();
        shmc_bench_skip(&e->m_result, shmc_error_new("%s", ONE_CPU));
    }
    return shmc_no_error();
}

static shmc_error_t
measure_stream(shmc_bench_run_t *run)
{
    shmc_error_t err;
    int k;

    err = stream_all(run, 0, SHMC_BENCH_STREAM_MEMCPY, "memcpy");
    if (!shmc_is_error(err))
        err = cross_cpu_all(run);
    for (k = 0; k < SHMC_BENCH_NSHARED && !shmc_is_error(err); k++)
        err = stream_all(run, k, SHMC_BENCH_STREAM_RING,
            shmc_bench_kind_name(k));
    /* Two copies through the ring, for the pipe and the socket, which copy
     * twice: one mechanism is enough, the ring is the same in all. */
    if (!shmc_is_error(err))
        err = stream_all(run, SHMC_BENCH_POSIX_SHM,
            SHMC_BENCH_STREAM_RING_COPY,
            shmc_bench_kind_name(SHMC_BENCH_POSIX_SHM));
    if (!shmc_is_error(err))
        err = stream_all(run, 0, SHMC_BENCH_STREAM_PIPE, "pipe");
    if (!shmc_is_error(err))
        err = stream_all(run, 0, SHMC_BENCH_STREAM_SOCKET, "unix_socket");
    shmc_bench_stream_release();
    return err;
}

static shmc_error_t
measure_touch(shmc_bench_run_t *run)
{
    static const shmc_bench_kind_t huge_kinds[] = {
        SHMC_BENCH_MEMFD, SHMC_BENCH_ANONYMOUS,
    };
    /* Transparent huge pages: private memory, and shared anonymous memory
     * (which the kernel may treat by another policy). */
    static const shmc_bench_kind_t thp_kinds[] = {
        SHMC_BENCH_PRIVATE, SHMC_BENCH_ANONYMOUS,
    };
    shmc_bench_entry_t *e;
    size_t i;
    int k;

    for (k = 0; k < SHMC_BENCH_NKINDS; k++) {
        e = shmc_bench_table_add(&run->m_touch, shmc_bench_kind_name(k),
            "write", 0, false);
        if (e == NULL)
            return shmc_error_nomem();
        shmc_bench_first_touch(k, false, &run->m_params, &e->m_result);
    }
    for (i = 0; i < 2; i++) {
        e = shmc_bench_table_add(&run->m_touch,
            shmc_bench_kind_name(huge_kinds[i]), "write", 0, true);
        if (e == NULL)
            return shmc_error_nomem();
        shmc_bench_first_touch(huge_kinds[i], true, &run->m_params,
            &e->m_result);
    }
    for (i = 0; i < 2; i++) {
        e = shmc_bench_table_add(&run->m_touch,
            shmc_bench_kind_name(thp_kinds[i]), "madvise_hugepage", 0, true);
        if (e == NULL)
            return shmc_error_nomem();
        shmc_bench_first_touch_transparent(thp_kinds[i], &run->m_params,
            &e->m_result);
    }
    return shmc_no_error();
}

static shmc_error_t
measure_sync(shmc_bench_run_t *run)
{
    static const shmc_bench_kind_t kinds[] = {
        SHMC_BENCH_SHM_DIR_FILE, SHMC_BENCH_VAR_TMP_FILE,
    };
    shmc_bench_entry_t *e;
    size_t i;
    int f;

    for (i = 0; i < 2; i++)
        for (f = 0; f < 2; f++) {
            e = shmc_bench_table_add(&run->m_sync,
                shmc_bench_kind_name(kinds[i]), f ? "fsync" : "msync", 0,
                false);
            if (e == NULL)
                return shmc_error_nomem();
            shmc_bench_sync(kinds[i], f != 0, &run->m_params, &e->m_result);
        }
    return shmc_no_error();
}

/* Renders in memory first, so that a failure never leaves half a document
 * on standard output. */
static int
render(const shmc_bench_run_t *run, bool json)
{
    shmc_json_t *doc = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem;
    int rc;

    mem = open_memstream(&buf, &len);
    if (mem == NULL) {
        fprintf(stderr, PROGNAME ": %s\n", strerror(errno));
        return EXIT_BENCH_ERROR;
    }
    if (json) {
        doc = shmc_bench_run_json(run);
        rc = doc == NULL ? -1 : shmc_json_write(mem, doc);
        shmc_json_free(doc);
    } else
        rc = shmc_bench_run_text(mem, run);
    if (fclose(mem) != 0 || rc != 0) {
        fprintf(stderr, PROGNAME ": cannot format the figures\n");
        free(buf);
        return EXIT_BENCH_ERROR;
    }
    rc = EXIT_BENCH_OK;
    if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, PROGNAME ": standard output: %s\n", strerror(errno));
        rc = EXIT_BENCH_ERROR;
    }
    free(buf);
    return rc;
}

int
main(int argc, char **argv)
{
    static shmc_error_t (*const sections[4])(shmc_bench_run_t *) = {
        measure_rtt, measure_stream, measure_touch, measure_sync,
    };
    shmc_bench_run_t run;
    bool json = false;
    uint64_t start;
    shmc_error_t err = shmc_no_error();
    int i, rc;

    memset(&run, 0, sizeof(run));
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--text") == 0)
            json = false;
        else if (strcmp(argv[i], "--quick") == 0)
            run.m_quick = true;
        else if (strcmp(argv[i], "--help") == 0 ||
            strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_BENCH_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf(PROGNAME " (" PACKAGE_NAME ") " PACKAGE_VERSION "\n");
            return EXIT_BENCH_OK;
        } else {
            fprintf(stderr, PROGNAME ": unknown option '%s'; try --help\n",
                argv[i]);
            return EXIT_BENCH_USAGE;
        }
    }

    start = shmc_bench_now_ns();
    set_params(&run);
    record_machine(&run);
    locate_places(&run);
    for (i = 0; i < 4 && !shmc_is_error(err); i++) {
        uint64_t t0 = shmc_bench_now_ns();

        err = sections[i](&run);
        run.m_section_s[i] = (double)(shmc_bench_now_ns() - t0) / 1e9;
    }
#if defined(HAVE_GETLOADAVG)
    if (run.m_load_known)
        run.m_load_known = getloadavg(run.m_load_end, 3) == 3;
#endif
    run.m_duration_s = (double)(shmc_bench_now_ns() - start) / 1e9;
    if (shmc_is_error(err)) {
        fprintf(stderr, PROGNAME ": %s\n", shmc_error_message(err));
        shmc_error_free(err);
        rc = EXIT_BENCH_ERROR;
    } else
        rc = render(&run, json);
    shmc_bench_table_fini(&run.m_rtt);
    shmc_bench_table_fini(&run.m_stream);
    shmc_bench_table_fini(&run.m_touch);
    shmc_bench_table_fini(&run.m_sync);
    return rc;
}
