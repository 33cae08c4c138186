/* SPDX-License-Identifier: BSD-2-Clause */

/** Process-shared synchronisation: PTHREAD_PROCESS_SHARED mutexes,
 * condition variables, rwlocks and barriers placed in each kind of
 * region (POSIX shm, System V, a mapped regular file, anonymous shared
 * memory, memfd) and used by a second process that maps the region on its
 * own (by name or descriptor; only anonymous memory must be inherited).
 * Robust mutexes whose holder dies give EOWNERDEAD to the next locker.
 *
 * POSIX promises process-shared objects in shared memory: for POSIX shm
 * and anonymous shared memory the cases assert it; for the other regions
 * they record what happens ("can't store them in a mmap()'ed regular file
 * on most systems" is one claim they measure). */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <atf-c.h>

#include "lib/errname.h"
#include "suites/harness.h"
#include "suites/regions.h"

typedef struct {
    pthread_mutex_t m_mutex;
    pthread_cond_t m_cond;
    pthread_rwlock_t m_rwlock;
#if defined(HAVE_PTHREAD_BARRIER_INIT)
    pthread_barrier_t m_barrier;
#endif
    volatile int m_flag;
    volatile int m_counter;
} shared_t;

typedef enum { MUTEX, COND, RWLOCK, BARRIER } primitive_t;

static const char *const primitive_names[] = {
    "mutex", "cond", "rwlock", "barrier",
};

typedef struct {
    shmc_region_t *m_region;
    primitive_t m_prim;
    int m_to_child[2];
} child_ctx_t;

/* ---------------------------------------------------------------------
 * Initialisation, in the parent.
 * --------------------------------------------------------------------- */

/** Initialises the primitive as process-shared; returns 0 or the error
 * number of the first call that failed. */
static int
init_primitive(shared_t *s, primitive_t prim)
{
    pthread_mutexattr_t ma;
    pthread_condattr_t ca;
    pthread_rwlockattr_t ra;
    int rc;

    if ((rc = pthread_mutexattr_init(&ma)) != 0 ||
        (rc = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED)) != 0 ||
        (rc = pthread_mutex_init(&s->m_mutex, &ma)) != 0)
        return rc;
    (void)pthread_mutexattr_destroy(&ma);
    switch (prim) {
    case COND:
        if ((rc = pthread_condattr_init(&ca)) != 0 ||
            (rc = pthread_condattr_setpshared(&ca,
                PTHREAD_PROCESS_SHARED)) != 0)
            return rc;
        rc = pthread_cond_init(&s->m_cond, &ca);
        (void)pthread_condattr_destroy(&ca);
        return rc;
    case RWLOCK:
        if ((rc = pthread_rwlockattr_init(&ra)) != 0 ||
            (rc = pthread_rwlockattr_setpshared(&ra,
                PTHREAD_PROCESS_SHARED)) != 0)
            return rc;
        rc = pthread_rwlock_init(&s->m_rwlock, &ra);
        (void)pthread_rwlockattr_destroy(&ra);
        return rc;
    case BARRIER:
#if defined(HAVE_PTHREAD_BARRIER_INIT)
    {
        pthread_barrierattr_t ba;

        if ((rc = pthread_barrierattr_init(&ba)) != 0 ||
            (rc = pthread_barrierattr_setpshared(&ba,
                PTHREAD_PROCESS_SHARED)) != 0)
            return rc;
        rc = pthread_barrier_init(&s->m_barrier, &ba, 2);
        (void)pthread_barrierattr_destroy(&ba);
        return rc;
    }
#endif
        /* Without barriers check() records null and never comes here. */
        break;
    case MUTEX:
        break;
    }
    return 0;
}

/* ---------------------------------------------------------------------
 * The second process.
 * --------------------------------------------------------------------- */

/* The second process's exit status.  The parent judges by the lines the
 * child sends, not by its status: a child that fails says what failed
 * ("map-failed", "lock-failed") before it exits, so that the parent reads
 * the reason at once instead of waiting for a line that never comes. */
#define CHILD_DONE 0
#define CHILD_FAILED 1

static int
child(void *arg, int fd)
{
    child_ctx_t *c = arg;
    struct timespec deadline;
    char buf[32];
    shared_t *s;
    void *addr;
    int rc;

    if (shmc_is_error(shmc_region_map_again(c->m_region, &addr))) {
        (void)shmc_proc_send(fd, "map-failed");
        return CHILD_FAILED;
    }
    s = addr;
    switch (c->m_prim) {
    case MUTEX:
        rc = pthread_mutex_trylock(&s->m_mutex);
        if (rc == 0)            /* Wrongly got it: give it back at once. */
            (void)pthread_mutex_unlock(&s->m_mutex);
        (void)shmc_proc_send(fd, rc == EBUSY ? "busy" : "not-excluded");
        if (shmc_is_error(shmc_proc_recv(c->m_to_child[0], buf, sizeof(buf),
            SHMC_PROC_TIMEOUT_MS)))
            return CHILD_FAILED;
        if (pthread_mutex_lock(&s->m_mutex) != 0) {
            (void)shmc_proc_send(fd, "lock-failed");
            return CHILD_FAILED;
        }
        s->m_counter++;
        (void)pthread_mutex_unlock(&s->m_mutex);
        (void)shmc_proc_send(fd, "done");
        return CHILD_DONE;
    case COND:
        if (pthread_mutex_lock(&s->m_mutex) != 0) {
            (void)shmc_proc_send(fd, "lock-failed");
            return CHILD_FAILED;
        }
        (void)shmc_proc_send(fd, "waiting");
        (void)clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += SHMC_PROC_TIMEOUT_MS / 1000;
        rc = 0;
        while (s->m_flag != 2 && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&s->m_cond, &s->m_mutex, &deadline);
        (void)pthread_mutex_unlock(&s->m_mutex);
        (void)shmc_proc_send(fd, s->m_flag == 2 ? "woken" : "timed-out");
        return CHILD_DONE;
    case RWLOCK:
        rc = pthread_rwlock_tryrdlock(&s->m_rwlock);
        if (rc == 0)
            (void)pthread_rwlock_unlock(&s->m_rwlock);
        (void)shmc_proc_send(fd, rc == EBUSY ? "busy" : "not-excluded");
        if (shmc_is_error(shmc_proc_recv(c->m_to_child[0], buf, sizeof(buf),
            SHMC_PROC_TIMEOUT_MS)))
            return CHILD_FAILED;
        if (pthread_rwlock_rdlock(&s->m_rwlock) != 0) {
            (void)shmc_proc_send(fd, "lock-failed");
            return CHILD_FAILED;
        }
        (void)pthread_rwlock_unlock(&s->m_rwlock);
        (void)shmc_proc_send(fd, "done");
        return CHILD_DONE;
    case BARRIER:
#if defined(HAVE_PTHREAD_BARRIER_INIT)
        rc = pthread_barrier_wait(&s->m_barrier);
        (void)shmc_proc_send(fd, rc == 0 || rc == PTHREAD_BARRIER_SERIAL_THREAD ?
            "done" : "barrier-failed");
#endif
        return CHILD_DONE;
    }
    return CHILD_FAILED;
}

/* ---------------------------------------------------------------------
 * The parent's half.
 * --------------------------------------------------------------------- */

typedef struct {
    pid_t m_pid;
    int m_from;
} running_t;

/** Forks a child running child(); the parent reads its lines from m_from. */
static running_t
start_child(child_ctx_t *c)
{
    running_t r;
    int up[2];

    ATF_REQUIRE(pipe(up) == 0);
    r.m_pid = fork();
    ATF_REQUIRE(r.m_pid != -1);
    if (r.m_pid == 0) {
        (void)close(up[0]);
        _exit(child(c, up[1]));
    }
    (void)close(up[1]);
    r.m_from = up[0];
    return r;
}

/** Reads the child's next line into buf; "" when it said nothing in time. */
static void
hear(running_t *r, char *buf, size_t size)
{
    shmc_error_t err = shmc_proc_recv(r->m_from, buf, size,
        SHMC_PROC_TIMEOUT_MS);

    if (shmc_is_error(err)) {
        buf[0] = '\0';
        shmc_error_free(err);
    }
}

static void
finish(running_t *r)
{
    (void)close(r->m_from);
    (void)shmc_proc_reap(r->m_pid, SHMC_PROC_TIMEOUT_MS, NULL);
}

/** Runs one primitive in one region; writes "ok" or what went wrong. */
static void
exercise(shmc_region_kind_t kind, primitive_t prim, char *out, size_t size)
{
    shmc_region_t region;
    child_ctx_t ctx;
    running_t a, b;
    char line[32], line2[32];
    shared_t *s;
    int rc;

    shmc_t_require(shmc_region_create(kind, shmc_t_page(), &region),
        shmc_region_name(kind));
    s = region.m_addr;
    memset(s, 0, sizeof(*s));
    rc = init_primitive(s, prim);
    if (rc != 0) {
        (void)snprintf(out, size, "%s", shmc_errname(rc));
        shmc_region_destroy(&region);
        return;
    }
    ctx.m_region = &region;
    ctx.m_prim = prim;
    ATF_REQUIRE(pipe(ctx.m_to_child) == 0);
    /* Held before the child exists: it must find it taken, then get it. */
    if (prim == MUTEX)
        ATF_REQUIRE(pthread_mutex_lock(&s->m_mutex) == 0);
    else if (prim == RWLOCK)
        ATF_REQUIRE(pthread_rwlock_wrlock(&s->m_rwlock) == 0);
    a = start_child(&ctx);
    switch (prim) {
    case MUTEX:
    case RWLOCK:
        hear(&a, line, sizeof(line));
        if (prim == MUTEX)
            (void)pthread_mutex_unlock(&s->m_mutex);
        else
            (void)pthread_rwlock_unlock(&s->m_rwlock);
        (void)shmc_proc_send(ctx.m_to_child[1], "go");
        hear(&a, line2, sizeof(line2));
        (void)snprintf(out, size, "%s", strcmp(line, "busy") != 0 ?
            (line[0] != '\0' ? line : "no-answer") :
            strcmp(line2, "done") != 0 ? "not-acquired" :
            prim == MUTEX && s->m_counter != 1 ? "lost-update" : "ok");
        break;
    case COND:
        hear(&a, line, sizeof(line));
        /* Taking the mutex waits until the child sleeps on the cond. */
        ATF_REQUIRE(pthread_mutex_lock(&s->m_mutex) == 0);
        s->m_flag = 2;
        (void)pthread_cond_signal(&s->m_cond);
        (void)pthread_mutex_unlock(&s->m_mutex);
        hear(&a, line2, sizeof(line2));
        (void)snprintf(out, size, "%s", strcmp(line, "waiting") != 0 ?
            "no-answer" : strcmp(line2, "woken") == 0 ? "ok" :
            line2[0] != '\0' ? line2 : "no-answer");
        break;
    case BARRIER:
        /* Two children meet at the barrier; the parent only listens, so
         * that a missing partner costs a timeout, never a hang. */
        b = start_child(&ctx);
        hear(&a, line, sizeof(line));
        hear(&b, line2, sizeof(line2));
        finish(&b);
        (void)snprintf(out, size, "%s", strcmp(line, "done") == 0 &&
            strcmp(line2, "done") == 0 ? "ok" : "not-released");
        break;
    }
    finish(&a);
    (void)close(ctx.m_to_child[0]);
    (void)close(ctx.m_to_child[1]);
    shmc_region_destroy(&region);
}

/** Records pshared.REGION.PRIMITIVE; asserts for the regions POSIX covers. */
static void
check(shmc_region_kind_t kind, primitive_t prim)
{
    char key[96], out[64];

    (void)snprintf(key, sizeof(key), "pshared.%s.%s", shmc_region_name(kind),
        primitive_names[prim]);
#if !defined(HAVE_PTHREAD_BARRIER_INIT)
    /* Barriers are an option of POSIX (BAR); without them nothing was
     * tried, so there is nothing to record or require. */
    if (prim == BARRIER) {
        shmc_t_obs_null_why(key, "the C library has no pthread_barrier_init "
            "(pthread barriers are an option of POSIX)");
        atf_tc_skip("pthread barriers, a POSIX option, are not available");
    }
#endif
    exercise(kind, prim, out, sizeof(out));
    shmc_t_obs_str(key, out);
    if (kind == SHMC_REGION_POSIX_SHM || kind == SHMC_REGION_ANONYMOUS)
        ATF_CHECK_MSG(strcmp(out, "ok") == 0, "XSH pthread_%sattr_setpshared:"
            " a process-shared %s in %s memory failed between two processes: "
            "%s", primitive_names[prim], primitive_names[prim],
            shmc_region_name(kind), out);
}

#define PSHARED_CASE(region, prim, kind, p) \
    SHMC_TC(prim##__in_##region, "A process-shared " #prim " in " \
        #region " memory, used by a process that maps it on its own") \
    { \
        check((kind), (p)); \
    }

#define PSHARED_REGION(region, kind) \
    PSHARED_CASE(region, mutex, kind, MUTEX) \
    PSHARED_CASE(region, cond, kind, COND) \
    PSHARED_CASE(region, rwlock, kind, RWLOCK) \
    PSHARED_CASE(region, barrier, kind, BARRIER)

PSHARED_REGION(posix_shm, SHMC_REGION_POSIX_SHM)
PSHARED_REGION(sysv_shm, SHMC_REGION_SYSV_SHM)
PSHARED_REGION(file, SHMC_REGION_FILE)
PSHARED_REGION(anonymous, SHMC_REGION_ANONYMOUS)
PSHARED_REGION(memfd, SHMC_REGION_MEMFD)

/* ---------------------------------------------------------------------
 * Robust mutexes.
 * --------------------------------------------------------------------- */

#if defined(HAVE_PTHREAD_MUTEXATTR_SETROBUST) && \
    defined(HAVE_PTHREAD_MUTEX_CONSISTENT)
static int
die_holding(void *arg, int fd)
{
    shmc_region_t *r = arg;
    void *addr;

    if (shmc_is_error(shmc_region_map_again(r, &addr)) ||
        pthread_mutex_lock(&((shared_t *)addr)->m_mutex) != 0)
        return 1;
    (void)shmc_proc_send(fd, "locked");
    _exit(0);                   /* Dies holding the mutex. */
}

static void
robust(shmc_region_kind_t kind)
{
    pthread_mutexattr_t ma;
    shmc_proc_result_t r;
    shmc_region_t region;
    char key[96];
    shared_t *s;
    int rc;

    shmc_t_require(shmc_region_create(kind, shmc_t_page(), &region),
        shmc_region_name(kind));
    s = region.m_addr;
    ATF_REQUIRE(pthread_mutexattr_init(&ma) == 0);
    ATF_REQUIRE(pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED) == 0);
    ATF_REQUIRE_MSG(pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST) ==
        0, "pthread_mutexattr_setrobust failed");
    ATF_REQUIRE(pthread_mutex_init(&s->m_mutex, &ma) == 0);
    (void)pthread_mutexattr_destroy(&ma);

    shmc_t_require(shmc_proc_fork(die_holding, &region, SHMC_PROC_TIMEOUT_MS,
        &r), "fork");
    ATF_REQUIRE_MSG(strncmp(r.m_output, "locked", 6) == 0, "the child did "
        "not take the mutex");
    shmc_proc_result_fini(&r);

    rc = pthread_mutex_lock(&s->m_mutex);
    (void)snprintf(key, sizeof(key), "pshared.robust.%s.lock_after_owner_died",
        shmc_region_name(kind));
    shmc_t_obs_str(key, rc == 0 ? "ok" : shmc_errname(rc));
    ATF_CHECK_EQ_MSG(rc, EOWNERDEAD, "XSH pthread_mutex_lock: a robust "
        "mutex whose owner died gives EOWNERDEAD, got %s", shmc_errname(rc));
    if (rc == EOWNERDEAD) {
        ATF_CHECK_EQ_MSG(pthread_mutex_consistent(&s->m_mutex), 0,
            "XSH pthread_mutex_consistent failed");
        ATF_CHECK_EQ(pthread_mutex_unlock(&s->m_mutex), 0);
        ATF_CHECK_EQ_MSG(pthread_mutex_lock(&s->m_mutex), 0, "the mutex is "
            "not usable after pthread_mutex_consistent");
        (void)pthread_mutex_unlock(&s->m_mutex);
    }
    shmc_region_destroy(&region);
}
#   define ROBUST_BODY(kind) robust(kind)
#else
#   define ROBUST_BODY(kind) \
    atf_tc_skip("robust mutexes are not available here")
#endif

SHMC_TC(robust_mutex__owner_dies_posix_shm,
    "XSH pthread_mutex_lock (a robust mutex whose owner died gives "
    "EOWNERDEAD) and XSH pthread_mutex_consistent: a robust mutex in POSIX "
    "shm whose holder is killed")
{
    ROBUST_BODY(SHMC_REGION_POSIX_SHM);
}

SHMC_TC(robust_mutex__owner_dies_anonymous,
    "XSH pthread_mutex_lock (EOWNERDEAD) and XSH pthread_mutex_consistent: "
    "a robust mutex in anonymous shared memory whose holder is killed")
{
    ROBUST_BODY(SHMC_REGION_ANONYMOUS);
}

#define ADD_REGION(tp, region) \
    ATF_TP_ADD_TC(tp, mutex__in_##region); \
    ATF_TP_ADD_TC(tp, cond__in_##region); \
    ATF_TP_ADD_TC(tp, rwlock__in_##region); \
    ATF_TP_ADD_TC(tp, barrier__in_##region)

ATF_TP_ADD_TCS(tp)
{
    ADD_REGION(tp, posix_shm);
    ADD_REGION(tp, sysv_shm);
    ADD_REGION(tp, file);
    ADD_REGION(tp, anonymous);
    ADD_REGION(tp, memfd);
    ATF_TP_ADD_TC(tp, robust_mutex__owner_dies_posix_shm);
    ATF_TP_ADD_TC(tp, robust_mutex__owner_dies_anonymous);
    return atf_no_error();
}
