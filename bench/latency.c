/* SPDX-License-Identifier: BSD-2-Clause */

/** Round trips: a small message there and back between two processes.
 *
 * Both sides block between messages (sem_timedwait, the futex-style wait of
 * bench/wake.h, read), as a server waiting for requests does, so the
 * figure is the cost of waking the other process.  One method alone spins
 * instead: with no wake-up at all, its figure is the cost of the cache
 * lines going from one CPU to the other and back, the floor under every
 * other. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <limits.h>
#if defined(HAVE_WORKING_SEM_INIT)
#   include <semaphore.h>
#endif
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/clock.h"
#include "bench/cpu.h"
#include "bench/measure.h"
#include "bench/peer.h"
#include "bench/wake.h"

/* Fewer samples make no 99th percentile. */
#define SHMC_BENCH_RTT_MIN 200

/* What the two processes share in the region. */
typedef struct {
#if defined(HAVE_WORKING_SEM_INIT)
    sem_t m_sem[2];             /* [0] to the child, [1] back. */
#endif
    alignas(64) atomic_uint m_word[2]; /* Futex words, same directions. */
    alignas(64) atomic_int m_stop;
    alignas(64) char m_msg[2][SHMC_BENCH_RTT_MESSAGE];
} rtt_shared_t;

typedef struct {
    shmc_bench_rtt_method_t m_method;
    rtt_shared_t *m_shared;
    int m_fd[2];                /* Pipes or sockets: [0] read, [1] write. */
    int m_other[2];             /* The other side's, closed by the child. */
    struct timespec m_deadline; /* CLOCK_REALTIME, for sem_timedwait. */
    unsigned int m_sent;        /* Futex: messages sent and received. */
    unsigned int m_received;
    shmc_bench_cpus_t m_cpus;   /* Spinning: the two CPUs. */
} rtt_side_t;

static const char *const method_names[] = {
    "semaphore", "futex", "spin", "pipe", "socket",
};

const char *
shmc_bench_rtt_method_name(shmc_bench_rtt_method_t method)
{
    return method_names[method];
}

/* The longest single futex-style sleep; the loop checks the watchdog. */
#define RTT_NAP_NS 1000000000u

/* Sends the side's message in direction dir (0: to the child). */
static shmc_error_t
rtt_send(rtt_side_t *s, int dir, const char *msg)
{
    switch (s->m_method) {
    case SHMC_BENCH_RTT_SEMAPHORE:
#if defined(HAVE_WORKING_SEM_INIT)
        memcpy(s->m_shared->m_msg[dir], msg, SHMC_BENCH_RTT_MESSAGE);
        if (sem_post(&s->m_shared->m_sem[dir]) == -1)
            return shmc_error_libc(errno, "sem_post");
#endif
        return shmc_no_error();
    case SHMC_BENCH_RTT_FUTEX:
        memcpy(s->m_shared->m_msg[dir], msg, SHMC_BENCH_RTT_MESSAGE);
        atomic_store_explicit(&s->m_shared->m_word[dir], ++s->m_sent,
            memory_order_release);
        return shmc_bench_wake_word(&s->m_shared->m_word[dir]);
    case SHMC_BENCH_RTT_SPIN:
        memcpy(s->m_shared->m_msg[dir], msg, SHMC_BENCH_RTT_MESSAGE);
        atomic_store_explicit(&s->m_shared->m_word[dir], ++s->m_sent,
            memory_order_release);
        return shmc_no_error();
    default:
        return shmc_bench_write_all(s->m_fd[1], msg, SHMC_BENCH_RTT_MESSAGE);
    }
}

/* Waits for the message in direction dir and copies it into msg. */
static shmc_error_t
rtt_receive(rtt_side_t *s, int dir, char *msg)
{
    switch (s->m_method) {
    case SHMC_BENCH_RTT_SEMAPHORE:
#if defined(HAVE_WORKING_SEM_INIT)
        while (sem_timedwait(&s->m_shared->m_sem[dir], &s->m_deadline) == -1)
            if (errno != EINTR || shmc_bench_expired())
                return shmc_error_libc(errno, "sem_timedwait");
        memcpy(msg, s->m_shared->m_msg[dir], SHMC_BENCH_RTT_MESSAGE);
#endif
        return shmc_no_error();
    case SHMC_BENCH_RTT_FUTEX:
    {
        unsigned int want = s->m_received + 1, seen;
        shmc_error_t err;

        for (;;) {
            seen = atomic_load_explicit(&s->m_shared->m_word[dir],
                memory_order_acquire);
            if (seen == want)
                break;
            err = shmc_bench_wait_word(&s->m_shared->m_word[dir], seen,
                RTT_NAP_NS);
            if (shmc_is_error(err))
                return err;
            if (shmc_bench_expired())
                return shmc_error_new("futex-style wait timed out");
        }
        s->m_received = want;
        memcpy(msg, s->m_shared->m_msg[dir], SHMC_BENCH_RTT_MESSAGE);
        return shmc_no_error();
    }
    case SHMC_BENCH_RTT_SPIN:
        if (!shmc_bench_spin_until(&s->m_shared->m_word[dir],
            s->m_received + 1))
            return shmc_error_new("spinning wait timed out");
        s->m_received++;
        memcpy(msg, s->m_shared->m_msg[dir], SHMC_BENCH_RTT_MESSAGE);
        return shmc_no_error();
    default:
        return shmc_bench_read_all(s->m_fd[0], msg, SHMC_BENCH_RTT_MESSAGE);
    }
}

static void close_channel(int fd[2]);

/* The child: answers each message with one of its own until told to
 * stop (the stop flag, or the end of the pipe or socket). */
static int
rtt_child(void *arg)
{
    rtt_side_t *s = arg;
    char msg[SHMC_BENCH_RTT_MESSAGE];
    shmc_error_t err;

    /* Without the parent's ends, the parent closing them is an end of
     * file here. */
    close_channel(s->m_other);
    err = shmc_bench_cpus_child(&s->m_cpus);
    if (shmc_is_error(err)) {
        shmc_error_free(err);
        return 1;
    }
    for (;;) {
        err = rtt_receive(s, 0, msg);
        if (shmc_is_error(err)) {
            bool eof = s->m_method >= SHMC_BENCH_RTT_PIPE;

            shmc_error_free(err);
            return eof ? 0 : 1;
        }
        if (s->m_shared != NULL && atomic_load(&s->m_shared->m_stop))
            return 0;
        msg[0]++;
        err = rtt_send(s, 1, msg);
        if (shmc_is_error(err)) {
            shmc_error_free(err);
            return 1;
        }
    }
}

static shmc_error_t
rtt_channels(shmc_bench_rtt_method_t method, int parent[2], int child[2])
{
    int a[2], b[2];

    if (method == SHMC_BENCH_RTT_PIPE) {
        if (pipe(a) == -1)
            return shmc_error_libc(errno, "pipe");
        if (pipe(b) == -1) {
            int saved = errno;

            (void)close(a[0]);
            (void)close(a[1]);
            return shmc_error_libc(saved, "pipe");
        }
        child[0] = a[0];
        parent[1] = a[1];
        parent[0] = b[0];
        child[1] = b[1];
        return shmc_no_error();
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, a) == -1)
        return shmc_error_libc(errno, "socketpair(AF_UNIX, SOCK_STREAM)");
    parent[0] = parent[1] = a[0];
    child[0] = child[1] = a[1];
    return shmc_no_error();
}

static void
close_channel(int fd[2])
{
    if (fd[0] != -1)
        (void)close(fd[0]);
    if (fd[1] != -1 && fd[1] != fd[0])
        (void)close(fd[1]);
    fd[0] = fd[1] = -1;
}

/* Runs round trips until the budget or the sample limit is reached. */
static shmc_error_t
rtt_loop(rtt_side_t *s, const shmc_bench_params_t *params, double *samples,
    size_t *n)
{
    char msg[SHMC_BENCH_RTT_MESSAGE], reply[SHMC_BENCH_RTT_MESSAGE];
    uint64_t start = shmc_bench_now_ns(), t0, t1;
    size_t i;
    shmc_error_t err;

    memset(msg, 'p', sizeof(msg));
    *n = 0;
    for (i = 0; *n < params->m_rtt_max; i++) {
        msg[0] = (char)i;
        t0 = shmc_bench_now_ns();
        err = rtt_send(s, 0, msg);
        if (!shmc_is_error(err))
            err = rtt_receive(s, 1, reply);
        t1 = shmc_bench_now_ns();
        if (shmc_is_error(err))
            return err;
        if (reply[0] != (char)(msg[0] + 1))
            return shmc_error_new("Round trip %zu: wrong reply", i);
        if (i >= params->m_rtt_warmup)
            samples[(*n)++] = (double)(t1 - t0);
        /* At least SHMC_BENCH_RTT_MIN samples, unless even those take
         * four times the budget. */
        if (t1 - start > params->m_rtt_budget_ns &&
            (*n >= SHMC_BENCH_RTT_MIN ||
            t1 - start > 4 * params->m_rtt_budget_ns))
            break;
    }
    return shmc_no_error();
}

static const char *
rtt_unavailable(shmc_bench_rtt_method_t method)
{
#if !defined(HAVE_WORKING_SEM_INIT) || !defined(HAVE_SEM_TIMEDWAIT)
    if (method == SHMC_BENCH_RTT_SEMAPHORE)
        return "configure found no sem_init or no sem_timedwait";
#endif
    if (method == SHMC_BENCH_RTT_FUTEX && !shmc_bench_wake_available())
        return shmc_bench_wake_call();
    (void)method;
    return NULL;
}

/* Sets up the region's semaphores; an error when the system refuses
 * process-shared ones (macOS: ENOSYS). */
static shmc_error_t
rtt_shared_init(rtt_shared_t *sh, shmc_bench_rtt_method_t method)
{
    memset(sh, 0, sizeof(*sh));
    atomic_init(&sh->m_word[0], 0);
    atomic_init(&sh->m_word[1], 0);
    atomic_init(&sh->m_stop, 0);
#if defined(HAVE_WORKING_SEM_INIT)
    if (method == SHMC_BENCH_RTT_SEMAPHORE) {
        if (sem_init(&sh->m_sem[0], 1, 0) == -1)
            return shmc_error_libc(errno, "sem_init(pshared=1)");
        if (sem_init(&sh->m_sem[1], 1, 0) == -1)
            return shmc_error_libc(errno, "sem_init(pshared=1)");
    }
#else
    (void)method;
#endif
    return shmc_no_error();
}

/* Tells the child to stop and waits for it. */
static shmc_error_t
rtt_stop(rtt_side_t *s, pid_t pid)
{
    char msg[SHMC_BENCH_RTT_MESSAGE];
    shmc_error_t err = shmc_no_error();

    memset(msg, 0, sizeof(msg));
    if (s->m_shared != NULL) {
        atomic_store(&s->m_shared->m_stop, 1);
        err = rtt_send(s, 0, msg);
    }
    close_channel(s->m_fd);
    if (shmc_is_error(err)) {
        shmc_error_free(shmc_bench_peer_finish(pid));
        return err;
    }
    return shmc_bench_peer_finish(pid);
}

void
shmc_bench_rtt(shmc_bench_kind_t kind, shmc_bench_rtt_method_t method,
    const shmc_bench_params_t *params, shmc_bench_result_t *result)
{
    const char *why = rtt_unavailable(method);
    shmc_bench_region_t region;
    rtt_side_t parent, child;
    int child_fd[2] = { -1, -1 };
    bool in_region = method < SHMC_BENCH_RTT_PIPE;
    double *samples;
    size_t n = 0;
    pid_t pid;
    shmc_error_t err;

    memset(result, 0, sizeof(*result));
    if (why != NULL) {
        shmc_bench_skip(result, shmc_error_new("%s", why));
        return;
    }
    samples = calloc(params->m_rtt_max, sizeof(*samples));
    if (samples == NULL) {
        shmc_bench_skip(result, shmc_error_nomem());
        return;
    }
    memset(&parent, 0, sizeof(parent));
    parent.m_method = method;
    parent.m_fd[0] = parent.m_fd[1] = -1;
    parent.m_other[0] = parent.m_other[1] = -1;
    region.m_addr = NULL;
    if (in_region) {
        err = shmc_bench_region_create(kind, sizeof(rtt_shared_t), false,
            &region);
        if (!shmc_is_error(err)) {
            parent.m_shared = region.m_addr;
            err = rtt_shared_init(parent.m_shared, method);
        }
    } else
        err = rtt_channels(method, parent.m_fd, child_fd);
    if (shmc_is_error(err))
        goto out;

    /* The floor is measured between two CPUs, not within one. */
    if (method == SHMC_BENCH_RTT_SPIN)
        shmc_bench_cpus_apart(&parent.m_cpus);
    /* sem_timedwait's deadline is absolute on the realtime clock. */
    (void)clock_gettime(CLOCK_REALTIME, &parent.m_deadline);
    parent.m_deadline.tv_sec += (time_t)(params->m_rtt_budget_ns /
        1000000000u) + SHMC_BENCH_CHILD_SECONDS;
    child = parent;
    child.m_fd[0] = child_fd[0];
    child.m_fd[1] = child_fd[1];
    child.m_other[0] = parent.m_fd[0];
    child.m_other[1] = parent.m_fd[1];
    shmc_bench_watchdog((unsigned int)(params->m_rtt_budget_ns /
        1000000000u) + 5);
    err = shmc_bench_peer_start(rtt_child, &child, &pid);
    close_channel(child_fd);
    if (shmc_is_error(err))
        goto out;
    err = rtt_loop(&parent, params, samples, &n);
    if (shmc_is_error(err))
        shmc_error_free(rtt_stop(&parent, pid));
    else
        err = rtt_stop(&parent, pid);
out:
    shmc_bench_watchdog(0);
    shmc_bench_cpus_restore(&parent.m_cpus);
    close_channel(parent.m_fd);
    close_channel(child_fd);
    if (in_region && region.m_addr != NULL) {
#if defined(HAVE_WORKING_SEM_INIT)
        if (method == SHMC_BENCH_RTT_SEMAPHORE) {
            (void)sem_destroy(&parent.m_shared->m_sem[0]);
            (void)sem_destroy(&parent.m_shared->m_sem[1]);
        }
#endif
        shmc_bench_region_destroy(&region);
    }
    if (shmc_is_error(err))
        shmc_bench_skip(result, err);
    else if (n == 0)
        shmc_bench_skip(result, shmc_error_new("no round trip beyond the "
            "%zu warm-up ones fitted in four times the time allowed: the "
            "machine is too busy", params->m_rtt_warmup));
    else {
        result->m_warmup = params->m_rtt_warmup;
        result->m_per_sample = 1;
        result->m_cpus = parent.m_cpus;
        shmc_bench_summarise(result, samples, n);
    }
    free(samples);
}
