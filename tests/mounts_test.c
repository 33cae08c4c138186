/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "probes/mounts.h"
#include "tests/test_helpers.h"

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

static void
load(const char *fixture, shmc_mounts_format_t format, shmc_mounts_t *t)
{
    FILE *f = OPEN_FIXTURE(fixture);
    shmc_error_t err;

    shmc_mounts_init(t);
    err = shmc_mounts_read(f, format, fixture, t);
    fclose(f);
    if (shmc_is_error(err))
        fail_msg("%s", shmc_error_message(err));
}

static const shmc_mount_t *
find_path(const shmc_mounts_t *t, const char *path)
{
    return shmc_mounts_find(t, path, false, 0, 0);
}

/* ---------------------------------------------------------------------
 * Linux mountinfo.
 * --------------------------------------------------------------------- */

static void
mountinfo__stacked_dev_shm(void **state)
{
    shmc_mounts_t t;
    const shmc_mount_t *m;

    (void)state;
    load("mountinfo-debian-vm.txt", SHMC_MOUNTS_MOUNTINFO, &t);
    assert_int_equal(t.m_count, 10);

    /* Two tmpfs are stacked on /dev/shm; the device number picks one. */
    m = shmc_mounts_find(&t, "/dev/shm", true, 0, 23);
    assert_non_null(m);
    assert_int_equal(m->m_minor, 23);
    m = shmc_mounts_find(&t, "/dev/shm", true, 0, 27);
    assert_non_null(m);
    assert_int_equal(m->m_minor, 27);
    assert_string_equal(m->m_fstype, "tmpfs");
    assert_string_equal(m->m_source, "tmpfs");
    assert_string_equal(m->m_options, "rw,relatime,size=24683652k");

    /* Without a device, the later of two equal mount points is on top. */
    m = find_path(&t, "/dev/shm/some-object");
    assert_int_equal(m->m_minor, 27);
    m = find_path(&t, "/var/tmp");
    assert_string_equal(m->m_mount_point, "/");
    assert_string_equal(m->m_fstype, "ext4");
    shmc_mounts_fini(&t);
}

static void
mountinfo__docker_64m_shm(void **state)
{
    shmc_mounts_t t;
    const shmc_mount_t *m;

    (void)state;
    load("mountinfo-docker.txt", SHMC_MOUNTS_MOUNTINFO, &t);
    m = find_path(&t, "/dev/shm");
    assert_non_null(m);
    assert_string_equal(m->m_source, "shm");
    assert_true(shmc_mount_has_option(m, "size"));
    assert_true(strstr(m->m_options, "size=65536k") != NULL);
    assert_true(shmc_mount_has_option(m, "noexec"));
    assert_true(shmc_mount_has_option(m, "nosuid"));
    assert_false(shmc_mount_has_option(m, "exec"));
    /* A file bind-mounted from elsewhere keeps its own mount point. */
    m = find_path(&t, "/etc/resolv.conf");
    assert_string_equal(m->m_fstype, "ext4");
    shmc_mounts_fini(&t);
}

static void
mountinfo__escaped_characters(void **state)
{
    shmc_mounts_t t;
    const shmc_mount_t *m;

    (void)state;
    load("mountinfo-escaped.txt", SHMC_MOUNTS_MOUNTINFO, &t);
    m = find_path(&t, "/mnt/my disk/x");
    assert_non_null(m);
    assert_string_equal(m->m_mount_point, "/mnt/my disk");
    assert_string_equal(m->m_source, "my\\source");
    assert_string_equal(m->m_options, "rw,nosuid,size=1024k");
    assert_string_equal(t.m_entries[2].m_mount_point, "/mnt/tab\tand\nnewline");
    /* A prefix that is not a whole path component does not match. */
    m = find_path(&t, "/mnt/my diskette");
    assert_string_equal(m->m_mount_point, "/");
    shmc_mounts_fini(&t);
}

static void
mountinfo__bind_mount_on_dev_shm(void **state)
{
    shmc_mounts_t t;
    const shmc_mount_t *m;

    (void)state;
    load("mountinfo-bind.txt", SHMC_MOUNTS_MOUNTINFO, &t);
    m = shmc_mounts_find(&t, "/dev/shm", true, 254, 0);
    assert_non_null(m);
    assert_string_equal(m->m_mount_point, "/dev/shm");
    assert_string_equal(m->m_fstype, "ext4");
    assert_int_equal(m->m_major, 254);
    shmc_mounts_fini(&t);
}

/* With a device, only a mount of that device qualifies: a path whose
 * device no mount shows gives NULL, not the longest prefix's mount. */
static void
mountinfo__device_must_match(void **state)
{
    shmc_mounts_t t;
    const shmc_mount_t *m;

    (void)state;
    load("mountinfo-debian-vm.txt", SHMC_MOUNTS_MOUNTINFO, &t);
    m = shmc_mounts_find(&t, "/var/tmp", true, 254, 0);
    assert_non_null(m);
    assert_string_equal(m->m_mount_point, "/");
    assert_null(shmc_mounts_find(&t, "/run/shm", true, 0, 99));
    m = shmc_mounts_find(&t, "/dev/shm/x", true, 0, 27);
    assert_non_null(m);
    assert_string_equal(m->m_mount_point, "/dev/shm");
    shmc_mounts_fini(&t);
}

static void
mountinfo__no_dev_shm(void **state)
{
    shmc_mounts_t t;
    const shmc_mount_t *m;

    (void)state;
    load("mountinfo-no-dev-shm.txt", SHMC_MOUNTS_MOUNTINFO, &t);
    m = find_path(&t, "/dev/shm");
    assert_string_equal(m->m_mount_point, "/dev");
    assert_string_equal(m->m_fstype, "devtmpfs");
    m = find_path(&t, "/tmp");
    assert_string_equal(m->m_fstype, "tmpfs");
    shmc_mounts_fini(&t);
}

static void
mountinfo__malformed_lines(void **state)
{
    static const char *const bad[] = {
        "",
        "garbage",
        "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 ext3 /dev/root rw",
        "36 35 98:0 /mnt1 /mnt2 rw - ext3",
        "36 35 98 / /mnt rw - ext3 /dev/root rw",
        "36 35 98: / /mnt rw - ext3 /dev/root rw",
        "36 35 x:y / /mnt rw - ext3 /dev/root rw",
        "36 35 98:0 / relative rw - ext3 /dev/root rw",
        "1 2 3:4 - - - - - -",
        "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -",
    };
    shmc_mount_t m;
    shmc_error_t err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err = shmc_mount_parse_mountinfo(bad[i], &m);
        if (!shmc_is_error(err))
            fail_msg("line %zu was accepted: '%s'", i, bad[i]);
        assert_non_null(shmc_error_message(err));
        shmc_error_free(err);
    }
}

static void
mountinfo__error_names_file_and_line(void **state)
{
    shmc_mounts_t t;
    FILE *f;
    shmc_error_t err;

    (void)state;
    f = OPEN_FIXTURE("mountinfo-malformed.txt");
    shmc_mounts_init(&t);
    err = shmc_mounts_read(f, SHMC_MOUNTS_MOUNTINFO, "mountinfo-malformed.txt",
        &t);
    fclose(f);
    assert_true(shmc_is_error(err));
    assert_non_null(strstr(shmc_error_message(err),
        "mountinfo-malformed.txt:3: bad device number 'zz:1'"));
    shmc_error_free(err);
    shmc_mounts_fini(&t);
}

/* ---------------------------------------------------------------------
 * FreeBSD and macOS mount(8) output.
 * --------------------------------------------------------------------- */

static void
bsd__freebsd_table(void **state)
{
    shmc_mounts_t t;
    const shmc_mount_t *m;

    (void)state;
    load("mount-freebsd.txt", SHMC_MOUNTS_BSD, &t);
    assert_int_equal(t.m_count, 7);
    m = find_path(&t, "/tmp");
    assert_string_equal(m->m_fstype, "tmpfs");
    assert_string_equal(m->m_options, "local");
    assert_false(m->m_has_dev);
    m = find_path(&t, "/dev/fd");
    assert_string_equal(m->m_fstype, "fdescfs");
    assert_string_equal(m->m_options, "");
    m = find_path(&t, "/var/run/shm/x");
    assert_true(shmc_mount_has_option(m, "noexec"));
    m = find_path(&t, "/var/tmp");
    assert_string_equal(m->m_source, "zroot/var/tmp");
    assert_string_equal(m->m_options, "local,noatime,nosuid,nfsv4acls");
    m = find_path(&t, "/usr/local");
    assert_string_equal(m->m_fstype, "ufs");
    shmc_mounts_fini(&t);
}

static void
bsd__macos_table(void **state)
{
    shmc_mounts_t t;
    const shmc_mount_t *m;

    (void)state;
    load("mount-macos.txt", SHMC_MOUNTS_BSD, &t);
    assert_int_equal(t.m_count, 6);
    m = find_path(&t, "/System/Volumes/Data/home/me");
    assert_string_equal(m->m_source, "map auto_home");
    assert_string_equal(m->m_fstype, "autofs");
    m = find_path(&t, "/Volumes/My Disk/file");
    assert_string_equal(m->m_mount_point, "/Volumes/My Disk");
    assert_true(shmc_mount_has_option(m, "nodev"));
    m = find_path(&t, "/System/Volumes/Data/x");
    assert_string_equal(m->m_options,
        "local,journaled,nobrowse,protect,root data");
    m = find_path(&t, "/private/tmp");
    assert_true(shmc_mount_has_option(m, "read-only"));
    shmc_mounts_fini(&t);
}

static void
bsd__malformed_lines(void **state)
{
    static const char *const bad[] = {
        "",
        "tmpfs /tmp tmpfs rw 0 0",
        "tmpfs on /tmp",
        "tmpfs on /tmp (tmpfs, local",
        "tmpfs on (tmpfs)",
        "on /tmp (tmpfs)",
        "tmpfs on relative (tmpfs)",
        "tmpfs on /tmp ()",
        "tmpfs on /tmp (, local)",
    };
    shmc_mount_t m;
    shmc_error_t err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err = shmc_mount_parse_bsd(bad[i], &m);
        if (!shmc_is_error(err))
            fail_msg("line %zu was accepted: '%s'", i, bad[i]);
        shmc_error_free(err);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mountinfo__stacked_dev_shm),
        cmocka_unit_test(mountinfo__docker_64m_shm),
        cmocka_unit_test(mountinfo__escaped_characters),
        cmocka_unit_test(mountinfo__bind_mount_on_dev_shm),
        cmocka_unit_test(mountinfo__device_must_match),
        cmocka_unit_test(mountinfo__no_dev_shm),
        cmocka_unit_test(mountinfo__malformed_lines),
        cmocka_unit_test(mountinfo__error_names_file_and_line),
        cmocka_unit_test(bsd__freebsd_table),
        cmocka_unit_test(bsd__macos_table),
        cmocka_unit_test(bsd__malformed_lines),
    };

    return cmocka_run_group_tests_name("mounts", tests, NULL, NULL);
}
