/* SPDX-License-Identifier: BSD-2-Clause */

/** Shared pieces of the cmocka unit tests. */

#if !defined(SHMC_TESTS_TEST_HELPERS_H)
#define SHMC_TESTS_TEST_HELPERS_H

#include <stdio.h>

#if !defined(SHMC_TEST_DATA)
#   error "SHMC_TEST_DATA must name the fixture directory"
#endif

/** Opens a fixture file from tests/data; fails the test when missing. */
#define OPEN_FIXTURE(name) open_fixture(name)

static inline FILE *
open_fixture(const char *name)
{
    char path[1024];
    FILE *f;

    (void)snprintf(path, sizeof(path), "%s/%s", SHMC_TEST_DATA, name);
    f = fopen(path, "r");
    if (f == NULL)
        fail_msg("cannot open fixture %s", path);
    return f;
}

#endif /* !defined(SHMC_TESTS_TEST_HELPERS_H) */
