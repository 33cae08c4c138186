/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "probes/sysctl.h"
#include "tests/test_helpers.h"

static void
parse_u64__valid(void **state)
{
    static const struct {
        const char *m_text;
        uint64_t m_value;
    } cases[] = {
        { "18446744073692774399\n", UINT64_C(18446744073692774399) },
        { "18446744073709551615", UINT64_MAX },
        { "4096\n", 4096 },
        { "0", 0 },
        { " \t32768 \n", 32768 },
    };
    uint64_t value;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        value = 1;
        assert_null(shmc_sysctl_parse_u64(cases[i].m_text, &value));
        assert_true(value == cases[i].m_value);
    }
}

static void
parse_u64__invalid(void **state)
{
    static const char *const bad[] = {
        "", "\n", " ", "-1", "+1", "abc", "12abc", "1 2", "0x10", "1.5",
        "18446744073709551616", "99999999999999999999999",
    };
    uint64_t value = 7;
    shmc_error_t err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err = shmc_sysctl_parse_u64(bad[i], &value);
        if (!shmc_is_error(err))
            fail_msg("'%s' was accepted", bad[i]);
        shmc_error_free(err);
        assert_true(value == 7);
    }
}

/* Runs every line of a captured sysctl(8) listing through the parser. */
static void
check_listing(const char *fixture, const char *prefix,
    const uint64_t expected[5])
{
    static const char *const names[] = {
        "shmmax", "shmmin", "shmmni", "shmseg", "shmall",
    };
    char line[256], name[64], want[64];
    uint64_t value;
    size_t i = 0;
    FILE *f = OPEN_FIXTURE(fixture);

    while (fgets(line, sizeof(line), f) != NULL) {
        assert_true(i < 5);
        assert_null(shmc_sysctl_parse_line(line, name, sizeof(name),
            &value));
        (void)snprintf(want, sizeof(want), "%s%s", prefix, names[i]);
        assert_string_equal(name, want);
        assert_true(value == expected[i]);
        i++;
    }
    fclose(f);
    assert_int_equal(i, 5);
}

static void
parse_line__freebsd(void **state)
{
    static const uint64_t expected[5] = {
        UINT64_C(4294967296), 1, 192, 128, 1048576,
    };

    (void)state;
    check_listing("sysctl-freebsd.txt", "kern.ipc.", expected);
}

static void
parse_line__macos(void **state)
{
    static const uint64_t expected[5] = { 4194304, 1, 32, 8, 1024 };

    (void)state;
    check_listing("sysctl-macos.txt", "kern.sysv.", expected);
}

static void
parse_line__linux_and_malformed(void **state)
{
    static const char *const bad[] = {
        "kern.ipc.shmmax", ": 5", " = 5", "kern.ipc.shmmax: x",
        "kern.ipc.shmmax:", "kern.ipc.shmmax: -3",
    };
    char name[16];
    uint64_t value;
    shmc_error_t err;
    size_t i;

    (void)state;
    assert_null(shmc_sysctl_parse_line("kernel.shmmni = 4096\n", name,
        sizeof(name), &value));
    assert_string_equal(name, "kernel.shmmni");
    assert_true(value == 4096);

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err = shmc_sysctl_parse_line(bad[i], name, sizeof(name), &value);
        if (!shmc_is_error(err))
            fail_msg("'%s' was accepted", bad[i]);
        shmc_error_free(err);
    }
    /* A name longer than the buffer is refused, not truncated. */
    err = shmc_sysctl_parse_line("kern.ipc.a_very_long_name: 1", name,
        sizeof(name), &value);
    assert_true(shmc_is_error(err));
    shmc_error_free(err);
}

static void
decode__widths(void **state)
{
    int32_t i32 = 192, neg = -1;
    uint64_t u64 = UINT64_C(18446744073692774399), value;
    uint16_t u16 = 5;
    shmc_error_t err;

    (void)state;
    assert_null(shmc_sysctl_decode(&i32, sizeof(i32), &value));
    assert_true(value == 192);
    assert_null(shmc_sysctl_decode(&u64, sizeof(u64), &value));
    assert_true(value == u64);
    err = shmc_sysctl_decode(&neg, sizeof(neg), &value);
    assert_true(shmc_is_error(err));
    shmc_error_free(err);
    err = shmc_sysctl_decode(&u16, sizeof(u16), &value);
    assert_true(shmc_is_error(err));
    shmc_error_free(err);
}

static void
read_file__proc_values(void **state)
{
    uint64_t value;
    shmc_error_t err;

    (void)state;
    assert_null(shmc_sysctl_read_file(SHMC_TEST_DATA "/proc-shmmax.txt",
        &value));
    assert_true(value == UINT64_C(18446744073692774399));
    assert_null(shmc_sysctl_read_file(SHMC_TEST_DATA "/proc-shmmni.txt",
        &value));
    assert_true(value == 4096);

    err = shmc_sysctl_read_file(SHMC_TEST_DATA "/proc-garbage.txt", &value);
    assert_true(shmc_is_error(err));
    assert_non_null(strstr(shmc_error_message(err), "proc-garbage.txt: "));
    shmc_error_free(err);

    err = shmc_sysctl_read_file(SHMC_TEST_DATA "/no-such-file", &value);
    assert_true(shmc_is_error(err));
    assert_int_equal(shmc_error_errno(err), ENOENT);
    shmc_error_free(err);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_u64__valid),
        cmocka_unit_test(parse_u64__invalid),
        cmocka_unit_test(parse_line__freebsd),
        cmocka_unit_test(parse_line__macos),
        cmocka_unit_test(parse_line__linux_and_malformed),
        cmocka_unit_test(decode__widths),
        cmocka_unit_test(read_file__proc_values),
    };

    return cmocka_run_group_tests_name("sysctl", tests, NULL, NULL);
}
