/* SPDX-License-Identifier: BSD-2-Clause */

/** Lifetime of named shared-memory objects, through the provider
 * interface: an object outlives its descriptors, mappings and creator and
 * lives until it is unlinked; unlinking removes the name at once but not
 * the memory of those still using it.
 *
 * These are conformance cases for POSIX shm_open (XSH shm_open, "the
 * state of the object persists until it is unlinked and all other
 * references are gone") and shm_unlink. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "suites/harness.h"

static const char payload[] = "shmcompat lifetime payload";

/** The provider, for a case whose premise is POSIX's lifetime rule (the
 * object lives until it is unlinked): a library with a lifetime policy of
 * its own is measured by provider_test instead. */
static const shmc_provider_t *
posix_lifetime(const atf_tc_t *tc)
{
    const shmc_provider_t *p = shmc_t_provider(tc);

    if (p->m_library != NULL)
        atf_tc_skip("a library's lifetime policy is measured, not required: "
            "see %s.lifetime.* (provider_test)", p->m_name);
    return p;
}

/** The provider, when its objects are mapped into this process. */
static const shmc_provider_t *
mapped(const atf_tc_t *tc)
{
    const shmc_provider_t *p = shmc_t_provider(tc);

    if (p->m_map == NULL)
        atf_tc_skip("provider %s has no memory in this process", p->m_name);
    return p;
}

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

/** Creates a fresh object of one page holding payload; returns it open. */
static void
create_with_payload(const shmc_provider_t *p, char *name, size_t size,
    shmc_obj_t *obj)
{
    shmc_t_obj_new(p, name, size, shmc_t_page(), obj);
    shmc_t_library_keep(p, name);
    shmc_t_put(p, obj, 0, payload, sizeof(payload));
}

/** Opens name and checks that it holds payload. */
static void
check_payload_by_name(const shmc_provider_t *p, const char *name,
    const char *when)
{
    char buf[sizeof(payload)];
    shmc_obj_t obj;

    shmc_t_require(p->m_open(name, SHMC_OPEN_RDONLY, &obj), when);
    shmc_t_get(p, &obj, 0, buf, sizeof(buf));
    ATF_CHECK_MSG(memcmp(buf, payload, sizeof(payload)) == 0,
        "XSH shm_open (the object persists until unlinked and "
        "unreferenced), %s: the object no longer holds its data", when);
    shmc_t_require(p->m_close(&obj), when);
}

/** Expects opening name to fail with ENOENT. */
static void
check_gone(const shmc_provider_t *p, const char *name, const char *when)
{
    shmc_obj_t obj;
    shmc_error_t err;

    err = p->m_open(name, SHMC_OPEN_RDONLY, &obj);
    if (!shmc_is_error(err)) {
        (void)p->m_close(&obj);
        atf_tc_fail("XSH shm_unlink (removes the name), %s: the name "
            "still opens", when);
    }
    ATF_CHECK_MSG(shmc_error_errno(err) == ENOENT, "XSH shm_open [ENOENT], "
        "%s: opening gave %s", when, shmc_t_errstr(shmc_error_errno(err)));
    shmc_error_free(err);
}

/* ---------------------------------------------------------------------
 * Test cases.
 * --------------------------------------------------------------------- */

SHMC_TC_NEEDS(lifetime__survives_close,
    "XSH shm_open (the object persists until "
    "unlinked): the data survives the close of every descriptor (LTP "
    "shm_open 28-1)",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = posix_lifetime(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t obj;

    create_with_payload(p, name, sizeof(name), &obj);
    shmc_t_require(p->m_close(&obj), "close");
    check_payload_by_name(p, name, "after the last close");
}

SHMC_TC_NEEDS(lifetime__survives_munmap,
    "XSH mmap MAP_SHARED (writes change the "
    "object): a second mapping of the same descriptor sees what the "
    "first wrote before it was unmapped",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = mapped(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t obj;
    void *addr;

    create_with_payload(p, name, sizeof(name), &obj);
    shmc_t_require(p->m_map(&obj, shmc_t_page(), false, &addr), "remap");
    ATF_CHECK_MSG(memcmp(addr, payload, sizeof(payload)) == 0,
        "XSH mmap MAP_SHARED: the data did not survive munmap");
    shmc_t_require(p->m_unmap(addr, shmc_t_page()), "unmap");
    shmc_t_require(p->m_close(&obj), "close");
}

SHMC_TC_NEEDS(lifetime__survives_creator_exit,
    "XSH shm_open (the object persists until "
    "unlinked): an object made by a process that has exited is seen by "
    "a fresh, unrelated process",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX], req[512], reply[512];
    shmc_adapter_t peer;
    unsigned long h;
    int tries = 0;

    if (p->m_library != NULL)
        atf_tc_skip("a library's lifetime policy is measured, not required: "
            "see %s.lifetime.outlives_creator_exit", p->m_name);
    shmc_t_library_name(p, name, sizeof(name));
    shmc_t_peer_start(tc, p, &peer);
    /* A name someone else holds is left to them and another one tried. */
    do {
        (void)snprintf(req, sizeof(req), "create %s %zu 600", name,
            shmc_t_page());
        if (shmc_t_peer_obj(&peer, req, &h, reply, sizeof(reply)))
            break;
    } while (strncmp(reply, "error EEXIST", 12) == 0 &&
        shmc_t_retry_taken(name, sizeof(name), EEXIST, &tries));
    ATF_REQUIRE_MSG(strncmp(reply, "ok ", 3) == 0, "the peer's create: %s",
        reply);
    shmc_t_peer_write(&peer, h, 0, payload, sizeof(payload));
    shmc_t_require(shmc_adapter_stop(&peer), "the peer's exit");
    check_payload_by_name(p, name, "after the creator exited");
}

SHMC_TC_NEEDS(lifetime__lives_until_unlink,
    "XSH shm_unlink (removes the name) and "
    "XSH shm_open [ENOENT]: the name opens until unlinked, then gives "
    "ENOENT (LTP shm_unlink 1, 4; shm_open 41)",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = posix_lifetime(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t obj;

    create_with_payload(p, name, sizeof(name), &obj);
    shmc_t_require(p->m_close(&obj), "close");
    check_payload_by_name(p, name, "before unlink");
    check_payload_by_name(p, name, "again before unlink");
    shmc_t_require(p->m_unlink(name), "unlink");
    check_gone(p, name, "after unlink");
}

SHMC_TC_NEEDS(lifetime__unlink_keeps_open_descriptor,
    "XSH shm_unlink (removal is postponed "
    "until all references are gone): a descriptor opened before still "
    "maps the data (LTP shm_open 28-3, shm_unlink 3)",
    .m_caps = SHMC_CAP_NAMED | SHMC_CAP_FD | SHMC_CAP_UNLINK)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t obj;
    void *addr;

    create_with_payload(p, name, sizeof(name), &obj);
    shmc_t_require(p->m_unlink(name), "unlink");
    check_gone(p, name, "after unlink");
    shmc_t_require(p->m_map(&obj, shmc_t_page(), false, &addr),
        "mapping the unlinked object");
    ATF_CHECK_MSG(memcmp(addr, payload, sizeof(payload)) == 0,
        "XSH shm_unlink: an open descriptor lost the data at unlink");
    shmc_t_require(p->m_unmap(addr, shmc_t_page()), "unmap");
    shmc_t_require(p->m_close(&obj), "close");
}

SHMC_TC_NEEDS(lifetime__unlink_keeps_mapping,
    "XSH shm_unlink (removal is postponed "
    "until all references are gone): after unlink and close, mappings "
    "still hold the data and still share it (LTP shm_open 28-2)",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = mapped(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t obj;
    char *addr, *other;

    if (p->m_library != NULL)
        atf_tc_skip("a library's mapping ends when its object is closed");
    create_with_payload(p, name, sizeof(name), &obj);
    shmc_t_require(p->m_map(&obj, shmc_t_page(), true, (void **)&addr),
        "map");
    shmc_t_require(p->m_map(&obj, shmc_t_page(), true, (void **)&other),
        "map again");
    shmc_t_require(p->m_unlink(name), "unlink");
    shmc_t_require(p->m_close(&obj), "close");
    ATF_CHECK_MSG(memcmp(addr, payload, sizeof(payload)) == 0,
        "XSH shm_unlink: the mapping lost the data at unlink and close");
    /* Still one shared object: a write through one mapping shows in the
     * other. */
    addr[0] = 'S';
    ATF_CHECK_MSG(other[0] == 'S', "XSH shm_unlink and mmap MAP_SHARED: "
        "after unlink and close, two mappings of the object no longer share "
        "its memory");
    shmc_t_require(p->m_unmap(other, shmc_t_page()), "unmap");
    shmc_t_require(p->m_unmap(addr, shmc_t_page()), "unmap");
}

SHMC_TC_NEEDS(lifetime__recreate_after_unlink,
    "XSH shm_unlink (a later shm_open with "
    "O_CREAT creates a new object): the name can be created again at "
    "once; it gives a new, empty object while the old one lives on "
    "(shm_unlink 5)",
    .m_caps = SHMC_CAP_NAMED | SHMC_CAP_UNLINK)
{
    const shmc_provider_t *p = mapped(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t old, fresh;
    unsigned char *a, *b;
    size_t size, i;

    create_with_payload(p, name, sizeof(name), &old);
    shmc_t_require(p->m_map(&old, shmc_t_page(), true, (void **)&a), "map");
    shmc_t_require(p->m_unlink(name), "unlink");
    /* Libraries have no empty objects: a page stands for size 0. */
    shmc_t_require(p->m_create(name, p->m_library != NULL ? shmc_t_page() :
        0, &fresh), "creating the name again");
    if ((p->m_caps & SHMC_CAP_RESIZE) && p->m_library == NULL) {
        shmc_t_require(p->m_size(&fresh, &size), "size");
        ATF_CHECK_EQ_MSG(size, 0, "XSH shm_open: the new object has size "
            "%zu, not 0", size);
        shmc_t_require(p->m_resize(&fresh, shmc_t_page()), "resize");
    }
    shmc_t_require(p->m_map(&fresh, shmc_t_page(), true, (void **)&b),
        "map the new object");
    for (i = 0; i < shmc_t_page(); i++)
        if (b[i] != 0)
            atf_tc_fail("the new object is not zero-filled at byte %zu", i);
    b[0] = 'N';
    ATF_CHECK_MSG(memcmp(a, payload, sizeof(payload)) == 0,
        "XSH shm_unlink: the old object changed when the name was "
        "reused");
    shmc_t_require(p->m_unmap(a, shmc_t_page()), "unmap");
    shmc_t_require(p->m_unmap(b, shmc_t_page()), "unmap");
    shmc_t_require(p->m_close(&old), "close");
    shmc_t_require(p->m_close(&fresh), "close");
}

SHMC_TC_NEEDS(lifetime__trunc_resets_size,
    "XSH shm_open O_TRUNC: reopening with "
    "O_TRUNC sets the size to 0 (LTP shm_open 25)",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t obj, again;
    size_t size;
    char key[96];

    (void)snprintf(key, sizeof(key), "%s.provider.open_trunc", p->m_name);
    if (p->m_open_trunc != NULL)
        shmc_t_obs_str(key, p->m_open_trunc());
    if (!(shmc_provider_caps(p) & SHMC_CAP_TRUNCATE)) {
        if (p->m_caps & SHMC_CAP_TRUNCATE)
            atf_tc_skip("provider %s cannot truncate on open here: "
                "reopening an object that has a size with O_TRUNC gave %s",
                p->m_name, p->m_open_trunc());
        atf_tc_skip("provider %s cannot truncate on open", p->m_name);
    }
    create_with_payload(p, name, sizeof(name), &obj);
    shmc_t_require(p->m_open(name, SHMC_OPEN_RDWR | SHMC_OPEN_TRUNC,
        &again), "open with O_TRUNC");
    shmc_t_require(p->m_size(&obj, &size), "size");
    ATF_CHECK_EQ_MSG(size, 0, "XSH shm_open O_TRUNC: size %zu", size);
    shmc_t_require(p->m_close(&obj), "close");
    shmc_t_require(p->m_close(&again), "close");
}

SHMC_TC_NEEDS(lifetime__concurrent_opens_share_data,
    "XSH shm_open (the name refers to one "
    "object): two opens of one name in one process map the same memory "
    "(LTP shm_open 1)",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = mapped(tc);
    char name[SHMC_NAME_MAX];
    shmc_obj_t a, b;
    char *pa, *pb;

    create_with_payload(p, name, sizeof(name), &a);
    shmc_t_require(p->m_open(name, SHMC_OPEN_RDWR, &b), "second open");
    shmc_t_require(p->m_map(&a, shmc_t_page(), true, (void **)&pa), "map");
    shmc_t_require(p->m_map(&b, shmc_t_page(), true, (void **)&pb), "map");
    pa[100] = 'A';
    ATF_CHECK_EQ_MSG(pb[100], 'A', "XSH shm_open: a write through one open is "
        "not seen through the other");
    pb[200] = 'B';
    ATF_CHECK_EQ_MSG(pa[200], 'B', "XSH shm_open: a write through the "
        "second open is not seen through the first");
    shmc_t_require(p->m_unmap(pa, shmc_t_page()), "unmap");
    shmc_t_require(p->m_unmap(pb, shmc_t_page()), "unmap");
    shmc_t_require(p->m_close(&a), "close");
    shmc_t_require(p->m_close(&b), "close");
}

SHMC_TC_NEEDS(lifetime__unlinked_name_invisible_to_peer,
    "XSH shm_unlink (removes the name): once "
    "unlinked, the name is gone for "
    "other processes too, while this one keeps the object open "
    "(shm_unlink 2, 4)",
    .m_caps = SHMC_CAP_NAMED | SHMC_CAP_UNLINK)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX], req[512], reply[512];
    shmc_adapter_t peer;
    shmc_obj_t obj;

    create_with_payload(p, name, sizeof(name), &obj);
    shmc_t_peer_start(tc, p, &peer);
    (void)snprintf(req, sizeof(req), "open %s rdwr", name);
    shmc_t_peer_call(&peer, req, reply, sizeof(reply));
    ATF_REQUIRE_MSG(strncmp(reply, "ok ", 3) == 0, "the peer could not open "
        "the live name: %s", reply);
    shmc_t_require(p->m_unlink(name), "unlink");
    shmc_t_peer_call(&peer, req, reply, sizeof(reply));
    ATF_CHECK_MSG(strncmp(reply, "error ENOENT", 12) == 0, "XSH shm_unlink: "
        "a peer opening the unlinked name got '%s'", reply);
    shmc_t_require(shmc_adapter_stop(&peer), "the peer's exit");
    shmc_t_require(p->m_close(&obj), "close");
}

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, lifetime__survives_close);
    ATF_TP_ADD_TC(tp, lifetime__survives_munmap);
    ATF_TP_ADD_TC(tp, lifetime__survives_creator_exit);
    ATF_TP_ADD_TC(tp, lifetime__lives_until_unlink);
    ATF_TP_ADD_TC(tp, lifetime__unlink_keeps_open_descriptor);
    ATF_TP_ADD_TC(tp, lifetime__unlink_keeps_mapping);
    ATF_TP_ADD_TC(tp, lifetime__recreate_after_unlink);
    ATF_TP_ADD_TC(tp, lifetime__trunc_resets_size);
    ATF_TP_ADD_TC(tp, lifetime__concurrent_opens_share_data);
    ATF_TP_ADD_TC(tp, lifetime__unlinked_name_invisible_to_peer);
    return atf_no_error();
}
