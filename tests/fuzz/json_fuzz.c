/* SPDX-License-Identifier: BSD-2-Clause */

/* libFuzzer target: the JSON reader the probe's output goes through.
 * Whatever it accepts must come back identical from both writers. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/** Reads back what a writer made of v; aborts unless it is v again. */
static void
round_trip(const shmc_json_t *v, int (*writer)(FILE *, const shmc_json_t *))
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    shmc_json_t *back;
    shmc_error_t err;

    if (f == NULL || writer(f, v) != 0 || fclose(f) != 0)
        abort();
    err = shmc_json_parse(text, len, &back);
    if (shmc_is_error(err)) {
        fprintf(stderr, "our own output is refused: %s\n%s\n",
            shmc_error_message(err), text);
        abort();
    }
    if (!shmc_json_equal(v, back)) {
        fprintf(stderr, "the output reads back differently:\n%s\n", text);
        abort();
    }
    shmc_json_free(back);
    free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    shmc_json_t *v;
    shmc_error_t err;
    FILE *null;

    err = shmc_json_parse((const char *)data, size, &v);
    if (shmc_is_error(err)) {
        if (strchr(shmc_error_message(err), '\n') != NULL)
            abort();
        shmc_error_free(err);
        return 0;
    }
    round_trip(v, shmc_json_write);
    round_trip(v, shmc_json_write_compact);
    null = fopen("/dev/null", "w");
    if (null != NULL) {
        (void)shmc_json_write_flat(null, v);
        fclose(null);
    }
    (void)shmc_json_find(v, "shm_dir.size_bytes");
    shmc_json_free(v);
    return 0;
}
