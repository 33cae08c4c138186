/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/build.h"
#include "report/bench.h"

#include <ctype.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/obs.h"
#include "report/questions.h"
#include "report/schema.h"
#include "report/strmap.h"

/* Container-like: Docker gives /dev/shm 64 MiB unless told otherwise. */
#define SMALL_SHM_BYTES (64ULL * 1024 * 1024)

const char *const shmc_report_statuses[SHMC_REPORT_NSTATUSES] = {
    "passed", "failed", "skipped", "expected_failure", "broken",
};
static const char *const *const statuses = shmc_report_statuses;

/* ---------------------------------------------------------------------
 * Building.
 * --------------------------------------------------------------------- */

static const char *
str_at(const shmc_json_t *root, const char *path)
{
    shmc_json_t *v = shmc_json_find(root, path);

    return v != NULL ? shmc_json_string_value(v) : NULL;
}

/** Appends "-part" for the first dot-separated fields of part (all when
 * fields is 0), lower-cased, to an id being built. */
static void
id_part(char *id, size_t size, const char *part, int fields)
{
    size_t len = strlen(id);
    int dots = 0;

    if (part == NULL || *part == '\0')
        return;
    if (len > 0 && len + 1 < size)
        id[len++] = '-';
    for (; *part != '\0' && len + 1 < size; part++) {
        if (*part == '.' && fields > 0 && ++dots >= fields)
            break;
        if (*part == '-' && fields > 0)
            break;
        id[len++] = (char)tolower((unsigned char)*part);
    }
    id[len] = '\0';
}

/** The platform: what the probes say, and an id such as
 * linux-6.18-glibc-2.36-x86_64: the kernel's name and major.minor, the C
 * library and its version, the ABI the harness was built for (older probes
 * name none: then the kernel's machine), "+16k" where the page is not
 * 4 KiB, and "+label" for a configuration of one machine (e.g. "shm64m"). */
static shmc_json_t *
platform_json(const shmc_json_t *probes, const char *label)
{
    shmc_json_t *p, *hints, *v;
    char id[128] = "", pages[32] = "";
    const char *libc = str_at(probes, "libc.name");
    const char *abi = str_at(probes, "build.abi");

    id_part(id, sizeof(id), str_at(probes, "host.sysname"), 0);
    id_part(id, sizeof(id), str_at(probes, "host.release"), 2);
    id_part(id, sizeof(id), libc, 0);
    if (libc != NULL)
        id_part(id, sizeof(id), str_at(probes, "libc.version"), 2);
    id_part(id, sizeof(id), abi != NULL ? abi : str_at(probes, "host.machine"),
        0);
    v = shmc_json_find(probes, "memory.page_size");
    if (v != NULL && shmc_json_type(v) == SHMC_JSON_UINT &&
        shmc_json_uint_value(v) != 4096) {
        if (shmc_json_uint_value(v) % 1024 == 0)
            (void)snprintf(pages, sizeof(pages), "+%lluk",
                (unsigned long long)(shmc_json_uint_value(v) / 1024));
        else
            (void)snprintf(pages, sizeof(pages), "+%llub",
                (unsigned long long)shmc_json_uint_value(v));
        (void)strncat(id, pages, sizeof(id) - strlen(id) - 1);
    }
    if (label != NULL && *label != '\0') {
        (void)strncat(id, "+", sizeof(id) - strlen(id) - 1);
        (void)strncat(id, label, sizeof(id) - strlen(id) - 1);
    }

    p = shmc_json_object();
    shmc_json_set(p, "id", shmc_json_string(id[0] != '\0' ? id : "unknown"));
    shmc_json_set_string_opt(p, "os", str_at(probes, "host.sysname"));
    shmc_json_set_string_opt(p, "release", str_at(probes, "host.release"));
    shmc_json_set_string_opt(p, "version", str_at(probes, "host.version"));
    shmc_json_set_string_opt(p, "machine", str_at(probes, "host.machine"));
    shmc_json_set_string_opt(p, "abi", abi);
    v = shmc_json_find(probes, "memory.page_size");
    shmc_json_set(p, "page_size", v != NULL ? shmc_json_copy(v) :
        shmc_json_null());
    shmc_json_set_string_opt(p, "libc", libc);
    shmc_json_set_string_opt(p, "libc_version",
        str_at(probes, "libc.version"));
    shmc_json_set_string_opt(p, "label", label);
    hints = shmc_json_object();
    shmc_json_set_string_opt(hints, "shm_dir", str_at(probes, "shm_dir.path"));
    v = shmc_json_find(probes, "shm_dir.size_bytes");
    shmc_json_set(hints, "shm_dir_size_bytes", v != NULL ?
        shmc_json_copy(v) : shmc_json_null());
    shmc_json_set(hints, "container_like_shm_size", v != NULL &&
        shmc_json_type(v) == SHMC_JSON_UINT ?
        shmc_json_bool(shmc_json_uint_value(v) <= SMALL_SHM_BYTES) :
        shmc_json_null());
    v = shmc_json_find(probes, "shm_dir.is_tmpfs");
    shmc_json_set(hints, "shm_dir_is_tmpfs", v != NULL ? shmc_json_copy(v) :
        shmc_json_null());
    shmc_json_set(p, "hints", hints);
    return p;
}

/** The area of a program: its file name less "_test". */
static void
area_of(const char *program, char *area, size_t size)
{
    const char *base = strrchr(program, '/');
    size_t len;

    base = base != NULL ? base + 1 : program;
    (void)snprintf(area, size, "%s", base);
    len = strlen(area);
    if (len > 5 && strcmp(area + len - 5, "_test") == 0)
        area[len - 5] = '\0';
}

static void
warn(shmc_json_t *warnings, const char *id, const char *what,
    shmc_error_t err)
{
    char msg[1400];

    (void)snprintf(msg, sizeof(msg), "%.500s: %.300s: %.500s", id, what,
        shmc_error_message(err));
    shmc_json_append(warnings, shmc_json_string(msg));
}

/** Reads one observation line into obs.  A value that is not JSON is kept
 * as its text, and a line that is no observation is left out, both named
 * in warnings; a value that is JSON in form but not acceptable (invalid
 * UTF-8, a lone surrogate, a number out of range, a duplicate key) is an
 * error. */
static shmc_error_t
observation_line(const char *line, const char *id, shmc_json_t *obs,
    shmc_json_t *warnings)
{
    shmc_json_t *value;
    const char *json;
    char key[256], what[300];
    bool content;
    shmc_error_t err;

    err = shmc_obs_parse_line(line, key, sizeof(key), &json);
    if (shmc_is_error(err)) {
        warn(warnings, id, "observation line left out", err);
        shmc_error_free(err);
        return shmc_no_error();
    }
    err = shmc_json_parse_ex(json, strlen(json), &value, &content);
    if (shmc_is_error(err) && content)
        return shmc_error_wrap(err, "%.500s: observation %.200s", id, key);
    if (shmc_is_error(err)) {
        (void)snprintf(what, sizeof(what), "observation %.200s is not JSON",
            key);
        warn(warnings, id, what, err);
        shmc_error_free(err);
        value = shmc_json_string(json);
    }
    shmc_json_set(obs, key, value);
    return shmc_no_error();
}

/** Parses the observation lines of a case's output, whatever their
 * length; other lines are the case's own business. */
static shmc_error_t
observations_json(const char *out, const char *id, shmc_json_t *warnings,
    shmc_json_t **obs)
{
    const char *line = out, *nl;
    char *copy;
    size_t len;
    shmc_error_t err = shmc_no_error();

    *obs = shmc_json_object();
    while (*line != '\0' && !shmc_is_error(err)) {
        nl = strchr(line, '\n');
        len = nl != NULL ? (size_t)(nl - line) : strlen(line);
        if (strncmp(line, SHMC_OBS_PREFIX, strlen(SHMC_OBS_PREFIX)) == 0) {
            copy = strndup(line, len);
            err = copy != NULL ? observation_line(copy, id, *obs, warnings) :
                shmc_error_nomem();
            free(copy);
        }
        line += len + (nl != NULL);
    }
    if (shmc_is_error(err)) {
        shmc_json_free(*obs);
        *obs = NULL;
    }
    return err;
}

/** Skips a "FILE:LINE: " prefix, as atf puts before its messages. */
static const char *
strip_location(const char *s)
{
    const char *p = s;

    while (*p != '\0' && *p != ':' && *p != ' ')
        p++;
    if (*p != ':' || p[1] < '0' || p[1] > '9')
        return s;
    for (p++; *p >= '0' && *p <= '9'; p++)
        ;
    return p[0] == ':' && p[1] == ' ' ? p + 2 : s;
}

/** What a failed case said: atf's failed checks ("*** Check failed:
 * FILE:LINE: MSG" on its standard error) and a failed requirement's
 * reason ("FILE:LINE: MSG"), without file and line. */
static shmc_json_t *
failures_json(const shmc_kyua_result_t *r)
{
    static const char mark[] = "*** Check failed: ";
    shmc_json_t *list = shmc_json_array();
    const char *line = r->m_stderr, *nl;
    char buf[2048];
    size_t len;

    if (strcmp(r->m_status, "failed") != 0)
        return list;
    for (; *line != '\0'; line = nl != NULL ? nl + 1 : line + len) {
        nl = strchr(line, '\n');
        len = nl != NULL ? (size_t)(nl - line) : strlen(line);
        if (len <= sizeof(mark) - 1 || strncmp(line, mark,
            sizeof(mark) - 1) != 0)
            continue;
        (void)snprintf(buf, sizeof(buf), "%.*s", (int)(len - sizeof(mark) +
            1), line + sizeof(mark) - 1);
        /* atf puts the checked expression before the message; a message
         * naming its requirement says it all. */
        shmc_json_append(list, shmc_json_string(strstr(buf, "XSH ") != NULL ?
            strstr(buf, "XSH ") : strip_location(buf)));
    }
    if (shmc_json_count(list) == 0 && r->m_reason != NULL &&
        strip_location(r->m_reason) != r->m_reason)
        shmc_json_append(list, shmc_json_string(
            strip_location(r->m_reason)));
    return list;
}

static const char *const answer_kinds[] = {
    "measured", "not_conformant", "not_measured",
};

static shmc_json_t *
string_list(char *const *items, size_t n)
{
    shmc_json_t *list = shmc_json_array();
    size_t i;

    for (i = 0; i < n; i++)
        shmc_json_append(list, shmc_json_string(items[i]));
    return list;
}

/** The answers to every question, from the report being built. */
static shmc_error_t
answers_json(const shmc_json_t *report, shmc_json_t **out)
{
    const shmc_questions_t *qs;
    const shmc_question_t *q;
    shmc_facts_t *facts;
    shmc_json_t *list, *a, *from;
    shmc_answer_t ans;
    shmc_error_t err;
    size_t i;

    *out = NULL;
    err = shmc_questions_get(&qs);
    if (shmc_is_error(err))
        return err;
    facts = shmc_facts_new(report);
    if (facts == NULL)
        return shmc_error_nomem();
    list = shmc_json_array();
    for (i = 0; i < qs->m_nquestions; i++) {
        q = &qs->m_questions[i];
        if (!shmc_answer(qs, q, facts, &ans)) {
            shmc_facts_free(facts);
            shmc_json_free(list);
            return shmc_error_nomem();
        }
        a = shmc_json_object();
        shmc_json_set(a, "id", shmc_json_string(q->m_id));
        shmc_json_set(a, "topic", shmc_json_string(q->m_topic->m_title));
        shmc_json_set(a, "question", shmc_json_string(q->m_ask));
        shmc_json_set(a, "answer", shmc_json_string(ans.m_text));
        shmc_json_set(a, "short", shmc_json_string(ans.m_short));
        shmc_json_set(a, "kind", shmc_json_string(answer_kinds[ans.m_kind]));
        from = shmc_json_object();
        shmc_json_set(from, "observations", string_list(q->m_obs, q->m_nobs));
        shmc_json_set(from, "probes", string_list(q->m_probes,
            q->m_nprobes));
        shmc_json_set(from, "cases", string_list(q->m_cases, q->m_ncases));
        shmc_json_set(a, "from", from);
        shmc_json_append(list, a);
        shmc_answer_clear(&ans);
    }
    shmc_facts_free(facts);
    *out = list;
    return shmc_no_error();
}

/** Builds the report; zero results is an error (nothing ran). */
shmc_error_t
shmc_report_build(const shmc_kyua_results_t *results,
    const shmc_json_t *probes, const char *label, shmc_json_t **out)
{
    shmc_json_t *root, *list, *entry, *summary, *warnings, *obs;
    shmc_json_t *answers;
    char id[512], area[128];
    shmc_error_t err;
    unsigned long counts[SHMC_REPORT_NSTATUSES] = { 0 }, other = 0, nobs = 0;
    size_t i, s;

    *out = NULL;
    if (results->m_count == 0)
        return shmc_error_new("the results hold no test case: nothing ran");

    root = shmc_json_document(SHMC_REPORT_SCHEMA, "shmcompat-report");
    shmc_json_set(root, "platform", platform_json(probes, label));
    shmc_json_set(root, "probes", probes != NULL ? shmc_json_copy(probes) :
        shmc_json_null());

    list = shmc_json_array();
    warnings = shmc_json_array();
    for (i = 0; i < results->m_count; i++) {
        const shmc_kyua_result_t *r = &results->m_results[i];

        (void)snprintf(id, sizeof(id), "%s:%s", r->m_program, r->m_case);
        area_of(r->m_program, area, sizeof(area));
        entry = shmc_json_object();
        shmc_json_set(entry, "id", shmc_json_string(id));
        shmc_json_set(entry, "area", shmc_json_string(area));
        shmc_json_set(entry, "status", shmc_json_string(r->m_status));
        shmc_json_set_string_opt(entry, "reason", r->m_reason);
        /* kyua stores a case without a description as "". */
        shmc_json_set_string_opt(entry, "description",
            r->m_description != NULL && r->m_description[0] != '\0' ?
            r->m_description : NULL);
        shmc_json_set(entry, "failures", failures_json(r));
        shmc_json_set(entry, "duration_ms",
            shmc_json_real((double)r->m_duration_us / 1000.0));
        err = observations_json(r->m_stdout, id, warnings, &obs);
        if (shmc_is_error(err)) {
            shmc_json_free(entry);
            shmc_json_free(list);
            shmc_json_free(warnings);
            shmc_json_free(root);
            return err;
        }
        shmc_json_set(entry, "observations", obs);
        nobs += shmc_json_count(shmc_json_get(entry, "observations"));
        shmc_json_append(list, entry);
        for (s = 0; s < SHMC_REPORT_NSTATUSES; s++)
            if (strcmp(r->m_status, statuses[s]) == 0)
                break;
        if (s < SHMC_REPORT_NSTATUSES)
            counts[s]++;
        else
            other++;
    }
    summary = shmc_json_object();
    shmc_json_set(summary, "total", shmc_json_uint(results->m_count));
    for (s = 0; s < SHMC_REPORT_NSTATUSES; s++)
        shmc_json_set(summary, statuses[s], shmc_json_uint(counts[s]));
    shmc_json_set(summary, "other", shmc_json_uint(other));
    shmc_json_set(summary, "observations", shmc_json_uint(nobs));
    shmc_json_set(root, "summary", summary);
    shmc_json_set(root, "results", list);
    shmc_json_set(root, "warnings", warnings);
    err = answers_json(root, &answers);
    if (shmc_is_error(err)) {
        shmc_json_free(root);
        return err;
    }
    shmc_json_set(root, "answers", answers);
    if (!shmc_json_is_complete(root)) {
        shmc_json_free(root);
        return shmc_error_nomem();
    }
    *out = root;
    return shmc_no_error();
}

/* ---------------------------------------------------------------------
 * Reading back.
 * --------------------------------------------------------------------- */

/** Checks that no two results share an id: a matrix or a diff could only
 * keep one of them. */
static shmc_error_t
unique_ids(const shmc_json_t *results)
{
    shmc_strmap_t *seen = shmc_strmap_new();
    shmc_error_t err = shmc_no_error();
    uintptr_t first;
    const char *id;
    size_t i, n = shmc_json_count(results);

    if (seen == NULL)
        return shmc_error_nomem();
    for (i = 0; i < n && !shmc_is_error(err); i++) {
        id = shmc_json_string_value(shmc_json_get(shmc_json_item_at(results,
            i), "id"));
        /* Each result's place + 1, so that none is NULL. */
        first = (uintptr_t)shmc_strmap_get(seen, id);
        if (first != 0)
            err = shmc_error_new("results[%zu] repeats the id '%.300s' of "
                "results[%llu]", i, id, (unsigned long long)(first - 1));
        else if (!shmc_strmap_put(seen, id, (void *)(uintptr_t)(i + 1)))
            err = shmc_error_nomem();
    }
    shmc_strmap_free(seen);
    return err;
}

/** Checks a report read from a file against report.schema.json: a
 * schema version other than /1 and /2, an unknown key or a wrong type is
 * an error naming the field. */
shmc_error_t
shmc_report_validate(const shmc_json_t *root)
{
    const shmc_json_t *schema;
    shmc_error_t err;

    if (shmc_json_type(root) != SHMC_JSON_OBJECT)
        return shmc_error_new("not a JSON object");
    schema = shmc_json_get(root, "schema");
    if (schema == NULL || shmc_json_string_value(schema) == NULL)
        return shmc_error_new("no 'schema': not a shmcompat report");
    if (strcmp(shmc_json_string_value(schema), SHMC_REPORT_SCHEMA) != 0 &&
        strcmp(shmc_json_string_value(schema), SHMC_REPORT_SCHEMA_1) != 0)
        return shmc_error_new("schema '%s' is not %s or %s",
            shmc_json_string_value(schema), SHMC_REPORT_SCHEMA,
            SHMC_REPORT_SCHEMA_1);
    if (shmc_json_get(root, "results") != NULL &&
        shmc_json_type(shmc_json_get(root, "results")) == SHMC_JSON_ARRAY &&
        shmc_json_count(shmc_json_get(root, "results")) == 0)
        return shmc_error_new("the report holds no results");
    err = shmc_schema_check(SHMC_SCHEMA_REPORT, root);
    if (shmc_is_error(err))
        return err;
    /* The performance section has its own checker (report/bench.c). */
    if (shmc_json_get(root, "performance") != NULL) {
        err = shmc_report_bench_validate(shmc_json_get(root, "performance"));
        if (shmc_is_error(err)) {
            return shmc_error_wrap(err, "performance");
        }
    }
    return unique_ids(shmc_json_get(root, "results"));
}

/** Loads and validates a report file; errors start with its name. */
shmc_error_t
shmc_report_load(const char *path, shmc_json_t **out)
{
    shmc_json_buffer_t buf = { NULL, 0 };
    shmc_error_t err;

    err = shmc_report_load_buffered(path, &buf, out);
    shmc_json_buffer_free(&buf);
    return err;
}

shmc_error_t
shmc_report_load_buffered(const char *path, shmc_json_buffer_t *buf,
    shmc_json_t **out)
{
    shmc_error_t err;

    err = shmc_json_load_buffered(path, buf, out);
    if (shmc_is_error(err))
        return err;
    err = shmc_report_validate(*out);
    if (shmc_is_error(err)) {
        err = shmc_error_wrap(err, "%s", path);
        shmc_json_free(*out);
        *out = NULL;
    }
    return err;
}

const char *
shmc_report_platform_id(const shmc_json_t *report)
{
    return shmc_json_string_value(shmc_json_find(report, "platform.id"));
}
