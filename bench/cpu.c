/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "bench/cpu.h"

#include <errno.h>
#if defined(HAVE_SCHED_GETAFFINITY) && defined(HAVE_SCHED_SETAFFINITY)
#   include <sched.h>
#   define CAN_PIN 1
#endif
#include <string.h>

#if defined(CAN_PIN)
/* The CPUs this process could run on before it pinned itself: the
 * benchmark runs one measurement at a time, in one thread. */
static cpu_set_t saved;

static shmc_error_t
pin(int cpu)
{
    cpu_set_t one;

    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof(one), &one) == -1)
        return shmc_error_libc(errno, "sched_setaffinity(CPU %d)", cpu);
    return shmc_no_error();
}
#endif

void
shmc_bench_cpus_apart(shmc_bench_cpus_t *cpus)
{
    memset(cpus, 0, sizeof(*cpus));
    cpus->m_cpu[0] = cpus->m_cpu[1] = -1;
#if defined(CAN_PIN)
    {
        int cpu, found = 0;
        shmc_error_t err;

        CPU_ZERO(&saved);
        if (sched_getaffinity(0, sizeof(saved), &saved) == -1)
            return;
        for (cpu = 0; cpu < CPU_SETSIZE && found < 2; cpu++)
            if (CPU_ISSET(cpu, &saved))
                cpus->m_cpu[found++] = cpu;
        if (found < 2)
            return;
        err = pin(cpus->m_cpu[0]);
        if (shmc_is_error(err)) {
            /* Unpinned, as where the system has no way to pin. */
            shmc_error_free(err);
            return;
        }
        cpus->m_pinned = true;
    }
#endif
}

shmc_error_t
shmc_bench_cpus_child(const shmc_bench_cpus_t *cpus)
{
    if (!cpus->m_pinned)
        return shmc_no_error();
#if defined(CAN_PIN)
    return pin(cpus->m_cpu[1]);
#else
    return shmc_no_error();
#endif
}

void
shmc_bench_cpus_restore(const shmc_bench_cpus_t *cpus)
{
    if (!cpus->m_pinned)
        return;
#if defined(CAN_PIN)
    (void)sched_setaffinity(0, sizeof(saved), &saved);
#endif
}
