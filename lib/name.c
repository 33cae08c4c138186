/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/name.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char run_id[8];
static unsigned long counter;

/** Returns the run id: $SHMCOMPAT_RUN_ID (first 6 alphanumerics) when set,
 * so a harness can tag all of its processes alike; otherwise one derived
 * from the start time. */
const char *
shmc_name_run_id(void)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    const char *env;
    unsigned long long seed;
    size_t i, n;

    if (run_id[0] != '\0')
        return run_id;

    env = getenv("SHMCOMPAT_RUN_ID");
    n = 0;
    if (env != NULL) {
        for (i = 0; env[i] != '\0' && n < 6; i++)
            if (strchr(digits, env[i]) != NULL)
                run_id[n++] = env[i];
    }
    if (n == 0) {
        seed = (unsigned long long)time(NULL) * 1000003ULL +
            (unsigned long long)clock();
        for (n = 0; n < 6; n++) {
            run_id[n] = digits[seed % 36];
            seed /= 36;
        }
    }
    run_id[n] = '\0';
    return run_id;
}

/** Writes a fresh name "/shmc_RUNID_PID_N" into buf. */
shmc_error_t
shmc_name_unique(char *buf, size_t size)
{
    int len;

    len = snprintf(buf, size, "/%s_%s_%ld_%lu", SHMC_NAME_PREFIX,
        shmc_name_run_id(), (long)getpid(), counter++);
    if (len < 0 || (size_t)len >= size)
        return shmc_error_new("Object name does not fit in %zu bytes", size);
    return shmc_no_error();
}
