// SPDX-License-Identifier: BSD-2-Clause
//
// boost_xsi: Boost.Interprocess xsi_shared_memory (System V shmget) with an
// xsi_key made, as its users make it, from a file path and an id.  The key
// file is one the user creates; the cleanup hook removes it.

#include <boost/interprocess/exceptions.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/permissions.hpp>
#include <boost/interprocess/xsi_key.hpp>
#include <boost/interprocess/xsi_shared_memory.hpp>
#include <boost/version.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include <shmcompat/provider.h>

#include "plugins/region.hh"

namespace bi = boost::interprocess;

struct shmcompat_object {
    bi::xsi_shared_memory shm;
    bi::mapped_region region;
};

namespace {

const int key_id = 'X';

// The key file for name: "xsi-NAME" in the working directory.
std::string
key_path(const char *name)
{
    std::string path = "xsi-";

    for (const char *c = name; *c != '\0'; c++)
        path += *c == '/' ? '_' : *c;
    return path;
}

int
fail(const bi::interprocess_exception &e, char *err, size_t errlen)
{
    std::snprintf(err, errlen, "interprocess_exception: %s", e.what());
    return e.get_native_error() > 0 ? e.get_native_error() :
        SHMCOMPAT_ELIBRARY;
}

int
p_create(const char *name, size_t size, unsigned int mode,
    shmcompat_object_t **obj, char *err, size_t errlen)
{
    std::string path = key_path(name);
    shmcompat_object *o;
    int fd;

    fd = ::open(path.c_str(), O_WRONLY | O_CREAT, 0600);
    if (fd == -1)
        return errno;
    (void)::close(fd);
    if ((o = new (std::nothrow) shmcompat_object) == nullptr)
        return ENOMEM;
    try {
        bi::xsi_key key(path.c_str(), key_id);

        if (mode != 0)
            bi::xsi_shared_memory(bi::create_only, key, size,
                bi::permissions(mode)).swap(o->shm);
        else
            bi::xsi_shared_memory(bi::create_only, key, size).swap(o->shm);
        bi::mapped_region(o->shm, bi::read_write).swap(o->region);
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
        bi::xsi_key key(key_path(name).c_str(), key_id);

        bi::xsi_shared_memory(bi::open_only, key).swap(o->shm);
        bi::mapped_region(o->shm, writable ? bi::read_write :
            bi::read_only).swap(o->region);
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
    *size = o->region.get_size();
    return 0;
}

void *
p_address(shmcompat_object_t *o)
{
    return o->region.get_address();
}

int
p_close(shmcompat_object_t *o, char *, size_t)
{
    delete o;                   // The region's destructor detaches.
    return 0;
}

int
p_remove(const char *name, char *err, size_t errlen)
{
    try {
        bi::xsi_key key(key_path(name).c_str(), key_id);
        bi::xsi_shared_memory shm(bi::open_only, key);

        if (bi::xsi_shared_memory::remove(shm.get_shmid()))
            return 0;
        std::snprintf(err, errlen, "xsi_shared_memory::remove returned "
            "false");
        return SHMCOMPAT_ELIBRARY;
    } catch (const bi::interprocess_exception &e) {
        return fail(e, err, errlen);
    }
}

// The key file is the user's, not the library's: remove it.
int
p_cleanup(const char *name, char *, size_t)
{
    if (::unlink(key_path(name).c_str()) == -1 && errno != ENOENT)
        return errno;
    return 0;
}

}  // namespace

extern "C" const shmcompat_provider_t shmcompat_provider = {
    SHMCOMPAT_PROVIDER_ABI,
    sizeof(shmcompat_provider_t),
    "boost_xsi",
    "Boost.Interprocess xsi_shared_memory",
    BOOST_LIB_VERSION,
    SHMCOMPAT_CAP_NAMED | SHMCOMPAT_CAP_UNLINK | SHMCOMPAT_CAP_MAP,
    p_create, p_open, p_read, p_write, p_size, nullptr, p_address,
    p_close, p_remove, p_cleanup,
};
