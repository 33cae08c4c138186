/* SPDX-License-Identifier: BSD-2-Clause */

/** Unit tests of the report's performance section (report/bench.c). */

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

#include <cmocka.h>

#include "lib/json.h"
#include "report/bench.h"

/* A small bench document: a measured and a skipped entry per section. */
static const char bench_doc[] =
    "{\"schema\":\"shmcompat.bench/1\",\"generator\":\"shmcompat-bench 0.1.0\","
    "\"mode\":\"quick\",\"duration_s\":1.5,\"clock\":{\"name\":"
    "\"CLOCK_MONOTONIC\",\"resolution_ns\":1},\"machine\":{\"cpus\":"
    "{\"online\":2,\"affinity\":[0,1],\"pinned\":false},\"load_average\":"
    "{\"start\":[0.5,0.4,0.3],\"end\":[0.6,0.4,0.3]}},"
    "\"round_trip\":{\"results\":["
    "{\"mechanism\":\"posix_shm\",\"method\":\"semaphore\",\"status\":"
    "\"measured\",\"samples\":100,\"warmup\":10,\"median_ns\":5000,"
    "\"p99_ns\":9000,\"ns\":{\"median\":5000,\"min\":4000,\"p25\":4500,"
    "\"p75\":5500,\"max\":9500}},"
    "{\"mechanism\":\"posix_shm\",\"method\":\"futex\",\"status\":\"skipped\","
    "\"reason\":\"no futex <here>\"},"
    "{\"mechanism\":\"pipe\",\"method\":\"pipe\",\"status\":\"measured\","
    "\"samples\":100,\"warmup\":10,\"median_ns\":10000,\"p99_ns\":20000,"
    "\"ns\":{\"median\":10000,\"min\":9000,\"p25\":9500,\"p75\":11000,"
    "\"max\":30000}},"
    "{\"mechanism\":\"cross_cpu\",\"method\":\"spin\",\"status\":"
    "\"measured\",\"samples\":100,\"warmup\":10,\"cpus\":[0,1],"
    "\"median_ns\":500,"
    "\"p99_ns\":900,\"ns\":{\"median\":500,\"min\":400,\"p25\":450,"
    "\"p75\":550,\"max\":950}}]},"
    "\"bandwidth\":{\"sizes\":[4096],\"results\":["
    "{\"mechanism\":\"memcpy\",\"method\":\"memcpy\",\"status\":\"measured\","
    "\"samples\":5,\"warmup\":1,\"size_bytes\":4096,\"gbps\":{\"median\":20,"
    "\"min\":19,\"p25\":19.5,\"p75\":20.5,\"max\":21}},"
    "{\"mechanism\":\"cross_cpu\",\"method\":\"read\",\"status\":"
    "\"measured\",\"samples\":5,\"warmup\":1,\"size_bytes\":4096,\"gbps\":"
    "{\"median\":12,\"min\":11,\"p25\":11.5,\"p75\":12.5,\"max\":13},"
    "\"ratio_to_memcpy\":0.6},"
    "{\"mechanism\":\"posix_shm\",\"method\":\"ring\",\"status\":\"measured\","
    "\"samples\":5,\"warmup\":1,\"size_bytes\":4096,\"gbps\":{\"median\":5,"
    "\"min\":4,\"p25\":4.5,\"p75\":5.5,\"max\":6},\"ratio_to_memcpy\":0.25},"
    "{\"mechanism\":\"memfd\",\"method\":\"ring\",\"status\":\"skipped\","
    "\"size_bytes\":4096,\"reason\":\"no memfd\"}]},"
    "\"first_touch\":{\"results\":[{\"mechanism\":\"anonymous\",\"method\":"
    "\"write\",\"status\":\"measured\",\"samples\":5,\"warmup\":1,"
    "\"huge_pages\":false,\"ns_per_page\":{\"median\":700,\"min\":600,"
    "\"p25\":650,\"p75\":750,\"max\":800}}]},"
    "\"sync\":{\"results\":[{\"mechanism\":\"var_tmp_file\",\"method\":"
    "\"msync\",\"status\":\"skipped\",\"reason\":\"no /var/tmp\"}]}}";

static shmc_json_t *
parse(const char *text)
{
    shmc_json_t *doc = NULL;

    assert_null(shmc_json_parse(text, strlen(text), &doc));
    return doc;
}

/* A report holding doc as its performance section. */
static shmc_json_t *
report_with(shmc_json_t *doc)
{
    shmc_json_t *report = shmc_json_object();

    shmc_json_set(report, "performance", doc);
    return report;
}

static void
bench_validate__quick_document__accepted(void **state)
{
    shmc_json_t *doc = parse(bench_doc);

    (void)state;
    assert_null(shmc_report_bench_validate(doc));
    shmc_json_free(doc);
}

static void
expect_invalid(const char *text, const char *words)
{
    shmc_json_t *doc = parse(text);
    shmc_error_t err = shmc_report_bench_validate(doc);

    assert_non_null(err);
    if (strstr(shmc_error_message(err), words) == NULL)
        fail_msg("'%s' does not say '%s'", shmc_error_message(err), words);
    shmc_error_free(err);
    shmc_json_free(doc);
}

static void
bench_validate__bad_documents__rejected_with_reason(void **state)
{
    (void)state;
    expect_invalid("{\"schema\":\"shmcompat.bench/2\"}", "is not");
    expect_invalid("[1]", "not a JSON object");
    expect_invalid("{\"schema\":\"shmcompat.bench/1\"}", "no results");
    expect_invalid("{\"schema\":\"shmcompat.bench/1\",\"round_trip\":"
        "{\"results\":[{\"mechanism\":\"pipe\",\"method\":\"pipe\","
        "\"status\":\"skipped\"}]}}", "without a reason");
    expect_invalid("{\"schema\":\"shmcompat.bench/1\",\"round_trip\":"
        "{\"results\":[{\"mechanism\":\"pipe\",\"method\":\"pipe\","
        "\"status\":\"measured\"}]}}", "neither measured");
}

/* Collects the ratios into one string, "key=value;" each. */
static void
collect(void *arg, const char *key, const char *value)
{
    char *buf = arg;
    size_t len = strlen(buf);

    (void)snprintf(buf + len, 1024 - len, "%s=%s;", key, value);
}

static void
bench_ratios__measured_and_skipped__both_listed(void **state)
{
    shmc_json_t *report = report_with(parse(bench_doc));
    char buf[1024] = "";

    (void)state;
    shmc_report_bench_ratios(report, collect, buf);
    assert_string_equal(buf,
        "bandwidth.cross_cpu.read.4096.of_memcpy=0.60;"
        "bandwidth.posix_shm.ring.4096.of_memcpy=0.25;"
        "bandwidth.memfd.ring.4096.of_memcpy=skipped;"
        "round_trip.posix_shm.semaphore.of_pipe=0.50;"
        "round_trip.posix_shm.futex.of_pipe=skipped;"
        "round_trip.cross_cpu.spin.of_pipe=0.05;");
    shmc_json_free(report);
}

/* The section as text in memory. */
static char *
render(const shmc_json_t *report, bool html)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    if (html)
        shmc_report_bench_html(f, report);
    else
        shmc_report_bench_md(f, report);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void
bench_render__with_figures__section_with_every_table(void **state)
{
    shmc_json_t *report = report_with(parse(bench_doc));
    char *md = render(report, false), *html = render(report, true);

    (void)state;
    assert_non_null(strstr(md, "## Performance"));
    assert_non_null(strstr(md, "| posix_shm | semaphore | 5000 | 9000 | "
        "4500 .. 5500 | 100 |"));
    assert_non_null(strstr(md, "| posix_shm ring | 0.25 (5.00) |"));
    assert_non_null(strstr(md, "| memcpy | (20.00) |"));
    assert_non_null(strstr(md, "| cross_cpu read | 0.60 (12.00) |"));
    assert_non_null(strstr(md, "The cross_cpu read row is how fast"));
    assert_non_null(strstr(md, "| cross_cpu | spin | 500 | 900 |"));
    assert_non_null(strstr(md, "The cross_cpu spin round trip is the floor"));
    assert_non_null(strstr(md, "not pinned (the cross_cpu figures: CPUs 0 "
        "and 1)"));
    assert_non_null(strstr(md, "skipped: no memfd"));
    assert_non_null(strstr(md, "| anonymous | write | 700.0 |"));
    assert_non_null(strstr(md, "| var_tmp_file | msync | skipped | "
        "no /var/tmp |"));
    assert_non_null(strstr(md, "load average 0.50 at the start"));
    /* The reason is escaped in HTML. */
    assert_non_null(strstr(html, "no futex &lt;here&gt;"));
    assert_null(strstr(html, "<here>"));
    free(md);
    free(html);
    shmc_json_free(report);
}

/* bench.json files from before the cross-CPU read: no word of a row they
 * lack. */
static void
bench_render__no_cross_cpu_row__no_sentence_on_it(void **state)
{
    shmc_json_t *report = report_with(parse("{\"schema\":"
        "\"shmcompat.bench/1\",\"bandwidth\":{\"sizes\":[4096],\"results\":"
        "[{\"mechanism\":\"memcpy\",\"method\":\"memcpy\",\"status\":"
        "\"measured\",\"samples\":5,\"size_bytes\":4096,\"gbps\":"
        "{\"median\":20,\"min\":19,\"p25\":19.5,\"p75\":20.5,"
        "\"max\":21}}]}}"));
    char *md = render(report, false);

    (void)state;
    assert_non_null(strstr(md, "| memcpy | (20.00) |"));
    assert_null(strstr(md, "cross_cpu"));
    free(md);
    shmc_json_free(report);
}

static void
bench_render__no_figures__nothing(void **state)
{
    shmc_json_t *report = shmc_json_object();
    char *md = render(report, false), *html = render(report, true);

    (void)state;
    assert_string_equal(md, "");
    assert_string_equal(html, "");
    free(md);
    free(html);
    shmc_json_free(report);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bench_validate__quick_document__accepted),
        cmocka_unit_test(bench_validate__bad_documents__rejected_with_reason),
        cmocka_unit_test(bench_ratios__measured_and_skipped__both_listed),
        cmocka_unit_test(bench_render__with_figures__section_with_every_table),
        cmocka_unit_test(bench_render__no_cross_cpu_row__no_sentence_on_it),
        cmocka_unit_test(bench_render__no_figures__nothing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
