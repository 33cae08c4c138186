/* SPDX-License-Identifier: BSD-2-Clause */

/** One benchmark run: where it ran, what it measured, and its output as
 * JSON (schema SHMC_BENCH_SCHEMA) or text. */

#if !defined(SHMC_BENCH_RUN_H)
#define SHMC_BENCH_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bench/measure.h"
#include "lib/json.h"

#define SHMC_BENCH_SCHEMA "shmcompat.bench/1"

/* One line of a table: a mechanism, a method and what was measured. */
typedef struct {
    const char *m_mechanism;    /* "posix_shm", "pipe", "memcpy", ... */
    const char *m_method;       /* "semaphore", "ring", "msync", ... */
    size_t m_size;              /* Streaming: the message size. */
    bool m_huge;                /* First touch: huge pages. */
    shmc_bench_result_t m_result;
} shmc_bench_entry_t;

typedef struct {
    shmc_bench_entry_t *m_entries;
    size_t m_count;
    size_t m_alloc;
} shmc_bench_table_t;

typedef struct {
    bool m_quick;
    shmc_bench_params_t m_params;
    unsigned int m_budget_s;    /* The bound the run is designed to keep. */
    double m_duration_s;        /* What it took. */
    double m_section_s[4];      /* Round trip, bandwidth, touch, sync. */
    long m_cpus_online;
    int m_affinity[256];        /* CPUs this process may run on. */
    int m_affinity_count;       /* -1 when the system cannot say. */
    bool m_load_known;
    double m_load_start[3], m_load_end[3];
    long m_page_size;
    char m_shm_dir[1024];       /* Empty when shm objects have no file. */
    char m_shm_dir_fstype[64];
    char m_var_tmp_fstype[64];
    const size_t *m_sizes;
    size_t m_nsizes;
    shmc_bench_table_t m_rtt, m_stream, m_touch, m_sync;
} shmc_bench_run_t;

/** Appends an entry to table and returns it, or NULL without memory. */
shmc_bench_entry_t *shmc_bench_table_add(shmc_bench_table_t *table,
    const char *mechanism, const char *method, size_t size, bool huge);

void shmc_bench_table_fini(shmc_bench_table_t *table);

/** The run as a JSON document; NULL without memory. */
shmc_json_t *shmc_bench_run_json(const shmc_bench_run_t *run);

/** The run as tables for people; -1 on a write error. */
int shmc_bench_run_text(FILE *out, const shmc_bench_run_t *run);

#endif /* !defined(SHMC_BENCH_RUN_H) */
