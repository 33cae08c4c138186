/* SPDX-License-Identifier: BSD-2-Clause */

/** Two processes on two different CPUs, for the cross-CPU figures.
 *
 * Those figures claim two CPUs, but on a busy machine the scheduler may
 * run both processes on one, and the figure would then be that CPU's own
 * cache.  Where the system can pin a process to a CPU (sched_setaffinity),
 * the measuring process pins itself to one CPU it may run on and its child
 * to another; elsewhere both run where the scheduler puts them, and the
 * figures say they were not pinned. */

#if !defined(SHMC_BENCH_CPU_H)
#define SHMC_BENCH_CPU_H

#include <stdbool.h>

#include "lib/error.h"

/* Where the two processes of a cross-CPU figure ran. */
typedef struct {
    bool m_pinned;              /* False: wherever the scheduler put them. */
    int m_cpu[2];               /* This process's CPU, the child's. */
} shmc_bench_cpus_t;

/** Pins this process to the first CPU it may run on and picks the second
 * for the child; leaves everything as it was, with m_pinned false, where
 * the system cannot pin or this process may run on fewer than two CPUs.
 * shmc_bench_cpus_restore undoes it. */
void shmc_bench_cpus_apart(shmc_bench_cpus_t *cpus);

/** In the child: pins it to the CPU picked for it (nothing when
 * unpinned). */
shmc_error_t shmc_bench_cpus_child(const shmc_bench_cpus_t *cpus);

/** Gives this process back the CPUs it could run on before
 * shmc_bench_cpus_apart. */
void shmc_bench_cpus_restore(const shmc_bench_cpus_t *cpus);

#endif /* !defined(SHMC_BENCH_CPU_H) */
