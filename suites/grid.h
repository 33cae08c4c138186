/* SPDX-License-Identifier: BSD-2-Clause */

/** Naming grids: the rows of names the shm and semaphore naming suites
 * both try, and the test-case shape that tries a list of rows. */

#if !defined(SHMC_SUITES_GRID_H)
#define SHMC_SUITES_GRID_H

typedef struct {
    const char *m_id;           /* Key segment. */
    const char *m_fixed;        /* A fixed name, or NULL for a built one. */
    const char *m_prefix;       /* Built: before the unique core. */
    const char *m_suffix;       /* Built: after the core and padding. */
    long m_length;              /* Built: total length; 0 for natural. */
} shmc_grid_row_t;

#define SHMC_GRID_SLASH_FORMS \
    { "no_slash", NULL, "", "", 0 }, \
    { "leading_slash", NULL, "/", "", 0 }, \
    { "double_slash", NULL, "//", "", 0 }, \
    { "interior_slash", NULL, "/", "/b", 0 }, \
    { "trailing_slash", NULL, "/", "/", 0 }

#define SHMC_GRID_ROOT_AND_EMPTY \
    { "root", "/", NULL, NULL, 0 }, \
    { "empty", "", NULL, NULL, 0 }

#define SHMC_GRID_SLASH_DOTS \
    { "slash_dot", "/.", NULL, NULL, 0 }, \
    { "slash_dotdot", "/..", NULL, NULL, 0 }

#define SHMC_GRID_SHORT_LENGTHS \
    { "len_14", NULL, "/", "", 14 }, \
    { "len_15", NULL, "/", "", 15 }, \
    { "len_30", NULL, "/", "", 30 }, \
    { "len_31", NULL, "/", "", 31 }, \
    { "len_32", NULL, "/", "", 32 }

#define SHMC_GRID_LENGTHS_250_TO_256 \
    { "len_250", NULL, "/", "", 250 }, \
    { "len_251", NULL, "/", "", 251 }, \
    { "len_252", NULL, "/", "", 252 }, \
    { "len_253", NULL, "/", "", 253 }, \
    { "len_254", NULL, "/", "", 254 }, \
    { "len_255", NULL, "/", "", 255 }, \
    { "len_256", NULL, "/", "", 256 }

/** A test case that tries a fixed list of rows with try_rows(rows, n). */
#define SHMC_GRID_CASE(tcname, text, try_rows, ...) \
    SHMC_TC(tcname, text) \
    { \
        static const shmc_grid_row_t rows[] = { __VA_ARGS__ }; \
        \
        try_rows(rows, sizeof(rows) / sizeof(rows[0])); \
    }

#endif /* !defined(SHMC_SUITES_GRID_H) */
