/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/name.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/run.h"

static char run_id[SHMC_RUN_ID_LEN + 1];
static unsigned long counter;

/** Returns the run id: $SHMCOMPAT_RUN_ID (its first alphanumerics, up to
 * SHMC_RUN_ID_LEN) when set, so that every process of a run and a
 * reproduction of it share one; otherwise a random one.  Aborts when the
 * system has no random source: a guessable id is not an option. */
const char *
shmc_name_run_id(void)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    const char *env;
    shmc_error_t err;
    size_t i, n;

    if (run_id[0] != '\0')
        return run_id;

    env = getenv(SHMC_RUN_ID_ENV);
    n = 0;
    if (env != NULL) {
        for (i = 0; env[i] != '\0' && n < SHMC_RUN_ID_LEN; i++)
            if (strchr(digits, env[i]) != NULL)
                run_id[n++] = env[i];
    }
    run_id[n] = '\0';
    if (n == 0) {
        err = shmc_run_random_text(run_id, SHMC_RUN_ID_LEN);
        if (shmc_is_error(err)) {
            fprintf(stderr, "shmcompat: no run id: %s\n",
                shmc_error_message(err));
            abort();
        }
    }
    return run_id;
}

shmc_error_t
shmc_name_unique(char *buf, size_t size)
{
    int len;

    shmc_run_join();
    len = snprintf(buf, size, "/%s_%s_%ld_%lu", SHMC_NAME_PREFIX,
        shmc_name_run_id(), (long)getpid(), counter++);
    if (len < 0 || (size_t)len >= size)
        return shmc_error_new("Object name does not fit in %zu bytes", size);
    return shmc_no_error();
}

shmc_error_t
shmc_name_unpredictable(char *buf, size_t size)
{
    char random[13];
    shmc_error_t err;
    int len;

    if (shmc_is_error(err = shmc_run_random_text(random, 12)))
        return err;
    len = snprintf(buf, size, "/%s_%s_x%s", SHMC_NAME_PREFIX,
        shmc_name_run_id(), random);
    if (len < 0 || (size_t)len >= size)
        return shmc_error_new("Object name does not fit in %zu bytes", size);
    return shmc_no_error();
}

void
shmc_name_core(const char *name, char *core, size_t size)
{
    const char *last;
    size_t len;

    if (name[0] == '/')
        name++;
    len = strlen(name);
    last = strrchr(name, '_');
    /* An unpredictable name is one object's alone: all of it. */
    if (last != NULL && last[1] != 'x')
        len = (size_t)(last - name);
    (void)snprintf(core, size, "%.*s", (int)len, name);
}
