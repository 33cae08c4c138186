// SPDX-License-Identifier: BSD-2-Clause
//
// qt: Qt 6 QSharedMemory with its defaults: a key, create() or attach(),
// data(), and the destructor that detaches.  Qt has no call that removes
// an object by key; its users attach and detach, and Qt destroys the
// object at its last detach where it does that.  What Qt leaves behind
// (key files in the temporary directory, System V semaphores) is removed
// by the cleanup hook, found by the key's letters that Qt keeps in its
// file names.

#include <QtCore/QDir>
#include <QtCore/QSharedMemory>
#include <QtCore/QString>
#include <QtCore/QtGlobal>

#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include <shmcompat/provider.h>

#include "plugins/region.hh"

struct shmcompat_object {
    QSharedMemory shm;
};

namespace {

// Users pass keys without the slash.
QString
key_of(const char *name)
{
    return QString::fromUtf8(name[0] == '/' ? name + 1 : name);
}

// Qt's own errors, as the nearest errno where there is one.
int
fail(const QSharedMemory &shm, char *err, size_t errlen)
{
    std::snprintf(err, errlen, "QSharedMemory error %d: %s",
        static_cast<int>(shm.error()), shm.errorString().toUtf8().constData());
    switch (shm.error()) {
    case QSharedMemory::AlreadyExists:
        return EEXIST;
    case QSharedMemory::NotFound:
        return ENOENT;
    case QSharedMemory::PermissionDenied:
        return EACCES;
    case QSharedMemory::InvalidSize:
        return EINVAL;
    case QSharedMemory::OutOfResources:
        return ENOMEM;
    default:
        return SHMCOMPAT_ELIBRARY;
    }
}

int
p_create(const char *name, size_t size, unsigned int, shmcompat_object_t **obj,
    char *err, size_t errlen)
{
    shmcompat_object *o = new (std::nothrow) shmcompat_object;

    if (o == nullptr)
        return ENOMEM;
    o->shm.setKey(key_of(name));
    if (!o->shm.create(static_cast<qsizetype>(size))) {
        int rc = fail(o->shm, err, errlen);

        delete o;
        return rc;
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
    o->shm.setKey(key_of(name));
    if (!o->shm.attach(writable ? QSharedMemory::ReadWrite :
        QSharedMemory::ReadOnly)) {
        int rc = fail(o->shm, err, errlen);

        delete o;
        return rc;
    }
    *obj = o;
    return 0;
}

int
p_read(shmcompat_object_t *o, size_t off, void *buf, size_t len, char *,
    size_t)
{
    return shmc_region::copy_out(o->shm.constData(),
        static_cast<size_t>(o->shm.size()), off, buf, len);
}

int
p_write(shmcompat_object_t *o, size_t off, const void *buf, size_t len,
    char *, size_t)
{
    return shmc_region::copy_in(o->shm.data(),
        static_cast<size_t>(o->shm.size()), off, buf, len);
}

int
p_size(shmcompat_object_t *o, size_t *size, char *, size_t)
{
    *size = static_cast<size_t>(o->shm.size());
    return 0;
}

void *
p_address(shmcompat_object_t *o)
{
    return o->shm.data();
}

int
p_close(shmcompat_object_t *o, char *, size_t)
{
    delete o;                   // The destructor detaches.
    return 0;
}

// Qt's users remove a stale object by attaching and detaching.
int
p_remove(const char *name, char *err, size_t errlen)
{
    QSharedMemory shm(key_of(name));

    if (!shm.attach())
        return fail(shm, err, errlen);
    if (!shm.detach())
        return fail(shm, err, errlen);
    return 0;
}

// The letters of name, which Qt keeps in its file names.
std::string
letters(const char *name)
{
    std::string s;

    for (const char *c = name; *c != '\0'; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
            s += *c;
    return s;
}

// Removes Qt's key files for name from the temporary directory, and the
// System V semaphore and segment whose keys Qt made from them.
int
p_cleanup(const char *name, char *, size_t)
{
    std::string dir = QDir::tempPath().toStdString(), want = letters(name);
    struct dirent *de;
    DIR *d;

    if ((d = opendir(dir.c_str())) == nullptr)
        return 0;
    while ((de = readdir(d)) != nullptr) {
        std::string file = de->d_name;

        if (file.compare(0, 5, "qipc_") != 0 ||
            file.find(want) == std::string::npos)
            continue;
        std::string path = dir + "/" + file;
        key_t key = ftok(path.c_str(), 'Q');
        if (key != -1) {
            int id = semget(key, 0, 0);

            if (id != -1)
                (void)semctl(id, 0, IPC_RMID);
            id = shmget(key, 0, 0);
            if (id != -1)
                (void)shmctl(id, IPC_RMID, nullptr);
        }
        (void)unlink(path.c_str());
    }
    (void)closedir(d);
    return 0;
}

}  // namespace

extern "C" const shmcompat_provider_t shmcompat_provider = {
    SHMCOMPAT_PROVIDER_ABI,
    sizeof(shmcompat_provider_t),
    "qt",
    "Qt QSharedMemory",
    QT_VERSION_STR,
    SHMCOMPAT_CAP_NAMED | SHMCOMPAT_CAP_MAP,
    p_create, p_open, p_read, p_write, p_size, nullptr, p_address,
    p_close, p_remove, p_cleanup,
};
