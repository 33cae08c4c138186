/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "suites/provider_plugin.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "include/shmcompat/provider.h"
#include "suites/provider_adapter.h"

static const shmcompat_provider_t *plugin;
static shmc_provider_t wrapper;
static char plugin_path[1024];

/** The error for a plugin call's result rc, with the plugin's text. */
static shmc_error_t
plugin_error(int rc, const char *err, const char *op, const char *name)
{
    if (rc == SHMCOMPAT_ELIBRARY)
        return shmc_error_new("%s %s(%s): library error: %s", plugin->name,
            op, name, err[0] != '\0' ? err : "(no message)");
    return shmc_error_libc(rc, "%s %s(%s)%s%s", plugin->name, op, name,
        err[0] != '\0' ? ": " : "", err);
}

#define CALL(rc, op, name) \
    ((rc) == 0 ? shmc_no_error() : plugin_error((rc), err, (op), (name)))

/** Fills obj for the plugin's object h of that name and size. */
static void
take(shmc_obj_t *obj, shmcompat_object_t *h, const char *name, size_t size)
{
    obj->m_fd = -1;
    obj->m_id = -1;
    obj->m_handle = h;
    obj->m_size = size;
    (void)snprintf(obj->m_name, sizeof(obj->m_name), "%s", name);
}

static shmc_error_t
w_create_mode(const char *name, size_t size, unsigned int mode,
    shmc_obj_t *obj)
{
    shmcompat_object_t *h = NULL;
    char err[256] = "";
    int rc;

    rc = plugin->create(name, size, mode, &h, err, sizeof(err));
    if (rc != 0)
        return CALL(rc, "create", name);
    take(obj, h, name, size);
    return shmc_no_error();
}

static shmc_error_t
w_create(const char *name, size_t size, shmc_obj_t *obj)
{
    return w_create_mode(name, size, 0600, obj);
}

static shmc_error_t
w_open(const char *name, int how, shmc_obj_t *obj)
{
    shmcompat_object_t *h = NULL;
    char err[256] = "";
    size_t size = 0;
    int rc;

    if (how & SHMC_OPEN_TRUNC)
        return shmc_error_libc(ENOTSUP, "%s cannot truncate on open",
            plugin->name);
    rc = plugin->open(name, (how & SHMC_OPEN_RDWR) != 0, &h, err,
        sizeof(err));
    if (rc != 0)
        return CALL(rc, "open", name);
    if (plugin->size != NULL)
        (void)plugin->size(h, &size, err, sizeof(err));
    take(obj, h, name, size);
    return shmc_no_error();
}

static shmc_error_t
w_map(shmc_obj_t *obj, size_t len, bool writable, void **addr)
{
    void *p;

    (void)len;
    (void)writable;
    p = plugin->address != NULL ? plugin->address(obj->m_handle) : NULL;
    if (p == NULL)
        return shmc_error_skip("provider %s has no memory in this process",
            plugin->name);
    *addr = p;
    return shmc_no_error();
}

/** The library's mapping belongs to its object: close releases it. */
static shmc_error_t
w_unmap(void *addr, size_t len)
{
    (void)addr;
    (void)len;
    return shmc_no_error();
}

static shmc_error_t
w_resize(shmc_obj_t *obj, size_t size)
{
    char err[256] = "";

    if (plugin->resize == NULL)
        return shmc_error_libc(ENOTSUP, "%s cannot resize", plugin->name);
    return CALL(plugin->resize(obj->m_handle, size, err, sizeof(err)),
        "resize", obj->m_name);
}

static shmc_error_t
w_size(shmc_obj_t *obj, size_t *size)
{
    char err[256] = "";

    return CALL(plugin->size(obj->m_handle, size, err, sizeof(err)),
        "size", obj->m_name);
}

static shmc_error_t
w_close(shmc_obj_t *obj)
{
    char err[256] = "";
    void *h = obj->m_handle;

    obj->m_handle = NULL;
    if (h == NULL)
        return shmc_no_error();
    return CALL(plugin->close(h, err, sizeof(err)), "close", obj->m_name);
}

static shmc_error_t
w_unlink(const char *name)
{
    char err[256] = "";

    return CALL(plugin->remove(name, err, sizeof(err)), "remove", name);
}

static shmc_error_t
w_read(shmc_obj_t *obj, size_t off, void *buf, size_t len)
{
    char err[256] = "";

    return CALL(plugin->read(obj->m_handle, off, buf, len, err,
        sizeof(err)), "read", obj->m_name);
}

static shmc_error_t
w_write(shmc_obj_t *obj, size_t off, const void *buf, size_t len)
{
    char err[256] = "";

    return CALL(plugin->write(obj->m_handle, off, buf, len, err,
        sizeof(err)), "write", obj->m_name);
}

static shmc_error_t
w_cleanup(const char *name)
{
    char err[256] = "";

    if (plugin->cleanup == NULL)
        return shmc_no_error();
    return CALL(plugin->cleanup(name, err, sizeof(err)), "cleanup", name);
}

/** Checks what the suites rely on before anything calls the plugin. */
static shmc_error_t
check_plugin(const char *path, const shmcompat_provider_t *p,
    const char *name)
{
    if (p->abi != SHMCOMPAT_PROVIDER_ABI)
        return shmc_error_new("plugin %s: provider ABI %u, these suites "
            "speak ABI %d", path, p->abi, SHMCOMPAT_PROVIDER_ABI);
    if (p->struct_size != sizeof(shmcompat_provider_t))
        return shmc_error_new("plugin %s: struct_size %u, ABI %d has %zu",
            path, p->struct_size, SHMCOMPAT_PROVIDER_ABI,
            sizeof(shmcompat_provider_t));
    if (p->name == NULL || p->library == NULL || p->version == NULL ||
        p->create == NULL || p->open == NULL || p->read == NULL ||
        p->write == NULL || p->size == NULL || p->close == NULL ||
        p->remove == NULL)
        return shmc_error_new("plugin %s: a name, library, version or "
            "required operation is NULL", path);
    if (name != NULL && strcmp(p->name, name) != 0)
        return shmc_error_new("plugin %s provides '%s', not '%s'", path,
            p->name, name);
    return shmc_no_error();
}

static unsigned int
wrap_caps(unsigned int caps)
{
    unsigned int c = 0;

    if (caps & SHMCOMPAT_CAP_NAMED)
        c |= SHMC_CAP_NAMED;
    if (caps & SHMCOMPAT_CAP_RESIZE)
        c |= SHMC_CAP_RESIZE;
    if (caps & SHMCOMPAT_CAP_UNLINK)
        c |= SHMC_CAP_UNLINK;
    return c;
}

shmc_error_t
shmc_plugin_load(const char *path, const char *name,
    const shmc_provider_t **provider)
{
    const shmcompat_provider_t *p;
    shmc_error_t err;
    const char *why;
    void *dl;

    if (plugin != NULL) {
        if (strcmp(path, plugin_path) != 0)
            return shmc_error_new("plugin %s: %s is loaded already", path,
                plugin_path);
        *provider = &wrapper;
        return shmc_no_error();
    }
#if defined(SHMC_NO_PLUGINS_REASON)
    /* No plugin can load here (configure ran dlopen and it failed):
     * whatever the file holds, there is nothing to test. */
    return shmc_error_skip("plugin %s: %s", path, SHMC_NO_PLUGINS_REASON);
#endif
    dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (dl == NULL) {
        why = dlerror();
        return shmc_error_new("plugin %s: not a loadable shared object: %s",
            path, why != NULL ? why : "dlopen failed");
    }
    p = dlsym(dl, SHMCOMPAT_PROVIDER_SYMBOL);
    if (p == NULL) {
        (void)dlclose(dl);
        return shmc_error_new("plugin %s: no symbol '%s': not a shmcompat "
            "provider plugin", path, SHMCOMPAT_PROVIDER_SYMBOL);
    }
    if (shmc_is_error(err = check_plugin(path, p, name))) {
        (void)dlclose(dl);
        return err;
    }
    plugin = p;
    (void)snprintf(plugin_path, sizeof(plugin_path), "%s", path);
    wrapper.m_name = p->name;
    wrapper.m_caps = wrap_caps(p->caps);
    wrapper.m_create = w_create;
    wrapper.m_open = w_open;
    wrapper.m_map = (p->caps & SHMCOMPAT_CAP_MAP) ? w_map : NULL;
    wrapper.m_unmap = w_unmap;
    wrapper.m_resize = w_resize;
    wrapper.m_size = w_size;
    wrapper.m_close = w_close;
    wrapper.m_unlink = w_unlink;
    wrapper.m_create_mode = w_create_mode;
    wrapper.m_read = w_read;
    wrapper.m_write = w_write;
    wrapper.m_cleanup = w_cleanup;
    wrapper.m_library = p->library;
    wrapper.m_version = p->version;
    *provider = &wrapper;
    return shmc_no_error();
}

const char *
shmc_plugin_path(void)
{
    return plugin != NULL ? plugin_path : NULL;
}

shmc_error_t
shmc_plugin_find(const char *name, bool named, const char *path,
    const char *adapter, const char *dir, const shmc_provider_t **provider)
{
    char file[1024];
    shmc_error_t err;

    if (path != NULL && path[0] != '\0')
        return shmc_plugin_load(path, named ? name : NULL, provider);
    if (adapter != NULL && adapter[0] != '\0') {
        err = shmc_adapter_load(adapter, provider);
        if (!shmc_is_error(err) && named &&
            strcmp((*provider)->m_name, name) != 0)
            err = shmc_error_new("adapter %s provides '%s', not '%s'",
                adapter, (*provider)->m_name, name);
        return err;
    }
    *provider = shmc_provider_find(name);
    if (*provider != NULL)
        return shmc_no_error();
    err = shmc_adapter_find(name, provider);
    if (shmc_is_error(err) || *provider != NULL)
        return err;
    if (name[0] == '\0' || strspn(name,
        "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name))
        return shmc_error_new("provider '%s' is neither built in nor a "
            "plugin name ([a-z0-9_]+); built in: %s", name,
            shmc_provider_names());
    (void)snprintf(file, sizeof(file), "%s/%s.so", dir, name);
    return shmc_plugin_load(file, name, provider);
}
