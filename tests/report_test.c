/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/stat.h>

#include <dirent.h>
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
#include <sqlite3.h>

#include "lib/json.h"
#include "report/build.h"
#include "report/diff.h"
#include "report/kyuadb.h"
#include "report/outset.h"
#include "report/parallel.h"
#include "report/questions.h"
#include "report/readahead.h"
#include "report/render.h"
#include "tests/test_helpers.h"

#define DATA(name) SHMC_TEST_DATA "/" name

/* ---------------------------------------------------------------------
 * Fixtures.
 * --------------------------------------------------------------------- */

/** Runs the SQL of a fixture file on results.db in the current
 * directory; 0 on success. */
static int
run_sql(const char *path)
{
    char *sql;
    sqlite3 *db;
    FILE *f;
    long len;
    int rc;

    f = fopen(path, "r");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0)
        return -1;
    rewind(f);
    sql = calloc(1, (size_t)len + 1);
    if (sql == NULL || fread(sql, 1, (size_t)len, f) != (size_t)len)
        return -1;
    fclose(f);
    rc = sqlite3_open("results.db", &db) == SQLITE_OK &&
        sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    sqlite3_close(db);
    free(sql);
    return rc;
}

/** Each test runs in a fresh directory; the kyua fixture database is built
 * there from its SQL text. */
static int
setup(void **state)
{
    char *dir = strdup("/tmp/shmc-report-test.XXXXXX");

    if (dir == NULL || mkdtemp(dir) == NULL || chdir(dir) == -1 ||
        run_sql(DATA("kyua-small.sql")) != 0)
        return -1;
    *state = dir;
    return 0;
}

static int
teardown(void **state)
{
    char *dir = *state, path[600];
    struct dirent *de;
    DIR *d = opendir(".");

    while (d != NULL && (de = readdir(d)) != NULL)
        if (de->d_name[0] != '.' || strlen(de->d_name) > 2) {
            (void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            (void)unlink(path);
        }
    if (d != NULL)
        closedir(d);
    if (chdir("/") == -1 || rmdir(dir) == -1)
        return -1;
    free(dir);
    return 0;
}

static size_t
files_here(void)
{
    struct dirent *de;
    size_t n = 0;
    DIR *d = opendir(".");

    while (d != NULL && (de = readdir(d)) != NULL)
        n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    if (d != NULL)
        closedir(d);
    return n;
}

static shmc_json_t *
build_fixture_report(void)
{
    shmc_kyua_results_t kr;
    shmc_json_t *probes, *report;

    assert_null(shmc_json_load(DATA("probes-small.json"), &probes));
    assert_null(shmc_kyuadb_read("results.db", &kr));
    assert_null(shmc_report_build(&kr, probes, NULL, &report));
    shmc_kyuadb_free(&kr);
    shmc_json_free(probes);
    return report;
}

static void
expect_error(shmc_error_t err, const char *text)
{
    if (!shmc_is_error(err))
        fail_msg("no error; expected one with '%s'", text);
    if (strstr(shmc_error_message(err), text) == NULL)
        fail_msg("error '%s' does not mention '%s'", shmc_error_message(err),
            text);
    assert_null(strchr(shmc_error_message(err), '\n'));
    shmc_error_free(err);
}

/* ---------------------------------------------------------------------
 * The JSON parser.
 * --------------------------------------------------------------------- */

static void
json_parse__values(void **state)
{
    static const char text[] = "{\"u\": 18446744073709551615, "
        "\"i\": -9223372036854775808, \"r\": 1.5e3, \"s\": \"a\\u00e9\\n"
        "\\ud83d\\ude00\", \"a\": [true, false, null, [], 5e-324], "
        "\"o\": {\"a\": {\"a\": 1}, \"b\": [{\"a\": 2}]}}";
    shmc_json_t *v;
    char *back;

    (void)state;
    assert_null(shmc_json_parse(text, strlen(text), &v));
    assert_true(shmc_json_uint_value(shmc_json_get(v, "u")) == UINT64_MAX);
    assert_true(shmc_json_int_value(shmc_json_get(v, "i")) == INT64_MIN);
    assert_true(shmc_json_number_value(shmc_json_get(v, "r")) == 1500.0);
    assert_string_equal(shmc_json_string_value(shmc_json_get(v, "s")),
        "a\xc3\xa9\n\xf0\x9f\x98\x80");
    assert_int_equal(shmc_json_count(shmc_json_get(v, "a")), 5);
    back = shmc_json_to_string(v);
    assert_non_null(strstr(back, "18446744073709551615"));
    free(back);
    shmc_json_free(v);
}

static void
json_parse__errors_name_line_and_column(void **state)
{
    static const char *const bad[][2] = {
        { "", "line 1 column 1: unexpected end" },
        { "{\"a\": 1,\n \"b\" 2}", "line 2 column 6: " },
        { "[1, 2", "line 1 column 6: unexpected end" },
        { "{\"a\": \"x}", "line 1 column 10: unexpected end" },
        { "01", "line 1 column 3: " },
        { "[1] [2]", "line 1 column 5: unexpected character" },
        { "\"\\q\"", "line 1 column 3: invalid string" },
        { "tru", "line 1 column 4: " },
        { "[1,]", "line 1 column 4: unexpected character" },
        { "\"\xff\"", "line 1 column 2: invalid UTF-8" },
        /* What json-c's strict mode lets through. */
        { "[1, NaN]", "line 1 column 5: not a JSON value" },
        { "-Infinity", "line 1 column 1: not a JSON number" },
        { "18446744073709551616", "column 1: integer out of range" },
        { "[-9223372036854775809]", "column 2: integer out of range" },
        { "{\"a\": 1e99999}", "line 1 column 7: number out of range" },
        { "1e-99999", "line 1 column 1: number out of range" },
        { "\"ab\\u0000\"", "line 1 column 4: \\u0000 in a string" },
        { "\"a\tb\"", "line 1 column 3: control character" },
        { "\"\\ud800\"", "line 1 column 2: lone UTF-16 surrogate" },
        { "\"\\ud800\\u0041\"", "column 2: lone UTF-16 surrogate" },
        { "\"x\\udc00\"", "line 1 column 3: lone UTF-16 surrogate" },
        { "\"\xc0\x80\"", "line 1 column 2: invalid UTF-8" },
        { "\"\xed\xa0\x80\"", "line 1 column 2: invalid UTF-8" },
        { "\"\xf4\x90\x80\x80\"", "line 1 column 2: invalid UTF-8" },
        { "{\"a\": 1,\n \"a\": 2}", "line 2 column 2: duplicate key \"a\"" },
        /* Found by tests/fuzz/json_fuzz: the key as spelt, on one line. */
        { "{\"a\\nb\": 1, \"a\\nb\": 2}", "duplicate key \"a\\nb\"" },
        { "[{}, {\"x\": {\"b\": 1}, \"y\": [{\"q\": 1, \"\\u0071\": 2}]}]",
            "line 1 column 37: duplicate key \"\\u0071\"" },
    };
    char deep[200];
    shmc_json_t *v;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect_error(shmc_json_parse(bad[i][0], strlen(bad[i][0]), &v),
            bad[i][1]);
    expect_error(shmc_json_parse("{\"a\":1}\0", 8, &v),
        "line 1 column 8: NUL byte");
    memset(deep, '[', sizeof(deep));
    expect_error(shmc_json_parse(deep, sizeof(deep), &v), "too deep");
}

/* Member names are compared by their hashes, sorted per object; the
 * tree decides where two may be one.  Objects large and small, names far
 * apart, and reals long enough that only their value tells. */
static void
json_parse__duplicates_anywhere_in_large_objects(void **state)
{
    char text[2048], real[400];
    shmc_json_t *v;
    size_t len, i;

    (void)state;
    for (len = 0, i = 0; i < 40; i++)
        len += (size_t)snprintf(text + len, sizeof(text) - len,
            "%s\"k%zu\": %zu", i == 0 ? "{" : ", ", i, i);
    (void)snprintf(text + len, sizeof(text) - len, "}");
    assert_false(shmc_is_error(shmc_json_parse(text, strlen(text), &v)));
    assert_true(shmc_json_count(v) == 40);
    shmc_json_free(v);
    (void)snprintf(text + len, sizeof(text) - len, ", \"k7\": 1}");
    expect_error(shmc_json_parse(text, strlen(text), &v),
        "duplicate key \"k7\"");
    (void)snprintf(text + len, sizeof(text) - len, ", \"\\u006b7\": 1}");
    expect_error(shmc_json_parse(text, strlen(text), &v),
        "duplicate key \"\\u006b7\"");
    expect_error(shmc_json_parse("[{\"a\": 1, \"b\": {\"a\": 1}}, "
        "{\"c\": [], \"d\": 2, \"c\": 3}]", 52, &v),
        "line 1 column 45: duplicate key \"c\"");
    /* 0.000...1: 1e-297 is a double, 1e-330 is not. */
    memset(real, '0', sizeof(real));
    real[1] = '.';
    real[298] = '1';
    assert_false(shmc_is_error(shmc_json_parse(real, 299, &v)));
    assert_true(shmc_json_number_value(v) > 0);
    shmc_json_free(v);
    real[298] = '0';
    real[331] = '1';
    expect_error(shmc_json_parse(real, 332, &v),
        "line 1 column 1: number out of range");
}

/* Empty objects, first in the text or nested, before any member name was
 * seen (the fuzzer's finding: the name table was still NULL). */
static void
json_parse__empty_objects__accepted(void **state)
{
    const char *texts[] = { "{}", "{\t\t\t}\n", "[{}, {\"a\": {}}]",
        "{\"a\": {}, \"b\": [{}, {}]}" };
    shmc_json_t *v;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        assert_false(shmc_is_error(shmc_json_parse(texts[i],
            strlen(texts[i]), &v)));
        shmc_json_free(v);
    }
}

/* ---------------------------------------------------------------------
 * kyua's database.
 * --------------------------------------------------------------------- */

static void
kyuadb__reads_results_and_output(void **state)
{
    shmc_kyua_results_t kr;

    (void)state;
    assert_null(shmc_kyuadb_read("results.db", &kr));
    assert_int_equal(kr.m_count, 4);
    assert_string_equal(kr.m_results[0].m_program,
        "suites/posix_shm_name_test");
    assert_string_equal(kr.m_results[0].m_status, "broken");
    assert_string_equal(kr.m_results[1].m_case, "name__degenerate");
    assert_true(kr.m_results[1].m_duration_us == 2500);
    assert_non_null(strstr(kr.m_results[1].m_stdout, "shmc-obs: "));
    assert_null(kr.m_results[1].m_reason);
    assert_string_equal(kr.m_results[2].m_description,
        "Removing a removed segment is refused (XSH shmctl)");
    assert_non_null(strstr(kr.m_results[2].m_stderr, "*** Check failed"));
    shmc_kyuadb_free(&kr);
}

static void
kyuadb__bad_inputs(void **state)
{
    shmc_kyua_results_t kr;
    sqlite3 *db;

    (void)state;
    expect_error(shmc_kyuadb_read("missing.db", &kr), "missing.db");
    expect_error(shmc_kyuadb_read(DATA("not-a-db.db"), &kr),
        "not a kyua results database");
    assert_int_equal(sqlite3_open("other.db", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL,
        NULL), SQLITE_OK);
    sqlite3_close(db);
    expect_error(shmc_kyuadb_read("other.db", &kr), "other.db: not a kyua");
}

/* ---------------------------------------------------------------------
 * Building, validating and writing reports.
 * --------------------------------------------------------------------- */

static void
build__report_from_fixture(void **state)
{
    shmc_json_t *r = build_fixture_report(), *e;

    (void)state;
    {
        shmc_error_t err = shmc_report_validate(r);

        if (shmc_is_error(err))
            fail_msg("%s", shmc_error_message(err));
    }
    assert_string_equal(shmc_report_platform_id(r),
        "linux-6.1-glibc-2.36-x86_64");
    assert_true(shmc_json_uint_value(shmc_json_find(r, "summary.broken")) ==
        1);
    assert_true(shmc_json_uint_value(shmc_json_find(r, "summary.total")) ==
        4);
    assert_true(shmc_json_uint_value(shmc_json_find(r,
        "probes.sysv.shmmax")) == UINT64_C(18446744073692774399));
    e = shmc_json_item_at(shmc_json_get(r, "results"), 1);
    assert_string_equal(shmc_json_string_value(shmc_json_get(e, "area")),
        "posix_shm_name");
    assert_string_equal(shmc_json_string_value(shmc_json_find(e,
        "observations.posix_shm.name.root.create")), "EINVAL");
    assert_true(shmc_json_uint_value(shmc_json_find(e,
        "observations.posix_shm.name.max_length")) == UINT64_MAX);
    /* A value that is not JSON is kept as text and warned about. */
    assert_int_equal(shmc_json_count(shmc_json_get(r, "warnings")), 1);
    /* A failed check's message, without file and line. */
    e = shmc_json_item_at(shmc_json_get(r, "results"), 2);
    assert_string_equal(shmc_json_string_value(shmc_json_item_at(
        shmc_json_get(e, "failures"), 0)), "XSH shmctl [EINVAL]: got 'EIDRM'");
    assert_string_equal(shmc_json_string_value(shmc_json_get(e,
        "description")), "Removing a removed segment is refused (XSH shmctl)");
    shmc_json_free(r);
}

/** The id of a report built from the fixture's results and these probes. */
static char *
platform_id_for(const char *probes_text, const char *label)
{
    shmc_kyua_results_t kr;
    shmc_json_t *probes, *report;
    char *id;

    assert_null(shmc_json_parse(probes_text, strlen(probes_text), &probes));
    assert_null(shmc_kyuadb_read("results.db", &kr));
    assert_null(shmc_report_build(&kr, probes, label, &report));
    id = strdup(shmc_report_platform_id(report));
    assert_non_null(id);
    shmc_kyuadb_free(&kr);
    shmc_json_free(probes);
    shmc_json_free(report);
    return id;
}

static void
build__platform_id_names_abi_and_page_size(void **state)
{
    char *id;

    (void)state;
    /* A 32-bit userland on a 64-bit kernel: the build's ABI, not uname. */
    id = platform_id_for("{\"host\": {\"sysname\": \"Linux\", "
        "\"release\": \"6.1.0-13-amd64\", \"machine\": \"x86_64\"}, "
        "\"build\": {\"abi\": \"i686\"}, \"libc\": {\"name\": "
        "\"glibc\", \"version\": \"2.36\"}, \"memory\": "
        "{\"page_size\": 4096}}", NULL);
    assert_string_equal(id, "linux-6.1-glibc-2.36-i686");
    free(id);
    /* 16 KiB pages, and a label after them. */
    id = platform_id_for("{\"host\": {\"sysname\": \"Linux\", "
        "\"release\": \"6.12.48+deb13-arm64-16k\", \"machine\": "
        "\"aarch64\"}, \"build\": {\"abi\": \"aarch64\"}, \"libc\": "
        "{\"name\": \"glibc\", \"version\": \"2.36\"}, \"memory\": "
        "{\"page_size\": 16384}}", "qemu");
    assert_string_equal(id, "linux-6.12-glibc-2.36-aarch64+16k+qemu");
    free(id);
}

static void
build__answers_every_question(void **state)
{
    shmc_json_t *r = build_fixture_report(), *answers, *a;
    const shmc_questions_t *qs;
    size_t i, measured = 0;

    (void)state;
    assert_null(shmc_questions_get(&qs));
    assert_true(qs->m_nquestions >= 30);
    assert_true(qs->m_ntopics >= 8);
    answers = shmc_json_get(r, "answers");
    assert_int_equal(shmc_json_count(answers), qs->m_nquestions);
    for (i = 0; i < shmc_json_count(answers); i++) {
        a = shmc_json_item_at(answers, i);
        assert_non_null(shmc_json_get(a, "topic"));
        assert_non_null(shmc_json_get(a, "question"));
        assert_non_null(shmc_json_find(a, "from.observations"));
        if (strcmp(shmc_json_string_value(shmc_json_get(a, "id")),
            "names.interior_slash") == 0)
            /* The fixture measured "/" but not "/a/b": the reason names
             * what is missing. */
            assert_non_null(strstr(shmc_json_string_value(shmc_json_get(a,
                "answer")), "not measured here: "));
        measured += strcmp(shmc_json_string_value(shmc_json_get(a, "kind")),
            "measured") == 0;
    }
    /* The probe facts alone answer some. */
    assert_true(measured > 0);
    shmc_json_free(r);
}

static void
human_size__three_digits(void **state)
{
    char buf[64];

    (void)state;
    shmc_human_size(UINT64_C(25276059648), buf, sizeof(buf));
    assert_string_equal(buf, "23.5 GiB");
    shmc_human_size(UINT64_C(64) << 20, buf, sizeof(buf));
    assert_string_equal(buf, "64 MiB");
    shmc_human_size(UINT64_C(270553174016), buf, sizeof(buf));
    assert_string_equal(buf, "252 GiB");
    shmc_human_size(1023, buf, sizeof(buf));
    assert_string_equal(buf, "1023 bytes");
    shmc_human_size(UINT64_C(18446744073692774399), buf, sizeof(buf));
    assert_string_equal(buf, "16 EiB");
}

static void
build__zero_results_is_an_error(void **state)
{
    shmc_kyua_results_t kr = { NULL, 0 };
    shmc_json_t *r;

    (void)state;
    expect_error(shmc_report_build(&kr, NULL, NULL, &r), "nothing ran");
}

static void
load__bad_reports(void **state)
{
    static const char *const bad[][2] = {
        { DATA("report-truncated.json"), "report-truncated.json: invalid "
            "JSON" },
        { DATA("report-v9.json"), "is not shmcompat.report/2" },
        { DATA("report-wrong-type.json"), "results[0].duration_ms: has the "
            "wrong type (string, expected number)" },
        { DATA("report-unknown-key.json"), "unknown key 'extra'" },
        { DATA("report-unknown-result-key.json"), "unknown key 'colour'" },
        { DATA("report-no-results.json"), "no results" },
        { DATA("missing.json"), "missing.json" },
        { DATA("probes-small.json"), "no 'schema'" },
    };
    shmc_json_t *r;
    size_t i;

    (void)state;
    /* probes-small.json has a schema, but not a report's. */
    expect_error(shmc_report_load(bad[7][0], &r), "shmcompat.probes/1");
    for (i = 0; i < 7; i++)
        expect_error(shmc_report_load(bad[i][0], &r), bad[i][1]);
}

/* What json-c lets through and the report refuses, each with the line
 * and column of the problem. */
static void
load__refuses_bad_content(void **state)
{
    static const char *const bad[][2] = {
        { DATA("probes-bad-utf8.json"), "probes-bad-utf8.json: invalid JSON: "
            "line 3 column 80: invalid UTF-8" },
        { DATA("probes-lone-surrogate.json"), "probes-lone-surrogate.json: "
            "invalid JSON: line 3 column 80: lone UTF-16 surrogate" },
        { DATA("probes-huge-number.json"), "probes-huge-number.json: invalid "
            "JSON: line 5 column 49: number out of range" },
        { DATA("probes-duplicate-key.json"), "probes-duplicate-key.json: "
            "invalid JSON: line 6 column 60: duplicate key \"shmmax\"" },
        { SHMC_TEST_DATA, "data: is a directory, not a JSON file" },
    };
    shmc_json_t *v;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect_error(shmc_json_load(bad[i][0], &v), bad[i][1]);
    expect_error(shmc_report_load(DATA("report-duplicate-id.json"), &v),
        "report-duplicate-id.json: results[1] repeats the id "
        "'suites/a_test:one' of results[0]");
}

/* Observation values: refused when their content is bad, kept as text
 * with a warning when they are not JSON, read whole whatever their
 * length. */
static void
build__observation_values(void **state)
{
    static const char *const bad[][2] = {
        { DATA("kyua-obs-bad-utf8.sql"), "suites/sysv_shm_test:"
            "shmctl__after_rmid: observation sysv_shm.rmid.bad: line 1 "
            "column 3: invalid UTF-8" },
        { DATA("kyua-obs-lone-surrogate.sql"), "observation sysv_shm.rmid.bad: "
            "line 1 column 2: lone UTF-16 surrogate" },
        { DATA("kyua-obs-huge-number.sql"), "observation sysv_shm.rmid.bad: "
            "line 1 column 1: number out of range" },
    };
    shmc_kyua_results_t kr;
    shmc_json_t *probes, *r;
    const char *value;
    size_t i;

    (void)state;
    assert_null(shmc_json_load(DATA("probes-small.json"), &probes));
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(run_sql(bad[i][0]), 0);
        assert_null(shmc_kyuadb_read("results.db", &kr));
        expect_error(shmc_report_build(&kr, probes, NULL, &r), bad[i][1]);
        shmc_kyuadb_free(&kr);
    }

    assert_int_equal(run_sql(DATA("kyua-obs-long.sql")), 0);
    assert_null(shmc_kyuadb_read("results.db", &kr));
    assert_null(shmc_report_build(&kr, probes, NULL, &r));
    value = shmc_json_string_value(shmc_json_find(shmc_json_item_at(
        shmc_json_get(r, "results"), 2), "observations.sysv_shm.rmid."
        "long_value"));
    assert_non_null(value);
    assert_int_equal(strlen(value), 5000);
    assert_int_equal(shmc_json_count(shmc_json_get(r, "warnings")), 1);
    assert_non_null(strstr(shmc_json_string_value(shmc_json_item_at(
        shmc_json_get(r, "warnings"), 0)), "observation line left out: "
        "observation key empty or too long"));
    shmc_kyuadb_free(&kr);
    shmc_json_free(r);
    shmc_json_free(probes);
}

static void
kyuadb__directory_says_so(void **state)
{
    shmc_kyua_results_t kr;

    (void)state;
    expect_error(shmc_kyuadb_read(SHMC_TEST_DATA, &kr),
        "data: is a directory, not a kyua results database");
}

static void
render__markdown_and_html(void **state)
{
    shmc_json_t *r = build_fixture_report();
    char *md = NULL, *html = NULL;
    size_t len;
    FILE *f;

    (void)state;
    f = open_memstream(&md, &len);
    shmc_render_report_md(f, r);
    fclose(f);
    assert_non_null(strstr(md, "# shmcompat report: "
        "linux-6.1-glibc-2.36-x86_64"));
    assert_non_null(strstr(md, "| shmctl__after_rmid | failed |"));
    /* Reading order: the findings, the answers, then the details. */
    assert_non_null(strstr(md, "## Conformance findings"));
    assert_true(strstr(md, "## Conformance findings") < strstr(md,
        "## Answers"));
    assert_true(strstr(md, "## Answers") < strstr(md, "## Details"));
    assert_non_null(strstr(md, "| `shmctl__after_rmid` | XSH shmctl [EINVAL] "
        "| got 'EIDRM' |"));
    /* Observations carry their catalogue meaning. */
    assert_non_null(strstr(md, "| `posix_shm.name.root.create` | EINVAL | "
        "outcome of shm_open(O_CREAT\\|O_EXCL)"));
    f = open_memstream(&html, &len);
    shmc_render_report_html(f, r);
    fclose(f);
    assert_non_null(strstr(html, "id=\"findings\""));
    assert_non_null(strstr(html, "got &#39;EIDRM&#39;"));
    assert_non_null(strstr(html, "dataset.ready"));
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    free(md);
    free(html);
    shmc_json_free(r);
}

/* Found by tests/fuzz/report_fuzz: an id without "program:" is shown
 * whole. */
static void
render__id_without_program(void **state)
{
    shmc_json_t *r;
    char *md = NULL, *html = NULL;
    size_t len;
    FILE *f;

    (void)state;
    assert_null(shmc_report_load(DATA("report-id-without-program.json"), &r));
    f = open_memstream(&md, &len);
    shmc_render_report_md(f, r);
    fclose(f);
    assert_non_null(strstr(md, "| suites/a_test*two | failed |"));
    f = open_memstream(&html, &len);
    shmc_render_report_html(f, r);
    fclose(f);
    assert_non_null(strstr(html, "<code>suites/a_test*two</code>"));
    free(md);
    free(html);
    shmc_json_free(r);
}

static void
matrix__marks_differences(void **state)
{
    shmc_json_t *r[2];
    shmc_matrix_t *m;
    char *csv = NULL;
    size_t len;
    FILE *f;

    (void)state;
    assert_null(shmc_report_load(DATA("report-small.json"), &r[0]));
    assert_null(shmc_report_load(DATA("report-changed.json"), &r[1]));
    m = shmc_matrix_build(r, 2);
    assert_non_null(m);
    assert_int_equal(shmc_matrix_rows(m), 4);
    assert_int_equal(shmc_matrix_differing(m), 2);
    f = open_memstream(&csv, &len);
    shmc_matrix_csv(f, m);
    fclose(f);
    assert_non_null(strstr(csv, "kind,row,\"linux-6.1-glibc-2.36-x86_64\","
        "\"linux-6.1-glibc-2.36-x86_64#2\",differs\n"));
    assert_non_null(strstr(csv, "\"observation\",\"k.two\",\"5\",\"6\",yes"));
    free(csv);
    csv = NULL;
    f = open_memstream(&csv, &len);
    shmc_portability_md(f, m);
    fclose(f);
    assert_non_null(strstr(csv, "## Portable subset"));
    assert_non_null(strstr(csv, "## Questions × platforms"));
    free(csv);
    shmc_matrix_free(m);
    shmc_json_free(r[0]);
    shmc_json_free(r[1]);
}

static void
matrix__integers_at_their_limits(void **state)
{
    static const char *const text[] = {
        "{\"schema\": \"shmcompat.report/1\", \"platform\": {\"id\": \"a\"}, "
        "\"summary\": {\"total\": 1}, \"results\": [{\"id\": "
        "\"suites/a_test:one\", \"area\": \"a\", \"status\": \"passed\", "
        "\"reason\": null, "
        "\"observations\": {\"k.min\": -9223372036854775808, \"k.max\": "
        "18446744073709551615, \"k.zero\": 0}}]}",
        "{\"schema\": \"shmcompat.report/1\", \"platform\": {\"id\": \"b\"}, "
        "\"summary\": {\"total\": 1}, \"results\": [{\"id\": "
        "\"suites/a_test:one\", \"area\": \"a\", \"status\": \"passed\", "
        "\"reason\": null, "
        "\"observations\": {\"k.min\": -1, \"k.max\": 9223372036854775807, "
        "\"k.zero\": -0}}]}",
    };
    shmc_json_t *r[2];
    shmc_matrix_t *m;
    char *csv = NULL;
    size_t len, i;
    FILE *f;

    (void)state;
    for (i = 0; i < 2; i++) {
        assert_null(shmc_json_parse(text[i], strlen(text[i]), &r[i]));
        assert_null(shmc_report_validate(r[i]));
    }
    m = shmc_matrix_build(r, 2);
    assert_non_null(m);
    f = open_memstream(&csv, &len);
    shmc_matrix_csv(f, m);
    fclose(f);
    assert_non_null(strstr(csv, "\"observation\",\"k.min\","
        "\"-9223372036854775808\",\"-1\",yes\n"));
    assert_non_null(strstr(csv, "\"observation\",\"k.max\","
        "\"18446744073709551615\",\"9223372036854775807\",yes\n"));
    assert_non_null(strstr(csv, "\"observation\",\"k.zero\",\"0\",\"0\","
        "no\n"));
    free(csv);
    shmc_matrix_free(m);
    shmc_json_free(r[0]);
    shmc_json_free(r[1]);
}

static void
diff__counts_changes(void **state)
{
    shmc_json_t *a, *b;
    shmc_report_diff_t n;
    char *out = NULL;
    size_t len;
    FILE *f;

    (void)state;
    assert_null(shmc_report_load(DATA("report-small.json"), &a));
    assert_null(shmc_report_load(DATA("report-changed.json"), &b));
    f = open_memstream(&out, &len);
    n = shmc_report_diff(f, a, a);
    assert_int_equal(n.m_changed + n.m_removed + n.m_added, 0);
    n = shmc_report_diff(f, a, b);
    assert_int_equal(n.m_changed, 2);
    assert_int_equal(shmc_report_diff_regressions(&n), 2);
    fclose(f);
    assert_non_null(strstr(out, "result suites/a_test:two: failed -> passed"));
    assert_non_null(strstr(out, "observation k.two (suites/a_test:one): "
        "5 -> 6"));
    free(out);
    shmc_json_free(a);
    shmc_json_free(b);
}

/** A case or key that the baseline lacks is counted as added, not as a
 * regression; one that went is a removal. */
static void
diff__additions_apart(void **state)
{
    shmc_json_t *a, *b;
    shmc_report_diff_t n;
    char *out = NULL;
    size_t len;
    FILE *f;

    (void)state;
    assert_null(shmc_report_load(DATA("report-small.json"), &a));
    b = shmc_json_copy(a);
    shmc_json_set(shmc_json_get(shmc_json_item_at(shmc_json_get(b,
        "results"), 0), "observations"), "k.new", shmc_json_uint(1));
    f = open_memstream(&out, &len);
    n = shmc_report_diff(f, a, b);
    assert_int_equal(n.m_added, 1);
    assert_int_equal(shmc_report_diff_regressions(&n), 0);
    n = shmc_report_diff(f, b, a);
    assert_int_equal(n.m_removed, 1);
    assert_int_equal(n.m_added, 0);
    assert_int_equal(shmc_report_diff_regressions(&n), 1);
    fclose(f);
    assert_non_null(strstr(out, "observation k.new ("));
    assert_non_null(strstr(out, "): added 1\n"));
    free(out);
    shmc_json_free(a);
    shmc_json_free(b);
}

/** A baseline keeps results and observations but no timings. */
static void
baseline__no_timings(void **state)
{
    shmc_json_t *a, *b;
    shmc_report_diff_t n;
    size_t i;
    FILE *f;

    (void)state;
    assert_null(shmc_report_load(DATA("report-small.json"), &a));
    b = shmc_report_baseline(a);
    assert_non_null(b);
    assert_null(shmc_report_validate(b));
    for (i = 0; i < shmc_json_count(shmc_json_get(b, "results")); i++)
        assert_null(shmc_json_get(shmc_json_item_at(shmc_json_get(b,
            "results"), i), "duration_ms"));
    assert_null(shmc_json_get(b, "performance"));
    f = fopen("/dev/null", "w");
    n = shmc_report_diff(f, a, b);
    fclose(f);
    assert_int_equal(n.m_changed + n.m_removed + n.m_added, 0);
    shmc_json_free(a);
    shmc_json_free(b);
}

static void
outset__all_or_nothing(void **state)
{
    shmc_outset_t o;
    FILE *f;

    (void)state;
    shmc_outset_init(&o);
    assert_null(shmc_outset_open(&o, ".", "one.txt", &f));
    fputs("one", f);
    assert_null(shmc_outset_open(&o, ".", "two.txt", &f));
    fputs("two", f);
    shmc_outset_abort(&o);
    assert_int_equal(files_here(), 1);          /* results.db alone. */
    assert_null(shmc_outset_open(&o, ".", "one.txt", &f));
    assert_null(shmc_outset_commit(&o));
    assert_int_equal(access("one.txt", F_OK), 0);
    assert_int_equal(files_here(), 2);          /* No temporary left. */
    expect_error(shmc_outset_open(&o, "results.db", "x", &f),
        "output directory results.db: Not a directory");
    shmc_outset_abort(&o);
    expect_error(shmc_outset_open(&o, ".", "a/b", &f), "not a file name");
    shmc_outset_abort(&o);
    assert_int_equal(files_here(), 2);
}

/* Writes one.txt and two.txt as a set; returns the commit's error. */
static shmc_error_t
write_pair(const char *dir)
{
    shmc_outset_t o;
    shmc_error_t err;
    FILE *f;

    shmc_outset_init(&o);
    if (shmc_is_error(err = shmc_outset_open(&o, dir, "one.txt", &f)) ||
        (fputs("new one", f), shmc_is_error(err = shmc_outset_open(&o, dir,
        "two.txt", &f)))) {
        shmc_outset_abort(&o);
        return err;
    }
    fputs("new two", f);
    return shmc_outset_commit(&o);
}

static char *
contents(const char *path)
{
    static char buf[64];
    FILE *f = fopen(path, "r");
    size_t n;

    assert_non_null(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* An obstacle at any name of the set is found before anything is
 * replaced; a symbolic link is neither followed nor replaced. */
static void
outset__obstacles_replace_nothing(void **state)
{
    (void)state;
    assert_null(write_pair("."));
    assert_string_equal(contents("one.txt"), "new one");

    assert_int_equal(unlink("one.txt"), 0);
    assert_int_equal(unlink("two.txt"), 0);
    assert_int_equal(mkdir("two.txt", 0755), 0);
    expect_error(write_pair("."), "./two.txt: is a directory, not replaced");
    assert_int_equal(access("one.txt", F_OK), -1);
    assert_int_equal(rmdir("two.txt"), 0);

    assert_null(write_pair("."));
    assert_int_equal(unlink("two.txt"), 0);
    assert_int_equal(close(open("target", O_CREAT | O_WRONLY, 0644)), 0);
    assert_int_equal(symlink("target", "two.txt"), 0);
    expect_error(write_pair("."), "./two.txt: is a symbolic link, not "
        "replaced");
    assert_string_equal(contents("target"), "");
    assert_int_equal(files_here(), 4);  /* results.db, one, two, target. */
    assert_int_equal(unlink("two.txt"), 0);

    if (geteuid() != 0)
        return;
    /* Another user's file at an output name is not ours to replace. */
    assert_int_equal(chown("one.txt", 65534, 65534), 0);
    expect_error(write_pair("."), "./one.txt: belongs to user 65534, not "
        "replaced");
    assert_int_equal(files_here(), 3);
}

static void
outset__makes_missing_folders(void **state)
{
    shmc_outset_t o;
    FILE *f;

    (void)state;
    shmc_outset_init(&o);
    assert_null(shmc_outset_open(&o, "new/deeper", "x", &f));
    assert_int_equal(access("new/deeper", F_OK), 0);
    shmc_outset_abort(&o);
    assert_int_equal(access("new", F_OK), -1);

    assert_null(write_pair("new/deeper/"));
    assert_string_equal(contents("new/deeper/two.txt"), "new two");
    assert_int_equal(unlink("new/deeper/one.txt"), 0);
    assert_int_equal(unlink("new/deeper/two.txt"), 0);
    assert_int_equal(rmdir("new/deeper"), 0);
    assert_int_equal(rmdir("new"), 0);
}

/* ---------------------------------------------------------------------
 * Reading many reports ahead, taken in order.
 * --------------------------------------------------------------------- */

#define AHEAD_N 23

typedef struct {
    shmc_json_t *m_expected[AHEAD_N];   /* The tree of each path. */
    size_t m_calls;
    size_t m_fail_at;                   /* The call that fails, or
                                           SIZE_MAX. */
} ahead_ctx_t;

static shmc_error_t
take_report(void *arg, size_t i, const shmc_json_t *report)
{
    ahead_ctx_t *c = arg;

    /* In order, each report the one its path holds. */
    assert_int_equal(i, c->m_calls);
    assert_true(shmc_json_equal(report, c->m_expected[i]));
    c->m_calls++;
    return i == c->m_fail_at ? shmc_error_new("stop at %zu", i) :
        shmc_no_error();
}

/** Paths alternating between two good reports, with bad ones at the
 * places of bad_at (SIZE_MAX ends the list). */
static void
ahead_paths(const char **paths, ahead_ctx_t *c, const size_t *bad_at,
    const char *const *bad)
{
    static const char *const good[] = { DATA("report-small.json"),
        DATA("report-changed.json") };
    size_t i, k;

    for (i = 0; i < AHEAD_N; i++) {
        paths[i] = good[i % 2];
        for (k = 0; bad_at[k] != SIZE_MAX; k++)
            if (bad_at[k] == i)
                paths[i] = bad[k];
        c->m_expected[i] = NULL;
        if (paths[i] == good[i % 2])
            assert_null(shmc_report_load(paths[i], &c->m_expected[i]));
    }
    c->m_calls = 0;
    c->m_fail_at = SIZE_MAX;
}

static void
ahead_free(ahead_ctx_t *c)
{
    size_t i;

    for (i = 0; i < AHEAD_N; i++)
        shmc_json_free(c->m_expected[i]);
}

/* Reads n good reports with the given workers, the caller failing at
 * report fail_at (SIZE_MAX: never); checks the error (NULL: none) and
 * how many reports the caller was given. */
static void
ahead_run(size_t n, size_t threads, size_t fail_at, const char *said,
    size_t calls)
{
    static const size_t none[] = { SIZE_MAX };
    const char *paths[AHEAD_N];
    ahead_ctx_t c;

    ahead_paths(paths, &c, none, NULL);
    c.m_fail_at = fail_at;
    if (said == NULL)
        assert_null(shmc_readahead_each(paths, n, threads, take_report, &c));
    else
        expect_error(shmc_readahead_each(paths, n, threads, take_report,
            &c), said);
    assert_int_equal(c.m_calls, calls);
    ahead_free(&c);
}

/** A job of parallel_run's test: counts its runs (each job has its own
 * counter, so the count needs no lock). */
static void
count_run(void *arg)
{
    (*(int *)arg)++;
}

static void
parallel_run__any_threads__each_job_once(void **state)
{
    static const size_t threads[] = { 0, 1, 2, 3, 8, 64 };
    shmc_parallel_job_t jobs[17];
    int runs[17];
    size_t t, n, i;

    (void)state;
    for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++)
        for (n = 0; n <= 17; n += 4) {
            for (i = 0; i < n; i++) {
                runs[i] = 0;
                jobs[i].m_fn = count_run;
                jobs[i].m_arg = &runs[i];
            }
            shmc_parallel_run(jobs, n, threads[t]);
            for (i = 0; i < n; i++)
                assert_int_equal(runs[i], 1);
        }
}

/** s as escaped by fn, in a buffer the caller frees. */
static char *
escaped(void (*fn)(FILE *, const char *), const char *s)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);

    assert_non_null(f);
    fn(f, s);
    assert_int_equal(fclose(f), 0);
    return text;
}

static void
render_escaping__special_bytes__replaced_rest_kept(void **state)
{
    static const struct {
        void (*m_fn)(FILE *, const char *);
        const char *m_in, *m_out;
    } cases[] = {
        { shmc_render_html, "", "" },
        { shmc_render_html, "plain", "plain" },
        { shmc_render_html, "a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f" },
        { shmc_render_html, "<<", "&lt;&lt;" },
        { shmc_render_html, "x&", "x&amp;" },
        { shmc_render_html, "\xc3\xa9|", "\xc3\xa9|" },
        { shmc_render_md, "a|b\nc\rd", "a\\|b c d" },
        { shmc_render_md, "|", "\\|" },
        { shmc_render_md, "<&>", "<&>" },
    };
    char *out;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        out = escaped(cases[i].m_fn, cases[i].m_in);
        assert_string_equal(out, cases[i].m_out);
        free(out);
    }
}

static void
readahead_each__any_threads__every_report_in_order(void **state)
{
    static const size_t threads[] = { 0, 1, 2, 3, 8 };
    size_t t;

    (void)state;
    for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++)
        ahead_run(AHEAD_N, threads[t], SIZE_MAX, NULL, AHEAD_N);
    /* More workers than reports. */
    ahead_run(2, 8, SIZE_MAX, NULL, 2);
    t = shmc_parallel_threads();
#if defined(HAVE_PTHREAD)
    assert_true(t >= 1 && t <= 8);
#else
    assert_int_equal(t, 0);
#endif
}

static void
readahead_each__bad_reports__first_in_order_only(void **state)
{
    /* The later bad report is the one a worker may well meet first. */
    static const size_t bad_at[][3] = {
        { 9, 4, SIZE_MAX }, { 0, 1, SIZE_MAX }, { 22, SIZE_MAX, 0 },
        { 15, 16, SIZE_MAX },
    };
    static const char *const bad[] = { DATA("report-truncated.json"),
        DATA("report-wrong-type.json") };
    static const char *const said[] = { "report-wrong-type.json: "
        "results[0].duration_ms: has the wrong type", "report-truncated.json: "
        "invalid JSON", "report-truncated.json: invalid JSON",
        "report-truncated.json: invalid JSON" };
    static const size_t taken[] = { 4, 0, 22, 15 }, threads[] = { 0, 1, 2, 3,
        8 };
    const char *paths[AHEAD_N];
    ahead_ctx_t c;
    size_t k, t;

    (void)state;
    for (k = 0; k < sizeof(taken) / sizeof(taken[0]); k++)
        for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
            ahead_paths(paths, &c, bad_at[k], bad);
            expect_error(shmc_readahead_each(paths, AHEAD_N, threads[t],
                take_report, &c), said[k]);
            assert_int_equal(c.m_calls, taken[k]);
            ahead_free(&c);
        }
}

static void
readahead_each__caller_fails__stops_there(void **state)
{
    static const size_t threads[] = { 0, 2, 3 };
    size_t t;

    (void)state;
    for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++)
        ahead_run(AHEAD_N, threads[t], 5, "stop at 5", 6);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_parse__values),
        cmocka_unit_test(json_parse__errors_name_line_and_column),
        cmocka_unit_test(json_parse__duplicates_anywhere_in_large_objects),
        cmocka_unit_test(json_parse__empty_objects__accepted),
        cmocka_unit_test_setup_teardown(kyuadb__reads_results_and_output,
            setup, teardown),
        cmocka_unit_test_setup_teardown(kyuadb__bad_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(build__report_from_fixture, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            build__platform_id_names_abi_and_page_size, setup, teardown),
        cmocka_unit_test_setup_teardown(build__answers_every_question, setup,
            teardown),
        cmocka_unit_test(human_size__three_digits),
        cmocka_unit_test(build__zero_results_is_an_error),
        cmocka_unit_test(load__bad_reports),
        cmocka_unit_test(load__refuses_bad_content),
        cmocka_unit_test_setup_teardown(build__observation_values, setup,
            teardown),
        cmocka_unit_test(kyuadb__directory_says_so),
        cmocka_unit_test_setup_teardown(render__markdown_and_html, setup,
            teardown),
        cmocka_unit_test(render__id_without_program),
        cmocka_unit_test(matrix__marks_differences),
        cmocka_unit_test(matrix__integers_at_their_limits),
        cmocka_unit_test(diff__counts_changes),
        cmocka_unit_test_setup_teardown(outset__obstacles_replace_nothing,
            setup, teardown),
        cmocka_unit_test_setup_teardown(outset__makes_missing_folders, setup,
            teardown),
        cmocka_unit_test(diff__additions_apart),
        cmocka_unit_test(baseline__no_timings),
        cmocka_unit_test_setup_teardown(outset__all_or_nothing, setup,
            teardown),
        cmocka_unit_test(readahead_each__any_threads__every_report_in_order),
        cmocka_unit_test(parallel_run__any_threads__each_job_once),
        cmocka_unit_test(render_escaping__special_bytes__replaced_rest_kept),
        cmocka_unit_test(readahead_each__bad_reports__first_in_order_only),
        cmocka_unit_test(readahead_each__caller_fails__stops_there),
    };

    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
