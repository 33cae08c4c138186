/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "suites/provider_adapter.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/errname.h"
#include "lib/proc.h"

extern char **environ;

/* How long one exchange may take (shmc_adapter_set_deadline). */
static int deadline_ms = SHMC_ADAPTER_DEADLINE_MS;

void
shmc_adapter_set_deadline(int ms)
{
    deadline_ms = ms > 0 ? ms : SHMC_ADAPTER_DEADLINE_MS;
}

/* ---------------------------------------------------------------------
 * Sessions.
 * --------------------------------------------------------------------- */

/** The error for an exchange that failed (cause): the adapter died, or it
 * let the deadline pass and is killed now. */
static shmc_error_t
session_lost(shmc_adapter_t *a, const char *request, shmc_error_t cause)
{
    char req[64];
    shmc_error_t err;
    int status = 0;

    (void)snprintf(req, sizeof(req), "%s", request);
    req[strcspn(req, " ")] = '\0';
    if (a->m_pid > 0 && waitpid(a->m_pid, &status, WNOHANG) == a->m_pid) {
        a->m_pid = -1;
        (void)close(a->m_to);
        (void)close(a->m_from);
        if (WIFSIGNALED(status))
            err = shmc_error_new("adapter %s died of %s during '%s'",
                a->m_what, shmc_signame(WTERMSIG(status)), req);
        else
            err = shmc_error_new("adapter %s exited with status %d during "
                "'%s'", a->m_what, WEXITSTATUS(status), req);
    } else if (shmc_error_errno(cause) == ETIMEDOUT) {
        shmc_adapter_kill(a);
        err = shmc_error_new("adapter %s gave no reply to '%s' within %d ms "
            "and was killed", a->m_what, req, deadline_ms);
    } else {
        shmc_adapter_kill(a);
        err = shmc_error_new("adapter %s: '%s': %s", a->m_what, req,
            shmc_error_message(cause));
    }
    shmc_error_free(cause);
    return err;
}

/** Reads one reply line; an adapter that closes its output is waited for
 * (briefly, bounded) so that its death can be told apart. */
static shmc_error_t
read_reply(shmc_adapter_t *a, const char *request, char *reply, size_t size)
{
    shmc_error_t err;
    int status;

    err = shmc_proc_recv(a->m_from, reply, size, deadline_ms);
    if (!shmc_is_error(err))
        return err;
    if (shmc_error_errno(err) != ETIMEDOUT && a->m_pid > 0 &&
        shmc_proc_reap(a->m_pid, 1000, &status)) {
        shmc_error_free(err);
        a->m_pid = -1;
        (void)close(a->m_to);
        (void)close(a->m_from);
        if (WIFSIGNALED(status))
            return shmc_error_new("adapter %s died of %s during '%.*s'",
                a->m_what, shmc_signame(WTERMSIG(status)),
                (int)strcspn(request, " "), request);
        return shmc_error_new("adapter %s exited with status %d during "
            "'%.*s'", a->m_what, WEXITSTATUS(status),
            (int)strcspn(request, " "), request);
    }
    return session_lost(a, request, err);
}

shmc_error_t
shmc_adapter_call(shmc_adapter_t *a, const char *request, char *reply,
    size_t size)
{
    size_t len = strlen(request), done = 0;
    ssize_t n;

    if (a->m_pid <= 0)
        return shmc_error_new("adapter %s is not running", a->m_what);
    while (done <= len) {
        n = write(a->m_to, done < len ? request + done : "\n",
            done < len ? len - done : 1);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return session_lost(a, request, shmc_error_libc(errno,
                "writing the request"));
        done += (size_t)n;
    }
    return read_reply(a, request, reply, size);
}

shmc_error_t
shmc_adapter_start(char *const argv[], shmc_adapter_t *a, char *hello,
    size_t size)
{
    posix_spawn_file_actions_t fa;
    struct sigaction sa;
    int in[2], out[2], rc;
    char line[512];
    shmc_error_t err;

    (void)snprintf(a->m_what, sizeof(a->m_what), "%s", argv[0]);
    a->m_pid = -1;
    /* A dead adapter must give an error, not kill us with SIGPIPE. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    (void)sigaction(SIGPIPE, &sa, NULL);
    if (pipe(in) == -1)
        return shmc_error_libc(errno, "pipe");
    if (pipe(out) == -1) {
        (void)close(in[0]);
        (void)close(in[1]);
        return shmc_error_libc(errno, "pipe");
    }
    (void)fcntl(in[1], F_SETFD, FD_CLOEXEC);
    (void)fcntl(out[0], F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, in[0]);
    posix_spawn_file_actions_addclose(&fa, out[1]);
    rc = posix_spawn(&a->m_pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    (void)close(in[0]);
    (void)close(out[1]);
    if (rc != 0) {
        (void)close(in[1]);
        (void)close(out[0]);
        a->m_pid = -1;
        /* An adapter that is there but cannot be executed for ENOENT
         * names an interpreter (its #! line) this system lacks, as on a
         * target without Python: nothing of it can be measured here. */
        if (rc == ENOENT && access(argv[0], X_OK) == 0)
            return shmc_error_skip("adapter %s cannot run here: the "
                "interpreter its first line names is not installed",
                argv[0]);
        return shmc_error_libc(rc, "cannot start adapter %s", argv[0]);
    }
    a->m_to = in[1];
    a->m_from = out[0];
    err = shmc_adapter_call(a, "hello", line, sizeof(line));
    if (!shmc_is_error(err) && strncmp(line, "unavailable ", 12) == 0) {
        /* The library is not on this system: a skip, not a failure. */
        err = shmc_error_skip("%s", line + 12);
        shmc_adapter_kill(a);
    } else if (!shmc_is_error(err) && strncmp(line, "ok ", 3) != 0) {
        err = shmc_error_new("adapter %s answered 'hello' with '%.80s'",
            a->m_what, line);
        shmc_adapter_kill(a);
    }
    if (!shmc_is_error(err) && hello != NULL)
        (void)snprintf(hello, size, "%s", line + 3);
    return err;
}

/** Reads the adapter's output until every process holding it has closed
 * it, within the deadline: a library's helper processes (Python's
 * resource tracker) inherit it and act when the adapter is gone, and what
 * they do is part of what the adapter's end did to its objects. */
static void
drain(shmc_adapter_t *a)
{
    char buf[512];
    shmc_error_t err;

    do
        err = shmc_proc_recv(a->m_from, buf, sizeof(buf),
            deadline_ms);
    while (!shmc_is_error(err));
    shmc_error_free(err);
}

shmc_error_t
shmc_adapter_stop(shmc_adapter_t *a)
{
    char line[64];
    shmc_error_t err;
    int status;

    if (a->m_pid <= 0)
        return shmc_no_error();
    err = shmc_adapter_call(a, "exit", line, sizeof(line));
    if (shmc_is_error(err))
        return err;
    (void)close(a->m_to);
    drain(a);
    (void)close(a->m_from);
    if (!shmc_proc_reap(a->m_pid, deadline_ms, &status)) {
        a->m_pid = -1;
        return shmc_error_new("adapter %s did not exit when asked",
            a->m_what);
    }
    a->m_pid = -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return shmc_error_new("adapter %s ended with status %d at exit",
            a->m_what, status);
    return shmc_no_error();
}

void
shmc_adapter_kill(shmc_adapter_t *a)
{
    if (a->m_pid <= 0)          /* Never a process group, never all. */
        return;
    (void)kill(a->m_pid, SIGKILL);
    (void)shmc_proc_reap(a->m_pid, deadline_ms, NULL);
    (void)close(a->m_to);
    drain(a);
    (void)close(a->m_from);
    a->m_pid = -1;
}

bool
shmc_adapter_is_reply(const char *reply)
{
    return strcmp(reply, "ok") == 0 || strncmp(reply, "ok ", 3) == 0 ||
        strncmp(reply, "error ", 6) == 0 || strncmp(reply, "liberror ", 9) == 0;
}

shmc_error_t
shmc_adapter_reply_error(const char *reply, const char *what)
{
    char name[32];
    const char *text;
    size_t n;
    int e;

    if (strcmp(reply, "ok") == 0 || strncmp(reply, "ok ", 3) == 0)
        return shmc_no_error();
    if (strncmp(reply, "liberror ", 9) == 0)
        return shmc_error_new("%s: library error: %s", what, reply + 9);
    if (strncmp(reply, "error ", 6) == 0) {
        n = strcspn(reply + 6, " ");
        (void)snprintf(name, sizeof(name), "%.*s", (int)n, reply + 6);
        text = reply + 6 + n;
        e = shmc_errnum(name);
        if (e != 0)
            return shmc_error_libc(e, "%s%s", what, text);
        return shmc_error_new("%s: %s%s", what, name, text);
    }
    return shmc_error_new("%s: the adapter answered '%.80s', which the "
        "protocol does not know", what, reply);
}

/* ---------------------------------------------------------------------
 * The adapter provider.
 * --------------------------------------------------------------------- */

/* A page as hex, a verb, a name and numbers. */
#define LINE_MAX_BYTES (2 * 65536 + 512)

static shmc_adapter_t session = { -1, -1, -1, "" };
static shmc_provider_t adapter;
static char adapter_name[64], adapter_library[128], adapter_version[128];
static char adapter_program[1024];
static char *adapter_argv[2];
static char adapter_dir[1024] = ".";
static char *line;
/* Why the session can no longer be trusted (empty: it can). */
static char broken[512];

/* Adapter programs that come with shmcompat: provider name, program. */
static const struct {
    const char *m_name;
    const char *m_program;
} builtin[] = {
    { "python_shared_memory", "shmcompat-adapter-python" },
};

void
shmc_adapter_set_dir(const char *dir)
{
    (void)snprintf(adapter_dir, sizeof(adapter_dir), "%s", dir);
}

/** One exchange of the provider's session, its reply in line. */
static shmc_error_t
exchange(const char *what, const char *fmt, ...) SHMC_PRINTF(2, 3);

static shmc_error_t
exchange(const char *what, const char *fmt, ...)
{
    char *request;
    shmc_error_t err;
    va_list ap;

    if (line == NULL && (line = malloc(LINE_MAX_BYTES)) == NULL)
        return shmc_error_nomem();
    request = malloc(LINE_MAX_BYTES);
    if (request == NULL)
        return shmc_error_nomem();
    va_start(ap, fmt);
    (void)vsnprintf(request, LINE_MAX_BYTES, fmt, ap);
    va_end(ap);
    err = shmc_adapter_call(&session, request, line, LINE_MAX_BYTES);
    free(request);
    if (!shmc_is_error(err) && !shmc_adapter_is_reply(line))
        err = shmc_adapter_reply_error(line, what);
    else if (!shmc_is_error(err))
        return shmc_adapter_reply_error(line, what);
    if (broken[0] == '\0')
        (void)snprintf(broken, sizeof(broken), "%s", shmc_error_message(err));
    return err;
}

const char *
shmc_adapter_broken(const shmc_provider_t *p)
{
    return p == &adapter && broken[0] != '\0' ? broken : NULL;
}

static void
take_object(const char *name, size_t size, shmc_obj_t *obj)
{
    unsigned long h = 0;
    unsigned long long sz = size;

    (void)sscanf(line, "ok %lu %llu", &h, &sz);
    obj->m_fd = -1;
    obj->m_id = -1;
    obj->m_handle = (void *)(uintptr_t)h;
    obj->m_size = (size_t)sz;
    (void)snprintf(obj->m_name, sizeof(obj->m_name), "%s", name);
}

static shmc_error_t
a_create_mode(const char *name, size_t size, unsigned int mode,
    shmc_obj_t *obj)
{
    shmc_error_t err;

    err = exchange("create", "create %s %zu %o", name, size, mode);
    if (!shmc_is_error(err))
        take_object(name, size, obj);
    return err;
}

static shmc_error_t
a_create(const char *name, size_t size, shmc_obj_t *obj)
{
    return a_create_mode(name, size, 0600, obj);
}

static shmc_error_t
a_open(const char *name, int how, shmc_obj_t *obj)
{
    shmc_error_t err;

    if (how & SHMC_OPEN_TRUNC)
        return shmc_error_libc(ENOTSUP, "%s cannot truncate on open",
            adapter.m_name);
    err = exchange("open", "open %s %s", name, (how & SHMC_OPEN_RDWR) ?
        "rdwr" : "rdonly");
    if (!shmc_is_error(err))
        take_object(name, 0, obj);
    return err;
}

static unsigned long
handle(const shmc_obj_t *obj)
{
    return (unsigned long)(uintptr_t)obj->m_handle;
}

static shmc_error_t
a_read(shmc_obj_t *obj, size_t off, void *buf, size_t len)
{
    unsigned char *p = buf;
    shmc_error_t err;
    unsigned int byte;
    size_t i;

    if (len * 2 + 64 > LINE_MAX_BYTES)
        return shmc_error_libc(EINVAL, "read of %zu bytes", len);
    err = exchange("read", "read %lu %zu %zu", handle(obj), off, len);
    if (shmc_is_error(err))
        return err;
    if (strlen(line) != 3 + 2 * len)
        return shmc_error_new("read: the adapter answered %zu bytes, not "
            "%zu", (strlen(line) - 3) / 2, len);
    for (i = 0; i < len; i++) {
        if (sscanf(line + 3 + 2 * i, "%2x", &byte) != 1)
            return shmc_error_new("read: the reply is not hex");
        p[i] = (unsigned char)byte;
    }
    return shmc_no_error();
}

static shmc_error_t
a_write(shmc_obj_t *obj, size_t off, const void *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *p = buf;
    shmc_error_t err;
    char *hex;
    size_t i;

    if (len * 2 + 64 > LINE_MAX_BYTES)
        return shmc_error_libc(EINVAL, "write of %zu bytes", len);
    if ((hex = malloc(2 * len + 1)) == NULL)
        return shmc_error_nomem();
    for (i = 0; i < len; i++) {
        hex[2 * i] = digits[p[i] >> 4];
        hex[2 * i + 1] = digits[p[i] & 15];
    }
    hex[2 * len] = '\0';
    err = exchange("write", "write %lu %zu %s", handle(obj), off, hex);
    free(hex);
    return err;
}

static shmc_error_t
a_size(shmc_obj_t *obj, size_t *size)
{
    unsigned long long n = 0;
    shmc_error_t err;

    err = exchange("size", "size %lu", handle(obj));
    if (!shmc_is_error(err) && sscanf(line, "ok %llu", &n) != 1)
        err = shmc_error_new("size: the adapter answered '%.80s'", line);
    *size = (size_t)n;
    return err;
}

static shmc_error_t
a_resize(shmc_obj_t *obj, size_t size)
{
    return exchange("resize", "resize %lu %zu", handle(obj), size);
}

static shmc_error_t
a_close(shmc_obj_t *obj)
{
    unsigned long h = handle(obj);

    obj->m_handle = NULL;
    if (h == 0)
        return shmc_no_error();
    return exchange("close", "close %lu", h);
}

static shmc_error_t
a_unlink(const char *name)
{
    return exchange("remove", "remove %s", name);
}

static shmc_error_t
a_cleanup(const char *name)
{
    return exchange("cleanup", "cleanup %s", name);
}

/** Decodes a %XX-encoded hello token into buf. */
static void
decode(const char *tok, size_t n, char *buf, size_t size)
{
    size_t i, j = 0;
    unsigned int c;

    for (i = 0; i < n && j + 1 < size; i++) {
        if (tok[i] == '%' && i + 2 < n + 1 &&
            sscanf(tok + i + 1, "%2x", &c) == 1) {
            buf[j++] = (char)c;
            i += 2;
        } else
            buf[j++] = tok[i];
    }
    buf[j] = '\0';
}

shmc_error_t
shmc_adapter_load(const char *path, const shmc_provider_t **p)
{
    char hello[512], caps[128];
    const char *tok[4], *s;
    size_t len[4];
    shmc_error_t err;
    int i;

    if (session.m_pid != -1) {
        if (strcmp(path, adapter_program) != 0)
            return shmc_error_new("adapter %s: %s runs already", path,
                adapter_program);
        *p = &adapter;
        return shmc_no_error();
    }
    (void)snprintf(adapter_program, sizeof(adapter_program), "%s", path);
    adapter_argv[0] = adapter_program;
    adapter_argv[1] = NULL;
    err = shmc_adapter_start(adapter_argv, &session, hello, sizeof(hello));
    if (shmc_is_error(err))
        return err;
    for (s = hello, i = 0; i < 4; i++) {
        tok[i] = s;
        len[i] = strcspn(s, " ");
        s += len[i];
        if (*s == ' ')
            s++;
    }
    decode(tok[0], len[0], adapter_name, sizeof(adapter_name));
    decode(tok[1], len[1], adapter_library, sizeof(adapter_library));
    decode(tok[2], len[2], adapter_version, sizeof(adapter_version));
    decode(tok[3], len[3], caps, sizeof(caps));
    if (adapter_name[0] == '\0') {
        shmc_adapter_kill(&session);
        return shmc_error_new("adapter %s: its hello names no provider",
            path);
    }
    memset(&adapter, 0, sizeof(adapter));
    adapter.m_name = adapter_name;
    adapter.m_caps = (strstr(caps, "named") ? SHMC_CAP_NAMED : 0) |
        (strstr(caps, "resize") ? SHMC_CAP_RESIZE : 0) |
        (strstr(caps, "unlink") ? SHMC_CAP_UNLINK : 0);
    adapter.m_create = a_create;
    adapter.m_open = a_open;
    adapter.m_resize = a_resize;
    adapter.m_size = a_size;
    adapter.m_close = a_close;
    adapter.m_unlink = a_unlink;
    adapter.m_create_mode = a_create_mode;
    adapter.m_read = a_read;
    adapter.m_write = a_write;
    adapter.m_cleanup = a_cleanup;
    adapter.m_library = adapter_library;
    adapter.m_version = adapter_version;
    *p = &adapter;
    return shmc_no_error();
}

shmc_error_t
shmc_adapter_find(const char *name, const shmc_provider_t **p)
{
    char path[2048];
    size_t i;

    *p = NULL;
    for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
        if (strcmp(builtin[i].m_name, name) == 0) {
            (void)snprintf(path, sizeof(path), "%s/%s", adapter_dir,
                builtin[i].m_program);
            return shmc_adapter_load(path, p);
        }
    return shmc_no_error();
}

char *const *
shmc_adapter_argv(const shmc_provider_t *p)
{
    return p == &adapter ? adapter_argv : NULL;
}
