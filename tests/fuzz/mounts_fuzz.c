/* SPDX-License-Identifier: BSD-2-Clause */

/* libFuzzer target: the mount-table parsers (Linux mountinfo and the BSD
 * mount(8) form), each given the same text. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/mounts.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
read_table(const uint8_t *data, size_t size, shmc_mounts_format_t format)
{
    shmc_mounts_t mounts;
    shmc_error_t err;
    FILE *f;
    size_t i;

    f = fmemopen((void *)(uintptr_t)data, size, "r");
    if (f == NULL)
        return;
    shmc_mounts_init(&mounts);
    err = shmc_mounts_read(f, format, "fuzz", &mounts);
    fclose(f);
    if (!shmc_is_error(err)) {
        for (i = 0; i < mounts.m_count; i++) {
            const shmc_mount_t *m = &mounts.m_entries[i];

            if (m->m_mount_point == NULL || m->m_fstype == NULL ||
                m->m_options == NULL)
                abort();
            (void)shmc_mount_has_option(m, "noexec");
        }
        (void)shmc_mounts_find(&mounts, "/dev/shm/x", false, 0, 0);
        (void)shmc_mounts_find(&mounts, "/", true, 0, 22);
    }
    shmc_error_free(err);
    shmc_mounts_fini(&mounts);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* fmemopen refuses an empty buffer on some systems. */
    if (size == 0)
        return 0;
    read_table(data, size, SHMC_MOUNTS_MOUNTINFO);
    read_table(data, size, SHMC_MOUNTS_BSD);
    return 0;
}
