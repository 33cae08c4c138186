/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/json.h"
#include "lib/obs.h"
#include "tests/test_helpers.h"

static void
key_valid__grammar(void **state)
{
    static const char *const good[] = {
        "a", "posix_shm.name.len_14.create", "x.y_z.0",
    };
    static const char *const bad[] = {
        "", ".", "a.", ".a", "a..b", "A.b", "a-b", "a b", "a.*", "a/b",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_true(shmc_obs_key_valid(good[i]));
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (shmc_obs_key_valid(bad[i]))
            fail_msg("'%s' was accepted", bad[i]);
}

static void
key_matches__wildcard_segments(void **state)
{
    static const shmc_obs_entry_t catalogue[] = {
        { "posix_shm.name.*.create", "m1" },
        { "posix_shm.object.read", "m2" },
    };

    (void)state;
    assert_true(shmc_obs_key_matches("a.*.c", "a.b.c"));
    assert_true(shmc_obs_key_matches("*", "abc"));
    assert_false(shmc_obs_key_matches("a.*.c", "a.b.d.c"));
    assert_false(shmc_obs_key_matches("a.*.c", "a.c"));
    assert_false(shmc_obs_key_matches("a.b", "a.bc"));
    assert_false(shmc_obs_key_matches("a.b", "a.b.c"));
    assert_true(shmc_obs_key_matches("a.{b,cd}.e", "a.cd.e"));
    assert_true(shmc_obs_key_matches("a.{b,cd}.e", "a.b.e"));
    assert_false(shmc_obs_key_matches("a.{b,cd}.e", "a.c.e"));
    assert_false(shmc_obs_key_matches("a.{b,cd}.e", "a.bcd.e"));
    assert_false(shmc_obs_key_matches("a.{b,cd}", "a.{b,cd}"));
    assert_string_equal(shmc_obs_lookup(catalogue, 2,
        "posix_shm.name.root.create", NULL)->m_meaning, "m1");
    assert_null(shmc_obs_lookup(catalogue, 2, "posix_shm.object.read_x",
        NULL));
    assert_null(shmc_obs_lookup(catalogue, 2, "posix_shm.name.create", NULL));
}

/** A key that two entries match has no one meaning: it is refused. */
static void
lookup__ambiguous__refused(void **state)
{
    static const shmc_obs_entry_t catalogue[] = {
        { "pshared.*.*", "m1" },
        { "*.provider.open_trunc", "m2" },
        { "pshared.*.{mutex,cond}", "m3" },
    };
    bool ambiguous;

    (void)state;
    assert_null(shmc_obs_lookup(catalogue, 2, "pshared.provider.open_trunc",
        &ambiguous));
    assert_true(ambiguous);
    assert_string_equal(shmc_obs_lookup(catalogue + 1, 2,
        "pshared.provider.open_trunc", &ambiguous)->m_meaning, "m2");
    assert_false(ambiguous);
    assert_null(shmc_obs_lookup(catalogue + 1, 2, "pshared.x.y", &ambiguous));
    assert_false(ambiguous);
}

static void
format_and_parse__round_trip(void **state)
{
    char line[SHMC_OBS_LINE_MAX], key[128], json[64];
    const char *value;
    shmc_json_t *parsed;
    shmc_error_t err;

    (void)state;
    assert_null(shmc_obs_json_string(json, sizeof(json), "a\"b\\c\n\x01\xe9"));
    err = shmc_json_parse(json, strlen(json), &parsed);
    if (shmc_is_error(err))
        fail_msg("%s is not JSON: %s", json, shmc_error_message(err));
    assert_string_equal(shmc_json_string_value(parsed),
        "a\"b\\c\n\x01\xc3\xa9");
    shmc_json_free(parsed);

    assert_null(shmc_obs_format(line, sizeof(line), "a.b", json));
    assert_int_equal(strncmp(line, SHMC_OBS_PREFIX "a.b ", 14), 0);
    assert_null(shmc_obs_parse_line(line, key, sizeof(key), &value));
    assert_string_equal(key, "a.b");
    assert_int_equal(strncmp(value, json, strlen(json)), 0);
}

static void
format_and_parse__errors(void **state)
{
    static const char *const bad_lines[] = {
        "plain output", "shmc-obs: ", "shmc-obs: a.b", "shmc-obs: a.b ",
        "shmc-obs: Bad.key 1", "shmc-obs:  1",
    };
    char line[64], key[16];
    const char *value;
    shmc_error_t err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
        err = shmc_obs_parse_line(bad_lines[i], key, sizeof(key), &value);
        if (!shmc_is_error(err))
            fail_msg("'%s' was accepted", bad_lines[i]);
        shmc_error_free(err);
    }
    err = shmc_obs_format(line, sizeof(line), "bad key", "1");
    assert_true(shmc_is_error(err));
    shmc_error_free(err);
    err = shmc_obs_format(line, sizeof(line), "k", "1\n2");
    assert_true(shmc_is_error(err));
    shmc_error_free(err);
    err = shmc_obs_format(line, 8, "a.long.key", "1");
    assert_true(shmc_is_error(err));
    shmc_error_free(err);
    err = shmc_obs_json_string(line, 8, "too long for it");
    assert_true(shmc_is_error(err));
    shmc_error_free(err);
}

static void
write__one_line_per_call(void **state)
{
    char buf[256];
    int fds[2];
    ssize_t n;

    (void)state;
    assert_int_equal(pipe(fds), 0);
    assert_null(shmc_obs_write(fds[1], "a.b", "true"));
    assert_null(shmc_obs_write(fds[1], "c", "\"x\""));
    (void)close(fds[1]);
    n = read(fds[0], buf, sizeof(buf) - 1);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_string_equal(buf, "shmc-obs: a.b true\nshmc-obs: c \"x\"\n");
    (void)close(fds[0]);
}

/* The catalogue itself: every key valid, every line a key and a meaning. */
static void
catalogue__keys_are_valid(void **state)
{
    char line[512], key[256], pattern[256];
    size_t n = 0, len;
    FILE *f = OPEN_FIXTURE("../../suites/observations.txt");

    (void)state;
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[strspn(line, " \t")] == '#' ||
            line[strspn(line, " \t\n")] == '\0')
            continue;
        len = strcspn(line, " \t");
        assert_true(len > 0 && len < sizeof(key));
        memcpy(key, line, len);
        key[len] = '\0';
        /* Check the key with each "*" and "{a,b}" taken as one ordinary
         * segment, and the words of each "{a,b}" as segments too. */
        {
            char words[256];
            size_t i, j = 0, w;

            for (i = 0; key[i] != '\0' && j + 2 < sizeof(pattern); i++) {
                if (key[i] == '{') {
                    w = strcspn(key + i + 1, "}");
                    assert_true(key[i + 1 + w] == '}' && w < sizeof(words));
                    memcpy(words, key + i + 1, w);
                    words[w] = '\0';
                    for (w = 0; words[w] != '\0'; w++)
                        if (words[w] == ',')
                            words[w] = '.';
                    if (!shmc_obs_key_valid(words))
                        fail_msg("catalogue key '%s': bad words", key);
                    i += strlen(words) + 1;
                    pattern[j++] = 'x';
                } else if (key[i] == '*')
                    pattern[j++] = 'x';
                else
                    pattern[j++] = key[i];
            }
            pattern[j] = '\0';
        }
        if (!shmc_obs_key_valid(pattern))
            fail_msg("catalogue key '%s' is not valid", key);
        if (line[len + strspn(line + len, " \t")] == '\n')
            fail_msg("catalogue key '%s' has no meaning", key);
        n++;
    }
    fclose(f);
    assert_true(n > 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_valid__grammar),
        cmocka_unit_test(key_matches__wildcard_segments),
        cmocka_unit_test(lookup__ambiguous__refused),
        cmocka_unit_test(format_and_parse__round_trip),
        cmocka_unit_test(format_and_parse__errors),
        cmocka_unit_test(write__one_line_per_call),
        cmocka_unit_test(catalogue__keys_are_valid),
    };

    return cmocka_run_group_tests_name("obs", tests, NULL, NULL);
}
