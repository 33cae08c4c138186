/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/bench.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------------
 * Checking.
 * --------------------------------------------------------------------- */

static const char *const sections[] = {
    "round_trip", "bandwidth", "first_touch", "sync",
};

/* The figure each section's measured entries must carry. */
static const char *const figures[] = {
    "median_ns", "gbps", "ns_per_page", "ns_per_mib",
};

static bool
is_number(const shmc_json_t *v)
{
    shmc_json_type_t t = v != NULL ? shmc_json_type(v) : SHMC_JSON_NULL;

    return t == SHMC_JSON_REAL || t == SHMC_JSON_UINT || t == SHMC_JSON_INT;
}

/* The median of a figure: a number, or an object with a median. */
static const shmc_json_t *
median_of(const shmc_json_t *figure)
{
    if (figure != NULL && shmc_json_type(figure) == SHMC_JSON_OBJECT)
        return shmc_json_get(figure, "median");
    return figure;
}

static const char *
str(const shmc_json_t *obj, const char *key)
{
    return shmc_json_string_value(shmc_json_get(obj, key));
}

shmc_error_t
shmc_report_bench_validate(const shmc_json_t *b)
{
    const shmc_json_t *list, *e;
    const char *schema, *status;
    size_t s, i;

    if (shmc_json_type(b) != SHMC_JSON_OBJECT)
        return shmc_error_new("not a JSON object");
    schema = str(b, "schema");
    if (schema == NULL)
        return shmc_error_new("no 'schema': not shmcompat-bench output");
    if (strcmp(schema, SHMC_REPORT_BENCH_SCHEMA) != 0)
        return shmc_error_new("schema '%s' is not %s", schema,
            SHMC_REPORT_BENCH_SCHEMA);
    for (s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
        list = shmc_json_get(shmc_json_get(b, sections[s]), "results");
        if (list == NULL || shmc_json_type(list) != SHMC_JSON_ARRAY)
            return shmc_error_new("'%s' has no results list", sections[s]);
        for (i = 0; i < shmc_json_count(list); i++) {
            e = shmc_json_item_at(list, i);
            status = str(e, "status");
            if (str(e, "mechanism") == NULL || str(e, "method") == NULL ||
                status == NULL)
                return shmc_error_new("%s.results[%zu] lacks mechanism, "
                    "method or status", sections[s], i);
            if (strcmp(status, "skipped") == 0) {
                if (str(e, "reason") == NULL)
                    return shmc_error_new("%s.results[%zu] is skipped "
                        "without a reason", sections[s], i);
            } else if (strcmp(status, "measured") != 0 ||
                !is_number(median_of(shmc_json_get(e, figures[s]))))
                return shmc_error_new("%s.results[%zu] is neither measured "
                    "with '%s' nor skipped", sections[s], i, figures[s]);
        }
    }
    return shmc_no_error();
}

shmc_error_t
shmc_report_bench_find(const char *results_path, shmc_json_t **bench)
{
    const char *slash = strrchr(results_path, '/');
    char path[4096];
    shmc_error_t err;

    *bench = NULL;
    if (slash == NULL)
        (void)snprintf(path, sizeof(path), "%s", SHMC_REPORT_BENCH_FILE);
    else
        (void)snprintf(path, sizeof(path), "%.*s/%s",
            (int)(slash - results_path), results_path, SHMC_REPORT_BENCH_FILE);
    if (access(path, F_OK) == -1)
        return errno == ENOENT ? shmc_no_error() :
            shmc_error_libc(errno, "%s", path);
    err = shmc_json_load(path, bench);
    if (!shmc_is_error(err))
        err = shmc_report_bench_validate(*bench);
    if (shmc_is_error(err)) {
        err = shmc_error_wrap(err, "%s", path);
        shmc_json_free(*bench);
        *bench = NULL;
    }
    return err;
}

/* ---------------------------------------------------------------------
 * Tables for people.
 * --------------------------------------------------------------------- */

typedef enum { FORMAT_MD, FORMAT_HTML } format_t;

static void
escape(FILE *f, format_t fmt, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        if (fmt == FORMAT_MD) {
            if (*s == '|')
                fputs("\\|", f);
            else
                fputc(*s == '\n' ? ' ' : *s, f);
            continue;
        }
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void
heading(FILE *f, format_t fmt, const char *text)
{
    if (fmt == FORMAT_MD)
        fprintf(f, "\n### %s\n\n", text);
    else
        fprintf(f, "<h3>%s</h3>\n", text);
}

/* The number of leading text columns; the rest are numbers, aligned right
 * in Markdown. */
static size_t text_columns = 1;

/* A row of n cells; the header row when head is true. */
static void
row(FILE *f, format_t fmt, bool head, const char *const *cells, size_t n)
{
    size_t i;

    if (fmt == FORMAT_HTML)
        fputs("<tr>", f);
    for (i = 0; i < n; i++) {
        if (fmt == FORMAT_MD)
            fputs(i == 0 ? "| " : " | ", f);
        else
            fputs(head ? "<th>" : i >= text_columns && cells[i] != NULL &&
                strchr("0123456789(", cells[i][0]) != NULL ?
                "<td class=\"num\">" : "<td>", f);
        escape(f, fmt, cells[i]);
        if (fmt == FORMAT_HTML)
            fputs(head ? "</th>" : "</td>", f);
    }
    if (fmt == FORMAT_HTML)
        fputs("</tr>\n", f);
    else {
        fputs(" |\n", f);
        if (head) {
            for (i = 0; i < n; i++)
                fputs(i < text_columns ? "|---" : "|---:", f);
            fputs("|\n", f);
        }
    }
}

static void
table_start(FILE *f, format_t fmt)
{
    if (fmt == FORMAT_HTML)
        fputs("<table class=\"perf\">\n", f);
}

static void
table_end(FILE *f, format_t fmt)
{
    if (fmt == FORMAT_HTML)
        fputs("</table>\n", f);
}

static double
num(const shmc_json_t *v)
{
    return shmc_json_number_value(v);
}

static const shmc_json_t *
results_of(const shmc_json_t *perf, const char *section)
{
    return shmc_json_get(shmc_json_get(perf, section), "results");
}

static bool
measured(const shmc_json_t *e)
{
    const char *s = str(e, "status");

    return s != NULL && strcmp(s, "measured") == 0;
}

/* "1.2 .. 3.4" from a spread object, with the format and scale given. */
static void
spread_text(char *buf, size_t size, const shmc_json_t *spread,
    const char *fmt, double scale)
{
    char lo[24], hi[24];

    (void)snprintf(lo, sizeof(lo), fmt, num(shmc_json_get(spread, "p25")) /
        scale);
    (void)snprintf(hi, sizeof(hi), fmt, num(shmc_json_get(spread, "p75")) /
        scale);
    (void)snprintf(buf, size, "%s .. %s", lo, hi);
}

static void
size_text(char *buf, size_t size, uint64_t bytes)
{
    if (bytes >= ((uint64_t)1 << 20) && bytes % ((uint64_t)1 << 20) == 0)
        (void)snprintf(buf, size, "%llu MiB",
            (unsigned long long)(bytes >> 20));
    else if (bytes >= 1024 && bytes % 1024 == 0)
        (void)snprintf(buf, size, "%llu KiB",
            (unsigned long long)(bytes >> 10));
    else
        (void)snprintf(buf, size, "%llu B", (unsigned long long)bytes);
}

static void
round_trip_table(FILE *f, format_t fmt, const shmc_json_t *perf)
{
    static const char *const head[] = {
        "mechanism", "wake-up", "median ns", "p99 ns", "p25 .. p75 ns",
        "samples",
    };
    const shmc_json_t *list = results_of(perf, "round_trip"), *e;
    char c[4][80];
    size_t i;

    heading(f, fmt, "Round trip of a 64-byte message");
    table_start(f, fmt);
    text_columns = 2;
    row(f, fmt, true, head, 6);
    for (i = 0; i < shmc_json_count(list); i++) {
        const char *cells[6];

        e = shmc_json_item_at(list, i);
        cells[0] = str(e, "mechanism");
        cells[1] = str(e, "method");
        if (measured(e)) {
            (void)snprintf(c[0], sizeof(c[0]), "%.0f",
                num(shmc_json_get(e, "median_ns")));
            (void)snprintf(c[1], sizeof(c[1]), "%.0f",
                num(shmc_json_get(e, "p99_ns")));
            spread_text(c[2], sizeof(c[2]), shmc_json_get(e, "ns"), "%.0f",
                1.0);
            (void)snprintf(c[3], sizeof(c[3]), "%llu", (unsigned long long)
                shmc_json_uint_value(shmc_json_get(e, "samples")));
            cells[2] = c[0];
            cells[3] = c[1];
            cells[4] = c[2];
            cells[5] = c[3];
        } else {
            cells[2] = "skipped";
            cells[3] = cells[5] = "";
            cells[4] = str(e, "reason");
        }
        row(f, fmt, false, cells, 6);
    }
    table_end(f, fmt);
}

/* "posix_shm ring"; a baseline named after its method ("pipe pipe")
 * once. */
static void
label_text(char *buf, size_t size, const shmc_json_t *e)
{
    const char *mech = str(e, "mechanism"), *method = str(e, "method");

    if (strcmp(mech, method) == 0)
        (void)snprintf(buf, size, "%s", mech);
    else
        (void)snprintf(buf, size, "%s %s", mech, method);
}

/* One row per mechanism and method, one column per size: the ratio to
 * memcpy and the GB/s; memcpy's own row has its GB/s. */
static void
bandwidth_table(FILE *f, format_t fmt, const shmc_json_t *perf)
{
    const shmc_json_t *sizes = shmc_json_get(shmc_json_get(perf,
        "bandwidth"), "sizes"), *list = results_of(perf, "bandwidth"), *e;
    size_t nsizes = shmc_json_count(sizes), i, j, ncols = nsizes + 1;
    const char **cells;
    char (*text)[96], label[96];

    cells = calloc(ncols, sizeof(*cells));
    text = calloc(ncols, sizeof(*text));
    if (cells == NULL || text == NULL) {
        free(cells);
        free(text);
        return;
    }
    heading(f, fmt, "Streaming bandwidth: fraction of memcpy (GB/s)");
    table_start(f, fmt);
    text_columns = 1;
    cells[0] = "mechanism";
    for (j = 0; j < nsizes; j++) {
        size_text(text[j + 1], sizeof(text[j + 1]),
            shmc_json_uint_value(shmc_json_item_at(sizes, j)));
        cells[j + 1] = text[j + 1];
    }
    row(f, fmt, true, cells, ncols);
    for (i = 0; i < shmc_json_count(list); i++) {
        e = shmc_json_item_at(list, i);
        label_text(label, sizeof(label), e);
        /* This row's entries follow one another. */
        (void)snprintf(text[0], sizeof(text[0]), "%s", label);
        cells[0] = text[0];
        for (j = 1; j < ncols; j++)
            cells[j] = "";
        for (j = i; j < shmc_json_count(list); j++) {
            const shmc_json_t *x = shmc_json_item_at(list, j);
            uint64_t size = shmc_json_uint_value(shmc_json_get(x,
                "size_bytes"));
            char mine[96];
            size_t k;

            label_text(mine, sizeof(mine), x);
            if (strcmp(mine, label) != 0)
                break;
            for (k = 0; k < nsizes; k++)
                if (shmc_json_uint_value(shmc_json_item_at(sizes, k)) == size)
                    break;
            if (k == nsizes)
                continue;
            if (!measured(x))
                (void)snprintf(text[k + 1], sizeof(text[k + 1]),
                    "skipped: %s", str(x, "reason"));
            else if (shmc_json_get(x, "ratio_to_memcpy") != NULL &&
                strcmp(str(x, "method"), "memcpy") != 0)
                (void)snprintf(text[k + 1], sizeof(text[k + 1]),
                    "%.2f (%.2f)", num(shmc_json_get(x, "ratio_to_memcpy")),
                    num(median_of(shmc_json_get(x, "gbps"))));
            else
                (void)snprintf(text[k + 1], sizeof(text[k + 1]), "(%.2f)",
                    num(median_of(shmc_json_get(x, "gbps"))));
            cells[k + 1] = text[k + 1];
        }
        row(f, fmt, false, cells, ncols);
        i = j - 1;
    }
    table_end(f, fmt);
    free(cells);
    free(text);
}

/* First touch or sync: one row per entry, the median and quartiles. */
static void
simple_table(FILE *f, format_t fmt, const shmc_json_t *perf,
    const char *section, const char *title, const char *figure,
    const char *unit, double scale)
{
    const char *head[5] = { "mechanism", "method", unit, "p25 .. p75",
        "samples" };
    const shmc_json_t *list = results_of(perf, section), *e;
    char c[3][80], what[96];
    size_t i;

    heading(f, fmt, title);
    table_start(f, fmt);
    text_columns = 2;
    row(f, fmt, true, head, 5);
    for (i = 0; i < shmc_json_count(list); i++) {
        const char *cells[5];

        e = shmc_json_item_at(list, i);
        (void)snprintf(what, sizeof(what), "%s%s", str(e, "mechanism"),
            shmc_json_bool_value(shmc_json_get(e, "huge_pages")) ?
            " (huge pages)" : "");
        cells[0] = what;
        cells[1] = str(e, "method");
        if (measured(e)) {
            const shmc_json_t *s = shmc_json_get(e, figure);

            (void)snprintf(c[0], sizeof(c[0]), "%.1f",
                num(shmc_json_get(s, "median")) / scale);
            spread_text(c[1], sizeof(c[1]), s, "%.1f", scale);
            (void)snprintf(c[2], sizeof(c[2]), "%llu", (unsigned long long)
                shmc_json_uint_value(shmc_json_get(e, "samples")));
            cells[2] = c[0];
            cells[3] = c[1];
            cells[4] = c[2];
        } else {
            cells[2] = "skipped";
            cells[3] = str(e, "reason");
            cells[4] = "";
        }
        row(f, fmt, false, cells, 5);
    }
    table_end(f, fmt);
}

/* Whether a section has the cross-CPU figures (bench.json files from
 * before them do not). */
static bool
has_cross_cpu(const shmc_json_t *perf, const char *section)
{
    const shmc_json_t *list = results_of(perf, section);
    size_t i;

    for (i = 0; i < shmc_json_count(list); i++)
        if (strcmp(str(shmc_json_item_at(list, i), "mechanism"),
            "cross_cpu") == 0)
            return true;
    return false;
}

/* The two CPUs the cross-CPU figures were pinned to, from the first such
 * figure that names them; false where none does. */
static bool
pinned_cpus(const shmc_json_t *perf, uint64_t cpu[2])
{
    static const char *const names[] = { "round_trip", "bandwidth" };
    const shmc_json_t *list, *e, *cpus;
    size_t s, i;

    for (s = 0; s < 2; s++) {
        list = results_of(perf, names[s]);
        for (i = 0; i < shmc_json_count(list); i++) {
            e = shmc_json_item_at(list, i);
            cpus = shmc_json_get(e, "cpus");
            if (strcmp(str(e, "mechanism"), "cross_cpu") != 0 ||
                shmc_json_type(cpus) != SHMC_JSON_ARRAY ||
                shmc_json_count(cpus) != 2)
                continue;
            cpu[0] = shmc_json_uint_value(shmc_json_item_at(cpus, 0));
            cpu[1] = shmc_json_uint_value(shmc_json_item_at(cpus, 1));
            return true;
        }
    }
    return false;
}

/* Under what the figures were taken. */
static void
conditions(FILE *f, format_t fmt, const shmc_json_t *perf)
{
    const shmc_json_t *load = shmc_json_find(perf, "machine.load_average");
    char text[512], pins[96] = "";
    uint64_t cpu[2];
    int n;

    if (pinned_cpus(perf, cpu))
        (void)snprintf(pins, sizeof(pins), " (the cross_cpu figures: CPUs "
            "%llu and %llu)", (unsigned long long)cpu[0],
            (unsigned long long)cpu[1]);
    n = snprintf(text, sizeof(text), "%s, %s mode, %.1f s; clock %s; %llu "
        "CPUs online, not pinned%s", str(perf, "generator"), str(perf, "mode"),
        num(shmc_json_get(perf, "duration_s")),
        str(shmc_json_get(perf, "clock"), "name"),
        (unsigned long long)shmc_json_uint_value(shmc_json_find(perf,
            "machine.cpus.online")), pins);
    if (n > 0 && (size_t)n < sizeof(text) && load != NULL &&
        shmc_json_type(load) == SHMC_JSON_OBJECT)
        (void)snprintf(text + n, sizeof(text) - (size_t)n, "; load average "
            "%.2f at the start, %.2f at the end",
            num(shmc_json_item_at(shmc_json_get(load, "start"), 0)),
            num(shmc_json_item_at(shmc_json_get(load, "end"), 0)));
    fputs(fmt == FORMAT_MD ? "" : "<p>", f);
    escape(f, fmt, text);
    fputs(". Figures are medians of repeated samples after a warm-up; a "
        "bandwidth ratio is the median of each sample's ratio to a memcpy "
        "sample taken just before it (so it need not equal the GB/s over "
        "memcpy's row, measured on its own); ratios compare across machines, "
        "absolute times do not.", f);
    if (has_cross_cpu(perf, "round_trip"))
        fputs(" The cross_cpu spin round trip is the floor under the others: "
            "both sides spin instead of sleeping, so only the cache lines "
            "travel between the two CPUs.", f);
    if (has_cross_cpu(perf, "bandwidth"))
        fputs(" The cross_cpu read row is how fast one CPU reads what another "
            "has just written: a transfer between two CPUs moves data at about "
            "that rate, so the rings' fractions of memcpy are to be read "
            "against its fraction.", f);
    fputs(fmt == FORMAT_MD ? "\n" : "</p>\n", f);
}

static void
render(FILE *f, format_t fmt, const shmc_json_t *report)
{
    const shmc_json_t *perf = shmc_json_get(report, "performance");

    if (perf == NULL)
        return;
    if (fmt == FORMAT_MD)
        fputs("\n## Performance\n\n", f);
    else
        fputs("<h2 id=\"performance\">Performance</h2>\n<style>"
            "table.perf td.num{text-align:right;font-variant-numeric:"
            "tabular-nums}</style>\n", f);
    conditions(f, fmt, perf);
    round_trip_table(f, fmt, perf);
    bandwidth_table(f, fmt, perf);
    simple_table(f, fmt, perf, "first_touch", "First touch of a fresh page",
        "ns_per_page", "ns per page", 1.0);
    simple_table(f, fmt, perf, "sync", "Sync of a dirty region",
        "ns_per_mib", "µs per MiB", 1000.0);
}

void
shmc_report_bench_md(FILE *f, const shmc_json_t *report)
{
    render(f, FORMAT_MD, report);
}

void
shmc_report_bench_html(FILE *f, const shmc_json_t *report)
{
    render(f, FORMAT_HTML, report);
}

/* ---------------------------------------------------------------------
 * Ratios for the matrix.
 * --------------------------------------------------------------------- */

void
shmc_report_bench_ratios(const shmc_json_t *report,
    void (*fn)(void *, const char *, const char *), void *arg)
{
    const shmc_json_t *perf = shmc_json_get(report, "performance"), *list, *e;
    const char *method;
    double pipe = 0.0;
    char key[160], value[32];
    size_t i;

    if (perf == NULL)
        return;
    list = results_of(perf, "bandwidth");
    for (i = 0; i < shmc_json_count(list); i++) {
        e = shmc_json_item_at(list, i);
        method = str(e, "method");
        if (strcmp(method, "memcpy") == 0)
            continue;
        (void)snprintf(key, sizeof(key), "bandwidth.%s.%s.%llu.of_memcpy",
            str(e, "mechanism"), method, (unsigned long long)
            shmc_json_uint_value(shmc_json_get(e, "size_bytes")));
        if (!measured(e))
            fn(arg, key, "skipped");
        else if (shmc_json_get(e, "ratio_to_memcpy") != NULL) {
            (void)snprintf(value, sizeof(value), "%.2f",
                num(shmc_json_get(e, "ratio_to_memcpy")));
            fn(arg, key, value);
        }
    }
    list = results_of(perf, "round_trip");
    for (i = 0; i < shmc_json_count(list); i++) {
        e = shmc_json_item_at(list, i);
        if (measured(e) && strcmp(str(e, "mechanism"), "pipe") == 0)
            pipe = num(shmc_json_get(e, "median_ns"));
    }
    for (i = 0; i < shmc_json_count(list) && pipe > 0.0; i++) {
        e = shmc_json_item_at(list, i);
        if (strcmp(str(e, "mechanism"), "pipe") == 0)
            continue;
        (void)snprintf(key, sizeof(key), "round_trip.%s.%s.of_pipe",
            str(e, "mechanism"), str(e, "method"));
        if (!measured(e))
            fn(arg, key, "skipped");
        else {
            (void)snprintf(value, sizeof(value), "%.2f",
                num(shmc_json_get(e, "median_ns")) / pipe);
            fn(arg, key, value);
        }
    }
}
