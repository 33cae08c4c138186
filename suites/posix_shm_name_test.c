/* SPDX-License-Identifier: BSD-2-Clause */

/** Characterization of shm_open(3) names: which names are accepted, what
 * each refusal's errno is, what shm_unlink(3) makes of the same names,
 * which file (if any) a name becomes, and the longest name accepted.
 *
 * POSIX leaves all of this implementation-defined (XSH shm_open: a name
 * without a leading slash, or with further slashes; the length limits), so
 * these cases record observations and fail only when they cannot measure.
 *
 * Every name built from the run's unique core ("shmc" + run id + pid +
 * counter) is recorded for the cleanup before it is tried.  The few fixed
 * names ("/", "/.", ...) cannot be unique: they are recorded only once the
 * run has created them itself, and never unlinked when their creation met
 * an existing object (EEXIST), which would be someone else's. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "lib/cleanup.h"
#include "probes/shmdir.h"
#include "suites/grid.h"
#include "suites/harness.h"

typedef shmc_grid_row_t row_t;

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

static char *
build_name(const row_t *row)
{
    return shmc_t_grid_name(row->m_fixed, row->m_prefix, row->m_suffix,
        row->m_length);
}

/** How the file that fd is relates to name: "stripped" when it is the name
 * less its leading slashes, "other" when it is some other entry, NULL when
 * no file in the shm directory is the object. */
static const char *
file_relation(const char *dir, int fd, const char *name)
{
    struct stat obj;
    char file[1024];

    if (dir == NULL || fstat(fd, &obj) == -1 ||
        !shmc_shmdir_find_entry(dir, &obj, file, sizeof(file)))
        return NULL;
    return strcmp(file, name + strspn(name, "/")) == 0 ? "stripped" :
        "other";
}

/** Tries one row: create exclusively, note the file, unlink; records
 * posix_shm.name.ID.{create,unlink,file}. */
static void
try_row(const row_t *row, const char *dir)
{
    char key[128], *name;
    const char *file = NULL;
    int fd, create_errno, unlink_errno = -1;

    name = build_name(row);
    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    create_errno = fd == -1 ? errno : 0;
    if (fd != -1) {
        shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_SHM, name, fd),
            "recording a created object");
        file = file_relation(dir, fd, name);
        (void)close(fd);
    }

    /* Only this run's object, or a name refused as a name (which then
     * holds nothing), is unlinked: what met EEXIST, or failed for another
     * reason, may be someone else's. */
    if (create_errno == 0 || create_errno == EINVAL ||
        create_errno == ENAMETOOLONG || create_errno == ENOENT)
        unlink_errno = shm_unlink(name) == -1 ? errno : 0;

    (void)snprintf(key, sizeof(key), "posix_shm.name.%s.create", row->m_id);
    shmc_t_obs_errno(key, create_errno);
    (void)snprintf(key, sizeof(key), "posix_shm.name.%s.unlink", row->m_id);
    if (unlink_errno == -1)
        shmc_t_obs_null(key);
    else
        shmc_t_obs_errno(key, unlink_errno);
    (void)snprintf(key, sizeof(key), "posix_shm.name.%s.file", row->m_id);
    if (file == NULL)
        shmc_t_obs_null(key);
    else
        shmc_t_obs_str(key, file);
    free(name);
}

static void
try_rows(const row_t *rows, size_t n)
{
    char dir[1024];
    bool have_dir;
    size_t i;

#if !defined(HAVE_SHM_OPEN)
    atf_tc_skip("shm_open is not available");
#endif
    have_dir = shmc_t_shm_dir(dir, sizeof(dir));
    for (i = 0; i < n; i++)
        try_row(&rows[i], have_dir ? dir : NULL);
}

/* ---------------------------------------------------------------------
 * The grid.
 * --------------------------------------------------------------------- */

SHMC_GRID_CASE(name__slash_forms,
    "Names with no, one, two, interior and "
    "trailing slashes",
    try_rows,
    SHMC_GRID_SLASH_FORMS,
    { "no_slash_interior_slash", NULL, "", "/b", 0 })

SHMC_GRID_CASE(name__degenerate,
    "The names \"/\", \"\" and \"//\"",
    try_rows,
    SHMC_GRID_ROOT_AND_EMPTY,
    { "double_slash_only", "//", NULL, NULL, 0 })

SHMC_GRID_CASE(name__dot_components,
    "The names \"/.\", \"/..\", \".\", "
    "\"..\" and a dot-file name",
    try_rows,
    SHMC_GRID_SLASH_DOTS,
    { "dot", ".", NULL, NULL, 0 },
    { "dotdot", "..", NULL, NULL, 0 },
    { "dot_prefix", NULL, "/.", "", 0 },
    { "dotdot_component", NULL, "/../", "", 0 })

SHMC_GRID_CASE(name__short_lengths,
    "Names of 14, 15, 30, 31 and 32 bytes, "
    "leading slash included: the old limits of some systems (macOS "
    "PSHMNAMLEN is 31)",
    try_rows,
    SHMC_GRID_SHORT_LENGTHS)

SHMC_GRID_CASE(name__lengths_250_to_256,
    "Names of 250 to 256 bytes, leading "
    "slash included, around the usual NAME_MAX of 255",
    try_rows,
    SHMC_GRID_LENGTHS_250_TO_256)

/** Tries the four names around a limit: lo and lo + 1 bytes with the
 * leading slash (slash bytes more where the limit leaves it out) and
 * without it, as the rows ids[0..3]. */
static void
try_around(const char *const ids[4], long lo, long slash)
{
    const row_t rows[] = {
        { ids[0], NULL, "/", "", lo + slash },
        { ids[1], NULL, "/", "", lo + 1 + slash },
        { ids[2], NULL, "", "", lo },
        { ids[3], NULL, "", "", lo + 1 },
    };

    try_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

SHMC_TC(name__name_max, "A component of NAME_MAX and NAME_MAX+1 "
    "bytes, with and without the leading slash")
{
    static const char *const ids[] = { "name_max", "name_max_plus_1",
        "name_max_noslash", "name_max_plus_1_noslash" };

    shmc_t_obs_int("posix_shm.name.limits.name_max", shmc_t_name_max());
    try_around(ids, shmc_t_name_max(), 1);
}

SHMC_TC(name__path_max, "Names of PATH_MAX-1 and PATH_MAX bytes, "
    "with and without the leading slash")
{
    static const char *const ids[] = { "path_max_minus_1", "path_max",
        "path_max_minus_1_noslash", "path_max_noslash" };

    shmc_t_obs_int("posix_shm.name.limits.path_max", shmc_t_path_max());
    try_around(ids, shmc_t_path_max() - 1, 0);
}

SHMC_GRID_CASE(name__bytes,
    "Names holding UTF-8, Latin-1, a newline, "
    "a space, a tab and punctuation (LTP shm_open 37-1)",
    try_rows,
    { "utf8", NULL, "/", "\xc3\xa9\xc3\xa8", 0 },
    { "latin1", NULL, "/", "\xe9\xea\xee\xf4\xe7\xe0", 0 },
    { "newline", NULL, "/", "\nx", 0 },
    { "space", NULL, "/", " x", 0 },
    { "tab_and_punctuation", NULL, "/", "$#@\t\a,~}", 0 },
    { "backslash", NULL, "/", "\\x", 0 })

/* ---------------------------------------------------------------------
 * Aliasing and limits.
 * --------------------------------------------------------------------- */

/** Opens other without O_CREAT and tells whether it is the object fd. */
static void
observe_alias(const char *key, int fd, const char *other)
{
    struct stat a, b;
    int fd2;

    fd2 = shm_open(other, O_RDONLY, 0);
    if (fd2 == -1) {
        shmc_t_obs_bool(key, false);
        return;
    }
    ATF_REQUIRE(fstat(fd, &a) == 0 && fstat(fd2, &b) == 0);
    (void)close(fd2);
    shmc_t_obs_bool(key, a.st_dev == b.st_dev && a.st_ino == b.st_ino);
}

SHMC_TC(name__aliases, "Whether \"x\", \"/x\" and \"//x\" name "
    "one object")
{
    char name[SHMC_NAME_MAX], other[SHMC_NAME_MAX + 2];
    int fd;

    fd = shmc_t_shm_new(name, sizeof(name), O_RDWR, 0600);
    (void)snprintf(other, sizeof(other), "%s", name + 1);
    observe_alias("posix_shm.name.no_slash_is_same_object", fd, other);
    (void)snprintf(other, sizeof(other), "/%s", name);
    observe_alias("posix_shm.name.double_slash_is_same_object", fd, other);
    (void)close(fd);
    ATF_REQUIRE(shm_unlink(name) == 0);
}

/** Whether a name of total bytes (prefix included) can be created. */
static bool
length_accepted(const char *prefix, long total)
{
    row_t row = { "probe", NULL, prefix, "", total };
    char *name;
    int fd;

    name = build_name(&row);
    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd != -1) {
        shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_SHM, name, fd),
            "recording a created object");
        (void)close(fd);
        (void)shm_unlink(name);
    }
    free(name);
    return fd != -1;
}

/** Finds the longest accepted name by bisection between the shortest name
 * the core allows and twice PATH_MAX; null when not even the shortest is
 * accepted. */
static void
bisect(const char *key, const char *prefix)
{
    long lo = (long)strlen(prefix) + SHMC_T_CORE_LEN;
    long hi = 2 * shmc_t_path_max() + 1, mid;

    if (!length_accepted(prefix, lo)) {
        shmc_t_obs_null(key);
        return;
    }
    if (length_accepted(prefix, hi)) {
        shmc_t_obs_null(key);
        return;
    }
    while (hi - lo > 1) {
        mid = lo + (hi - lo) / 2;
        if (length_accepted(prefix, mid))
            lo = mid;
        else
            hi = mid;
    }
    shmc_t_obs_int(key, lo);
}

SHMC_TC(name__max_length, "The longest name shm_open accepts, "
    "leading slash included, found by bisection")
{
    bisect("posix_shm.name.max_length", "/");
    bisect("posix_shm.name.max_length_noslash", "");
}

SHMC_TC(name__dot_open_rdonly, "What shm_open(O_RDONLY) of \"/.\" and "
    "\"/..\" gives, and whether a descriptor it gives is a directory")
{
    static const char *const names[][2] = {
        { "slash_dot", "/." },
        { "slash_dotdot", "/.." },
    };
    struct stat sb;
    char key[128];
    size_t i;
    int fd;

    /* Only opens, never creates: safe with fixed names.  A descriptor for
     * a directory here is a finding: glibc hands out /dev/shm itself. */
    for (i = 0; i < 2; i++) {
        fd = shm_open(names[i][1], O_RDONLY, 0);
        (void)snprintf(key, sizeof(key), "posix_shm.name.%s.open_rdonly",
            names[i][0]);
        shmc_t_obs_errno(key, fd == -1 ? errno : 0);
        (void)snprintf(key, sizeof(key),
            "posix_shm.name.%s.open_rdonly_is_directory", names[i][0]);
        if (fd == -1)
            shmc_t_obs_null(key);
        else {
            shmc_t_obs_bool(key, fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode));
            (void)close(fd);
        }
    }
}

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, name__slash_forms);
    ATF_TP_ADD_TC(tp, name__degenerate);
    ATF_TP_ADD_TC(tp, name__dot_components);
    ATF_TP_ADD_TC(tp, name__short_lengths);
    ATF_TP_ADD_TC(tp, name__lengths_250_to_256);
    ATF_TP_ADD_TC(tp, name__name_max);
    ATF_TP_ADD_TC(tp, name__path_max);
    ATF_TP_ADD_TC(tp, name__bytes);
    ATF_TP_ADD_TC(tp, name__aliases);
    ATF_TP_ADD_TC(tp, name__max_length);
    ATF_TP_ADD_TC(tp, name__dot_open_rdonly);
    return atf_no_error();
}
