/* SPDX-License-Identifier: BSD-2-Clause */

/** The shared regions the benchmark measures, one per mechanism.
 *
 * Each region is created exclusively under a fresh name, mapped shared,
 * and its name removed at once (shm_unlink, IPC_RMID, unlink): the
 * mapping and the children forked afterwards keep it alive, and a run
 * that is killed leaves nothing behind in the shm directory, /var/tmp or
 * the System V table. */

#if !defined(SHMC_BENCH_REGION_H)
#define SHMC_BENCH_REGION_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

typedef enum {
    SHMC_BENCH_POSIX_SHM,       /* shm_open(3). */
    SHMC_BENCH_SYSV_SHM,        /* shmget(2) and shmat(2). */
    SHMC_BENCH_MEMFD,           /* memfd_create(2). */
    SHMC_BENCH_ANONYMOUS,       /* mmap(MAP_SHARED|MAP_ANONYMOUS). */
    SHMC_BENCH_SHM_DIR_FILE,    /* A file in the shm directory's tmpfs. */
    SHMC_BENCH_VAR_TMP_FILE,    /* A file on /var/tmp's filesystem. */
    SHMC_BENCH_PRIVATE,         /* mmap(MAP_PRIVATE|MAP_ANONYMOUS): a
                                 * baseline for first touch only. */
    SHMC_BENCH_NKINDS
} shmc_bench_kind_t;

/* The number of kinds that are shared between processes. */
#define SHMC_BENCH_NSHARED SHMC_BENCH_PRIVATE

typedef struct {
    shmc_bench_kind_t m_kind;
    bool m_huge;
    void *m_addr;
    size_t m_size;              /* Mapped length. */
    size_t m_page_size;         /* The page size of the mapping. */
    int m_fd;                   /* -1 when the region has no descriptor. */
} shmc_bench_region_t;

/** Where the file kinds create their files: the shm directory (NULL when
 * this system has none) and /var/tmp. */
void shmc_bench_region_dirs(const char *shm_dir, const char *var_tmp);

/** The mechanism's key in the output ("posix_shm", "memfd", ...). */
const char *shmc_bench_kind_name(shmc_bench_kind_t kind);

/** Why kind cannot be measured here, from what configure and the probe
 * found; NULL when it can be tried. */
const char *shmc_bench_kind_unavailable(shmc_bench_kind_t kind, bool huge);

/** Creates a region of at least size bytes of kind, with huge pages when
 * huge is true.  The error names the call that failed and its errno. */
shmc_error_t shmc_bench_region_create(shmc_bench_kind_t kind, size_t size,
    bool huge, shmc_bench_region_t *region);

/** Unmaps the region and closes its descriptor. */
void shmc_bench_region_destroy(shmc_bench_region_t *region);

#endif /* !defined(SHMC_BENCH_REGION_H) */
