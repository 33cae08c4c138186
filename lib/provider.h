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
    shmc_error_t (*m_create)(const char *name, size_t size, shmc_obj_t *obj);
    /* Opens name with the SHMC_OPEN_* flags how into obj (which needs
     * nothing filled in beforehand). */
    shmc_error_t (*m_open)(const char *name, int how, shmc_obj_t *obj);
    /* Maps the first len bytes of obj shared, for reading and, when
     * writable, writing, into *addr. */
    shmc_error_t (*m_map)(shmc_obj_t *obj, size_t len, bool writable,
        void **addr);
    /* Removes the mapping of len bytes at addr. */
    shmc_error_t (*m_unmap)(void *addr, size_t len);
    /* Gives obj the size size. */
    shmc_error_t (*m_resize)(shmc_obj_t *obj, size_t size);
    /* The size of obj now, into *size. */
    shmc_error_t (*m_size)(shmc_obj_t *obj, size_t *size);
    /* Closes (detaches) obj; its name is not removed. */
    shmc_error_t (*m_close)(shmc_obj_t *obj);
    /* Removes name (shm_unlink, IPC_RMID, unlink). */
    shmc_error_t (*m_unlink)(const char *name);

    /* Optional (NULL): measures once, by trying it, whether reopening an
     * object that has a size with SHMC_OPEN_TRUNC empties it; returns "ok",
     * "not-emptied" or the errno's name.  Anything but "ok" takes
     * SHMC_CAP_TRUNCATE away (XNU refuses O_TRUNC on a sized object). */
    const char *(*m_open_trunc)(void);

    /* Optional (NULL): what libraries need and the OS providers do not. */
    /* Creates name with the given mode (0: the library's default). */
    shmc_error_t (*m_create_mode)(const char *name, size_t size,
        unsigned int mode, shmc_obj_t *obj);
    /* Offset I/O, for objects whose memory is not mapped here: len bytes
     * at off of obj into or from buf. */
    shmc_error_t (*m_read)(shmc_obj_t *obj, size_t off, void *buf,
        size_t len);
    shmc_error_t (*m_write)(shmc_obj_t *obj, size_t off, const void *buf,
        size_t len);
    /* Removes what a library leaves behind for name after m_unlink. */
    shmc_error_t (*m_cleanup)(const char *name);
    const char *m_library;      /* The library and its version, or NULL. */
    const char *m_version;
};

/* The optional fields, for the OS providers' initializers. */
#define SHMC_PROVIDER_OS_ONLY NULL, NULL, NULL, NULL, NULL, NULL

/** The built-in provider called name (borrowed, static), or NULL. */
const shmc_provider_t *shmc_provider_find(const char *name);

/** What provider can do on this system: its m_caps, less what it measured
 * the system to refuse. */
unsigned int shmc_provider_caps(const shmc_provider_t *provider);

/** Creates a fresh object of size through p under a new name written into
 * name: a name someone else holds (EEXIST) is left to them and another,
 * unpredictable one tried. */
shmc_error_t shmc_provider_create_fresh(const shmc_provider_t *p,
    char *name, size_t namesize, size_t size, shmc_obj_t *obj);
/** The file in the current directory (a case's work directory) that
 * stands for name in the file and System V providers, into path (size
 * bytes): prefix and name, its slashes made '_'. */
void shmc_provider_local_path(const char *prefix, const char *name,
    char *path, size_t size);
/** The providers' names, comma-separated, for messages (static). */
const char *shmc_provider_names(void);

extern const shmc_provider_t shmc_provider_posix_shm;
extern const shmc_provider_t shmc_provider_sysv_shm;
extern const shmc_provider_t shmc_provider_file;
extern const shmc_provider_t shmc_provider_memfd;

#endif /* !defined(SHMC_LIB_PROVIDER_H) */
