// SPDX-License-Identifier: BSD-2-Clause
//
// boost_interprocess: Boost.Interprocess shared_memory_object and
// mapped_region, used as their users use them, with their defaults.

#include <boost/interprocess/exceptions.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/permissions.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <boost/version.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>

#include <shmcompat/provider.h>

#include "plugins/region.hh"

namespace bi = boost::interprocess;

struct shmcompat_object {
    bi::shared_memory_object shm;
    bi::mapped_region region;
};

namespace {

// Users name objects without the slash; the library adds its own.
const char *
lib_name(const char *name)
{
    return name[0] == '/' ? name + 1 : name;
}

int
fail(const bi::interprocess_exception &e, char *err, size_t errlen)
{
    std::snprintf(err, errlen, "interprocess_exception: %s", e.what());
    return e.get_native_error() > 0 ? e.get_native_error() :
        SHMCOMPAT_ELIBRARY;
}

void
map(shmcompat_object *o, bool writable)
{
    bi::offset_t size = 0;

    o->shm.get_size(size);
    if (size > 0)
        bi::mapped_region(o->shm, writable ? bi::read_write :
            bi::read_only).swap(o->region);
    else
        bi::mapped_region().swap(o->region);
}

int
p_create(const char *name, size_t size, unsigned int mode,
    shmcompat_object_t **obj, char *err, size_t errlen)
{
    shmcompat_object *o = new (std::nothrow) shmcompat_object;

    if (o == nullptr)
        return ENOMEM;
    try {
        if (mode != 0)
            bi::shared_memory_object(bi::create_only, lib_name(name),
                bi::read_write, bi::permissions(mode)).swap(o->shm);
        else
            bi::shared_memory_object(bi::create_only, lib_name(name),
                bi::read_write).swap(o->shm);
        o->shm.truncate(static_cast<bi::offset_t>(size));
        map(o, true);
    } catch (const bi::interprocess_exception &e) {
        delete o;
        return fail(e, err, errlen);
    }
    *obj = o;
    return 0;
}

int
p_open(const char *name, int writable, shmcompat_object_t **obj, char *err,
    size_t errlen)
{
    shmcompat_object *o = new (std::nothrow) shmcompat_object;

    if (o == nullptr)
        return ENOMEM;
    try {
        bi::shared_memory_object(bi::open_only, lib_name(name),
            writable ? bi::read_write : bi::read_only).swap(o->shm);
        map(o, writable != 0);
    } catch (const bi::interprocess_exception &e) {
        delete o;
        return fail(e, err, errlen);
    }
    *obj = o;
    return 0;
}

int
p_read(shmcompat_object_t *o, size_t off, void *buf, size_t len, char *,
    size_t)
{
    return shmc_region::copy_out(o->region.get_address(),
        o->region.get_size(), off, buf, len);
}

int
p_write(shmcompat_object_t *o, size_t off, const void *buf, size_t len,
    char *, size_t)
{
    return shmc_region::copy_in(o->region.get_address(),
        o->region.get_size(), off, buf, len);
}

int
p_size(shmcompat_object_t *o, size_t *size, char *, size_t)
{
    bi::offset_t n = 0;

    if (!o->shm.get_size(n))
        return SHMCOMPAT_ELIBRARY;
    *size = static_cast<size_t>(n);
    return 0;
}

int
p_resize(shmcompat_object_t *o, size_t size, char *err, size_t errlen)
{
    try {
        o->shm.truncate(static_cast<bi::offset_t>(size));
        map(o, true);
    } catch (const bi::interprocess_exception &e) {
        return fail(e, err, errlen);
    }
    return 0;
}

void *
p_address(shmcompat_object_t *o)
{
    return o->region.get_size() > 0 ? o->region.get_address() : nullptr;
}

int
p_close(shmcompat_object_t *o, char *, size_t)
{
    delete o;                   // The destructors unmap and close.
    return 0;
}

int
p_remove(const char *name, char *err, size_t errlen)
{
    if (bi::shared_memory_object::remove(lib_name(name)))
        return 0;
    std::snprintf(err, errlen, "shared_memory_object::remove returned false");
    return SHMCOMPAT_ELIBRARY;
}

}  // namespace

extern "C" const shmcompat_provider_t shmcompat_provider = {
    SHMCOMPAT_PROVIDER_ABI,
    sizeof(shmcompat_provider_t),
    "boost_interprocess",
    "Boost.Interprocess shared_memory_object",
    BOOST_LIB_VERSION,
    SHMCOMPAT_CAP_NAMED | SHMCOMPAT_CAP_RESIZE | SHMCOMPAT_CAP_UNLINK |
        SHMCOMPAT_CAP_MAP,
    p_create, p_open, p_read, p_write, p_size, p_resize, p_address,
    p_close, p_remove, nullptr,
};
