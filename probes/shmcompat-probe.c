/* SPDX-License-Identifier: BSD-2-Clause */

/** shmcompat-probe: prints the shared-memory facts of the running system.
 *
 * configure builds this same program to take its measurements, so the
 * facts of the build host and of any target it is later run on come from
 * one piece of code. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "probes/facts.h"

#define PROGNAME "shmcompat-probe"

/* Exit codes, documented in shmcompat-probe(1). */
enum {
    EXIT_PROBE_OK = 0,
    EXIT_PROBE_ERROR = 1,       /* Could not measure or write. */
    EXIT_PROBE_USAGE = 2        /* Bad option or unknown fact. */
};

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_GET } format_t;

static void
usage(FILE *f)
{
    fprintf(f,
        "Usage: " PROGNAME " [--json | --text | --get KEY]\n"
        "Prints the shared-memory facts of this system.\n"
        "  --text     one 'key: value' line per fact (the default)\n"
        "  --json     the facts as JSON (schema " SHMC_FACTS_SCHEMA ")\n"
        "  --get KEY  one fact by its dotted key, e.g. shm_dir.path\n"
        "  --version  print the version and exit\n");
}

/** Renders the output in memory first, so that a failure never leaves half
 * a document on standard output. */
static int
render(const shmc_json_t *facts, format_t format, const char *key)
{
    const shmc_json_t *value = facts;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem;
    int rc;

    if (format == FORMAT_GET) {
        /* An empty key would find the whole document. */
        value = *key != '\0' ? shmc_json_find(facts, key) : NULL;
        if (value == NULL) {
            fprintf(stderr, PROGNAME ": no fact named '%s'\n", key);
            return EXIT_PROBE_USAGE;
        }
    }
    mem = open_memstream(&buf, &len);
    if (mem == NULL) {
        fprintf(stderr, PROGNAME ": %s\n", strerror(errno));
        return EXIT_PROBE_ERROR;
    }
    if (format == FORMAT_JSON)
        rc = shmc_json_write(mem, value);
    else if (format == FORMAT_GET) {
        rc = shmc_json_write_scalar(mem, value);
        fputc('\n', mem);
    } else
        rc = shmc_json_write_flat(mem, value);
    if (fclose(mem) != 0 || rc != 0) {
        fprintf(stderr, PROGNAME ": cannot format the facts\n");
        free(buf);
        return EXIT_PROBE_ERROR;
    }
    rc = EXIT_PROBE_OK;
    if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, PROGNAME ": standard output: %s\n", strerror(errno));
        rc = EXIT_PROBE_ERROR;
    }
    free(buf);
    return rc;
}

int
main(int argc, char **argv)
{
    format_t format = FORMAT_TEXT;
    const char *key = NULL;
    shmc_json_t *facts;
    int i, rc;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            format = FORMAT_JSON;
        else if (strcmp(argv[i], "--text") == 0)
            format = FORMAT_TEXT;
        else if (strcmp(argv[i], "--get") == 0 && i + 1 < argc) {
            format = FORMAT_GET;
            key = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 ||
            strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_PROBE_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf(PROGNAME " (" PACKAGE_NAME ") " PACKAGE_VERSION "\n");
            return EXIT_PROBE_OK;
        } else {
            fprintf(stderr, PROGNAME ": %s option '%s'; try --help\n",
                strcmp(argv[i], "--get") == 0 ? "missing argument to" :
                "unknown", argv[i]);
            return EXIT_PROBE_USAGE;
        }
    }

    facts = shmc_facts_collect();
    if (facts == NULL) {
        fprintf(stderr, PROGNAME ": out of memory while probing\n");
        return EXIT_PROBE_ERROR;
    }
    rc = render(facts, format, key);
    shmc_json_free(facts);
    return rc;
}
