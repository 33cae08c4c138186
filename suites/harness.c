/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "suites/harness.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#if defined(HAVE_UNSHARE)
#   include <sys/mount.h>
#   include <sched.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cleanup.h"
#include "lib/errname.h"
#include "suites/provider_plugin.h"
#include "probes/shmdir.h"

/* The installed plugin folder; the Makefile defines it from --prefix. */
#if !defined(SHMC_PLUGINDIR)
#   define SHMC_PLUGINDIR "/usr/local/lib/shmcompat/providers"
#endif

/* ---------------------------------------------------------------------
 * Observations.
 * --------------------------------------------------------------------- */

/** Writes one observation if its key is in the catalogue.  For children,
 * which must not call ATF; the parent sees the error they report. */
shmc_error_t
shmc_t_obs_try(const char *key, const char *json)
{
    bool ambiguous;

    if (shmc_obs_lookup(shmc_catalogue, shmc_catalogue_size, key,
        &ambiguous) == NULL)
        return shmc_error_new(ambiguous ? "observation key '%s' matches "
            "more than one entry of suites/observations.txt" :
            "observation key '%s' is not in suites/observations.txt", key);
    return shmc_obs_write(STDOUT_FILENO, key, json);
}

/** The same for an outcome: "ok" for 0, else the errno's name. */
shmc_error_t
shmc_t_obs_try_errno(const char *key, int errnum)
{
    char json[64];
    shmc_error_t err;

    err = shmc_obs_json_string(json, sizeof(json), shmc_t_errstr(errnum));
    if (shmc_is_error(err))
        return err;
    return shmc_t_obs_try(key, json);
}

/** Emits one observation; a key outside the catalogue fails the test, so
 * the catalogue cannot fall behind the code. */
void
shmc_t_obs_json(const char *key, const char *json)
{
    shmc_t_require(shmc_t_obs_try(key, json), "observation");
}

void
shmc_t_obs_str(const char *key, const char *s)
{
    char json[SHMC_OBS_LINE_MAX / 2];

    shmc_t_require(shmc_obs_json_string(json, sizeof(json), s), key);
    shmc_t_obs_json(key, json);
}

void
shmc_t_obs_int(const char *key, long long v)
{
    char json[32];

    (void)snprintf(json, sizeof(json), "%lld", v);
    shmc_t_obs_json(key, json);
}

void
shmc_t_obs_bool(const char *key, bool b)
{
    shmc_t_obs_json(key, b ? "true" : "false");
}

/** Records an outcome: "ok" for 0, else the errno's symbolic name. */
void
shmc_t_obs_errno(const char *key, int errnum)
{
    shmc_t_obs_str(key, shmc_t_errstr(errnum));
}

void
shmc_t_obs_null(const char *key)
{
    shmc_t_obs_json(key, "null");
}

/** Records null for KEY, saying on standard error why nothing was tried. */
void
shmc_t_obs_null_why(const char *key, const char *reason)
{
    (void)fprintf(stderr, "%s: null: %s\n", key, reason);
    shmc_t_obs_null(key);
}

/** "ok" for 0, else the errno's name ("EINVAL"). */
const char *
shmc_t_errstr(int errnum)
{
    return errnum == 0 ? "ok" : shmc_errname(errnum);
}

void
shmc_t_require(shmc_error_t err, const char *what)
{
    char msg[600];

    if (!shmc_is_error(err))
        return;
    if (shmc_error_is_skip(err)) {
        (void)snprintf(msg, sizeof(msg), "%s", shmc_error_message(err));
        shmc_error_free(err);
        atf_tc_skip("%s", msg);
    }
    (void)snprintf(msg, sizeof(msg), "%s: %s", what,
        shmc_error_message(err));
    shmc_error_free(err);
    atf_tc_fail("%s", msg);
}

/* ---------------------------------------------------------------------
 * Objects.
 * --------------------------------------------------------------------- */

/** The provider under test: the plugin that the "provider_path"
 * configuration variable names, else the provider that "provider" names
 * (the program's default when unset): built in, an adapter, or the plugin
 * NAME.so in "plugin_dir" (the installed plugin folder by default).  A
 * provider that cannot be loaded fails the case with the reason; one that
 * cannot run here skips it. */
const shmc_provider_t *
shmc_t_provider_named(const atf_tc_t *tc, const char *fallback)
{
    static const shmc_provider_t *p;
    const char *name;
    shmc_error_t err;
    char msg[600];
    bool skip;

    if (p == NULL) {
        name = atf_tc_get_config_var_wd(tc, "provider", NULL);
        shmc_adapter_set_dir(atf_tc_get_config_var(tc, "srcdir"));
        shmc_adapter_set_deadline(atoi(atf_tc_get_config_var_wd(tc,
            "adapter_deadline_ms", "0")));
        err = shmc_plugin_find(name != NULL ? name : fallback, name != NULL,
            atf_tc_get_config_var_wd(tc, "provider_path", NULL),
            atf_tc_get_config_var_wd(tc, "adapter_path", NULL),
            atf_tc_get_config_var_wd(tc, "plugin_dir", SHMC_PLUGINDIR), &p);
        if (shmc_is_error(err)) {
            skip = shmc_error_is_skip(err);
            (void)snprintf(msg, sizeof(msg), "%s", shmc_error_message(err));
            shmc_error_free(err);
            if (skip)
                atf_tc_skip("%s", msg);
            atf_tc_fail("%s", msg);
        }
    }
    if (p->m_caps == 0)
        atf_tc_skip("provider %s is not available on this system",
            p->m_name);
    return p;
}

/** Copies len bytes out of obj at off: through the provider's offset
 * I/O, else through a mapping. */
void
shmc_t_get(const shmc_provider_t *p, shmc_obj_t *obj, size_t off, void *buf,
    size_t len)
{
    void *addr;

    if (p->m_read != NULL) {
        shmc_t_require(p->m_read(obj, off, buf, len), "read");
        return;
    }
    shmc_t_require(p->m_map(obj, off + len, false, &addr), "map");
    memcpy(buf, (char *)addr + off, len);
    shmc_t_require(p->m_unmap(addr, off + len), "unmap");
}

/** Copies len bytes into obj at off, the same way; a mapping's pages get
 * their memory through shmc_t_back first (a full tmpfs skips). */
void
shmc_t_put(const shmc_provider_t *p, shmc_obj_t *obj, size_t off,
    const void *buf, size_t len)
{
    shmc_error_t err;
    void *addr;

    if (p->m_write != NULL) {
        /* A library that also shows its mapping here (a plugin with an
         * address) gets its pages through shmc_t_back as well; an
         * adapter's SIGBUS ends its own process, which it reports. */
        if (p->m_map != NULL) {
            err = p->m_map(obj, off + len, true, &addr);
            if (shmc_is_error(err))
                shmc_error_free(err);
            else {
                shmc_t_require(shmc_t_back(addr, off + len), "first write");
                shmc_t_require(p->m_unmap(addr, off + len), "unmap");
            }
        }
        shmc_t_require(p->m_write(obj, off, buf, len), "write");
        return;
    }
    shmc_t_require(p->m_map(obj, off + len, true, &addr), "map");
    shmc_t_require(shmc_t_back(addr, off + len), "first write");
    memcpy((char *)addr + off, buf, len);
    shmc_t_require(p->m_unmap(addr, off + len), "unmap");
}

/** Creates name with the given mode through p (0: the library's default;
 * the OS providers create with 0600). */
shmc_error_t
shmc_t_create_mode(const shmc_provider_t *p, const char *name, size_t size,
    unsigned int mode, shmc_obj_t *obj)
{
    if (p->m_create_mode != NULL)
        return p->m_create_mode(name, size, mode, obj);
    return p->m_create(name, size, obj);
}

/* The names a case gave a library provider's objects, for its cleanup. */
#define LIBRARY_NAMES "shmc-library-names.txt"

/** A fresh unique name for an object of p.  A library's objects are not
 * in the cleanup ledger (their identity is the library's); the name is
 * kept for shmc_t_library_cleanup. */
void
shmc_t_library_name(const shmc_provider_t *p, char *buf, size_t size)
{
    /* A library may create or connect: a name nobody can predict (see
     * shmc_provider_create_fresh). */
    if (p->m_library != NULL)
        shmc_t_missing_name(buf, size);
    else
        shmc_t_name(buf, size);
    shmc_t_library_keep(p, buf);
}

/** Keeps buf, a name of a library provider's object, for the cleanup. */
void
shmc_t_library_keep(const shmc_provider_t *p, const char *buf)
{
    FILE *f;

    if (p->m_library == NULL)
        return;
    f = fopen(LIBRARY_NAMES, "a");
    if (f == NULL || fprintf(f, "%s\n", buf) < 0 || fclose(f) != 0)
        atf_tc_fail("cannot keep the name %s in " LIBRARY_NAMES, buf);
}

/* The names are ones nobody can predict (shmc_t_library_name): nobody
 * else's. */
void
shmc_t_library_cleanup(const atf_tc_t *tc, const char *fallback)
{
    const shmc_provider_t *p;
    char name[SHMC_NAME_MAX + 2];
    FILE *f;

    if ((f = fopen(LIBRARY_NAMES, "r")) == NULL)
        return;
    p = shmc_t_provider_named(tc, fallback);
    while (fgets(name, sizeof(name), f) != NULL) {
        name[strcspn(name, "\n")] = '\0';
        if (p->m_unlink != NULL)
            shmc_error_free(p->m_unlink(name));
        if (p->m_cleanup != NULL)
            shmc_error_free(p->m_cleanup(name));
    }
    (void)fclose(f);
    (void)unlink(LIBRARY_NAMES);
}

/** Starts an unrelated process that speaks the adapter protocol for p: a
 * second instance of p's adapter, or shmcompat-adapter hosting p. */
void
shmc_t_peer_start(const atf_tc_t *tc, const shmc_provider_t *p,
    shmc_adapter_t *a)
{
    static char prog[1024], name[64], plugin[1024];
    char *argv[4];
    char *const *own = shmc_adapter_argv(p);

    if (own == NULL) {
        (void)snprintf(prog, sizeof(prog), "%s/shmcompat-adapter",
            atf_tc_get_config_var(tc, "srcdir"));
        (void)snprintf(name, sizeof(name), "%s", p->m_name);
        argv[0] = prog;
        argv[1] = name;
        argv[2] = NULL;
        if (shmc_plugin_path() != NULL) {
            (void)snprintf(plugin, sizeof(plugin), "%s", shmc_plugin_path());
            argv[2] = plugin;
        }
        argv[3] = NULL;
        own = argv;
    }
    shmc_t_require(shmc_adapter_start(own, a, NULL, 0), "starting a peer");
}

/** One exchange with a peer; returns its reply in reply, failing the case
 * when the peer hangs or dies. */
void
shmc_t_peer_call(shmc_adapter_t *a, const char *request, char *reply,
    size_t size)
{
    shmc_t_require(shmc_adapter_call(a, request, reply, size), "peer");
    if (!shmc_adapter_is_reply(reply)) {
        shmc_adapter_kill(a);
        atf_tc_fail("peer: %s: the adapter answered '%.80s', which the "
            "protocol does not know", a->m_what, reply);
    }
}

/** Fails the case when p is an adapter whose session broke: what an
 * operation gave then is no outcome of the library's. */
void
shmc_t_require_sound(const shmc_provider_t *p)
{
    const char *why = shmc_adapter_broken(p);

    if (why != NULL)
        atf_tc_fail("%s", why);
}

bool
shmc_t_peer_obj(shmc_adapter_t *a, const char *request,
    unsigned long *handle, char *reply, size_t size)
{
    shmc_t_peer_call(a, request, reply, size);
    if (strncmp(reply, "ok ", 3) != 0)
        return false;
    *handle = strtoul(reply + 3, NULL, 10);
    return true;
}

void
shmc_t_peer_write(shmc_adapter_t *a, unsigned long handle, size_t off,
    const void *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *b = buf;
    char *req, reply[512];
    size_t i, n, size = 2 * len + 64;

    if ((req = malloc(size)) == NULL)
        atf_tc_fail("out of memory");
    n = (size_t)snprintf(req, size, "write %lu %zu ", handle, off);
    for (i = 0; i < len; i++) {
        req[n++] = digits[b[i] >> 4];
        req[n++] = digits[b[i] & 15];
    }
    req[n] = '\0';
    shmc_t_peer_call(a, req, reply, sizeof(reply));
    free(req);
    ATF_REQUIRE_STREQ_MSG(reply, "ok", "the peer's write");
}

bool
shmc_t_peer_read(shmc_adapter_t *a, unsigned long handle, size_t off,
    void *buf, size_t len, char *reply, size_t size)
{
    unsigned char *b = buf;
    char req[128];
    unsigned int byte;
    size_t i;

    (void)snprintf(req, sizeof(req), "read %lu %zu %zu", handle, off, len);
    shmc_t_peer_call(a, req, reply, size);
    if (strncmp(reply, "ok ", 3) != 0 || strlen(reply) != 3 + 2 * len)
        return false;
    for (i = 0; i < len; i++) {
        if (sscanf(reply + 3 + 2 * i, "%2x", &byte) != 1)
            return false;
        b[i] = (unsigned char)byte;
    }
    return true;
}

/* ---------------------------------------------------------------------
 * Safe calls.
 * --------------------------------------------------------------------- */

void
shmc_t_ftruncate(int fd, off_t length)
{
    if (ftruncate(fd, length) == -1)
        atf_tc_fail("ftruncate(%d, %lld): %s", fd, (long long)length,
            shmc_t_errstr(errno));
}

void *
shmc_t_mmap(size_t length, int prot, int flags, int fd, off_t offset)
{
    void *p = mmap(NULL, length, prot, flags, fd, offset);

    if (p == MAP_FAILED)
        atf_tc_fail("mmap of %zu bytes (fd %d): %s", length, fd,
            shmc_t_errstr(errno));
    return p;
}

shmc_error_t
shmc_t_become_nobody(void)
{
    gid_t g = SHMC_T_NOBODY;

    if (setgroups(1, &g) == -1)
        return shmc_error_libc(errno, "setgroups(nobody)");
    if (setgid(SHMC_T_NOBODY) == -1)
        return shmc_error_libc(errno, "setgid(nobody)");
    if (setuid(SHMC_T_NOBODY) == -1)
        return shmc_error_libc(errno, "setuid(nobody)");
    return shmc_no_error();
}

/* ---------------------------------------------------------------------
 * Declared needs.
 * --------------------------------------------------------------------- */

/* The standard reason a provider without a capability gives. */
static const struct {
    unsigned int m_cap;
    const char *m_lacks;
} cap_reasons[] = {
    { SHMC_CAP_NAMED, "has no names another process can open" },
    { SHMC_CAP_FD, "gives no file descriptors" },
    { SHMC_CAP_RESIZE, "cannot change an object's size" },
    { SHMC_CAP_UNLINK, "cannot remove a name while its object lives" },
    { SHMC_CAP_TRUNCATE, "cannot empty an object by reopening it (O_TRUNC)" },
};

void
shmc_t_head(atf_tc_t *tc, const char *descr, const shmc_t_needs_t *needs)
{
    atf_tc_set_md_var(tc, "descr", "%s", descr);
    if (needs->m_root)
        atf_tc_set_md_var(tc, "require.user", "root");
}

void
shmc_t_check_needs(const atf_tc_t *tc, const char *fallback,
    const shmc_t_needs_t *needs)
{
    const shmc_provider_t *p;
    size_t i;

    if (needs->m_caps != 0 || needs->m_peer) {
        p = shmc_t_provider_named(tc, fallback);
        for (i = 0; i < sizeof(cap_reasons) / sizeof(cap_reasons[0]); i++)
            if ((needs->m_caps & cap_reasons[i].m_cap) &&
                !(shmc_provider_caps(p) & cap_reasons[i].m_cap))
                atf_tc_skip("provider %s %s", p->m_name,
                    cap_reasons[i].m_lacks);
        if (needs->m_peer && strcmp(p->m_name, "posix_shm") != 0)
            atf_tc_skip("shmcompat-peer speaks POSIX shm only, not %s",
                p->m_name);
    }
#if !defined(HAVE_UNSHARE)
    if (needs->m_ns != 0)
        atf_tc_skip("namespaces need unshare(2), which this system does "
            "not have");
#endif
}

/** A fresh unique name.  Naming records nothing: an object enters the
 * cleanup ledger once this process has created it. */
void
shmc_t_name(char *buf, size_t size)
{
    shmc_t_require(shmc_name_unique(buf, size), "naming an object");
}

/** Creates name (as shmc_t_shm_create); where rename is not NULL, a taken
 * name is replaced there by an unpredictable one, up to four times. */
static int
shm_create_as(const char *name, char *rename, size_t size, int flags,
    mode_t mode)
{
#if defined(HAVE_SHM_OPEN)
    int fd, tries = 0;

    while ((fd = shm_open(name, flags | O_CREAT | O_EXCL, mode)) == -1 &&
        rename != NULL && shmc_t_retry_taken(rename, size, errno, &tries))
        continue;
    if (fd == -1)
        atf_tc_fail("shm_open(%s, O_CREAT|O_EXCL): %s", name,
            strerror(errno));
    shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_SHM, name, fd),
        "recording a created object");
    return fd;
#else
    (void)name; (void)rename; (void)size; (void)flags; (void)mode;
    atf_tc_skip("shm_open is not available");
    return -1;
#endif
}

/** shm_open(name, O_CREAT|O_EXCL|flags, mode), failing the test on error;
 * records the object for the cleanup once created.  An EEXIST means the
 * name is someone else's, and nothing of theirs is recorded. */
int
shmc_t_shm_create(const char *name, int flags, mode_t mode)
{
    return shm_create_as(name, NULL, 0, flags, mode);
}

/** Names and creates a fresh shm object as shmc_t_shm_create does; a name
 * someone else holds is left to them and an unpredictable one tried. */
int
shmc_t_shm_new(char *name, size_t size, int flags, mode_t mode)
{
    shmc_t_name(name, size);
    return shm_create_as(name, name, size, flags, mode);
}

/** Names and creates a fresh object of objsize through p, which records
 * it; fails the test on error. */
void
shmc_t_obj_new(const shmc_provider_t *p, char *name, size_t size,
    size_t objsize, shmc_obj_t *obj)
{
    shmc_t_require(shmc_provider_create_fresh(p, name, size, objsize, obj),
        "create");
}

bool
shmc_t_retry_taken(char *name, size_t size, int errnum, int *tries)
{
    if (errnum != EEXIST || *tries >= 4)
        return false;
    (*tries)++;
    fprintf(stderr, "%s exists and is not ours: left alone, trying another "
        "name\n", name);
    shmc_t_require(shmc_name_unpredictable(name, size), "naming");
    return true;
}

/** A name nobody can predict, for cases that need a name to be missing. */
void
shmc_t_missing_name(char *buf, size_t size)
{
    shmc_t_require(shmc_name_unpredictable(buf, size), "naming");
}

void
shmc_t_cleanup(void)
{
    unsigned int removed;
    shmc_error_t err;

    err = shmc_cleanup_run(&removed);
    if (shmc_is_error(err)) {
        fprintf(stderr, "cleanup: %s\n", shmc_error_message(err));
        shmc_error_free(err);
    }
}

long
shmc_t_name_max(void)
{
#if defined(NAME_MAX)
    return NAME_MAX;
#else
    long n = pathconf("/", _PC_NAME_MAX);

    return n > 0 ? n : _POSIX_NAME_MAX;
#endif
}

long
shmc_t_path_max(void)
{
#if defined(PATH_MAX)
    return PATH_MAX;
#else
    long n = pathconf("/", _PC_PATH_MAX);

    return n > 0 ? n : _POSIX_PATH_MAX;
#endif
}

static void
grid_core(char *buf)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    static unsigned int counter;
    unsigned long pid = (unsigned long)getpid();
    const char *run = shmc_name_run_id();
    int i;

    memcpy(buf, SHMC_NAME_PREFIX, 4);
    buf[4] = run[0];
    buf[5] = run[1] != '\0' ? run[1] : '0';
    for (i = 10; i >= 6; i--, pid /= 36)
        buf[i] = digits[pid % 36];
    buf[11] = digits[(counter / 36) % 36];
    buf[12] = digits[counter % 36];
    buf[13] = '\0';
    counter++;
}

/** A malloc'ed grid name: fixed as it is, or prefix + unique core +
 * padding + suffix of the given total length (0: no padding).  Fails the
 * case when the length is too short for the core. */
char *
shmc_t_grid_name(const char *fixed, const char *prefix, const char *suffix,
    long length)
{
    char c[SHMC_T_CORE_LEN + 1], *name;
    size_t plen, slen, total, pad;

    if (fixed != NULL) {
        name = strdup(fixed);
        ATF_REQUIRE(name != NULL);
        return name;
    }
    grid_core(c);
    plen = strlen(prefix);
    slen = strlen(suffix);
    total = length > 0 ? (size_t)length : plen + SHMC_T_CORE_LEN + slen;
    if (total < plen + SHMC_T_CORE_LEN + slen)
        atf_tc_fail("the unique core does not fit in %ld bytes", length);
    pad = total - plen - SHMC_T_CORE_LEN - slen;
    name = malloc(total + 1);
    ATF_REQUIRE(name != NULL);
    memcpy(name, prefix, plen);
    memcpy(name + plen, c, SHMC_T_CORE_LEN);
    memset(name + plen + SHMC_T_CORE_LEN, 'a', pad);
    memcpy(name + plen + SHMC_T_CORE_LEN + pad, suffix, slen);
    name[total] = '\0';
    return name;
}

size_t
shmc_t_page(void)
{
    return (size_t)sysconf(_SC_PAGESIZE);
}

/* ---------------------------------------------------------------------
 * Children.
 * --------------------------------------------------------------------- */

/** The peer program sits beside the test programs, in the build tree and
 * once installed alike; ATF's srcdir is the test program's directory. */
const char *
shmc_t_peer(const atf_tc_t *tc)
{
    static char path[1024];

    (void)snprintf(path, sizeof(path), "%s/shmcompat-peer",
        atf_tc_get_config_var(tc, "srcdir"));
    return path;
}

/** Runs shmcompat-peer with args (NULL-ended) and returns its one-line
 * answer in out.  Returns false when it did not exit cleanly. */
bool
shmc_t_peer_run(const atf_tc_t *tc, const char *const *args, char *out,
    size_t size)
{
    char *argv[16];
    shmc_proc_result_t r;
    size_t i;
    bool ok;

    argv[0] = (char *)shmc_t_peer(tc);
    for (i = 0; args[i] != NULL && i + 2 < sizeof(argv) / sizeof(argv[0]);
        i++)
        argv[i + 1] = (char *)args[i];
    argv[i + 1] = NULL;
    shmc_t_require(shmc_proc_spawn(argv, SHMC_PROC_TIMEOUT_MS, &r),
        "running shmcompat-peer");
    (void)snprintf(out, size, "%s", r.m_output);
    out[strcspn(out, "\n")] = '\0';
    ok = shmc_proc_exited_ok(&r);
    if (!ok)
        (void)snprintf(out, size, "peer %s (status %d): %s",
            r.m_timed_out ? "timed out" : "failed", r.m_status, r.m_output);
    shmc_proc_result_fini(&r);
    return ok;
}

typedef struct {
    volatile unsigned char *m_addr;
    size_t m_len;
} back_t;

static int
back_child(void *arg, int fd)
{
    const back_t *b = arg;
    size_t i, page = shmc_t_page();

    (void)fd;
    shmc_proc_expect_signal();
    for (i = 0; i < b->m_len; i += page)
        b->m_addr[i] = b->m_addr[i];
    return 0;
}

/** Gives every page of a new shared mapping its memory with a first write
 * (of the byte already there) in a child.  Where the object's file system
 * has no room left (a full tmpfs), that write raises SIGBUS: it is
 * recorded as harness.first_write_signal and returned as a skip
 * (shmc_error_skip), instead of killing the case. */
shmc_error_t
shmc_t_back(void *addr, size_t len)
{
    shmc_proc_result_t r;
    shmc_error_t err;
    back_t b;
    int sig;

    b.m_addr = addr;
    b.m_len = len;
    err = shmc_proc_fork(back_child, &b, SHMC_PROC_TIMEOUT_MS, &r);
    if (shmc_is_error(err))
        return err;
    sig = shmc_proc_exited_ok(&r) ? 0 : shmc_proc_signal(&r);
    if (!shmc_proc_exited_ok(&r) && sig == 0)
        err = shmc_error_new("the child giving a new object its memory did "
            "not finish (status %d)", r.m_status);
    else if (sig == SIGBUS) {
        err = shmc_t_obs_try("harness.first_write_signal", "\"SIGBUS\"");
        shmc_error_free(err);
        err = shmc_error_skip("the first write into a new object raised "
            "SIGBUS: no memory backs it (its file system is full?)");
    } else if (sig != 0)
        err = shmc_error_new("the first write into a new object died of "
            "signal %d", sig);
    shmc_proc_result_fini(&r);
    return err;
}

static int
touch_child(void *arg, int fd)
{
    volatile unsigned char *p = ((volatile unsigned char **)arg)[0];
    bool write = ((volatile unsigned char **)arg)[1] != NULL;
    unsigned char c;

    (void)fd;
    shmc_proc_expect_signal();
    if (write)
        *p = 0x5a;
    else
        c = *p, (void)c;
    return 0;
}

/** Reads (or writes) one byte in a child; returns the signal that killed
 * it, 0 when the access worked, -1 when the child did not finish. */
int
shmc_t_touch(volatile unsigned char *addr, bool write)
{
    volatile unsigned char *args[2];
    shmc_proc_result_t r;
    int sig;

    args[0] = addr;
    args[1] = write ? addr : NULL;
    shmc_t_require(shmc_proc_fork(touch_child, (void *)args,
        SHMC_PROC_TIMEOUT_MS, &r), "forking a child to touch memory");
    sig = shmc_proc_exited_ok(&r) ? 0 : shmc_proc_signal(&r);
    if (sig == 0 && !shmc_proc_exited_ok(&r))
        sig = -1;
    shmc_proc_result_fini(&r);
    return sig;
}

/* ---------------------------------------------------------------------
 * Namespaces.
 * --------------------------------------------------------------------- */

#if defined(HAVE_UNSHARE) && defined(CLONE_NEWNS)
static shmc_error_t
write_file(const char *path, const char *text)
{
    int fd;
    ssize_t n;

    fd = open(path, O_WRONLY);
    if (fd == -1)
        return shmc_error_libc(errno, "open %s", path);
    n = write(fd, text, strlen(text));
    (void)close(fd);
    if (n != (ssize_t)strlen(text))
        return shmc_error_libc(errno, "write %s", path);
    return shmc_no_error();
}

/** Makes every mount this process can see private, one at a time: in a
 * chroot (or a container) whose "/" is no mount point of its own, "/"
 * cannot be made private recursively. */
static shmc_error_t
private_each_mount(void)
{
    shmc_mounts_t mounts;
    shmc_error_t err;
    size_t i;

    shmc_mounts_init(&mounts);
    err = shmc_mounts_load(&mounts);
    for (i = 0; !shmc_is_error(err) && i < mounts.m_count; i++)
        if (mount(NULL, mounts.m_entries[i].m_mount_point, NULL, MS_PRIVATE,
            NULL) == -1 && errno != EINVAL)
            err = shmc_error_libc(errno, "making %s private",
                mounts.m_entries[i].m_mount_point);
    shmc_mounts_fini(&mounts);
    return err;
}

/** Enters private namespaces (a mount namespace with private propagation,
 * an IPC namespace, or both): directly as root, else inside a new user
 * namespace that maps the caller to root. */
static shmc_error_t
enter_ns(int what)
{
    char map[64];
    uid_t uid = getuid();
    gid_t gid = getgid();
    int flags = 0;
    shmc_error_t err;

    if (what & SHMC_T_NS_MOUNT)
        flags |= CLONE_NEWNS;
    if (what & SHMC_T_NS_IPC)
        flags |= CLONE_NEWIPC;
    if (unshare(flags) == -1) {
        if (errno != EPERM)
            return shmc_error_libc(errno, "unshare");
        if (unshare(CLONE_NEWUSER | flags) == -1)
            return shmc_error_skip("neither unshare(2) of the namespace "
                "nor a user namespace is allowed here: %s", strerror(errno));
        (void)write_file("/proc/self/setgroups", "deny");
        (void)snprintf(map, sizeof(map), "0 %ld 1", (long)uid);
        err = write_file("/proc/self/uid_map", map);
        if (shmc_is_error(err))
            return err;
        (void)snprintf(map, sizeof(map), "0 %ld 1", (long)gid);
        err = write_file("/proc/self/gid_map", map);
        if (shmc_is_error(err))
            return err;
    }
    /* Nothing done inside may propagate back to the host. */
    if ((what & SHMC_T_NS_MOUNT) &&
        mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
        if (errno != EINVAL)
            return shmc_error_libc(errno, "making / private");
        return private_each_mount();
    }
    return shmc_no_error();
}

typedef struct {
    int m_what;
    shmc_t_ns_fn_t m_fn;
    void *m_arg;
} ns_call_t;

/** In the child: enters the namespaces, then runs the function (if any);
 * shmc_proc_call sends the verdict up. */
static shmc_error_t
ns_child(void *arg, int fd)
{
    const ns_call_t *call = arg;
    shmc_error_t err;

    err = enter_ns(call->m_what);
    if (shmc_is_error(err) || call->m_fn == NULL)
        return err;
    return call->m_fn(call->m_arg, fd);
}
#endif

shmc_error_t
shmc_t_in_ns(int what, shmc_t_ns_fn_t fn, void *arg)
{
#if defined(HAVE_UNSHARE) && defined(CLONE_NEWNS)
    ns_call_t call;

    call.m_what = what;
    call.m_fn = fn;
    call.m_arg = arg;
    return shmc_proc_call(ns_child, &call, SHMC_PROC_TIMEOUT_MS, NULL, 0);
#else
    (void)what;
    (void)fn;
    (void)arg;
    return shmc_error_skip("namespaces need unshare(2), which this system "
        "does not have");
#endif
}

/** Where shm_open objects live, measured as shmcompat-probe does. */
bool
shmc_t_shm_dir(char *buf, size_t size)
{
    shmc_shmdir_t dir;

    shmc_shmdir_locate_here(&dir);
    if (!dir.m_found)
        return false;
    (void)snprintf(buf, size, "%s", dir.m_dir);
    return true;
}
