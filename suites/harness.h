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

/* Observations. */
shmc_error_t shmc_t_obs_try(const char *, const char *);
shmc_error_t shmc_t_obs_try_errno(const char *, int);
void shmc_t_obs_json(const char *, const char *);
void shmc_t_obs_str(const char *, const char *);
void shmc_t_obs_int(const char *, long long);
void shmc_t_obs_bool(const char *, bool);
void shmc_t_obs_errno(const char *, int);
void shmc_t_obs_null(const char *);
void shmc_t_obs_null_why(const char *, const char *);
const char *shmc_t_errstr(int);

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
const shmc_provider_t *shmc_t_provider_named(const atf_tc_t *, const char *);
const shmc_provider_t *shmc_t_require_caps_of(const shmc_provider_t *,
    unsigned int, const char *);
#define shmc_t_require_caps(tc, caps, why) \
    shmc_t_require_caps_of(shmc_t_provider(tc), (caps), (why))

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
void shmc_t_get(const shmc_provider_t *, shmc_obj_t *, size_t, void *,
    size_t);
void shmc_t_put(const shmc_provider_t *, shmc_obj_t *, size_t, const void *,
    size_t);
shmc_error_t shmc_t_create_mode(const shmc_provider_t *, const char *, size_t,
    unsigned int, shmc_obj_t *);
void shmc_t_library_name(const shmc_provider_t *, char *, size_t);
void shmc_t_library_keep(const shmc_provider_t *, const char *);
/** For a case's cleanup routine: removes, with the library's own call
 * and the provider's cleanup hook, what a library provider (the program's
 * or, without one configured, fallback) holds under the case's names. */
void shmc_t_library_cleanup(const atf_tc_t *tc, const char *fallback);
/* Unrelated peers that speak the adapter protocol for a provider. */
void shmc_t_peer_start(const atf_tc_t *, const shmc_provider_t *,
    shmc_adapter_t *);
void shmc_t_peer_call(shmc_adapter_t *, const char *, char *, size_t);

/* Objects. */
void shmc_t_name(char *, size_t);
void shmc_t_missing_name(char *, size_t);
int shmc_t_shm_create(const char *, int, mode_t);
int shmc_t_shm_new(char *, size_t, int, mode_t);
void shmc_t_obj_new(const shmc_provider_t *, char *, size_t, size_t,
    shmc_obj_t *);
void shmc_t_cleanup(void);
size_t shmc_t_page(void);

/* Names for naming grids: the run's unique core ("shmc" + 2 run-id
 * characters + 5 base-36 pid digits + 2 counter digits) between a prefix
 * and a suffix, padded with 'a' to a total length. */
#define SHMC_T_CORE_LEN 13
char *shmc_t_grid_name(const char *, const char *, const char *, long);
long shmc_t_name_max(void);
long shmc_t_path_max(void);

/* Children. */
const char *shmc_t_peer(const atf_tc_t *);
bool shmc_t_peer_run(const atf_tc_t *, const char *const *, char *,
    size_t);
int shmc_t_touch(volatile unsigned char *, bool);
shmc_error_t shmc_t_back(void *, size_t);

/* Namespaces. */
typedef shmc_error_t (*shmc_t_ns_fn_t)(void *, int);
#define SHMC_T_NS_MOUNT 1       /* A private mount namespace. */
#define SHMC_T_NS_IPC 2         /* A private System V IPC namespace. */
/** Runs fn(arg, fd) in a forked child inside the private namespaces what
 * (SHMC_T_NS_* bits) and returns its verdict: no error, a skip (the
 * namespaces cannot be had here) or an error.  Observations the child
 * prints go to the test's output. */
shmc_error_t shmc_t_in_ns(int what, shmc_t_ns_fn_t fn, void *arg);
#define shmc_t_in_mount_ns(fn, arg) shmc_t_in_ns(SHMC_T_NS_MOUNT, (fn), (arg))
bool shmc_t_shm_dir(char *, size_t);

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
