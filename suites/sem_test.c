/* SPDX-License-Identifier: BSD-2-Clause */

/** Semaphores: named ones (lifetime, naming grid, where they live, what
 * else shares their namespace, how many one process may hold) and unnamed
 * process-shared ones placed in each kind of region.  Conformance where
 * XSH sem_* require it, characterization elsewhere. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <atf-c.h>

#include "lib/cleanup.h"
#include "lib/errname.h"
#include "lib/sem.h"
#include "suites/grid.h"
#include "suites/harness.h"
#include "suites/regions.h"

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

/** Records a semaphore this process has just created. */
static void
sem_created(const char *name)
{
    shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_SEM, name, -1),
        "recording a created semaphore");
}

/** Creates a semaphore at name exclusively, and records it; a name
 * someone else holds is left to them and an unpredictable one tried. */
static sem_t *
sem_create_at(char *name, size_t size, unsigned int value)
{
    sem_t *s;
    int tries = 0;

    while ((s = sem_open(name, O_CREAT | O_EXCL, 0600, value)) == SEM_FAILED &&
        shmc_t_retry_taken(name, size, errno, &tries))
        continue;
    /* The libc writes the new semaphore into a file: a full file system
     * refuses it, and then nothing about semaphores can be tried. */
    if (s == SEM_FAILED && errno == ENOSPC)
        shmc_t_require(shmc_error_skip("sem_open(%s, O_CREAT|O_EXCL) failed "
            "with ENOSPC: no room for a new semaphore (its file system is "
            "full?)", name), "creating a semaphore");
    ATF_REQUIRE_MSG(s != SEM_FAILED, "sem_open(%s, O_CREAT|O_EXCL): %s",
        name, strerror(errno));
    sem_created(name);
    return s;
}

/** Names and creates a fresh semaphore, as sem_create_at. */
static sem_t *
sem_new(char *name, size_t size, unsigned int value)
{
    shmc_t_name(name, size);
    return sem_create_at(name, size, value);
}

static int
value_of(sem_t *s)
{
    int v;

    shmc_t_require(shmc_sem_value(s, &v), "reading the semaphore's value");
    return v;
}

#if defined(HAVE_WORKING_SEM_INIT)
/** Skips when sem_init failed with errnum because the system has no
 * unnamed semaphores (a build that could not run configure's check). */
static void
skip_if_unimplemented(int errnum)
{
    if (errnum == ENOSYS)
        atf_tc_skip("sem_init failed with ENOSYS: this system does not "
            "implement unnamed semaphores");
}
#else
#   define NO_SEM_INIT "configure ran sem_init, sem_getvalue and " \
    "sem_destroy and they did not work here: no unnamed semaphores"
#endif

static struct timespec
in_ms(long ms)
{
    struct timespec ts;

    ATF_REQUIRE(clock_gettime(CLOCK_REALTIME, &ts) == 0);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

/* ---------------------------------------------------------------------
 * Named semaphores.
 * --------------------------------------------------------------------- */

SHMC_TC(sem_open__create_and_reopen, "XSH sem_open (the initial value; one "
    "semaphore per name; the same address for a second open in a "
    "process) and XSH sem_close: a created semaphore has its initial "
    "value; opening the name again reaches the same semaphore; each open "
    "closes")
{
    char name[SHMC_NAME_MAX];
    sem_t *a, *b;

    a = sem_new(name, sizeof(name), 3);
    ATF_CHECK_EQ_MSG(value_of(a), 3, "XSH sem_open: the initial value");
    b = sem_open(name, 0);
    ATF_REQUIRE_MSG(b != SEM_FAILED, "reopen: %s", strerror(errno));
    ATF_REQUIRE(sem_post(b) == 0);
    ATF_CHECK_EQ_MSG(value_of(a), 4, "XSH sem_open: two opens of a name "
        "are one semaphore");
    ATF_CHECK_MSG(a == b, "XSH sem_open: a second successful sem_open of "
        "the name in one process shall return the same address (%p, then "
        "%p)", (void *)a, (void *)b);
    ATF_CHECK_MSG(sem_close(b) == 0, "XSH sem_close: closing a semaphore "
        "this process has open failed: %s", shmc_t_errstr(errno));
    ATF_CHECK_MSG(sem_close(a) == 0, "XSH sem_close: closing the first "
        "open of the semaphore failed: %s", shmc_t_errstr(errno));
}

SHMC_TC(sem_open__errors, "XSH sem_open [EEXIST], [ENOENT] and XSH "
    "sem_unlink [ENOENT]: EEXIST for O_CREAT|O_EXCL on an existing name, "
    "ENOENT for a missing one")
{
    char name[SHMC_NAME_MAX], missing[SHMC_NAME_MAX];
    sem_t *s, *t;
    int rc;

    s = sem_new(name, sizeof(name), 0);
    t = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    ATF_CHECK_MSG(t == SEM_FAILED && errno == EEXIST, "XSH sem_open "
        "[EEXIST]: got %s", t == SEM_FAILED ? shmc_t_errstr(errno) : "ok");
    shmc_t_missing_name(missing, sizeof(missing));
    t = sem_open(missing, 0);
    ATF_CHECK_MSG(t == SEM_FAILED && errno == ENOENT, "XSH sem_open "
        "[ENOENT]: got %s", t == SEM_FAILED ? shmc_t_errstr(errno) : "ok");
    rc = sem_unlink(missing);
    ATF_CHECK_MSG(rc == -1 && errno == ENOENT, "XSH sem_unlink [ENOENT]: "
        "got %s", rc == 0 ? "success" : shmc_t_errstr(errno));
    (void)sem_close(s);
}

SHMC_TC(sem_open__survives_creator_exit,
    "XSH sem_close (without sem_unlink, closing has no effect on the "
    "semaphore's state): a named semaphore outlives the process that made "
    "it, with its value, until sem_unlink")
{
    char name[SHMC_NAME_MAX], out[128];
    const char *create[] = { "sem-create", name, "5", NULL };
    const char *value[] = { "sem-value", name, NULL };
    sem_t *s;
    int tries = 0;

    shmc_t_require(shmc_name_unique(name, sizeof(name)), "naming");
    /* A name someone else holds is theirs: the peer's exclusive create
     * fails and another name is tried. */
    do {
        ATF_REQUIRE_MSG(shmc_t_peer_run(tc, create, out, sizeof(out)), "%s",
            out);
    } while (strcmp(out, "error EEXIST") == 0 &&
        shmc_t_retry_taken(name, sizeof(name), EEXIST, &tries));
    ATF_REQUIRE_STREQ_MSG(out, "ok", "the creating peer: %s", out);
    s = sem_open(name, 0);
    ATF_REQUIRE_MSG(s != SEM_FAILED, "the semaphore did not outlive its "
        "creator: %s", strerror(errno));
    ATF_CHECK_EQ(value_of(s), 5);
    ATF_REQUIRE(sem_post(s) == 0);
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, value, out, sizeof(out)), "%s", out);
    ATF_CHECK_STREQ_MSG(out, "ok 6", "a second peer saw '%s'", out);
    (void)sem_close(s);
}

SHMC_TC(sem_unlink__name_goes_semaphore_stays,
    "XSH sem_unlink (the name is removed at "
    "once; the semaphore lives while referenced): After sem_unlink the "
    "name is gone while open references keep working; sem_close then "
    "sem_open keeps the value of a live name")
{
    char name[SHMC_NAME_MAX];
    sem_t *s, *t;

    s = sem_new(name, sizeof(name), 2);
    ATF_REQUIRE(sem_close(s) == 0);
    s = sem_open(name, 0);
    ATF_REQUIRE(s != SEM_FAILED);
    ATF_CHECK_EQ_MSG(value_of(s), 2, "XSH sem_close: the value survives a "
        "close while the name exists");
    ATF_REQUIRE(sem_unlink(name) == 0);
    t = sem_open(name, 0);
    ATF_CHECK_MSG(t == SEM_FAILED && errno == ENOENT, "XSH sem_unlink: the "
        "name shall be removed at once");
    ATF_CHECK_EQ_MSG(sem_wait(s), 0, "XSH sem_unlink: open references keep "
        "working");
    ATF_CHECK_EQ(value_of(s), 1);
    (void)sem_close(s);
}

SHMC_TC(sem_wait__trywait_and_timeouts, "XSH sem_trywait [EAGAIN], XSH "
    "sem_timedwait [ETIMEDOUT] and [EINVAL]: sem_trywait on 0 gives "
    "EAGAIN; sem_timedwait gives ETIMEDOUT at its deadline and EINVAL "
    "for a bad tv_nsec")
{
    char name[SHMC_NAME_MAX];
    struct timespec ts;
    sem_t *s;

    s = sem_new(name, sizeof(name), 0);
    ATF_CHECK_MSG(sem_trywait(s) == -1 && errno == EAGAIN, "XSH sem_trywait "
        "[EAGAIN]: got %s", shmc_t_errstr(errno));
#if defined(HAVE_SEM_TIMEDWAIT)
    ts = in_ms(50);
    ATF_CHECK_MSG(sem_timedwait(s, &ts) == -1 && errno == ETIMEDOUT,
        "XSH sem_timedwait [ETIMEDOUT]: got %s", shmc_t_errstr(errno));
    ts = in_ms(50);
    ts.tv_nsec = 1000000000L;
    ATF_CHECK_MSG(sem_timedwait(s, &ts) == -1 && errno == EINVAL,
        "XSH sem_timedwait [EINVAL] (tv_nsec out of range): got %s",
        shmc_t_errstr(errno));
    /* On an available semaphore the bad timeout need not be looked at:
     * XSH sem_timedwait says the validity "need not be checked" then. */
    ATF_REQUIRE(sem_post(s) == 0);
    ts = in_ms(50);
    ts.tv_nsec = -1;
    shmc_t_obs_errno("sem.timedwait_available_bad_nsec",
        sem_timedwait(s, &ts) == -1 ? errno : 0);
    while (sem_trywait(s) == 0)
        continue;
#endif
    ATF_REQUIRE(sem_post(s) == 0);
    ATF_CHECK_EQ_MSG(sem_trywait(s), 0, "XSH sem_trywait: a semaphore of "
        "value 1 shall be taken");
    (void)sem_close(s);
#if !defined(HAVE_SEM_TIMEDWAIT)
    (void)ts;
    (void)in_ms;
    atf_tc_skip("sem_timedwait is not in this C library: only sem_trywait "
        "was checked");
#endif
}

SHMC_TC(sem_init__unnamed, "XSH sem_init (the value is initialized to "
    "value) and XSH sem_wait: sem_init makes an unnamed semaphore with its "
    "initial value, which sem_wait decrements; sem_destroy ends it")
{
#if defined(HAVE_WORKING_SEM_INIT)
    sem_t s;

    if (sem_init(&s, 0, 2) == -1) {
        skip_if_unimplemented(errno);
        atf_tc_fail("sem_init: %s", strerror(errno));
    }
    ATF_CHECK_EQ(value_of(&s), 2);
    ATF_CHECK_EQ(sem_wait(&s), 0);
    ATF_CHECK_EQ(value_of(&s), 1);
    ATF_CHECK_EQ_MSG(sem_destroy(&s), 0, "sem_destroy: %s", strerror(errno));
#else
    atf_tc_skip(NO_SEM_INIT);
#endif
}

/* ---------------------------------------------------------------------
 * The naming grid, as for shm objects.
 * --------------------------------------------------------------------- */

typedef shmc_grid_row_t row_t;

static void
try_row(const row_t *row)
{
    char key[128], *name;
    sem_t *s;
    int create_errno, unlink_errno = -1;

    name = shmc_t_grid_name(row->m_fixed, row->m_prefix, row->m_suffix,
        row->m_length);
    s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    create_errno = s == SEM_FAILED ? errno : 0;
    if (s != SEM_FAILED) {
        sem_created(name);
        (void)sem_close(s);
    }
    /* Only this run's semaphore, or a name refused as a name (which then
     * holds nothing), is unlinked: what met EEXIST, or failed for another
     * reason, may be someone else's. */
    if (create_errno == 0 || create_errno == EINVAL ||
        create_errno == ENAMETOOLONG || create_errno == ENOENT)
        unlink_errno = sem_unlink(name) == -1 ? errno : 0;
    (void)snprintf(key, sizeof(key), "sem.name.%s.create", row->m_id);
    shmc_t_obs_errno(key, create_errno);
    (void)snprintf(key, sizeof(key), "sem.name.%s.unlink", row->m_id);
    if (unlink_errno == -1)
        shmc_t_obs_null(key);
    else
        shmc_t_obs_errno(key, unlink_errno);
    free(name);
}

static void
try_rows(const row_t *rows, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        try_row(&rows[i]);
}

SHMC_GRID_CASE(sem_name__slash_forms,
    "sem_open and sem_unlink of names with no, one, two, interior and "
    "trailing slashes",
    try_rows,
    SHMC_GRID_SLASH_FORMS)

SHMC_GRID_CASE(sem_name__degenerate,
    "sem_open and sem_unlink of \"/\", \"\", \"/.\" and \"/..\"",
    try_rows,
    SHMC_GRID_ROOT_AND_EMPTY,
    SHMC_GRID_SLASH_DOTS)

SHMC_GRID_CASE(sem_name__lengths,
    "Names of 14 to 32 and 250 to 256 bytes, leading slash included",
    try_rows,
    SHMC_GRID_SHORT_LENGTHS,
    SHMC_GRID_LENGTHS_250_TO_256)

static bool
length_accepted(long total)
{
    char *name;
    sem_t *s;

    name = shmc_t_grid_name(NULL, "/", "", total);
    s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    if (s != SEM_FAILED) {
        sem_created(name);
        (void)sem_close(s);
        (void)sem_unlink(name);
    }
    free(name);
    return s != SEM_FAILED;
}

SHMC_TC(sem_name__max_length, "The longest semaphore name accepted, "
    "leading slash included, by bisection")
{
    long lo = 1 + SHMC_T_CORE_LEN, hi = 2 * shmc_t_path_max() + 1, mid;

    if (!length_accepted(lo) || length_accepted(hi)) {
        shmc_t_obs_null("sem.name.max_length");
        return;
    }
    while (hi - lo > 1) {
        mid = lo + (hi - lo) / 2;
        if (length_accepted(mid))
            lo = mid;
        else
            hi = mid;
    }
    shmc_t_obs_int("sem.name.max_length", lo);
}

/* ---------------------------------------------------------------------
 * Where named semaphores live, and their neighbours.
 * --------------------------------------------------------------------- */

/** How a directory entry relates to name: "prefixed" (e.g. "sem.NAME"),
 * "stripped" (NAME), NULL when no entry holds the name. */
static const char *
entry_for(const char *dir, const char *name)
{
    const char *bare = name + strspn(name, "/"), *found = NULL;
    struct dirent *de;
    size_t len;
    DIR *d;

    d = opendir(dir);
    if (d == NULL)
        return NULL;
    len = strlen(bare);
    while (found == NULL && (de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);

        if (strcmp(de->d_name, bare) == 0)
            found = "stripped";
        else if (n > len && strcmp(de->d_name + n - len, bare) == 0)
            found = "prefixed";
    }
    closedir(d);
    return found;
}

SHMC_TC(sem_open__where_it_lives, "Whether a named semaphore appears as a "
    "file in the shm directory, and under which name")
{
    char name[SHMC_NAME_MAX], dir[PATH_MAX];
    const char *entry;
    sem_t *s;

    s = sem_new(name, sizeof(name), 0);
    entry = shmc_t_shm_dir(dir, sizeof(dir)) ? entry_for(dir, name) : NULL;
    if (entry == NULL)
        shmc_t_obs_null("sem.file_in_shm_dir");
    else
        shmc_t_obs_str("sem.file_in_shm_dir", entry);
    (void)sem_close(s);
}

/* In a child, since a semaphore that is really a shm object's file may
 * fault: sem_open of the name without O_CREAT, then sem_post. */
static int
sem_on_shm_child(void *arg, int fd)
{
    char out[64];
    sem_t *s;

    shmc_proc_expect_signal();
    s = sem_open(arg, 0);
    if (s == SEM_FAILED) {
        (void)snprintf(out, sizeof(out), "%s null", shmc_t_errstr(errno));
        (void)shmc_proc_send(fd, out);
        return 0;
    }
    (void)snprintf(out, sizeof(out), "ok %s", sem_post(s) == -1 ?
        shmc_t_errstr(errno) : "ok");
    (void)shmc_proc_send(fd, out);
    return 0;
}

SHMC_TC(sem_open__same_name_as_shm_object, "Whether a semaphore and a shm "
    "object may share a name, in either order (musl keeps both in one "
    "place), and what sem_open without O_CREAT, sem_post and sem_unlink do "
    "to a shm object of the name, and shm_open and shm_unlink to a "
    "semaphore's")
{
    char name[SHMC_NAME_MAX], post[64], open_out[64];
    shmc_proc_result_t r;
    unsigned char *p;
    sem_t *s, *t;
    int fd, fd2, sig;

    /* Each object is reached through the other API, which may find or
     * remove whatever holds the name there: names nobody can predict, so
     * that nothing there is anyone else's. */
    shmc_t_missing_name(name, sizeof(name));
    fd = shmc_t_shm_create(name, O_RDWR, 0600);
    shmc_t_ftruncate(fd, (off_t)shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    shmc_t_require(shmc_t_back(p, shmc_t_page()), "first write");
    s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    shmc_t_obs_errno("sem.create_beside_shm_object",
        s == SEM_FAILED ? errno : 0);
    if (s != SEM_FAILED) {
        /* A semaphore of its own (it lives elsewhere): gone again, so that
         * what follows meets the shm object alone. */
        sem_created(name);
        (void)sem_close(s);
        ATF_REQUIRE(sem_unlink(name) == 0);
    }
    /* The shm object's name, opened and posted as a semaphore. */
    shmc_t_require(shmc_proc_fork(sem_on_shm_child, name,
        SHMC_PROC_TIMEOUT_MS, &r), "forking");
    sig = shmc_proc_signal(&r);
    open_out[0] = post[0] = '\0';
    if (sig == 0 && sscanf(r.m_output, "%63s %63s", open_out, post) == 2) {
        shmc_t_obs_str("sem.open_shm_object_name", open_out);
        if (strcmp(post, "null") == 0)
            shmc_t_obs_null("sem.post_on_shm_object_name");
        else
            shmc_t_obs_str("sem.post_on_shm_object_name", post);
    } else {
        shmc_t_obs_str("sem.open_shm_object_name", sig != 0 ?
            shmc_signame(sig) : "none");
        shmc_t_obs_null("sem.post_on_shm_object_name");
    }
    shmc_proc_result_fini(&r);
    shmc_t_obs_bool("sem.post_changed_shm_object", p[0] != 0 ||
        memcmp(p, p + 1, shmc_t_page() - 1) != 0);
    (void)munmap(p, shmc_t_page());
    shmc_t_obs_errno("sem.unlink_shm_object_name",
        sem_unlink(name) == -1 ? errno : 0);
    fd2 = shm_open(name, O_RDONLY, 0);
    shmc_t_obs_bool("sem.shm_object_survives_sem_unlink", fd2 != -1);
    if (fd2 != -1)
        (void)close(fd2);
    (void)close(fd);

    /* The reverse: a semaphore's name through shm_open and shm_unlink. */
    shmc_t_missing_name(name, sizeof(name));
    s = sem_create_at(name, sizeof(name), 0);
    fd = shm_open(name, O_RDWR, 0);
    shmc_t_obs_errno("sem.shm_open_semaphore_name", fd == -1 ? errno : 0);
    if (fd != -1)
        (void)close(fd);
    shmc_t_obs_errno("sem.shm_unlink_semaphore_name",
        shm_unlink(name) == -1 ? errno : 0);
    t = sem_open(name, 0);
    shmc_t_obs_bool("sem.semaphore_survives_shm_unlink", t != SEM_FAILED);
    if (t != SEM_FAILED)
        (void)sem_close(t);
    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    shmc_t_obs_errno("sem.shm_object_beside_semaphore",
        fd == -1 ? errno : 0);
    if (fd != -1) {
        shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_SHM, name, fd),
            "recording a created object");
        (void)close(fd);
    }
    (void)sem_close(s);
}

SHMC_TC_NEEDS(sem_unlink__other_user__eacces, "XSH sem_unlink [EACCES] "
    "(permission is denied to unlink the named semaphore): whether another "
    "user is denied depends on where semaphores live and is recorded; a "
    "denial must be EACCES and leave the semaphore (LTP sem_unlink 3-1); "
    "sem_open and sem_close of a 0666 semaphore by that user are recorded",
    .m_root = true)
{
    const char *unlink_args[] = { "-u", "65534", "-g", "65534", "sem-unlink",
        NULL, NULL };
    const char *close_args[] = { "-u", "65534", "-g", "65534",
        "sem-open-close", NULL, NULL };
    char name[SHMC_NAME_MAX], out[256];
    mode_t old;
    sem_t *s, *t;
    bool denied;

    shmc_t_name(name, sizeof(name));
    old = umask(0);
    s = sem_open(name, O_CREAT | O_EXCL, 0666, 0);
    (void)umask(old);
    ATF_REQUIRE_MSG(s != SEM_FAILED, "sem_open: %s", strerror(errno));
    sem_created(name);
    close_args[5] = name;
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, close_args, out, sizeof(out)), "%s",
        out);
    shmc_t_obs_str("sem.other_user.open_close", strncmp(out, "error ", 6) ==
        0 ? out + 6 : out);
    unlink_args[5] = name;
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, unlink_args, out, sizeof(out)), "%s",
        out);
    denied = strcmp(out, "ok") != 0;
    shmc_t_obs_str("sem.other_user.unlink", denied && strncmp(out, "error ",
        6) == 0 ? out + 6 : out);
    t = sem_open(name, 0);
    if (denied) {
        ATF_CHECK_STREQ_MSG(out, "error EACCES", "XSH sem_unlink [EACCES]: "
            "nobody was denied unlinking root's semaphore with '%s'", out);
        ATF_CHECK_MSG(t != SEM_FAILED, "XSH sem_unlink: a refused unlink "
            "removed the name");
    } else
        ATF_CHECK_MSG(t == SEM_FAILED && errno == ENOENT, "XSH sem_unlink: "
            "nobody's unlink returned 0 but the name still opens");
    if (t != SEM_FAILED)
        (void)sem_close(t);
    ATF_CHECK_MSG(sem_close(s) == 0, "XSH sem_close: %s",
        shmc_t_errstr(errno));
}

SHMC_TC(sem_open__how_many_open, "How many named semaphores one process "
    "can hold open (musl stops at 256; the loop stops at 512), beside what "
    "sysconf(_SC_SEM_NSEMS_MAX) says")
{
    enum { CAP = 512 };
    char name[SHMC_NAME_MAX];
    sem_t *held[CAP];
    int n, tries, err = 0;

    for (n = 0; n < CAP; n++) {
        shmc_t_name(name, sizeof(name));
        /* A name someone else holds is no limit: another is tried. */
        tries = 0;
        while ((held[n] = sem_open(name, O_CREAT | O_EXCL, 0600, 0)) ==
            SEM_FAILED && shmc_t_retry_taken(name, sizeof(name), errno,
            &tries))
            continue;
        if (held[n] == SEM_FAILED) {
            err = errno;
            break;
        }
        sem_created(name);
        /* Only the open reference counts: the name can go at once. */
        (void)sem_unlink(name);
    }
#if defined(_SC_SEM_NSEMS_MAX)
    if (sysconf(_SC_SEM_NSEMS_MAX) > 0)
        shmc_t_obs_int("sem.sysconf_nsems_max", sysconf(_SC_SEM_NSEMS_MAX));
    else
        shmc_t_obs_null_why("sem.sysconf_nsems_max", "sysconf returned -1: "
            "no determinate limit");
#else
    shmc_t_obs_null_why("sem.sysconf_nsems_max", "_SC_SEM_NSEMS_MAX is not "
        "defined here");
#endif
    if (n == CAP) {
        shmc_t_obs_null("sem.open_limit");
        shmc_t_obs_null("sem.open_limit_errno");
    } else {
        shmc_t_obs_int("sem.open_limit", n);
        shmc_t_obs_errno("sem.open_limit_errno", err);
    }
    while (n-- > 0)
        (void)sem_close(held[n]);
}

/* ---------------------------------------------------------------------
 * Unnamed process-shared semaphores in each kind of region.
 * --------------------------------------------------------------------- */

#if defined(HAVE_WORKING_SEM_INIT)
/* In a child: posts the semaphore at the start of the region, mapped
 * anew where the region is not inherited. */
static shmc_error_t
poster(void *arg, int fd)
{
    shmc_region_t *r = arg;
    shmc_error_t err;
    void *addr;

    (void)fd;
    if (shmc_is_error(err = shmc_region_map_again(r, &addr)))
        return err;
    if (sem_post((sem_t *)addr) == -1)
        return shmc_error_libc(errno, "sem_post");
    return shmc_no_error();
}

/* Whether the posting child did its part; says why not on stderr. */
static bool
posted(shmc_region_t *region)
{
    shmc_error_t err;

    err = shmc_proc_call(poster, region, SHMC_PROC_TIMEOUT_MS, NULL, 0);
    if (!shmc_is_error(err))
        return true;
    fprintf(stderr, "the posting child: %s\n", shmc_error_message(err));
    shmc_error_free(err);
    return false;
}

static void
pshared_in(shmc_region_kind_t kind)
{
    shmc_region_t region;
    struct timespec ts;
    char key[96];
    const char *outcome;
    bool ok;
    sem_t *s;

    shmc_t_require(shmc_region_create(kind, shmc_t_page(), &region),
        shmc_region_name(kind));
    s = region.m_addr;
    if (sem_init(s, 1, 0) == -1) {
        int saved = errno;

        if (saved == ENOSYS)
            shmc_region_destroy(&region);
        skip_if_unimplemented(saved);
        outcome = shmc_errname(saved);
    } else {
        ok = posted(&region);
        ts = in_ms(SHMC_PROC_TIMEOUT_MS);
#if defined(HAVE_SEM_TIMEDWAIT)
        outcome = !ok ? "post-failed" :
            sem_timedwait(s, &ts) == 0 ? "ok" : shmc_errname(errno);
#else
        (void)ts;
        outcome = !ok ? "post-failed" :
            sem_trywait(s) == 0 ? "ok" : shmc_errname(errno);
#endif
        (void)sem_destroy(s);
    }
    (void)snprintf(key, sizeof(key), "sem.pshared.%s",
        shmc_region_name(kind));
    shmc_t_obs_str(key, outcome);
    if (kind == SHMC_REGION_POSIX_SHM || kind == SHMC_REGION_ANONYMOUS)
        ATF_CHECK_MSG(strcmp(outcome, "ok") == 0, "XSH sem_init: a pshared "
            "semaphore in %s memory did not work across processes: %s",
            shmc_region_name(kind), outcome);
    shmc_region_destroy(&region);
}
#else
static void
pshared_in(shmc_region_kind_t kind)
{
    (void)kind;
    atf_tc_skip(NO_SEM_INIT);
}
#endif

#define PSHARED_SEM_CASE(region, kind) \
    SHMC_TC(sem_init__pshared_in_##region, "sem_init(pshared=1) in " \
        #region " memory: posted by a process that maps it on its own") \
    { \
        pshared_in(kind); \
    }

PSHARED_SEM_CASE(posix_shm, SHMC_REGION_POSIX_SHM)
PSHARED_SEM_CASE(sysv_shm, SHMC_REGION_SYSV_SHM)
PSHARED_SEM_CASE(file, SHMC_REGION_FILE)
PSHARED_SEM_CASE(anonymous, SHMC_REGION_ANONYMOUS)
PSHARED_SEM_CASE(memfd, SHMC_REGION_MEMFD)

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, sem_open__create_and_reopen);
    ATF_TP_ADD_TC(tp, sem_open__errors);
    ATF_TP_ADD_TC(tp, sem_open__survives_creator_exit);
    ATF_TP_ADD_TC(tp, sem_unlink__name_goes_semaphore_stays);
    ATF_TP_ADD_TC(tp, sem_wait__trywait_and_timeouts);
    ATF_TP_ADD_TC(tp, sem_init__unnamed);
    ATF_TP_ADD_TC(tp, sem_name__slash_forms);
    ATF_TP_ADD_TC(tp, sem_name__degenerate);
    ATF_TP_ADD_TC(tp, sem_name__lengths);
    ATF_TP_ADD_TC(tp, sem_name__max_length);
    ATF_TP_ADD_TC(tp, sem_open__where_it_lives);
    ATF_TP_ADD_TC(tp, sem_open__same_name_as_shm_object);
    ATF_TP_ADD_TC(tp, sem_unlink__other_user__eacces);
    ATF_TP_ADD_TC(tp, sem_open__how_many_open);
    ATF_TP_ADD_TC(tp, sem_init__pshared_in_posix_shm);
    ATF_TP_ADD_TC(tp, sem_init__pshared_in_sysv_shm);
    ATF_TP_ADD_TC(tp, sem_init__pshared_in_file);
    ATF_TP_ADD_TC(tp, sem_init__pshared_in_anonymous);
    ATF_TP_ADD_TC(tp, sem_init__pshared_in_memfd);
    return atf_no_error();
}
