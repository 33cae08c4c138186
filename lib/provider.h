/* SPDX-License-Identifier: BSD-2-Clause */

/** Providers: the mechanisms the generic suites test.
 *
 * A provider creates, opens, maps, resizes, closes and removes named
 * shared-memory objects.  The lifetime and visibility suites are written
 * against this interface only, so System V segments, files, memfd or a
 * third-party library plug in as further providers without rewriting
 * them.  The first provider is POSIX shm_open(3). */

#if !defined(SHMC_LIB_PROVIDER_H)
#define SHMC_LIB_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

/* What a provider can do; tests skip what their provider lacks. */
#define SHMC_CAP_NAMED     0x01  /* Objects have names other processes use. */
#define SHMC_CAP_FD        0x02  /* Objects are file descriptors. */
#define SHMC_CAP_RESIZE    0x04  /* The size can change after creation. */
#define SHMC_CAP_UNLINK    0x08  /* The name can go while the object lives. */
#define SHMC_CAP_TRUNCATE  0x10  /* Reopening can reset the size to zero. */

/* How an object is opened. */
#define SHMC_OPEN_RDONLY   0x00
#define SHMC_OPEN_RDWR     0x01
#define SHMC_OPEN_TRUNC    0x02

typedef struct {
    int m_fd;                   /* -1 when the provider has no descriptor. */
    void *m_handle;             /* A plugin's or an adapter's own object. */
    int m_id;                   /* A System V id; -1 for other providers. */
    size_t m_size;
    char m_name[256];
} shmc_obj_t;

typedef struct shmc_provider shmc_provider_t;

struct shmc_provider {
    const char *m_name;         /* Key prefix for observations. */
    unsigned int m_caps;

    /* Creates name exclusively with mode 0600 and the given size, and
     * only then records it in the cleanup ledger (lib/cleanup.h) under
     * the provider's own kind; an existing name fails with EEXIST and is
     * not recorded.  m_open and m_unlink reach only an object that
     * m_create made under that name (System V checks the creator). */
    shmc_error_t (*m_create)(const char *, size_t, shmc_obj_t *);
    shmc_error_t (*m_open)(const char *, int, shmc_obj_t *);
    shmc_error_t (*m_map)(shmc_obj_t *, size_t, bool, void **);
    shmc_error_t (*m_unmap)(void *, size_t);
    shmc_error_t (*m_resize)(shmc_obj_t *, size_t);
    shmc_error_t (*m_size)(shmc_obj_t *, size_t *);
    shmc_error_t (*m_close)(shmc_obj_t *);
    shmc_error_t (*m_unlink)(const char *);

    /* Optional (NULL): measures once, by trying it, whether reopening an
     * object that has a size with SHMC_OPEN_TRUNC empties it; returns "ok",
     * "not-emptied" or the errno's name.  Anything but "ok" takes
     * SHMC_CAP_TRUNCATE away (XNU refuses O_TRUNC on a sized object). */
    const char *(*m_open_trunc)(void);

    /* Optional (NULL): what libraries need and the OS providers do not. */
    /* Creates name with the given mode (0: the library's default). */
    shmc_error_t (*m_create_mode)(const char *, size_t, unsigned int,
        shmc_obj_t *);
    /* Offset I/O, for objects whose memory is not mapped here. */
    shmc_error_t (*m_read)(shmc_obj_t *, size_t, void *, size_t);
    shmc_error_t (*m_write)(shmc_obj_t *, size_t, const void *, size_t);
    /* Removes what a library leaves behind for name after m_unlink. */
    shmc_error_t (*m_cleanup)(const char *);
    const char *m_library;      /* The library and its version, or NULL. */
    const char *m_version;
};

/* The optional fields, for the OS providers' initializers. */
#define SHMC_PROVIDER_OS_ONLY NULL, NULL, NULL, NULL, NULL, NULL

const shmc_provider_t *shmc_provider_find(const char *);

/** What provider can do on this system: its m_caps, less what it measured
 * the system to refuse. */
unsigned int shmc_provider_caps(const shmc_provider_t *provider);

/** Creates a fresh object of size through p under a new name written into
 * name: a name someone else holds (EEXIST) is left to them and another,
 * unpredictable one tried. */
shmc_error_t shmc_provider_create_fresh(const shmc_provider_t *p,
    char *name, size_t namesize, size_t size, shmc_obj_t *obj);
void shmc_provider_local_path(const char *, const char *, char *, size_t);
/** The providers' names, comma-separated, for messages (static). */
const char *shmc_provider_names(void);

extern const shmc_provider_t shmc_provider_posix_shm;
extern const shmc_provider_t shmc_provider_sysv_shm;
extern const shmc_provider_t shmc_provider_file;
extern const shmc_provider_t shmc_provider_memfd;

#endif /* !defined(SHMC_LIB_PROVIDER_H) */
