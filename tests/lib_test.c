/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/cleanup.h"
#include "lib/errname.h"
#include "lib/error.h"
#include "lib/name.h"
#include "probes/fsinfo.h"

/* ---------------------------------------------------------------------
 * Errors.
 * --------------------------------------------------------------------- */

static void
error__libc_appends_strerror(void **state)
{
    shmc_error_t err;

    (void)state;
    err = shmc_error_libc(ENOENT, "Cannot open %s", "/x");
    assert_int_equal(shmc_error_errno(err), ENOENT);
    assert_string_equal(shmc_error_message(err),
        "Cannot open /x: No such file or directory");
    shmc_error_free(err);

    err = shmc_error_new("plain %d", 7);
    assert_int_equal(shmc_error_errno(err), 0);
    assert_string_equal(shmc_error_message(err), "plain 7");
    shmc_error_free(err);

    /* The out-of-memory error is static and survives being freed. */
    err = shmc_error_nomem();
    shmc_error_free(err);
    assert_int_equal(shmc_error_errno(shmc_error_nomem()), ENOMEM);
    shmc_error_free(shmc_no_error());
}

/** A wrapped error keeps its errno and its kind; a skip is no failure. */
static void
error__wrap_keeps_errno_and_skip(void **state)
{
    shmc_error_t err;

    (void)state;
    err = shmc_error_wrap(shmc_error_libc(ENOENT, "Cannot open %s", "/x"),
        "reading %s", "facts");
    assert_int_equal(shmc_error_errno(err), ENOENT);
    assert_false(shmc_error_is_skip(err));
    assert_string_equal(shmc_error_message(err), "reading facts: "
        "Cannot open /x: No such file or directory");
    shmc_error_free(err);

    err = shmc_error_wrap(shmc_error_skip("no %s here", "unshare(2)"), "ns");
    assert_true(shmc_error_is_skip(err));
    assert_int_equal(shmc_error_errno(err), 0);
    assert_string_equal(shmc_error_message(err), "ns: no unshare(2) here");
    shmc_error_free(err);
    assert_false(shmc_error_is_skip(shmc_no_error()));
    assert_false(shmc_error_is_skip(shmc_error_nomem()));
}

static void
errname__symbolic_names(void **state)
{
    (void)state;
    assert_string_equal(shmc_errname(ENOENT), "ENOENT");
    assert_string_equal(shmc_errname(EINVAL), "EINVAL");
    assert_string_equal(shmc_errname(ENAMETOOLONG), "ENAMETOOLONG");
    assert_string_equal(shmc_errname(-12345), "E-12345");
}

/* ---------------------------------------------------------------------
 * Unique names.
 * --------------------------------------------------------------------- */

static void
name__unique_short_and_prefixed(void **state)
{
    char a[SHMC_NAME_MAX], b[SHMC_NAME_MAX], tiny[8];
    shmc_error_t err;

    (void)state;
    assert_null(shmc_name_unique(a, sizeof(a)));
    assert_null(shmc_name_unique(b, sizeof(b)));
    assert_string_not_equal(a, b);
    assert_int_equal(strncmp(a, "/" SHMC_NAME_PREFIX "_", 6), 0);
    /* macOS refuses names over 31 bytes. */
    assert_true(strlen(a) <= 31);
    assert_null(strchr(a + 1, '/'));

    err = shmc_name_unique(tiny, sizeof(tiny));
    assert_true(shmc_is_error(err));
    shmc_error_free(err);
}

static void
name__unpredictable(void **state)
{
    char a[SHMC_NAME_MAX], b[SHMC_NAME_MAX];

    (void)state;
    assert_null(shmc_name_unpredictable(a, sizeof(a)));
    assert_null(shmc_name_unpredictable(b, sizeof(b)));
    assert_string_not_equal(a, b);
    assert_int_equal(strncmp(a, "/" SHMC_NAME_PREFIX "_", 6), 0);
    assert_true(strlen(a) <= 31);
    assert_int_equal(strlen(shmc_name_run_id()), 8);
}

static void
name_core__either_form__this_process_or_this_object(void **state)
{
    char a[SHMC_NAME_MAX], b[SHMC_NAME_MAX], run[64];
    char ca[64], cb[64];

    (void)state;
    (void)snprintf(run, sizeof(run), "%s_%s", SHMC_NAME_PREFIX,
        shmc_name_run_id());
    /* Names of one process share their core, and it is more than the
     * run's prefix, which every case of the run shares. */
    assert_null(shmc_name_unique(a, sizeof(a)));
    assert_null(shmc_name_unique(b, sizeof(b)));
    shmc_name_core(a, ca, sizeof(ca));
    shmc_name_core(b, cb, sizeof(cb));
    assert_string_equal(ca, cb);
    assert_int_equal(strncmp(ca, run, strlen(run)), 0);
    assert_true(strlen(ca) > strlen(run) + 1);
    assert_int_equal(strncmp(a + 1, ca, strlen(ca)), 0);
    /* An unpredictable name is its own core. */
    assert_null(shmc_name_unpredictable(a, sizeof(a)));
    assert_null(shmc_name_unpredictable(b, sizeof(b)));
    shmc_name_core(a, ca, sizeof(ca));
    shmc_name_core(b, cb, sizeof(cb));
    assert_string_equal(ca, a + 1);
    assert_string_not_equal(ca, cb);
}

/* ---------------------------------------------------------------------
 * The cleanup ledger.
 * --------------------------------------------------------------------- */

static int
enter_tmpdir(void **state)
{
    char *dir = strdup("/tmp/shmc-lib-test.XXXXXX");

    if (dir == NULL || mkdtemp(dir) == NULL || chdir(dir) == -1)
        return -1;
    *state = dir;
    return 0;
}

static int
leave_tmpdir(void **state)
{
    char *dir = *state;

    (void)unlink(SHMC_CLEANUP_LEDGER);
    if (chdir("/") == -1 || rmdir(dir) == -1)
        return -1;
    free(dir);
    return 0;
}

static void
cleanup__removes_what_it_created(void **state)
{
    char made[SHMC_NAME_MAX];
    unsigned int removed;
    int fd;

    (void)state;
    assert_null(shmc_name_unique(made, sizeof(made)));
    fd = shm_open(made, O_RDWR | O_CREAT | O_EXCL, 0600);
    assert_int_not_equal(fd, -1);
    assert_null(shmc_cleanup_created(SHMC_CLEANUP_SHM, made, fd));
    (void)close(fd);

    assert_null(shmc_cleanup_run(&removed));
    assert_int_equal(removed, 1);
    assert_int_equal(shm_open(made, O_RDONLY, 0), -1);
    assert_int_equal(errno, ENOENT);
}

static void
cleanup__leaves_a_replaced_object(void **state)
{
    char name[SHMC_NAME_MAX];
    unsigned int removed;
    int fd, keep;

    (void)state;
    assert_null(shmc_name_unique(name, sizeof(name)));
    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    assert_int_not_equal(fd, -1);
    assert_null(shmc_cleanup_created(SHMC_CLEANUP_SHM, name, fd));
    /* Removed and made again, as by someone else: another object now,
     * held open so that its inode cannot be the recorded one's. */
    assert_int_equal(shm_unlink(name), 0);
    keep = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    assert_int_not_equal(keep, -1);

    assert_null(shmc_cleanup_run(&removed));
    assert_int_equal(removed, 0);
    assert_int_equal(shm_unlink(name), 0);
    (void)close(fd);
    (void)close(keep);
}

static void
cleanup__leaves_a_symlink_at_a_file(void **state)
{
    unsigned int removed;
    struct stat sb;
    int fd;

    (void)state;
    fd = open("made", O_RDWR | O_CREAT | O_EXCL, 0600);
    assert_int_not_equal(fd, -1);
    assert_null(shmc_cleanup_created(SHMC_CLEANUP_FILE, "made", fd));
    (void)close(fd);
    assert_int_equal(unlink("made"), 0);
    assert_int_equal(symlink("/", "made"), 0);

    assert_null(shmc_cleanup_run(&removed));
    assert_int_equal(removed, 0);
    assert_int_equal(lstat("made", &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    assert_int_equal(unlink("made"), 0);
}

static void
cleanup__no_ledger_is_nothing_to_do(void **state)
{
    unsigned int removed = 9;

    (void)state;
    assert_null(shmc_cleanup_run(&removed));
    assert_int_equal(removed, 0);
}

/* ---------------------------------------------------------------------
 * Filesystem names.
 * --------------------------------------------------------------------- */

static void
fsinfo__linux_magic_names(void **state)
{
    (void)state;
    assert_string_equal(shmc_fsinfo_linux_magic_name(0x01021994), "tmpfs");
    assert_string_equal(shmc_fsinfo_linux_magic_name(0xef53), "ext4");
    assert_null(shmc_fsinfo_linux_magic_name(0x12345678));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error__libc_appends_strerror),
        cmocka_unit_test(error__wrap_keeps_errno_and_skip),
        cmocka_unit_test(errname__symbolic_names),
        cmocka_unit_test(name__unique_short_and_prefixed),
        cmocka_unit_test(name__unpredictable),
        cmocka_unit_test(name_core__either_form__this_process_or_this_object),
        cmocka_unit_test_setup_teardown(cleanup__removes_what_it_created,
            enter_tmpdir, leave_tmpdir),
        cmocka_unit_test_setup_teardown(cleanup__leaves_a_replaced_object,
            enter_tmpdir, leave_tmpdir),
        cmocka_unit_test_setup_teardown(cleanup__leaves_a_symlink_at_a_file,
            enter_tmpdir, leave_tmpdir),
        cmocka_unit_test_setup_teardown(cleanup__no_ledger_is_nothing_to_do,
            enter_tmpdir, leave_tmpdir),
        cmocka_unit_test(fsinfo__linux_magic_names),
    };

    return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
