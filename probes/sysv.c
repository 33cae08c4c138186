/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "probes/sysv.h"

#include <sys/types.h>
#if defined(HAVE_SYS_IPC_H)
#   include <sys/ipc.h>
#endif
#if defined(HAVE_SYS_SHM_H)
#   include <sys/shm.h>
#endif
#if defined(HAVE_SYSCTLBYNAME)
#   include <sys/sysctl.h>
#endif

#include <stdio.h>
#include <string.h>

#include "probes/sysctl.h"

static const char *const limit_names[SHMC_SYSV_NLIMITS] = {
    "shmmax", "shmmin", "shmmni", "shmseg", "shmall",
};

const char *
shmc_sysv_limit_name(shmc_sysv_limit_t limit)
{
    return limit_names[limit];
}

static void
set_value(shmc_sysv_value_t *v, uint64_t value, const char *source)
{
    v->m_known = true;
    v->m_value = value;
    (void)snprintf(v->m_source, sizeof(v->m_source), "%s", source);
}

/* Linux: the /proc/sys/kernel files for the limits that have one. */
static void
probe_procfs(shmc_sysv_t *sysv)
{
    char path[64];
    uint64_t value;
    shmc_error_t err;
    size_t i;

    for (i = 0; i < SHMC_SYSV_NLIMITS; i++) {
        (void)snprintf(path, sizeof(path), "/proc/sys/kernel/%s",
            limit_names[i]);
        err = shmc_sysctl_read_file(path, &value);
        if (shmc_is_error(err))
            shmc_error_free(err);
        else
            set_value(&sysv->m_limits[i], value, path);
    }
    err = shmc_sysctl_read_file("/proc/sys/kernel/shm_rmid_forced", &value);
    if (shmc_is_error(err))
        shmc_error_free(err);
    else
        set_value(&sysv->m_rmid_forced, value,
            "/proc/sys/kernel/shm_rmid_forced");
}

/* Linux: shmctl(IPC_INFO) knows all five, SHMMIN and SHMSEG included. */
static void
probe_ipc_info(shmc_sysv_t *sysv)
{
#if defined(HAVE_DECL_IPC_INFO) && HAVE_DECL_IPC_INFO && \
    defined(HAVE_STRUCT_SHMINFO)
    struct shminfo info;
    size_t i;

    memset(&info, 0, sizeof(info));
    if (shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&info) == -1)
        return;
    sysv->m_have_ipc_info = true;
    sysv->m_ipc_info[SHMC_SYSV_SHMMAX] = (uint64_t)info.shmmax;
    sysv->m_ipc_info[SHMC_SYSV_SHMMIN] = (uint64_t)info.shmmin;
    sysv->m_ipc_info[SHMC_SYSV_SHMMNI] = (uint64_t)info.shmmni;
    sysv->m_ipc_info[SHMC_SYSV_SHMSEG] = (uint64_t)info.shmseg;
    sysv->m_ipc_info[SHMC_SYSV_SHMALL] = (uint64_t)info.shmall;
    for (i = 0; i < SHMC_SYSV_NLIMITS; i++)
        if (!sysv->m_limits[i].m_known)
            set_value(&sysv->m_limits[i], sysv->m_ipc_info[i],
                "shmctl(IPC_INFO)");
#else
    (void)sysv;
#endif
}

/* FreeBSD (kern.ipc.shm*) and macOS (kern.sysv.shm*). */
static void
probe_sysctl(shmc_sysv_t *sysv)
{
#if defined(HAVE_SYSCTLBYNAME)
    static const char *const prefixes[] = { "kern.ipc.", "kern.sysv." };
    unsigned char buf[16];
    char name[64], source[80];
    size_t i, p, len;
    uint64_t value;
    shmc_error_t err;

    for (i = 0; i < SHMC_SYSV_NLIMITS; i++) {
        for (p = 0; p < 2 && !sysv->m_limits[i].m_known; p++) {
            (void)snprintf(name, sizeof(name), "%s%s", prefixes[p],
                limit_names[i]);
            len = sizeof(buf);
            if (sysctlbyname(name, buf, &len, NULL, 0) == -1)
                continue;
            err = shmc_sysctl_decode(buf, len, &value);
            if (shmc_is_error(err)) {
                shmc_error_free(err);
                continue;
            }
            (void)snprintf(source, sizeof(source), "sysctl %s", name);
            set_value(&sysv->m_limits[i], value, source);
        }
    }
#else
    (void)sysv;
#endif
}

void
shmc_sysv_probe(shmc_sysv_t *sysv)
{
    memset(sysv, 0, sizeof(*sysv));
    probe_procfs(sysv);
    probe_ipc_info(sysv);
    probe_sysctl(sysv);
}

shmc_json_t *
shmc_sysv_to_json(const shmc_sysv_t *sysv)
{
    shmc_json_t *obj, *sources, *ipc;
    size_t i;

    obj = shmc_json_object();
    sources = shmc_json_object();
    for (i = 0; i < SHMC_SYSV_NLIMITS; i++) {
        const shmc_sysv_value_t *v = &sysv->m_limits[i];

        shmc_json_set_uint_opt(obj, limit_names[i], v->m_known, v->m_value);
        shmc_json_set_string_opt(sources, limit_names[i],
            v->m_known ? v->m_source : NULL);
    }
    shmc_json_set(obj, "sources", sources);
    shmc_json_set(obj, "shm_rmid_forced", sysv->m_rmid_forced.m_known ?
        shmc_json_bool(sysv->m_rmid_forced.m_value != 0) : shmc_json_null());
    if (sysv->m_have_ipc_info) {
        ipc = shmc_json_object();
        for (i = 0; i < SHMC_SYSV_NLIMITS; i++)
            shmc_json_set(ipc, limit_names[i],
                shmc_json_uint(sysv->m_ipc_info[i]));
        shmc_json_set(obj, "ipc_info", ipc);
    } else
        shmc_json_set(obj, "ipc_info", shmc_json_null());
    return obj;
}
