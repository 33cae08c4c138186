// SPDX-License-Identifier: BSD-2-Clause
//
// poco: Poco::SharedMemory with its defaults, SharedMemory(name, size,
// mode), for the creator and for everyone who opens the object: the
// constructor "creates or connects", and its server argument defaults to
// true.  Opening needs a size; the suites' objects are one page, so the
// plugin passes the page size, as a user passes the size both sides agreed
// on.  Poco has no call that removes a name: its users destroy a
// SharedMemory object, whose destructor removes it in server mode.

#include <Poco/Exception.h>
#include <Poco/SharedMemory.h>
#include <Poco/Version.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include <shmcompat/provider.h>

#include "plugins/region.hh"

struct shmcompat_object {
    Poco::SharedMemory shm;
};

namespace {

std::string
name_of(const char *name)
{
    return name[0] == '/' ? name + 1 : name;
}

std::size_t
page()
{
    return static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

int
fail(const Poco::Exception &e, char *err, size_t errlen)
{
    std::snprintf(err, errlen, "%s", e.displayText().c_str());
    return SHMCOMPAT_ELIBRARY;
}

int
make(const char *name, size_t size, Poco::SharedMemory::AccessMode mode,
    shmcompat_object_t **obj, char *err, size_t errlen)
{
    shmcompat_object *o = new (std::nothrow) shmcompat_object;

    if (o == nullptr)
        return ENOMEM;
    try {
        Poco::SharedMemory(name_of(name), size, mode).swap(o->shm);
    } catch (const Poco::Exception &e) {
        delete o;
        return fail(e, err, errlen);
    }
    *obj = o;
    return 0;
}

int
p_create(const char *name, size_t size, unsigned int, shmcompat_object_t **obj,
    char *err, size_t errlen)
{
    return make(name, size, Poco::SharedMemory::AM_WRITE, obj, err, errlen);
}

int
p_open(const char *name, int writable, shmcompat_object_t **obj, char *err,
    size_t errlen)
{
    return make(name, page(), writable ? Poco::SharedMemory::AM_WRITE :
        Poco::SharedMemory::AM_READ, obj, err, errlen);
}

int
p_read(shmcompat_object_t *o, size_t off, void *buf, size_t len, char *,
    size_t)
{
    return shmc_region::copy_out(o->shm.begin(),
        static_cast<size_t>(o->shm.end() - o->shm.begin()), off, buf, len);
}

int
p_write(shmcompat_object_t *o, size_t off, const void *buf, size_t len,
    char *, size_t)
{
    return shmc_region::copy_in(o->shm.begin(),
        static_cast<size_t>(o->shm.end() - o->shm.begin()), off, buf, len);
}

int
p_size(shmcompat_object_t *o, size_t *size, char *, size_t)
{
    *size = static_cast<size_t>(o->shm.end() - o->shm.begin());
    return 0;
}

void *
p_address(shmcompat_object_t *o)
{
    return o->shm.begin();
}

int
p_close(shmcompat_object_t *o, char *, size_t)
{
    delete o;                   // The destructor unmaps (and may unlink).
    return 0;
}

int
p_remove(const char *name, char *err, size_t errlen)
{
    try {
        Poco::SharedMemory shm(name_of(name), page(),
            Poco::SharedMemory::AM_WRITE);
    } catch (const Poco::Exception &e) {
        return fail(e, err, errlen);
    }
    return 0;
}

// POCO_VERSION is 0xMMmmpp00; the report wants "1.11.0".
char version[32];

struct version_init {
    version_init()
    {
        std::snprintf(version, sizeof(version), "%d.%d.%d",
            (POCO_VERSION >> 24) & 0xff, (POCO_VERSION >> 16) & 0xff,
            (POCO_VERSION >> 8) & 0xff);
    }
} init_version;

}  // namespace

extern "C" const shmcompat_provider_t shmcompat_provider = {
    SHMCOMPAT_PROVIDER_ABI,
    sizeof(shmcompat_provider_t),
    "poco",
    "POCO Poco::SharedMemory",
    version,
    SHMCOMPAT_CAP_NAMED | SHMCOMPAT_CAP_UNLINK | SHMCOMPAT_CAP_MAP,
    p_create, p_open, p_read, p_write, p_size, nullptr, p_address,
    p_close, p_remove, nullptr,
};
