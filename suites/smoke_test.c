/* SPDX-License-Identifier: BSD-2-Clause */

/** Smoke tests: shm_open works end to end, and shmcompat-probe runs,
 * writes valid JSON, cleans up after itself and agrees with configure. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "lib/cleanup.h"
#include "lib/json.h"
#include "lib/name.h"
#include "suites/harness.h"

#if !defined(SHMC_BINDIR)
#   error "SHMC_BINDIR must name the directory shmcompat-probe installs to"
#endif
/* The Makefile names the build; without it no build tree is trusted. */
#if !defined(SHMC_BUILD_ID) || !defined(SHMC_BUILD_ID_FILE)
#   undef SHMC_BUILD_ID
#   undef SHMC_BUILD_ID_FILE
#   define SHMC_BUILD_ID ""
#   define SHMC_BUILD_ID_FILE ""
#endif

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

/** The probe under test: the "probe" configuration variable (make check
 * sets it), else the one built beside this program in a build tree
 * (../probes/shmcompat-probe from the suites' directory), else the
 * installed one. */
static const char *
probe_path(const atf_tc_t *tc)
{
    static char built[1024];

    if (atf_tc_has_config_var(tc, "probe"))
        return atf_tc_get_config_var(tc, "probe");
    if (atf_tc_has_config_var(tc, "srcdir")) {
        (void)snprintf(built, sizeof(built), "%s/../probes/shmcompat-probe",
            atf_tc_get_config_var(tc, "srcdir"));
        if (access(built, X_OK) == 0)
            return built;
    }
    return SHMC_BINDIR "/shmcompat-probe";
}

/** Runs the probe with one argument (and an optional second) and returns
 * its standard output; fails the test if it does not exit 0. */
static char *
run_probe(const atf_tc_t *tc, const char *arg1, const char *arg2)
{
    char cmd[4096], *out = NULL;
    size_t len = 0, cap = 0, n;
    FILE *p;
    int status;

    (void)snprintf(cmd, sizeof(cmd), "'%s' %s %s", probe_path(tc), arg1,
        arg2 != NULL ? arg2 : "");
    p = popen(cmd, "r");
    ATF_REQUIRE_MSG(p != NULL, "cannot run %s: %s", cmd, strerror(errno));
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap == 0 ? 16384 : cap * 2;
            out = realloc(out, cap);
            ATF_REQUIRE(out != NULL);
        }
        n = fread(out + len, 1, cap - len - 1, p);
        if (n == 0)
            break;
        len += n;
    }
    out[len] = '\0';
    status = pclose(p);
    if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127)
        atf_tc_fail("%s: not found or not executable; set the 'probe' "
            "configuration variable to its path", probe_path(tc));
    ATF_REQUIRE_MSG(status != -1 && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0, "'%s' failed (status %d)", cmd, status);
    return out;
}

static char *
probe_get(const atf_tc_t *tc, const char *key)
{
    char *value = run_probe(tc, "--get", key);

    value[strcspn(value, "\n")] = '\0';
    return value;
}

/** Checks that the value at a dotted path has the given type (a number
 * may be unsigned, signed or real), or is null when allowed. */
static void
check_type(const shmc_json_t *root, const char *path, int allow_null,
    shmc_json_type_t type)
{
    const shmc_json_t *v = shmc_json_find(root, path);
    shmc_json_type_t t;

    ATF_CHECK_MSG(v != NULL, "probe JSON lacks %s", path);
    if (v == NULL)
        return;
    t = shmc_json_type(v);
    if (allow_null && t == SHMC_JSON_NULL)
        return;
    if (type == SHMC_JSON_UINT)
        ATF_CHECK_MSG(t == SHMC_JSON_UINT || t == SHMC_JSON_INT ||
            t == SHMC_JSON_REAL, "probe JSON %s is not a number", path);
    else
        ATF_CHECK_MSG(t == type, "probe JSON %s has type %d, expected %d",
            path, (int)t, (int)type);
}

/* ---------------------------------------------------------------------
 * Tests for shm_open itself.
 * --------------------------------------------------------------------- */

SHMC_TC(shm_open__roundtrip, "XSH shm_open (a name refers to one object): "
    "shm_open, ftruncate, mmap and a write are seen again through a second "
    "shm_open of the same name")
{
#if defined(HAVE_SHM_OPEN)
    char name[SHMC_NAME_MAX];
    unsigned char *p;
    long pagesize = sysconf(_SC_PAGESIZE);
    size_t i;
    int fd;

    ATF_REQUIRE(!shmc_is_error(shmc_name_unique(name, sizeof(name))));
    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1 && errno == EEXIST) {
        /* Someone else's: left to them, and a name nobody can predict
         * taken instead. */
        ATF_REQUIRE(!shmc_is_error(shmc_name_unpredictable(name,
            sizeof(name))));
        fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    }
    ATF_REQUIRE_MSG(fd != -1, "shm_open(%s): %s", name, strerror(errno));
    ATF_REQUIRE(!shmc_is_error(shmc_cleanup_created(SHMC_CLEANUP_SHM, name,
        fd)));
    shmc_t_ftruncate(fd, pagesize);
    p = shmc_t_mmap((size_t)pagesize, SHMC_T_RW, MAP_SHARED, fd, 0);
    shmc_t_require(shmc_t_back(p, (size_t)pagesize), "first write");
    for (i = 0; i < (size_t)pagesize; i++)
        p[i] = (unsigned char)(i * 7 + 3);
    ATF_REQUIRE(munmap(p, (size_t)pagesize) == 0);
    ATF_REQUIRE(close(fd) == 0);

    fd = shm_open(name, O_RDONLY, 0);
    ATF_REQUIRE_MSG(fd != -1, "reopen %s: %s", name, strerror(errno));
    p = shmc_t_mmap((size_t)pagesize, PROT_READ, MAP_SHARED, fd, 0);
    for (i = 0; i < (size_t)pagesize; i++)
        if (p[i] != (unsigned char)(i * 7 + 3))
            atf_tc_fail("byte %zu reads %u after reopening", i, p[i]);
    ATF_REQUIRE(munmap(p, (size_t)pagesize) == 0);
    ATF_REQUIRE(close(fd) == 0);
    ATF_REQUIRE_MSG(shm_unlink(name) == 0, "shm_unlink: %s",
        strerror(errno));
#else
    atf_tc_skip("shm_open is not available (configure found none)");
#endif
}

/* ---------------------------------------------------------------------
 * Tests for shmcompat-probe.
 * --------------------------------------------------------------------- */

SHMC_TC(probe__json_matches_schema, "shmcompat-probe --json writes strict "
    "JSON of schema shmcompat.probes/1 whose keys have the expected types")
{
    static const char *const limits[] = {
        "sysv.shmmax", "sysv.shmmin", "sysv.shmmni", "sysv.shmseg",
        "sysv.shmall",
    };
    static const char *const fs_keys[] = {
        "fstype", "size_bytes", "free_bytes", "options", "is_tmpfs",
    };
    const shmc_json_t *tmpfs, *entry, *functions;
    shmc_json_t *root;
    shmc_error_t err;
    char *text;
    size_t i, k;

    /* Parsed as shmcompat-report reads it: strictly, with 64-bit integers
     * kept exact. */
    text = run_probe(tc, "--json", NULL);
    err = shmc_json_parse(text, strlen(text), &root);
    if (shmc_is_error(err))
        atf_tc_fail("probe JSON is invalid: %s", shmc_error_message(err));
    ATF_REQUIRE_EQ(shmc_json_type(root), SHMC_JSON_OBJECT);
    ATF_CHECK_STREQ(shmc_json_string_value(shmc_json_get(root, "schema")),
        "shmcompat.probes/1");
    check_type(root, "shm_open.available", 0, SHMC_JSON_BOOL);
    check_type(root, "shm_open.library", 1, SHMC_JSON_STRING);
    check_type(root, "shm_dir.path", 1, SHMC_JSON_STRING);
    check_type(root, "shm_dir.fstype", 1, SHMC_JSON_STRING);
    check_type(root, "shm_dir.size_bytes", 1, SHMC_JSON_UINT);
    check_type(root, "shm_dir.free_bytes", 1, SHMC_JSON_UINT);
    check_type(root, "shm_dir.options", 1, SHMC_JSON_ARRAY);
    check_type(root, "memory.physical_bytes", 1, SHMC_JSON_UINT);
    check_type(root, "memory.page_size", 0, SHMC_JSON_UINT);
    check_type(root, "build.host", 0, SHMC_JSON_STRING);
    check_type(root, "build.abi", 0, SHMC_JSON_STRING);
    check_type(root, "sysv.sources", 0, SHMC_JSON_OBJECT);
    for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
        check_type(root, limits[i], 1, SHMC_JSON_UINT);
    check_type(root, "tmpfs", 0, SHMC_JSON_OBJECT);
    tmpfs = shmc_json_get(root, "tmpfs");
    for (i = 0; i < shmc_json_count(tmpfs); i++) {
        entry = shmc_json_item_at(tmpfs, i);
        ATF_CHECK_MSG(shmc_json_get(entry, "exists") != NULL &&
            shmc_json_type(shmc_json_get(entry, "exists")) == SHMC_JSON_BOOL,
            "tmpfs.%s.exists is not a boolean", shmc_json_key_at(tmpfs, i));
        for (k = 0; k < sizeof(fs_keys) / sizeof(fs_keys[0]); k++)
            ATF_CHECK_MSG(shmc_json_get(entry, fs_keys[k]) != NULL,
                "tmpfs.%s lacks %s", shmc_json_key_at(tmpfs, i), fs_keys[k]);
    }
    check_type(root, "functions", 0, SHMC_JSON_OBJECT);
    functions = shmc_json_get(root, "functions");
    ATF_CHECK(shmc_json_count(functions) > 0);
    for (i = 0; i < shmc_json_count(functions); i++)
        ATF_CHECK_MSG(shmc_json_type(shmc_json_item_at(functions, i)) ==
            SHMC_JSON_BOOL, "functions.%s is not a boolean",
            shmc_json_key_at(functions, i));
    shmc_json_free(root);
    free(text);
}

SHMC_TC(probe__removes_its_object, "The shm object shmcompat-probe creates to "
    "find the shm directory is gone once it has exited")
{
#if defined(HAVE_SHM_OPEN)
    char *name;
    int fd;

    name = probe_get(tc, "shm_dir.probe_object");
    if (strcmp(name, "null") == 0)
        atf_tc_skip("the probe created no object here");
    ATF_REQUIRE_MSG(strncmp(name, "/" SHMC_NAME_PREFIX "_", 6) == 0,
        "unexpected probe object name '%s'", name);
    fd = shm_open(name, O_RDONLY, 0);
    if (fd != -1)
        (void)close(fd);
    ATF_CHECK_MSG(fd == -1 && errno == ENOENT,
        "%s still exists after shmcompat-probe exited", name);
    free(name);
#else
    atf_tc_skip("shm_open is not available (configure found none)");
#endif
}

/** Whether configure's facts describe the system this case runs on: the
 * build was not cross-compiled, and the build tree that configure wrote
 * still holds this build's id (an installed copy run in a chroot, a guest
 * or on another machine finds no such tree). */
static bool
beside_configured_build(char *why, size_t size)
{
#if defined(SHMC_CONF_CROSS)
    (void)snprintf(why, size, "cross-compiled for %s on %s: configure "
        "could not measure the target", SHMC_CONF_HOST, SHMC_CONF_BUILD);
    return false;
#else
    char id[128] = "";
    FILE *f;

    f = fopen(SHMC_BUILD_ID_FILE, "r");
    if (f != NULL) {
        if (fgets(id, sizeof(id), f) == NULL)
            id[0] = '\0';
        id[strcspn(id, "\n")] = '\0';
        (void)fclose(f);
    }
    if (SHMC_BUILD_ID[0] == '\0' || strcmp(id, SHMC_BUILD_ID) != 0) {
        (void)snprintf(why, size, "%s does not hold build %s: this copy "
            "runs away from the build tree configure measured",
            SHMC_BUILD_ID_FILE, SHMC_BUILD_ID);
        return false;
    }
    return true;
#endif
}

SHMC_TC(probe__agrees_with_configure, "shmcompat-probe finds the shm "
    "directory and SHMMNI that configure found, when it runs beside the build "
    "configure measured")
{
    char why[1024], *value;

    if (!beside_configured_build(why, sizeof(why)))
        atf_tc_skip("%s", why);
    if (strcmp(SHMC_CONF_SHM_DIR, "unknown") == 0)
        atf_tc_skip("configure did not run the probe");

    value = probe_get(tc, "shm_dir.path");
    ATF_CHECK_MSG(strcmp(value, strcmp(SHMC_CONF_SHM_DIR, "none") == 0 ?
        "null" : SHMC_CONF_SHM_DIR) == 0, "shm_dir.path: configure found "
        "'%s', the probe now finds '%s'", SHMC_CONF_SHM_DIR, value);
    free(value);

    value = probe_get(tc, "sysv.shmmni");
    ATF_CHECK_MSG(strcmp(value, strcmp(SHMC_CONF_SHMMNI, "none") == 0 ?
        "null" : SHMC_CONF_SHMMNI) == 0, "sysv.shmmni: configure found "
        "'%s', the probe now finds '%s'", SHMC_CONF_SHMMNI, value);
    free(value);
}

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, shm_open__roundtrip);
    ATF_TP_ADD_TC(tp, probe__json_matches_schema);
    ATF_TP_ADD_TC(tp, probe__removes_its_object);
    ATF_TP_ADD_TC(tp, probe__agrees_with_configure);
    return atf_no_error();
}
