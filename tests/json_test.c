/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <math.h>
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
#include "probes/facts.h"

/* Renders a value with the given writer into a fresh string. */
static char *
render(int (*writer)(FILE *, const shmc_json_t *), const shmc_json_t *v)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    assert_int_equal(writer(f, v), 0);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static shmc_json_t *
sample(void)
{
    shmc_json_t *root, *tmpfs, *entry, *opts;

    root = shmc_json_object();
    shmc_json_set(root, "schema", shmc_json_string("x/1"));
    shmc_json_set(root, "big", shmc_json_uint(UINT64_MAX));
    shmc_json_set(root, "neg", shmc_json_int(-42));
    shmc_json_set(root, "ratio", shmc_json_real(0.5));
    shmc_json_set(root, "nan", shmc_json_real(NAN));
    shmc_json_set(root, "nothing", shmc_json_null());
    shmc_json_set(root, "text", shmc_json_string("q\"b\\s\n\t\x01\xc3\xa9"));
    tmpfs = shmc_json_object();
    entry = shmc_json_object();
    shmc_json_set(entry, "exists", shmc_json_bool(true));
    opts = shmc_json_array();
    shmc_json_append(opts, shmc_json_string("rw"));
    shmc_json_append(opts, shmc_json_string("noexec"));
    shmc_json_set(entry, "options", opts);
    shmc_json_set(tmpfs, "/srv/my.dir", entry);
    shmc_json_set(tmpfs, "/srv/my", shmc_json_object());
    shmc_json_set(root, "tmpfs", tmpfs);
    shmc_json_set(root, "empty", shmc_json_array());
    return root;
}

static void
write__valid_json_with_exact_u64(void **state)
{
    shmc_json_t *root = sample();
    char *text;
    shmc_json_t *parsed;
    shmc_error_t err;

    (void)state;
    assert_true(shmc_json_is_complete(root));
    text = render(shmc_json_write, root);
    assert_non_null(strstr(text, "\"big\": 18446744073709551615"));
    assert_non_null(strstr(text, "\"nan\": null"));
    assert_non_null(strstr(text, "\\u0001"));

    err = shmc_json_parse(text, strlen(text), &parsed);
    if (shmc_is_error(err))
        fail_msg("%s\n%s", shmc_error_message(err), text);
    assert_string_equal(shmc_json_string_value(shmc_json_get(parsed, "text")),
        "q\"b\\s\n\t\x01\xc3\xa9");
    assert_int_equal(shmc_json_type(shmc_json_get(parsed, "big")),
        SHMC_JSON_UINT);
    assert_true(shmc_json_uint_value(shmc_json_get(parsed, "big")) ==
        UINT64_MAX);
    assert_int_equal(shmc_json_int_value(shmc_json_get(parsed, "neg")), -42);
    assert_int_equal(shmc_json_count(shmc_json_get(parsed, "empty")), 0);
    assert_true(shmc_json_equal(parsed, root));
    shmc_json_free(parsed);
    free(text);
    shmc_json_free(root);
}

static void
set__replaces_existing_key(void **state)
{
    shmc_json_t *obj = shmc_json_object();

    (void)state;
    shmc_json_set(obj, "k", shmc_json_uint(1));
    shmc_json_set(obj, "k", shmc_json_uint(2));
    assert_true(shmc_json_uint_value(shmc_json_get(obj, "k")) == 2);
    shmc_json_set_uint_opt(obj, "unknown", false, 5);
    assert_int_equal(shmc_json_type(shmc_json_get(obj, "unknown")),
        SHMC_JSON_NULL);
    shmc_json_set_string_opt(obj, "none", NULL);
    assert_int_equal(shmc_json_type(shmc_json_get(obj, "none")),
        SHMC_JSON_NULL);
    shmc_json_free(obj);
}

static void
find__keys_with_dots_and_slashes(void **state)
{
    shmc_json_t *root = sample();
    shmc_json_t *v;

    (void)state;
    v = shmc_json_find(root, "tmpfs./srv/my.dir.exists");
    assert_non_null(v);
    assert_true(shmc_json_bool_value(v));
    assert_int_equal(shmc_json_type(shmc_json_find(root, "tmpfs./srv/my")),
        SHMC_JSON_OBJECT);
    assert_null(shmc_json_find(root, "tmpfs./srv/other"));
    assert_null(shmc_json_find(root, "schema.x"));
    assert_null(shmc_json_find(root, "sch"));
    assert_string_equal(shmc_json_string_value(shmc_json_find(root,
        "schema")), "x/1");
    shmc_json_free(root);
}

static void
write_flat__one_line_per_scalar(void **state)
{
    shmc_json_t *root = sample();
    char *text;

    (void)state;
    text = render(shmc_json_write_flat, root);
    assert_non_null(strstr(text, "big: 18446744073709551615\n"));
    assert_non_null(strstr(text, "tmpfs./srv/my.dir.options: rw,noexec\n"));
    assert_non_null(strstr(text, "nothing: null\n"));
    free(text);
    shmc_json_free(root);
}

static void
append__null_marks_incomplete(void **state)
{
    shmc_json_t *root = shmc_json_object();
    shmc_json_t *array = shmc_json_array();

    (void)state;
    shmc_json_append(array, NULL);
    assert_false(shmc_json_is_complete(array));
    shmc_json_set(root, "a", array);
    assert_false(shmc_json_is_complete(root));
    shmc_json_free(root);
    assert_false(shmc_json_is_complete(NULL));
}

static void
merge__moves_members(void **state)
{
    shmc_json_t *dst = shmc_json_object(), *src = shmc_json_object();

    (void)state;
    shmc_json_set(dst, "a", shmc_json_uint(1));
    shmc_json_set(dst, "b", shmc_json_uint(2));
    shmc_json_set(src, "b", shmc_json_uint(20));
    shmc_json_set(src, "c", shmc_json_uint(30));
    shmc_json_merge(dst, src);
    assert_true(shmc_json_uint_value(shmc_json_get(dst, "a")) == 1);
    assert_true(shmc_json_uint_value(shmc_json_get(dst, "b")) == 20);
    assert_true(shmc_json_uint_value(shmc_json_get(dst, "c")) == 30);
    assert_true(shmc_json_is_complete(dst));
    shmc_json_merge(dst, shmc_json_array());
    assert_false(shmc_json_is_complete(dst));
    shmc_json_free(dst);
}

static void
document__schema_and_generator(void **state)
{
    shmc_json_t *doc = shmc_json_document("x.y/1", "shmcompat-x");

    (void)state;
    assert_string_equal(shmc_json_string_value(shmc_json_get(doc, "schema")),
        "x.y/1");
    assert_string_equal(shmc_json_string_value(shmc_json_find(doc,
        "generator.name")), "shmcompat-x");
    assert_string_equal(shmc_json_string_value(shmc_json_find(doc,
        "generator.version")), PACKAGE_VERSION);
    assert_true(shmc_json_count(doc) == 2 && shmc_json_is_complete(doc));
    shmc_json_free(doc);
}

/* A walk meets every member once, in order, with its value; an empty
 * object and a value that is no object give an empty walk. */
static void
iter__walks_members_in_order(void **state)
{
    static const char *const keys[] = { "z", "a", "m", "b" };
    shmc_json_t *o = shmc_json_object(), *empty = shmc_json_object(), *v;
    shmc_json_t *s = shmc_json_string("x");
    shmc_json_iter_t it;
    const char *key;
    uint64_t i;

    (void)state;
    for (i = 0; i < 4; i++)
        shmc_json_set(o, keys[i], shmc_json_uint(i));
    /* Replacing a member keeps its place. */
    shmc_json_set(o, "a", shmc_json_uint(1));
    it = shmc_json_iter(o);
    for (i = 0; shmc_json_next(&it, &key, &v); i++) {
        assert_true(i < 4);
        assert_string_equal(key, keys[i]);
        assert_true(shmc_json_uint_value(v) == i);
    }
    assert_true(i == 4);
    assert_false(shmc_json_next(&it, &key, &v));
    it = shmc_json_iter(empty);
    assert_false(shmc_json_next(&it, &key, &v));
    it = shmc_json_iter(s);
    assert_false(shmc_json_next(&it, &key, &v));
    it = shmc_json_iter(NULL);
    assert_false(shmc_json_next(&it, &key, &v));
    shmc_json_free(o);
    shmc_json_free(empty);
    shmc_json_free(s);
}

/* Reals come back from the text bit for bit, and stay reals. */
static void
real__round_trips_exactly(void **state)
{
    static const double values[] = {
        0.1, 1.0 / 3.0, 2.0, 1e300, 5e-324, -123456.789, 1234.5678e-9,
    };
    shmc_json_t *v, *back;
    char *text;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        v = shmc_json_real(values[i]);
        text = shmc_json_to_string(v);
        assert_non_null(text);
        assert_null(shmc_json_parse(text, strlen(text), &back));
        assert_int_equal(shmc_json_type(back), SHMC_JSON_REAL);
        if (shmc_json_number_value(back) != values[i])
            fail_msg("%.17g came back as %s", values[i], text);
        free(text);
        shmc_json_free(back);
        shmc_json_free(v);
    }
    text = shmc_json_to_string(v = shmc_json_real(0.1));
    assert_string_equal(text, "0.1");
    free(text);
    shmc_json_free(v);
}

/* Names read from the system need not be UTF-8; the JSON must be. */
static void
string__stray_bytes_become_code_points(void **state)
{
    shmc_json_t *v = shmc_json_string("a\xe9" "b\xc3\xa9\xed\xa0\x80");

    (void)state;
    assert_string_equal(shmc_json_string_value(v),
        "a\xc3\xa9" "b\xc3\xa9\xc3\xad\xc2\xa0\xc2\x80");
    shmc_json_free(v);
}

/* SHMMAX on Linux: above INT64_MAX, kept to the last digit both ways. */
static void
uint__above_int64_max_is_exact(void **state)
{
    static const char text[] = "{\"shmmax\": 18446744073692774399}";
    shmc_json_t *v;
    char *back;

    (void)state;
    assert_null(shmc_json_parse(text, strlen(text), &v));
    assert_int_equal(shmc_json_type(shmc_json_get(v, "shmmax")),
        SHMC_JSON_UINT);
    assert_true(shmc_json_uint_value(shmc_json_get(v, "shmmax")) ==
        UINT64_C(18446744073692774399));
    back = shmc_json_to_string(v);
    assert_string_equal(back, "{\"shmmax\":18446744073692774399}");
    free(back);
    shmc_json_free(v);
}

static void
functions__parses_feature_list(void **state)
{
    shmc_json_t *f;

    (void)state;
    f = shmc_facts_functions("shm_open=yes,memfd_create=no,odd=maybe,"
        "=yes,noequals,MAP_ANON=yes");
    assert_true(shmc_json_bool_value(shmc_json_get(f, "shm_open")));
    assert_false(shmc_json_bool_value(shmc_json_get(f, "memfd_create")));
    assert_false(shmc_json_bool_value(shmc_json_get(f, "odd")));
    assert_true(shmc_json_bool_value(shmc_json_get(f, "MAP_ANON")));
    assert_null(shmc_json_get(f, "noequals"));
    shmc_json_free(f);
    f = shmc_facts_functions("");
    assert_true(shmc_json_is_complete(f));
    shmc_json_free(f);
}

/** Writes text to a new temporary file; its path (to free and unlink). */
static char *
temp_json(const char *text)
{
    char *path = strdup("/tmp/shmc-json-test.XXXXXX");
    FILE *f;
    int fd;

    assert_non_null(path);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    return path;
}

static void
load_buffered__one_buffer_for_files_of_any_size(void **state)
{
    shmc_json_buffer_t buf = { NULL, 0 };
    char *big_text, *big, *small, *empty;
    shmc_json_t *v;
    shmc_error_t err;
    size_t i, n = 300000;

    (void)state;
    /* {"a":"xxx...x"} larger than the first buffer, then a small file that
     * fits in what is left, then the large one again, then an empty one. */
    big_text = malloc(n + 16);
    assert_non_null(big_text);
    memcpy(big_text, "{\"a\":\"", 6);
    for (i = 6; i < n; i++)
        big_text[i] = 'x';
    memcpy(big_text + n, "\"}", 3);
    big = temp_json(big_text);
    small = temp_json("{\"b\": 7}");
    empty = temp_json("");
    assert_null(shmc_json_load_buffered(big, &buf, &v));
    assert_int_equal(strlen(shmc_json_string_value(shmc_json_get(v, "a"))),
        n - 6);
    assert_true(buf.m_cap > n);
    shmc_json_free(v);
    assert_null(shmc_json_load_buffered(small, &buf, &v));
    assert_int_equal(shmc_json_uint_value(shmc_json_get(v, "b")), 7);
    assert_true(buf.m_cap > n);
    shmc_json_free(v);
    assert_null(shmc_json_load_buffered(big, &buf, &v));
    assert_int_equal(strlen(shmc_json_string_value(shmc_json_get(v, "a"))),
        n - 6);
    shmc_json_free(v);
    err = shmc_json_load_buffered(empty, &buf, &v);
    assert_non_null(err);
    assert_non_null(strstr(shmc_error_message(err), "empty file"));
    assert_null(v);
    shmc_error_free(err);
    shmc_json_buffer_free(&buf);
    assert_null(buf.m_text);
    assert_int_equal(buf.m_cap, 0);
    unlink(big);
    unlink(small);
    unlink(empty);
    free(big);
    free(small);
    free(empty);
    free(big_text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(write__valid_json_with_exact_u64),
        cmocka_unit_test(set__replaces_existing_key),
        cmocka_unit_test(document__schema_and_generator),
        cmocka_unit_test(find__keys_with_dots_and_slashes),
        cmocka_unit_test(write_flat__one_line_per_scalar),
        cmocka_unit_test(append__null_marks_incomplete),
        cmocka_unit_test(merge__moves_members),
        cmocka_unit_test(iter__walks_members_in_order),
        cmocka_unit_test(real__round_trips_exactly),
        cmocka_unit_test(string__stray_bytes_become_code_points),
        cmocka_unit_test(uint__above_int64_max_is_exact),
        cmocka_unit_test(functions__parses_feature_list),
        cmocka_unit_test(load_buffered__one_buffer_for_files_of_any_size),
    };

    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
