/* SPDX-License-Identifier: BSD-2-Clause */

/** shmcompat-report: compatibility reports from kyua results, portability
 * matrices from several reports, and diffs against a baseline.
 *
 *   shmcompat-report [report] --results DB --probes JSON [--label NAME]
 *       [--output-dir DIR]
 *   shmcompat-report merge [--output-dir DIR] REPORT.json...
 *   shmcompat-report diff BASELINE.json NEW.json
 *   shmcompat-report baseline --output-dir DIR REPORT.json...
 *   shmcompat-report platform REPORT.json
 *
 * Exit status: 0 done; 1 the report was written but cases were broken
 * (report), or something changed or went (diff); 2 bad input or usage, with
 * nothing written. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "probes/facts.h"
#include "report/bench.h"
#include "report/build.h"
#include "report/diff.h"
#include "report/kyuadb.h"
#include "report/outset.h"
#include "report/parallel.h"
#include "report/readahead.h"
#include "report/render.h"
#include "report/schema.h"

#define PROGNAME "shmcompat-report"

enum { EXIT_DONE = 0, EXIT_FINDINGS = 1, EXIT_BAD_INPUT = 2 };

static int
usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, PROGNAME ": ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "; try --help\n");
    return EXIT_BAD_INPUT;
}

/** Prints an error's message as one line, and frees it: a name from the
 * input (a key, an id) may hold line breaks, shown as \n. */
static int
error_exit(shmc_error_t err)
{
    const unsigned char *p;

    fputs(PROGNAME ": ", stderr);
    for (p = (const unsigned char *)shmc_error_message(err); *p != '\0';
        p++) {
        if (*p == '\n')
            fputs("\\n", stderr);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(stderr, "\\x%02x", *p);
        else
            fputc(*p, stderr);
    }
    fputc('\n', stderr);
    shmc_error_free(err);
    return EXIT_BAD_INPUT;
}

static void
help(void)
{
    printf("Usage:\n"
        "  " PROGNAME " [report] --results DB --probes JSON "
        "[--label NAME] [--output-dir DIR]\n"
        "      [--provider NAME [--library TEXT] [--library-version V]]\n"
        "      report.json, report.md and report.html from a kyua results\n"
        "      database and shmcompat-probe --json output\n"
        "  " PROGNAME " merge [--output-dir DIR] REPORT.json...\n"
        "      portability.md and portability.html (questions x platforms and\n"
        "      the portable subset); matrix.md, matrix-differences.md,\n"
        "      matrix.html, matrix.csv (every row, for machines)\n"
        "  " PROGNAME " diff BASELINE.json NEW.json\n"
        "      every changed, removed and added result and observation;\n"
        "      exit 1 if any changed or went (additions are news)\n"
        "  " PROGNAME " baseline --output-dir DIR REPORT.json...\n"
        "      each report as DIR/PLATFORM-ID.json without its timings\n"
        "  " PROGNAME " platform REPORT.json\n"
        "      the report's platform id, e.g. to find its baseline\n"
        "Exit status: 0 done, 1 broken cases (report) or changes (diff),\n"
        "2 bad input or usage (nothing is written).\n");
}

/** Records the provider the suites ran against (make report-libraries)
 * in the platform, whose id gains "+PROVIDER". */
static void
set_provider(shmc_json_t *report, const char *provider, const char *library,
    const char *version)
{
    shmc_json_t *platform = shmc_json_get(report, "platform");
    const char *id;
    char buf[256];

    if (platform == NULL)
        return;
    id = shmc_json_string_value(shmc_json_get(platform, "id"));
    (void)snprintf(buf, sizeof(buf), "%s+%s", id != NULL ? id : "unknown",
        provider);
    shmc_json_set(platform, "id", shmc_json_string(buf));
    shmc_json_set(platform, "provider", shmc_json_string(provider));
    shmc_json_set_string_opt(platform, "library", library);
    shmc_json_set_string_opt(platform, "library_version", version);
}

static int
cmd_report(int argc, char **argv)
{
    const char *results = NULL, *probes_path = NULL, *dir = ".";
    const char *label = NULL, *provider = NULL, *library = NULL;
    const char *library_version = NULL;
    shmc_kyua_results_t kr;
    shmc_json_t *probes = NULL, *report = NULL, *bench = NULL;
    shmc_outset_t out;
    FILE *fj, *fm, *fh;
    shmc_error_t err;
    unsigned long long broken;
    int i;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--results") == 0 && i + 1 < argc)
            results = argv[++i];
        else if (strcmp(argv[i], "--probes") == 0 && i + 1 < argc)
            probes_path = argv[++i];
        else if (strcmp(argv[i], "--output-dir") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
            label = argv[++i][0] != '\0' ? argv[i] : NULL;
        else if (strcmp(argv[i], "--provider") == 0 && i + 1 < argc)
            provider = argv[++i];
        else if (strcmp(argv[i], "--library") == 0 && i + 1 < argc)
            library = argv[++i];
        else if (strcmp(argv[i], "--library-version") == 0 && i + 1 < argc)
            library_version = argv[++i];
        else
            return usage_error("unknown or incomplete option '%s'", argv[i]);
    }
    if (results == NULL || probes_path == NULL)
        return usage_error("%s", "report needs --results and --probes");

    err = shmc_json_load(probes_path, &probes);
    if (shmc_is_error(err))
        return error_exit(err);
    err = shmc_schema_check(SHMC_SCHEMA_PROBES, probes);
    if (shmc_is_error(err)) {
        shmc_json_free(probes);
        return error_exit(shmc_error_wrap(err, "%s: not " SHMC_FACTS_SCHEMA,
            probes_path));
    }
    /* shmcompat-bench's figures, when bench.json sits beside the results. */
    err = shmc_report_bench_find(results, &bench);
    if (shmc_is_error(err)) {
        shmc_json_free(probes);
        return error_exit(err);
    }
    err = shmc_kyuadb_read(results, &kr);
    if (shmc_is_error(err)) {
        shmc_json_free(probes);
        shmc_json_free(bench);
        return error_exit(err);
    }
    err = shmc_report_build(&kr, probes, label, &report);
    if (!shmc_is_error(err) && provider != NULL)
        set_provider(report, provider, library, library_version);
    shmc_kyuadb_free(&kr);
    shmc_json_free(probes);
    if (!shmc_is_error(err) && bench != NULL)
        shmc_json_set(report, "performance", bench);
    else
        shmc_json_free(bench);
    if (shmc_is_error(err))
        return error_exit(shmc_error_wrap(err, "%s", results));

    shmc_outset_init(&out);
    if (shmc_is_error(err = shmc_outset_open(&out, dir, "report.json", &fj)) ||
        shmc_is_error(err = shmc_outset_open(&out, dir, "report.md", &fm)) ||
        shmc_is_error(err = shmc_outset_open(&out, dir, "report.html", &fh))) {
        shmc_outset_abort(&out);
        shmc_json_free(report);
        return error_exit(err);
    }
    (void)shmc_json_write(fj, report);
    shmc_render_report_md(fm, report);
    shmc_render_report_html(fh, report);
    err = shmc_outset_commit(&out);
    if (shmc_is_error(err)) {
        shmc_json_free(report);
        return error_exit(err);
    }
    broken = shmc_json_uint_value(shmc_json_find(report, "summary.broken"));
    printf("%s: %llu cases, %llu passed, %llu failed, %llu skipped, "
        "%llu broken; wrote %s/report.{json,md,html}%s\n",
        shmc_report_platform_id(report),
        (unsigned long long)shmc_json_uint_value(shmc_json_find(report,
            "summary.total")),
        (unsigned long long)shmc_json_uint_value(shmc_json_find(report,
            "summary.passed")),
        (unsigned long long)shmc_json_uint_value(shmc_json_find(report,
            "summary.failed")),
        (unsigned long long)shmc_json_uint_value(shmc_json_find(report,
            "summary.skipped")), broken, dir,
        shmc_json_get(report, "performance") != NULL ?
        " with the performance section of " SHMC_REPORT_BENCH_FILE : "");
    shmc_json_free(report);
    return broken > 0 ? EXIT_FINDINGS : EXIT_DONE;
}

/** Adds a report to the model of merge. */
static shmc_error_t
merge_one(void *arg, size_t i, const shmc_json_t *report)
{
    (void)i;
    return shmc_matrix_add(arg, report) ? shmc_no_error() :
        shmc_error_nomem();
}

/** One of merge's output files: which one, where, from what model. */
typedef struct {
    int m_what;
    FILE *m_file;
    const shmc_matrix_t *m_matrix;
} merged_file_t;

static void
write_merged_file(void *arg)
{
    const merged_file_t *o = arg;

    switch (o->m_what) {
    case 0: shmc_matrix_md(o->m_file, o->m_matrix, false); break;
    case 1: shmc_matrix_md(o->m_file, o->m_matrix, true); break;
    case 2: shmc_matrix_html(o->m_file, o->m_matrix); break;
    case 3: shmc_matrix_csv(o->m_file, o->m_matrix); break;
    case 4: shmc_portability_md(o->m_file, o->m_matrix); break;
    default: shmc_portability_html(o->m_file, o->m_matrix); break;
    }
}

/** Writes the six files of merge, f[i] as write_merged_file's case i,
 * side by side: a large merge writes tens of MiB, which in one thread
 * took a sixth of its time while the other processors idled.  The
 * largest (the HTML matrix, then the Markdown and CSV ones) go first. */
static void
write_merged(FILE *const f[6], const shmc_matrix_t *m)
{
    static const int order[6] = { 2, 0, 3, 1, 5, 4 };
    merged_file_t files[6];
    shmc_parallel_job_t jobs[6];
    size_t i;

    for (i = 0; i < 6; i++) {
        files[i].m_what = order[i];
        files[i].m_file = f[order[i]];
        files[i].m_matrix = m;
        jobs[i].m_fn = write_merged_file;
        jobs[i].m_arg = &files[i];
    }
    shmc_parallel_run(jobs, 6, shmc_parallel_threads());
}

static int
cmd_merge(int argc, char **argv)
{
    const char *dir = ".", **paths;
    shmc_matrix_t *m = NULL;
    shmc_outset_t out;
    FILE *f[6];
    shmc_error_t err = shmc_no_error();
    int i, n = 0, rc = EXIT_DONE;

    paths = calloc((size_t)argc + 1, sizeof(*paths));
    if (paths == NULL)
        return error_exit(shmc_error_nomem());
    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--output-dir") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            free(paths);
            return usage_error("unknown or incomplete option '%s'", argv[i]);
        } else
            paths[n++] = argv[i];
    }
    if (n == 0) {
        free(paths);
        return usage_error("%s", "merge needs at least one report");
    }
    m = shmc_matrix_new((size_t)n);
    if (m == NULL) {
        free(paths);
        return error_exit(shmc_error_nomem());
    }
    /* The next reports are read and checked in other threads while the
     * model takes them in order, so the model and the first error are
     * those of reading them one by one; a few are in memory at a time. */
    err = shmc_readahead_each(paths, (size_t)n, shmc_parallel_threads(),
        merge_one, m);
    free(paths);
    if (shmc_is_error(err)) {
        rc = error_exit(err);
        goto out;
    }
    if (!shmc_matrix_finish(m)) {
        rc = error_exit(shmc_error_nomem());
        goto out;
    }
    shmc_outset_init(&out);
    if (shmc_is_error(err = shmc_outset_open(&out, dir, "matrix.md", &f[0])) ||
        shmc_is_error(err = shmc_outset_open(&out, dir,
            "matrix-differences.md", &f[1])) ||
        shmc_is_error(err = shmc_outset_open(&out, dir, "matrix.html",
            &f[2])) ||
        shmc_is_error(err = shmc_outset_open(&out, dir, "matrix.csv",
            &f[3])) ||
        shmc_is_error(err = shmc_outset_open(&out, dir, "portability.md",
            &f[4])) ||
        shmc_is_error(err = shmc_outset_open(&out, dir, "portability.html",
            &f[5]))) {
        shmc_outset_abort(&out);
        rc = error_exit(err);
        goto out;
    }
    write_merged(f, m);
    err = shmc_outset_commit(&out);
    if (shmc_is_error(err)) {
        rc = error_exit(err);
        goto out;
    }
    printf("%d platforms, %zu rows, %zu differ; wrote "
        "%s/matrix{.md,-differences.md,.html,.csv} and "
        "portability.{md,html}\n", n,
        shmc_matrix_rows(m), shmc_matrix_differing(m), dir);

out:
    shmc_matrix_free(m);
    return rc;
}

static int
cmd_diff(int argc, char **argv)
{
    shmc_json_t *base = NULL, *new = NULL;
    shmc_error_t err;
    shmc_report_diff_t n;

    if (argc != 2)
        return usage_error("%s", "diff needs BASELINE.json and NEW.json");
    err = shmc_report_load(argv[0], &base);
    if (!shmc_is_error(err))
        err = shmc_report_load(argv[1], &new);
    if (shmc_is_error(err)) {
        shmc_json_free(base);
        return error_exit(err);
    }
    if (strcmp(shmc_report_platform_id(base),
        shmc_report_platform_id(new)) != 0)
        printf("platform %s -> %s\n", shmc_report_platform_id(base),
            shmc_report_platform_id(new));
    n = shmc_report_diff(stdout, base, new);
    if (n.m_changed + n.m_removed + n.m_added == 0)
        printf("no changes\n");
    else
        printf("%zu changed, %zu removed, %zu added\n", n.m_changed,
            n.m_removed, n.m_added);
    shmc_json_free(base);
    shmc_json_free(new);
    return shmc_report_diff_regressions(&n) == 0 ? EXIT_DONE : EXIT_FINDINGS;
}

/** Writes each report as the baseline of its platform, DIR/ID.json,
 * without timings; all the files or none. */
static int
cmd_baseline(int argc, char **argv)
{
    const char *dir = NULL;
    shmc_json_t *report = NULL, *base;
    shmc_error_t err = shmc_no_error();
    shmc_outset_t out;
    char name[256];
    FILE *f;
    int i, n = 0, rc = EXIT_DONE;

    if (argc >= 2 && strcmp(argv[0], "--output-dir") == 0)
        dir = argv[1];
    if (dir == NULL || argc < 3)
        return usage_error("%s", "baseline needs --output-dir DIR and "
            "REPORT.json...");
    if (argc - 2 > SHMC_OUTSET_MAX)
        return usage_error("%s", "baseline takes at most 8 reports");
    shmc_outset_init(&out);
    for (i = 2; i < argc && !shmc_is_error(err); i++) {
        err = shmc_report_load(argv[i], &report);
        if (shmc_is_error(err))
            break;
        base = shmc_report_baseline(report);
        (void)snprintf(name, sizeof(name), "%s.json",
            shmc_report_platform_id(report));
        shmc_json_free(report);
        if (base == NULL) {
            err = shmc_error_nomem();
            break;
        }
        err = shmc_outset_open(&out, dir, name, &f);
        if (!shmc_is_error(err))
            (void)shmc_json_write(f, base);
        shmc_json_free(base);
        n++;
    }
    if (!shmc_is_error(err))
        err = shmc_outset_commit(&out);
    else
        shmc_outset_abort(&out);
    if (shmc_is_error(err))
        rc = error_exit(err);
    else
        printf("wrote %d baselines in %s\n", n, dir);
    return rc;
}

static int
cmd_platform(int argc, char **argv)
{
    shmc_json_t *report;
    shmc_error_t err;

    if (argc != 1)
        return usage_error("%s", "platform needs one REPORT.json");
    err = shmc_report_load(argv[0], &report);
    if (shmc_is_error(err))
        return error_exit(err);
    printf("%s\n", shmc_report_platform_id(report));
    shmc_json_free(report);
    return EXIT_DONE;
}

int
main(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0)) {
        help();
        return EXIT_DONE;
    }
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf(PROGNAME " (" PACKAGE_NAME ") " PACKAGE_VERSION "\n");
        return EXIT_DONE;
    }
    if (argc > 1 && strcmp(argv[1], "merge") == 0)
        return cmd_merge(argc - 2, argv + 2);
    if (argc > 1 && strcmp(argv[1], "diff") == 0)
        return cmd_diff(argc - 2, argv + 2);
    if (argc > 1 && strcmp(argv[1], "baseline") == 0)
        return cmd_baseline(argc - 2, argv + 2);
    if (argc > 1 && strcmp(argv[1], "platform") == 0)
        return cmd_platform(argc - 2, argv + 2);
    if (argc > 1 && strcmp(argv[1], "report") == 0)
        return cmd_report(argc - 2, argv + 2);
    if (argc > 1 && argv[1][0] != '-')
        return usage_error("unknown command '%s'", argv[1]);
    return cmd_report(argc - 1, argv + 1);
}
