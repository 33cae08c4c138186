/* SPDX-License-Identifier: BSD-2-Clause */

/** What a provider does with its objects, measured: whether they outlive
 * their creator's exit or SIGKILL and an attacher's exit, whether create
 * is exclusive, the mode and the kind of object that appears in the OS,
 * what stays behind after removal, and whether an unrelated process opens
 * them by name, and what a read-only open does.
 *
 * These are characterization cases: a library's policy is whatever it
 * is, and is recorded under the provider's name (P.lifetime.*, P.create.*
 * and so on); the cases fail only when the harness cannot measure.  The
 * unrelated process is an adapter (shmcompat-adapter hosting the provider,
 * or the provider's own adapter program), started with posix_spawn. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "suites/harness.h"
#include "suites/traces.h"

static const char payload[] = "shmcompat provider payload";

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

/** The key for the provider under test: fmt holds one %s for its name. */
static const char *
pkey(const shmc_provider_t *p, const char *fmt)
{
    static char key[128];

    (void)snprintf(key, sizeof(key), fmt, p->m_name);
    return key;
}

/** Removes name with the library's own call and its cleanup hook, quietly:
 * it may be gone already. */
static void
remove_quietly(const shmc_provider_t *p, const char *name)
{
    if (p->m_caps & SHMC_CAP_UNLINK || p->m_unlink != NULL)
        shmc_error_free(p->m_unlink(name));
    if (p->m_cleanup != NULL)
        shmc_error_free(p->m_cleanup(name));
}

/** Whether a create of name that failed with errnum is tried again under
 * another name (written into name, size bytes): an OS provider's name that
 * someone else holds.  A library's names are unpredictable already, and
 * kept for its cleanup before it creates. */
static bool
again(const shmc_provider_t *p, char *name, size_t size, int errnum,
    int *tries)
{
    return p->m_library == NULL &&
        shmc_t_retry_taken(name, size, errnum, tries);
}

/** The errno of an adapter's "error ERRNAME ..." reply, else 0. */
static int
reply_errno(const char *reply)
{
    return strncmp(reply, "error EEXIST", 12) == 0 &&
        (reply[12] == ' ' || reply[12] == '\0') ? EEXIST : 0;
}

/** The outcome of an error for an observation: "ok", the errno's name, or
 * "library_error". */
static const char *
outcome(const shmc_provider_t *p, shmc_error_t err)
{
    static char out[32];

    shmc_t_require_sound(p);
    if (!shmc_is_error(err))
        (void)snprintf(out, sizeof(out), "ok");
    else if (shmc_error_errno(err) != 0)
        (void)snprintf(out, sizeof(out), "%s",
            shmc_t_errstr(shmc_error_errno(err)));
    else
        (void)snprintf(out, sizeof(out), "library_error");
    return out;
}

/** Whether name opens here (for writing, as the library's users open
 * what they use) and holds payload. */
static bool
holds_payload(const shmc_provider_t *p, const char *name, char *why,
    size_t size)
{
    char buf[sizeof(payload)];
    shmc_error_t err;
    shmc_obj_t obj;

    err = p->m_open(name, SHMC_OPEN_RDWR, &obj);
    shmc_t_require_sound(p);
    if (shmc_is_error(err)) {
        (void)snprintf(why, size, "open: %s", shmc_error_message(err));
        shmc_error_free(err);
        return false;
    }
    shmc_t_get(p, &obj, 0, buf, sizeof(buf));
    shmc_t_require(p->m_close(&obj), "close");
    (void)snprintf(why, size, "the object does not hold the payload");
    return memcmp(buf, payload, sizeof(payload)) == 0;
}

/** Records under key whether name still holds the payload after the
 * event that when names, and prints why not where it does not. */
static void
record_lives(const shmc_provider_t *p, const char *name, const char *key,
    const char *when)
{
    char why[600];
    bool lives = holds_payload(p, name, why, sizeof(why));

    shmc_t_obs_bool(key, lives);
    if (!lives)
        printf("after %s: %s\n", when, why);
}

/** Has a peer create name, write the payload and then exit or be killed;
 * records whether the object outlives it under key. */
static void
creator_ends(const atf_tc_t *tc, bool kill, const char *lifetime_key)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX], core[64], req[512], reply[512];
    char left[4096], key[128];
    shmc_traces_t before, after;
    shmc_adapter_t peer;
    unsigned long h;
    int tries = 0;

    /* Its own copy: pkey's buffer serves the leftovers' key too. */
    (void)snprintf(key, sizeof(key), "%s", lifetime_key);
    shmc_t_library_name(p, name, sizeof(name));
    for (;;) {
        shmc_name_core(name, core, sizeof(core));
        shmc_traces_take(&before, core);
        shmc_t_peer_start(tc, p, &peer);
        (void)snprintf(req, sizeof(req), "create %s %zu 0", name,
            shmc_t_page());
        if (shmc_t_peer_obj(&peer, req, &h, reply, sizeof(reply)))
            break;
        shmc_adapter_kill(&peer);
        shmc_traces_fini(&before);
        if (!again(p, name, sizeof(name), reply_errno(reply), &tries))
            atf_tc_fail("the peer could not create %s: %s", name, reply);
    }
    shmc_t_peer_write(&peer, h, 0, payload, sizeof(payload));
    if (kill) {
        shmc_adapter_kill(&peer);
        /* Before this process opens it: a library may remove what it
         * closes. */
        shmc_traces_take(&after, core);
        (void)shmc_traces_diff(&before, &after, NULL, left, sizeof(left));
        printf("after the kill: %s\n", left);
        (void)shmc_traces_diff(&before, &after, name, left, sizeof(left));
        shmc_t_obs_json(pkey(p, "%s.leftovers.after_kill"), left);
        shmc_traces_fini(&after);
    } else
        shmc_t_require(shmc_adapter_stop(&peer), "the peer's exit");
    shmc_traces_fini(&before);
    record_lives(p, name, key, kill ? "the creator's SIGKILL" :
        "the creator's exit");
    remove_quietly(p, name);
}

/** Creates name (size bytes; a name someone else holds is replaced, see
 * again) with the library's default mode.  With before, a snapshot of the
 * traces under the name's core (into core, coresize bytes) is taken there
 * first, again for each name tried. */
static void
create_fresh(const shmc_provider_t *p, char *name, size_t size,
    shmc_obj_t *obj, shmc_traces_t *before, char *core, size_t coresize)
{
    shmc_error_t err;
    int tries = 0;

    for (;;) {
        if (before != NULL) {
            shmc_name_core(name, core, coresize);
            shmc_traces_take(before, core);
        }
        err = shmc_t_create_mode(p, name, shmc_t_page(), 0, obj);
        if (!shmc_is_error(err))
            return;
        if (before != NULL)
            shmc_traces_fini(before);
        if (!again(p, name, size, shmc_error_errno(err), &tries))
            break;
        shmc_error_free(err);
    }
    shmc_t_require(err, "create");
}

/** Creates name as create_fresh does, with the payload written into it. */
static void
create_with_payload(const shmc_provider_t *p, char *name, size_t size,
    shmc_obj_t *obj)
{
    create_fresh(p, name, size, obj, NULL, NULL, 0);
    shmc_t_put(p, obj, 0, payload, sizeof(payload));
}

/** Opens name for writing in a fresh peer and reads the payload; returns
 * its reply ("ok HEX" or an error) in reply; the peer then exits. */
static void
peer_reads(const atf_tc_t *tc, const shmc_provider_t *p, const char *name,
    char *reply, size_t size)
{
    char req[512], buf[sizeof(payload)];
    shmc_adapter_t peer;
    unsigned long h;

    shmc_t_peer_start(tc, p, &peer);
    (void)snprintf(req, sizeof(req), "open %s rdwr", name);
    if (shmc_t_peer_obj(&peer, req, &h, reply, size))
        (void)shmc_t_peer_read(&peer, h, 0, buf, sizeof(buf), reply, size);
    shmc_t_require(shmc_adapter_stop(&peer), "the peer's exit");
}

/** Whether a peer's "ok HEX" reply is the payload. */
static bool
is_payload(const char *reply)
{
    char hex[2 * sizeof(payload) + 1];
    size_t i;

    for (i = 0; i < sizeof(payload); i++)
        (void)snprintf(hex + 2 * i, 3, "%02x", (unsigned char)payload[i]);
    return strncmp(reply, "ok ", 3) == 0 && strcmp(reply + 3, hex) == 0;
}

/* ---------------------------------------------------------------------
 * Test cases.
 * --------------------------------------------------------------------- */

SHMC_TC_NEEDS(provider__creator_exit, "Records whether an object outlives "
    "the normal exit of the unrelated process that created it",
    .m_caps = SHMC_CAP_NAMED)
{
    creator_ends(tc, false, pkey(shmc_t_provider(tc),
        "%s.lifetime.outlives_creator_exit"));
}

SHMC_TC_NEEDS(provider__creator_kill, "Records whether an object outlives "
    "its creator's SIGKILL, and what the killed creator left in the OS",
    .m_caps = SHMC_CAP_NAMED)
{
    creator_ends(tc, true, pkey(shmc_t_provider(tc),
        "%s.lifetime.outlives_creator_kill"));
}

SHMC_TC_NEEDS(provider__close, "Records whether an object outlives the "
    "close of the only object that refers to it, in its creator",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t obj;

    shmc_t_library_name(p, name, sizeof(name));
    create_with_payload(p, name, sizeof(name), &obj);
    shmc_t_require(p->m_close(&obj), "close");
    record_lives(p, name, pkey(p, "%s.lifetime.outlives_close"),
        "the last close");
    remove_quietly(p, name);
}

SHMC_TC_NEEDS(provider__attacher_exit, "Records whether an object outlives "
    "an unrelated process that opened it, read it and exited normally, "
    "while its creator keeps it open",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX], reply[512];
    shmc_obj_t obj;

    shmc_t_library_name(p, name, sizeof(name));
    create_with_payload(p, name, sizeof(name), &obj);
    /* The creator's object stays open: what ends it is the attacher. */
    peer_reads(tc, p, name, reply, sizeof(reply));
    if (!is_payload(reply))
        printf("the attacher read: %s\n", reply);
    record_lives(p, name, pkey(p, "%s.lifetime.outlives_attacher_exit"),
        "the attacher's exit");
    shmc_t_require(p->m_close(&obj), "close");
    remove_quietly(p, name);
}

SHMC_TC_NEEDS(provider__peer_by_name, "Records whether an unrelated process "
    "opens a live object by its name and reads what this one wrote",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX], reply[512];
    shmc_obj_t obj;

    shmc_t_library_name(p, name, sizeof(name));
    create_with_payload(p, name, sizeof(name), &obj);
    peer_reads(tc, p, name, reply, sizeof(reply));
    if (is_payload(reply))
        shmc_t_obs_str(pkey(p, "%s.peer.by_name"), "ok");
    else if (strncmp(reply, "ok", 2) == 0)
        shmc_t_obs_str(pkey(p, "%s.peer.by_name"), "other_data");
    else {
        printf("the peer: %s\n", reply);
        reply[strcspn(reply + 6, " ") + 6] = '\0';
        shmc_t_obs_str(pkey(p, "%s.peer.by_name"),
            strncmp(reply, "error ", 6) == 0 ? reply + 6 : "library_error");
    }
    shmc_t_require(p->m_close(&obj), "close");
    remove_quietly(p, name);
}

SHMC_TC_NEEDS(provider__open_read_only, "Records the outcome of opening a "
    "live object read-only, and whether it still holds its data after",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t obj, ro;
    shmc_error_t err;

    shmc_t_library_name(p, name, sizeof(name));
    create_with_payload(p, name, sizeof(name), &obj);
    err = p->m_open(name, SHMC_OPEN_RDONLY, &ro);
    shmc_t_obs_str(pkey(p, "%s.open.read_only"), outcome(p, err));
    if (shmc_is_error(err))
        printf("read-only open: %s\n", shmc_error_message(err));
    else
        shmc_t_require(p->m_close(&ro), "close");
    shmc_error_free(err);
    record_lives(p, name, pkey(p, "%s.open.read_only_keeps_object"),
        "the read-only open");
    shmc_t_require(p->m_close(&obj), "close");
    remove_quietly(p, name);
}

SHMC_TC_NEEDS(provider__second_create, "Records the outcome of creating a "
    "name that exists: exclusive creation is measured, not assumed",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t a, b;
    shmc_error_t err;

    shmc_t_library_name(p, name, sizeof(name));
    create_fresh(p, name, sizeof(name), &a, NULL, NULL, 0);
    err = shmc_t_create_mode(p, name, shmc_t_page(), 0, &b);
    shmc_t_obs_str(pkey(p, "%s.create.second_create"), outcome(p, err));
    if (shmc_is_error(err))
        printf("second create: %s\n", shmc_error_message(err));
    else
        shmc_t_require(p->m_close(&b), "close");
    shmc_error_free(err);
    shmc_t_require(p->m_close(&a), "close");
    remove_quietly(p, name);
}

SHMC_TC_NEEDS(provider__open_missing, "Records the outcome of opening, for "
    "writing, a name that nobody created",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX];
    shmc_error_t err;
    shmc_obj_t obj;

    /* Kept for the cleanup: a library may create what it opens. */
    shmc_t_missing_name(name, sizeof(name));
    shmc_t_library_keep(p, name);
    err = p->m_open(name, SHMC_OPEN_RDWR, &obj);
    shmc_t_obs_str(pkey(p, "%s.open.missing"), outcome(p, err));
    if (!shmc_is_error(err)) {
        printf("open created %s\n", name);
        shmc_t_require(p->m_close(&obj), "close");
        remove_quietly(p, name);
    } else
        printf("open: %s\n", shmc_error_message(err));
    shmc_error_free(err);
}

SHMC_TC(provider__backend_and_leftovers, "Records what appears in the OS "
    "when an object is created with the library's default mode, that "
    "mode, and what stays after the library's own removal")
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX], core[64], backend[64], left[4096];
    shmc_traces_t before, during, after;
    shmc_obj_t obj;
    long mode;

    shmc_t_library_name(p, name, sizeof(name));
    create_fresh(p, name, sizeof(name), &obj, &before, core, sizeof(core));
    shmc_t_put(p, &obj, 0, payload, sizeof(payload));
    shmc_traces_take(&during, core);
    shmc_traces_backend(&before, &during, backend, sizeof(backend));
    shmc_t_obs_str(pkey(p, "%s.backend"), backend);
    mode = shmc_traces_mode(&before, &during);
    if (mode < 0)
        shmc_t_obs_null(pkey(p, "%s.create.mode"));
    else {
        char octal[32];

        (void)snprintf(octal, sizeof(octal), "0%lo", (unsigned long)mode);
        shmc_t_obs_str(pkey(p, "%s.create.mode"), octal);
    }
    (void)shmc_traces_diff(&before, &during, NULL, left, sizeof(left));
    printf("created: %s\n", left);
    shmc_t_require(p->m_close(&obj), "close");
    /* A library may have removed it at close already: say so, go on. */
    if (p->m_caps & SHMC_CAP_NAMED) {
        shmc_error_t err = p->m_unlink(name);

        if (shmc_is_error(err))
            printf("remove after close: %s\n", shmc_error_message(err));
        shmc_error_free(err);
    }
    shmc_traces_take(&after, core);
    (void)shmc_traces_diff(&before, &after, NULL, left, sizeof(left));
    printf("after the removal: %s\n", left);
    (void)shmc_traces_diff(&before, &after, name, left, sizeof(left));
    shmc_t_obs_json(pkey(p, "%s.leftovers.after_remove"), left);
    if (!before.m_sysv_known)
        printf("System V objects could not be listed here\n");
    shmc_traces_fini(&before);
    shmc_traces_fini(&during);
    shmc_traces_fini(&after);
    if (p->m_cleanup != NULL)
        shmc_t_require(p->m_cleanup(name), "the provider's cleanup");
}

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, provider__creator_exit);
    ATF_TP_ADD_TC(tp, provider__creator_kill);
    ATF_TP_ADD_TC(tp, provider__close);
    ATF_TP_ADD_TC(tp, provider__attacher_exit);
    ATF_TP_ADD_TC(tp, provider__peer_by_name);
    ATF_TP_ADD_TC(tp, provider__open_read_only);
    ATF_TP_ADD_TC(tp, provider__second_create);
    ATF_TP_ADD_TC(tp, provider__open_missing);
    ATF_TP_ADD_TC(tp, provider__backend_and_leftovers);
    return atf_no_error();
}
