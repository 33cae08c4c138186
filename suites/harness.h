/* SPDX-License-Identifier: BSD-2-Clause */

/** The ATF side of the harness: what every suite program shares.
 *
 * Observations checked against the catalogue, unique object names that a
 * cleanup routine removes, the peer program, children that may die of a
 * signal, and private mount namespaces. */

#if !defined(SHMC_SUITES_HARNESS_H)
#define SHMC_SUITES_HARNESS_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#include <atf-c.h>

#include "lib/error.h"
#include "lib/name.h"
#include "lib/obs.h"
#include "lib/proc.h"
#include "lib/provider.h"
#include "suites/provider_adapter.h"

/* The catalogue, generated from suites/observations.txt. */
extern const shmc_obs_entry_t shmc_catalogue[];
extern const size_t shmc_catalogue_size;

/* Observations: each writes "shmc-obs: KEY VALUE" for key, which must be
 * in the catalogue; the void ones fail the case when it is not. */
/** Writes the observation of key with the JSON text json; an error, not a
 * failure, for children, which must not call ATF. */
shmc_error_t shmc_t_obs_try(const char *key, const char *json);
/** As shmc_t_obs_try, the outcome errnum: "ok" for 0, else its name. */
shmc_error_t shmc_t_obs_try_errno(const char *key, int errnum);
/** The observation of key with the JSON text json. */
void shmc_t_obs_json(const char *key, const char *json);
/** The observation of key with the string s. */
void shmc_t_obs_str(const char *key, const char *s);
/** The observation of key with the integer v. */
void shmc_t_obs_int(const char *key, long long v);
/** The observation of key with the boolean b. */
void shmc_t_obs_bool(const char *key, bool b);
/** The observation of key with the outcome errnum: "ok" for 0, else the
 * errno's name. */
void shmc_t_obs_errno(const char *key, int errnum);
/** The observation of key with null (nothing could be measured). */
void shmc_t_obs_null(const char *key);
/** As shmc_t_obs_null, saying on standard error why (reason) nothing
 * was tried. */
void shmc_t_obs_null_why(const char *key, const char *reason);
/** "ok" for 0, else the errno's name ("EINVAL"); static. */
const char *shmc_t_errstr(int errnum);

/** Fails the case with "what: message" when err is an error, skips it
 * with the message when err is a skip (shmc_error_skip), and frees err. */
void shmc_t_require(shmc_error_t err, const char *what);

/* The provider a generic suite program tests unless the "provider"
 * configuration variable names another; the Makefile builds the generic
 * programs once per provider by setting this. */
#if !defined(SHMC_DEFAULT_PROVIDER)
#   define SHMC_DEFAULT_PROVIDER "posix_shm"
#endif
#define shmc_t_provider(tc) shmc_t_provider_named((tc), SHMC_DEFAULT_PROVIDER)
/** The provider case tc tests: the one its configuration names, else
 * fallback; fails the case when it cannot be loaded, skips it when it
 * cannot run here.  Borrowed: it lives as long as the program. */
const shmc_provider_t *shmc_t_provider_named(const atf_tc_t *tc,
    const char *fallback);

/* Safe calls: each fails the case, naming the call and the errno, when
 * the call fails; for the setup of a case, not for what it asserts. */
/** ftruncate(fd, length). */
void shmc_t_ftruncate(int fd, off_t length);
/** mmap(NULL, length, prot, flags, fd, offset); the mapping. */
void *shmc_t_mmap(size_t length, int prot, int flags, int fd, off_t offset);

/* The unprivileged user and group cases act as ("nobody" on most
 * systems), as a number and as shmcompat-peer's -u/-g argument. */
#define SHMC_T_NOBODY 65534
#define SHMC_T_NOBODY_ARG "65534"
/** Drops every privilege to SHMC_T_NOBODY: groups, gid, uid.  For a
 * forked child of a case running as root; never in the case itself. */
shmc_error_t shmc_t_become_nobody(void);
/* Read and write, the protection most mappings ask for. */
#define SHMC_T_RW (PROT_READ | PROT_WRITE)
/* Objects, whether or not their memory is mapped in this process. */
/** Copies len bytes of obj at off into buf: through p's offset I/O, else
 * through a mapping; fails the case on error. */
void shmc_t_get(const shmc_provider_t *p, shmc_obj_t *obj, size_t off,
    void *buf, size_t len);
/** Copies len bytes of buf into obj at off, the same way; a mapping's
 * pages get their memory through shmc_t_back first (a full tmpfs skips). */
void shmc_t_put(const shmc_provider_t *p, shmc_obj_t *obj, size_t off,
    const void *buf, size_t len);
/** Creates name of size bytes through p with mode (0: the library's
 * default; the OS providers create with 0600), into obj. */
shmc_error_t shmc_t_create_mode(const shmc_provider_t *p, const char *name,
    size_t size, unsigned int mode, shmc_obj_t *obj);
/** A fresh unique name for an object of the library provider p, into buf
 * (size bytes), kept for shmc_t_library_cleanup (a library's objects are
 * not in the ledger). */
void shmc_t_library_name(const shmc_provider_t *p, char *buf, size_t size);
/** Keeps buf, a name of an object of the library provider p, for
 * shmc_t_library_cleanup. */
void shmc_t_library_keep(const shmc_provider_t *p, const char *buf);
/** For a case's cleanup routine: removes, with the library's own call
 * and the provider's cleanup hook, what a library provider (the program's
 * or, without one configured, fallback) holds under the case's names. */
void shmc_t_library_cleanup(const atf_tc_t *tc, const char *fallback);
/* Unrelated peers that speak the adapter protocol for a provider. */
/** Starts into a an unrelated process that speaks the adapter protocol
 * for p (for case tc): a second instance of p's adapter, or
 * shmcompat-adapter hosting p; fails the case when it cannot. */
void shmc_t_peer_start(const atf_tc_t *tc, const shmc_provider_t *p,
    shmc_adapter_t *a);
/** Sends request to peer a and puts its reply in reply (size bytes);
 * fails the case when the peer hangs or dies. */
void shmc_t_peer_call(shmc_adapter_t *a, const char *request, char *reply,
    size_t size);
/** Fails the case when p is an adapter provider whose session hung, died
 * or left the protocol: the outcome of an operation is then no finding.
 * For characterization cases, before they record an outcome. */
void shmc_t_require_sound(const shmc_provider_t *p);
/** Sends a create or open request to peer a; true with the object's
 * handle when it answered "ok HANDLE ...", else false with its reply in
 * reply. */
bool shmc_t_peer_obj(shmc_adapter_t *a, const char *request,
    unsigned long *handle, char *reply, size_t size);
/** Has peer a write len bytes of buf at off into its object handle;
 * fails the case unless it answers "ok". */
void shmc_t_peer_write(shmc_adapter_t *a, unsigned long handle, size_t off,
    const void *buf, size_t len);
/** Has peer a read len bytes at off of its object handle into buf; false
 * with its reply in reply when it answers no "ok HEX" of len bytes. */
bool shmc_t_peer_read(shmc_adapter_t *a, unsigned long handle, size_t off,
    void *buf, size_t len, char *reply, size_t size);

/* Objects. */
/** A fresh unique object name into buf (size bytes); naming records
 * nothing in the ledger. */
void shmc_t_name(char *buf, size_t size);
/** A name nobody can predict into buf (size bytes), for a name that must
 * be missing. */
void shmc_t_missing_name(char *buf, size_t size);
/** After an exclusive create at name failed with errnum: when that is
 * EEXIST, the name is someone else's; says so on standard error, leaves it
 * to them, puts an unpredictable name into name (size bytes) and returns
 * true, at most four times per *tries (0 at first); else false. */
bool shmc_t_retry_taken(char *name, size_t size, int errnum, int *tries);
/** shm_open(name, O_CREAT|O_EXCL|flags, mode), failing the case on error;
 * the object enters the ledger once created.  Returns the descriptor. */
int shmc_t_shm_create(const char *name, int flags, mode_t mode);
/** Names (into name, size bytes) and creates a fresh shm object as
 * shmc_t_shm_create does; a name someone else holds is left to them and
 * an unpredictable one tried. */
int shmc_t_shm_new(char *name, size_t size, int flags, mode_t mode);
/** Names (into name, size bytes) and creates through p a fresh object of
 * objsize bytes, into obj; fails the case on error. */
void shmc_t_obj_new(const shmc_provider_t *p, char *name, size_t size,
    size_t objsize, shmc_obj_t *obj);
/** Removes what the ledger holds of this case (the cleanup routine). */
void shmc_t_cleanup(void);
/** The page size. */
size_t shmc_t_page(void);

/* Names for naming grids: the run's unique core ("shmc" + 2 run-id
 * characters + 5 base-36 pid digits + 2 counter digits) between a prefix
 * and a suffix, padded with 'a' to a total length. */
#define SHMC_T_CORE_LEN 13
/** A grid name the caller frees: fixed as it is when not NULL, else
 * prefix + the unique core + padding + suffix, length bytes in all (0: no
 * padding).  Fails the case when length leaves no room for the core. */
char *shmc_t_grid_name(const char *fixed, const char *prefix,
    const char *suffix, long length);
/** NAME_MAX, or what pathconf says of "/" where it is not defined. */
long shmc_t_name_max(void);
/** PATH_MAX, or what pathconf says of "/" where it is not defined. */
long shmc_t_path_max(void);

/* Children. */
/** The path of shmcompat-peer beside the test program of tc. */
const char *shmc_t_peer(const atf_tc_t *tc);
/** Runs shmcompat-peer with args (NULL-ended) and puts its one-line
 * answer in out (size bytes); false when it did not exit cleanly. */
bool shmc_t_peer_run(const atf_tc_t *tc, const char *const *args, char *out,
    size_t size);
/** Reads (or, when write, writes) the byte at addr in a child: the signal
 * that killed it, 0 when the access worked, -1 when it did not finish. */
int shmc_t_touch(volatile unsigned char *addr, bool write);
/** Gives every page of the new shared mapping of len bytes at addr its
 * memory with a first write in a child; a full file system's SIGBUS is
 * recorded and returned as a skip. */
shmc_error_t shmc_t_back(void *addr, size_t len);

/* Namespaces. */
/** What runs inside the namespaces: arg is shmc_t_in_ns's, fd the pipe up
 * to the case. */
typedef shmc_error_t (*shmc_t_ns_fn_t)(void *arg, int fd);
#define SHMC_T_NS_MOUNT 1       /* A private mount namespace. */
#define SHMC_T_NS_IPC 2         /* A private System V IPC namespace. */
/** Runs fn(arg, fd) in a forked child inside the private namespaces what
 * (SHMC_T_NS_* bits) and returns its verdict: no error, a skip (the
 * namespaces cannot be had here) or an error.  Observations the child
 * prints go to the test's output. */
shmc_error_t shmc_t_in_ns(int what, shmc_t_ns_fn_t fn, void *arg);
#define shmc_t_in_mount_ns(fn, arg) shmc_t_in_ns(SHMC_T_NS_MOUNT, (fn), (arg))
/** Where shm_open objects live, measured as shmcompat-probe does, into
 * buf (size bytes); false when they live in no directory. */
bool shmc_t_shm_dir(char *buf, size_t size);

/* ---------------------------------------------------------------------
 * Declaring a test case.
 *
 *     SHMC_TC(shm_open__excl_existing__eexist,
 *         "O_CREAT|O_EXCL on an existing name fails with EEXIST")
 *     {
 *         ...the body; tc is the test case...
 *     }
 *
 * and ATF_TP_ADD_TC(tp, name) in ATF_TP_ADD_TCS.  A case that needs
 * something the machine may lack declares it instead of testing for it:
 *
 *     SHMC_TC_NEEDS(name, "descr", .m_root = true, .m_caps = SHMC_CAP_NAMED)
 *
 * Needs are checked before the body runs, each skipping with one standard
 * reason; root becomes kyua's require.user, which kyua checks itself.
 * Every case gets the cleanup routine that removes what its body
 * recorded in the ledger.
 * --------------------------------------------------------------------- */

/** What a case needs; members left out need nothing. */
typedef struct {
    bool m_root;            /* To run as root (require.user). */
    unsigned int m_caps;    /* SHMC_CAP_* bits of the suite's provider. */
    bool m_peer;            /* shmcompat-peer speaks the provider's API. */
    int m_ns;               /* SHMC_T_NS_* namespaces to be had. */
} shmc_t_needs_t;

/** Sets a case's description and the metadata its needs call for. */
void shmc_t_head(atf_tc_t *tc, const char *descr,
    const shmc_t_needs_t *needs);
/** Skips the case, with the standard reason, unless needs are met; the
 * provider is the one the program tests (fallback: its default). */
void shmc_t_check_needs(const atf_tc_t *tc, const char *fallback,
    const shmc_t_needs_t *needs);

#if defined(__GNUC__)
#   define SHMC_T_UNUSED __attribute__((unused))
#else
#   define SHMC_T_UNUSED
#endif

/** A test case with a description and no needs; the body follows. */
#define SHMC_TC(name, descr) SHMC_TC_NEEDS(name, descr, .m_root = false)

/** A test case with a description and needs (shmc_t_needs_t members as
 * designated initializers); the body follows. */
#define SHMC_TC_NEEDS(name, descr, ...) \
    static void shmc_t_body_ ## name(const atf_tc_t *); \
    static const shmc_t_needs_t shmc_t_needs_ ## name = { __VA_ARGS__ }; \
    ATF_TC_WITH_CLEANUP(name); \
    ATF_TC_HEAD(name, tc) \
    { \
        shmc_t_head(tc, (descr), &shmc_t_needs_ ## name); \
    } \
    ATF_TC_BODY(name, tc) \
    { \
        shmc_t_check_needs(tc, SHMC_DEFAULT_PROVIDER, \
            &shmc_t_needs_ ## name); \
        shmc_t_body_ ## name(tc); \
    } \
    SHMC_T_CLEANUP(name) \
    static void shmc_t_body_ ## name(const atf_tc_t *tc SHMC_T_UNUSED)

/** Defines a cleanup routine that removes what the body recorded: the
 * ledger's objects, then a library provider's named ones. */
#define SHMC_T_CLEANUP(name) \
    ATF_TC_CLEANUP(name, tc) \
    { \
        shmc_t_cleanup(); \
        shmc_t_library_cleanup(tc, SHMC_DEFAULT_PROVIDER); \
    }

#endif /* !defined(SHMC_SUITES_HARNESS_H) */
