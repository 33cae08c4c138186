/* SPDX-License-Identifier: BSD-2-Clause */

/** The shmcompat provider plugin ABI.
 *
 * A plugin is a shared object that exports one object,
 *
 *     const shmcompat_provider_t shmcompat_provider = { ... };
 *
 * describing a shared-memory library: its names and version, what it can
 * do and the operations the generic suites call.  The suites load it with
 * dlopen(3) and refuse it, failing every case with one reason, when its
 * abi or struct_size is not the one they were built with.
 *
 * Every operation returns 0 on success, else an errno value or
 * SHMCOMPAT_ELIBRARY for an error of the library's own; on failure it may
 * write one line of text (the library's own message) into err, which
 * holds errlen bytes.  Operations that a library cannot do are NULL.
 * See shmcompat-provider(3). */

#if !defined(SHMCOMPAT_PROVIDER_H)
#define SHMCOMPAT_PROVIDER_H

#include <stddef.h>

#if defined(__cplusplus)
extern "C" {
#endif

/* The version of this interface; a plugin sets abi to it. */
#define SHMCOMPAT_PROVIDER_ABI 1

/* The symbol every plugin exports, as a string for dlsym(3). */
#define SHMCOMPAT_PROVIDER_SYMBOL "shmcompat_provider"

/* An error that is the library's own and has no errno value. */
#define SHMCOMPAT_ELIBRARY (-1)

/* What the library can do. */
#define SHMCOMPAT_CAP_NAMED    0x01  /* Other processes open objects by name. */
#define SHMCOMPAT_CAP_RESIZE   0x04  /* resize works on a live object. */
#define SHMCOMPAT_CAP_UNLINK   0x08  /* remove works while the object is open. */
#define SHMCOMPAT_CAP_MAP      0x20  /* address gives the memory in this process. */

/* The plugin's own object: whatever its library hands out. */
typedef struct shmcompat_object shmcompat_object_t;

typedef struct shmcompat_provider {
    unsigned int abi;           /* SHMCOMPAT_PROVIDER_ABI. */
    unsigned int struct_size;   /* sizeof(shmcompat_provider_t). */
    const char *name;           /* The provider's name: [a-z0-9_]+. */
    const char *library;        /* The library's name. */
    const char *version;        /* The library's version, as it says. */
    unsigned int caps;          /* SHMCOMPAT_CAP_* flags. */

    /** Creates an object: name is '/' and [a-z0-9_] characters, to pass
     * as the library's users would; size in bytes (0: the library's
     * smallest); mode the permission bits asked for. */
    int (*create)(const char *name, size_t size, unsigned int mode,
        shmcompat_object_t **obj, char *err, size_t errlen);
    /** Opens an existing object, for writing when writable is not 0. */
    int (*open)(const char *name, int writable, shmcompat_object_t **obj,
        char *err, size_t errlen);
    /** Copies len bytes at offset out of the object. */
    int (*read)(shmcompat_object_t *obj, size_t offset, void *buf,
        size_t len, char *err, size_t errlen);
    /** Copies len bytes into the object at offset. */
    int (*write)(shmcompat_object_t *obj, size_t offset, const void *buf,
        size_t len, char *err, size_t errlen);
    /** The object's size as the library reports it. */
    int (*size)(shmcompat_object_t *obj, size_t *size, char *err,
        size_t errlen);
    /** Changes the size; NULL when the library cannot. */
    int (*resize)(shmcompat_object_t *obj, size_t size, char *err,
        size_t errlen);
    /** The object's memory in this process; NULL (the function or its
     * result) when the memory lives elsewhere. */
    void *(*address)(shmcompat_object_t *obj);
    /** Releases obj as the library's users do (destructors included). */
    int (*close)(shmcompat_object_t *obj, char *err, size_t errlen);
    /** Removes the object of that name with the library's own call. */
    int (*remove)(const char *name, char *err, size_t errlen);
    /** Removes whatever the library left behind for name (key files,
     * segments) after remove; NULL when remove leaves nothing.  It must
     * remove nothing that this name did not create. */
    int (*cleanup)(const char *name, char *err, size_t errlen);
} shmcompat_provider_t;

#if defined(__cplusplus)
}
#endif

#endif /* !defined(SHMCOMPAT_PROVIDER_H) */
