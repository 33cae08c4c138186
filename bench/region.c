/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "bench/region.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#if defined(HAVE_SYS_SHM_H)
#   include <sys/ipc.h>
#   include <sys/shm.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/errname.h"
#include "lib/name.h"

#if !defined(MAP_ANONYMOUS) && defined(MAP_ANON)
#   define MAP_ANONYMOUS MAP_ANON
#endif
#if !defined(O_NOFOLLOW)
#   define O_NOFOLLOW 0
#endif

static const char *shm_dir_path;
static const char *var_tmp_path;

static const char *const kind_names[SHMC_BENCH_NKINDS] = {
    "posix_shm", "sysv_shm", "memfd", "anonymous", "shm_dir_file",
    "var_tmp_file", "private_anonymous",
};

void
shmc_bench_region_dirs(const char *shm_dir, const char *var_tmp)
{
    shm_dir_path = shm_dir;
    var_tmp_path = var_tmp;
}

const char *
shmc_bench_kind_name(shmc_bench_kind_t kind)
{
    return kind_names[kind];
}

const char *
shmc_bench_kind_unavailable(shmc_bench_kind_t kind, bool huge)
{
    switch (kind) {
    case SHMC_BENCH_POSIX_SHM:
#if !defined(HAVE_SHM_OPEN)
        return "configure found no shm_open";
#else
        return huge ? "shm_open has no huge-page flag" : NULL;
#endif
    case SHMC_BENCH_SYSV_SHM:
#if !defined(HAVE_SHMGET)
        return "configure found no shmget";
#else
        return huge ? "huge pages are measured through memfd and "
            "anonymous mappings" : NULL;
#endif
    case SHMC_BENCH_MEMFD:
#if !defined(HAVE_MEMFD_CREATE)
        return "configure found no memfd_create";
#elif !HAVE_DECL_MFD_HUGETLB
        return huge ? "configure found no MFD_HUGETLB" : NULL;
#else
        return NULL;
#endif
    case SHMC_BENCH_ANONYMOUS:
    case SHMC_BENCH_PRIVATE:
#if !HAVE_DECL_MAP_ANONYMOUS && !HAVE_DECL_MAP_ANON
        return "configure found neither MAP_ANONYMOUS nor MAP_ANON";
#elif !HAVE_DECL_MAP_HUGETLB
        return huge ? "configure found no MAP_HUGETLB" : NULL;
#else
        return NULL;
#endif
    case SHMC_BENCH_SHM_DIR_FILE:
        if (huge)
            return "a file on tmpfs has no huge-page flag";
        return shm_dir_path == NULL ?
            "shm_open objects have no directory here (the probe found "
            "no file for its object)" : NULL;
    case SHMC_BENCH_VAR_TMP_FILE:
        if (huge)
            return "a file on /var/tmp has no huge-page flag";
        return var_tmp_path == NULL ? "/var/tmp is not a directory" : NULL;
    case SHMC_BENCH_NKINDS:
        break;
    }
    return "unknown mechanism";
}

static size_t
round_up(size_t n, size_t unit)
{
    return (n + unit - 1) / unit * unit;
}

static shmc_error_t
map_fd(shmc_bench_region_t *r, const char *what)
{
    void *p;

    if (ftruncate(r->m_fd, (off_t)r->m_size) == -1)
        return shmc_error_libc(errno, "ftruncate(%s, %zu)", what, r->m_size);
    p = mmap(NULL, r->m_size, PROT_READ | PROT_WRITE, MAP_SHARED, r->m_fd, 0);
    if (p == MAP_FAILED)
        return shmc_error_libc(errno, "mmap(%s, %zu, MAP_SHARED)", what,
            r->m_size);
    r->m_addr = p;
    return shmc_no_error();
}

static shmc_error_t
create_file(const char *dir, shmc_bench_region_t *r)
{
    char name[SHMC_NAME_MAX], path[1100];
    shmc_error_t err;

    err = shmc_name_unique(name, sizeof(name));
    if (shmc_is_error(err))
        return err;
    (void)snprintf(path, sizeof(path), "%s%s", dir, name);
    r->m_fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
        0600);
    if (r->m_fd == -1)
        return shmc_error_libc(errno, "open(%s, O_CREAT|O_EXCL)", path);
    /* Ours alone (created exclusively just now): its name can go at once. */
    err = map_fd(r, path);
    if (unlink(path) == -1 && !shmc_is_error(err))
        err = shmc_error_libc(errno, "unlink(%s)", path);
    return err;
}

#if defined(HAVE_SHM_OPEN)
static shmc_error_t
create_posix(shmc_bench_region_t *r)
{
    char name[SHMC_NAME_MAX];
    shmc_error_t err;

    err = shmc_name_unique(name, sizeof(name));
    if (shmc_is_error(err))
        return err;
    r->m_fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (r->m_fd == -1)
        return shmc_error_libc(errno, "shm_open(%s, O_CREAT|O_EXCL)", name);
    err = map_fd(r, name);
    if (shm_unlink(name) == -1 && !shmc_is_error(err))
        err = shmc_error_libc(errno, "shm_unlink(%s)", name);
    return err;
}
#endif

#if defined(HAVE_SHMGET)
static shmc_error_t
create_sysv(shmc_bench_region_t *r)
{
    int id;
    void *p;

    id = shmget(IPC_PRIVATE, r->m_size, IPC_CREAT | IPC_EXCL | 0600);
    if (id == -1)
        return shmc_error_libc(errno, "shmget(IPC_PRIVATE, %zu)", r->m_size);
    p = shmat(id, NULL, 0);
    /* The attachment (inherited by fork) keeps the segment until the last
     * detach; marking it removed now means no crash can leak it. */
    (void)shmctl(id, IPC_RMID, NULL);
    if (p == (void *)-1)
        return shmc_error_libc(errno, "shmat(%d)", id);
    r->m_addr = p;
    return shmc_no_error();
}
#endif

#if defined(HAVE_MEMFD_CREATE)
static shmc_error_t
create_memfd(shmc_bench_region_t *r)
{
    unsigned int flags = MFD_CLOEXEC;
    struct stat sb;

#if HAVE_DECL_MFD_HUGETLB
    if (r->m_huge)
        flags |= MFD_HUGETLB;
#endif
    r->m_fd = memfd_create("shmc-bench", flags);
    if (r->m_fd == -1)
        return shmc_error_libc(errno, "memfd_create(%s)",
            r->m_huge ? "MFD_HUGETLB" : "MFD_CLOEXEC");
    if (r->m_huge) {
        /* hugetlbfs reports its page size as the block size. */
        if (fstat(r->m_fd, &sb) == -1)
            return shmc_error_libc(errno, "fstat(memfd)");
        r->m_page_size = (size_t)sb.st_blksize;
        r->m_size = round_up(r->m_size, r->m_page_size);
    }
    return map_fd(r, "memfd");
}
#endif

#if HAVE_DECL_MAP_HUGETLB
/* The default huge page size: the block size of a hugetlbfs memfd, which
 * needs no huge page to exist yet.  0 when it cannot be measured. */
static size_t
huge_page_size(void)
{
#if defined(HAVE_MEMFD_CREATE) && HAVE_DECL_MFD_HUGETLB
    struct stat sb;
    int fd;
    size_t size = 0;

    fd = memfd_create("shmc-bench", MFD_CLOEXEC | MFD_HUGETLB);
    if (fd == -1)
        return 0;
    if (fstat(fd, &sb) == 0 && sb.st_blksize > 0)
        size = (size_t)sb.st_blksize;
    (void)close(fd);
    return size;
#else
    return 0;
#endif
}
#endif

static shmc_error_t
create_anonymous(shmc_bench_region_t *r, int share)
{
#if HAVE_DECL_MAP_ANONYMOUS || HAVE_DECL_MAP_ANON
    int flags = share | MAP_ANONYMOUS;
    void *p;

#if HAVE_DECL_MAP_HUGETLB
    if (r->m_huge) {
        flags |= MAP_HUGETLB;
        r->m_page_size = huge_page_size();
        if (r->m_page_size == 0)
            return shmc_error_new("the huge page size is unknown (no "
                "MFD_HUGETLB memfd to measure it)");
        r->m_size = round_up(r->m_size, r->m_page_size);
    }
#endif
    p = mmap(NULL, r->m_size, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (p == MAP_FAILED)
        return shmc_error_libc(errno, "mmap(%s|MAP_ANONYMOUS%s, %zu)",
            share == MAP_SHARED ? "MAP_SHARED" : "MAP_PRIVATE",
            r->m_huge ? "|MAP_HUGETLB" : "", r->m_size);
    r->m_addr = p;
    return shmc_no_error();
#else
    (void)r;
    (void)share;
    return shmc_error_new("no anonymous mappings");
#endif
}

shmc_error_t
shmc_bench_region_create(shmc_bench_kind_t kind, size_t size, bool huge,
    shmc_bench_region_t *r)
{
    const char *why = shmc_bench_kind_unavailable(kind, huge);
    shmc_error_t err;
    long page = sysconf(_SC_PAGESIZE);

    memset(r, 0, sizeof(*r));
    r->m_kind = kind;
    r->m_huge = huge;
    r->m_fd = -1;
    r->m_page_size = page > 0 ? (size_t)page : 4096;
    r->m_size = round_up(size, r->m_page_size);
    if (why != NULL)
        return shmc_error_new("%s", why);
    switch (kind) {
#if defined(HAVE_SHM_OPEN)
    case SHMC_BENCH_POSIX_SHM:
        err = create_posix(r);
        break;
#endif
#if defined(HAVE_SHMGET)
    case SHMC_BENCH_SYSV_SHM:
        err = create_sysv(r);
        break;
#endif
#if defined(HAVE_MEMFD_CREATE)
    case SHMC_BENCH_MEMFD:
        err = create_memfd(r);
        break;
#endif
    case SHMC_BENCH_ANONYMOUS:
        err = create_anonymous(r, MAP_SHARED);
        break;
    case SHMC_BENCH_PRIVATE:
        err = create_anonymous(r, MAP_PRIVATE);
        break;
    case SHMC_BENCH_SHM_DIR_FILE:
        err = create_file(shm_dir_path, r);
        break;
    case SHMC_BENCH_VAR_TMP_FILE:
        err = create_file(var_tmp_path, r);
        break;
    default:
        err = shmc_error_new("unknown mechanism");
        break;
    }
    if (shmc_is_error(err))
        shmc_bench_region_destroy(r);
    return err;
}

void
shmc_bench_region_destroy(shmc_bench_region_t *r)
{
    if (r->m_addr != NULL) {
#if defined(HAVE_SHMGET)
        if (r->m_kind == SHMC_BENCH_SYSV_SHM)
            (void)shmdt(r->m_addr);
        else
#endif
            (void)munmap(r->m_addr, r->m_size);
    }
    if (r->m_fd != -1)
        (void)close(r->m_fd);
    r->m_addr = NULL;
    r->m_fd = -1;
}
