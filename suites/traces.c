/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "suites/traces.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cleanup.h"
#include "lib/name.h"
#include "lib/obs.h"
#include "suites/harness.h"

static void
add(shmc_traces_t *t, const char *kind, const char *name, long mode)
{
    char **e;
    size_t n;

    e = realloc(t->m_entries, (t->m_count + 1) * sizeof(*e));
    if (e == NULL)
        return;
    t->m_entries = e;
    n = strlen(kind) + strlen(name) + 32;
    if ((e[t->m_count] = malloc(n)) == NULL)
        return;
    /* The mode rides after a tab, outside what diff compares. */
    (void)snprintf(e[t->m_count], n, "%s:%s\t%lo", kind, name,
        (unsigned long)(mode < 0 ? 0 : mode));
    t->m_count++;
}

/** Another case's object: "shmc" names that lack this case's core, as it
 * is or with all but its letters dropped (as Qt does to keys). */
static bool
foreign(const char *name, const char *core)
{
    char letters[64];
    size_t i, n = 0;

    if (strstr(name, SHMC_NAME_PREFIX) == NULL || strstr(name, core) != NULL)
        return false;
    for (i = 0; core[i] != '\0' && n + 1 < sizeof(letters); i++)
        if ((core[i] >= 'a' && core[i] <= 'z') ||
            (core[i] >= 'A' && core[i] <= 'Z'))
            letters[n++] = core[i];
    letters[n] = '\0';
    return strstr(name, letters) == NULL;
}

static void
scan_dir(shmc_traces_t *t, const char *kind, const char *dir,
    const char *core)
{
    char path[2048];
    struct dirent *de;
    struct stat sb;
    DIR *d;

    if ((d = opendir(dir)) == NULL)
        return;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
            strcmp(de->d_name, SHMC_CLEANUP_LEDGER) == 0 ||
            foreign(de->d_name, core))
            continue;
        (void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        add(t, kind, de->d_name, lstat(path, &sb) == 0 ?
            (long)(sb.st_mode & 07777) : -1);
    }
    (void)closedir(d);
}

/** System V objects of this user from /proc/sysvipc (Linux); elsewhere
 * they cannot be listed without privileges, and m_sysv_known says so. */
static void
scan_sysv(shmc_traces_t *t, const char *kind, const char *file)
{
    char line[512], name[64];
    unsigned long perms, uid;
    long key, id;
    FILE *f;

    if ((f = fopen(file, "r")) == NULL) {
        t->m_sysv_known = false;
        return;
    }
    if (fgets(line, sizeof(line), f) == NULL) {
        (void)fclose(f);
        return;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        /* shm: key shmid perms size cpid lpid nattch uid ...; sem: key
         * semid perms nsems uid ... */
        if (strcmp(kind, "sysv_shm") == 0 ? sscanf(line,
            "%ld %ld %lo %*s %*s %*s %*s %lu", &key, &id, &perms, &uid) != 4 :
            sscanf(line, "%ld %ld %lo %*s %lu", &key, &id, &perms, &uid) != 4)
            continue;
        if (uid != (unsigned long)getuid())
            continue;
        (void)snprintf(name, sizeof(name), "%ld/%ld", key, id);
        add(t, kind, name, (long)(perms & 0777));
    }
    (void)fclose(f);
}

void
shmc_traces_take(shmc_traces_t *t, const char *core)
{
    const char *tmp = getenv("TMPDIR");
    char cwd[1024];

    memset(t, 0, sizeof(*t));
    t->m_sysv_known = true;
    if (shmc_t_shm_dir(t->m_shm_dir, sizeof(t->m_shm_dir)))
        scan_dir(t, "shm", t->m_shm_dir, core);
    else
        t->m_shm_dir[0] = '\0';
    scan_dir(t, "tmp", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp", core);
    if (getcwd(cwd, sizeof(cwd)) != NULL &&
        strcmp(cwd, tmp != NULL ? tmp : "/tmp") != 0)
        scan_dir(t, "cwd", ".", core);
    scan_sysv(t, "sysv_shm", "/proc/sysvipc/shm");
    scan_sysv(t, "sysv_sem", "/proc/sysvipc/sem");
}

static bool
has(const shmc_traces_t *t, const char *entry)
{
    size_t i, n = strcspn(entry, "\t");

    for (i = 0; i < t->m_count; i++)
        if (strncmp(t->m_entries[i], entry, n) == 0 &&
            t->m_entries[i][n] == '\t')
            return true;
    return false;
}

/** The length of the run of lowercase hex digits at s, or 0 when it holds
 * no digit (a word, not a hash). */
static size_t
hash_run(const char *s)
{
    size_t n = strspn(s, "0123456789abcdef");

    return strcspn(s, "0123456789") < n ? n : 0;
}

/** Appends text to out (size bytes), which holds *len bytes. */
static void
append(char *out, size_t size, size_t *len, const char *text, size_t n)
{
    if (*len + n >= size)
        n = size - *len - 1;
    memcpy(out + *len, text, n);
    *len += n;
    out[*len] = '\0';
}

/** The pattern of entry for the object name: what is particular to this
 * run replaced by placeholders (see shmc_traces_diff). */
static void
pattern_of(const char *entry, const char *name, char *out, size_t size)
{
    const char *bare = name + (name[0] == '/'), *s = entry;
    char letters[SHMC_NAME_MAX + 1];
    size_t i, n = 0, len = 0, colon = strcspn(entry, ":");

    for (i = 0; bare[i] != '\0' && n + 1 < sizeof(letters); i++)
        if ((bare[i] >= 'a' && bare[i] <= 'z') ||
            (bare[i] >= 'A' && bare[i] <= 'Z'))
            letters[n++] = bare[i];
    letters[n] = '\0';
    out[0] = '\0';
    if (strncmp(entry, "sysv_", 5) == 0 && entry[colon] == ':') {
        append(out, size, &len, entry, colon);
        append(out, size, &len, ":{key}/{id}", 11);
        return;
    }
    while (*s != '\0') {
        if (bare[0] != '\0' && strncmp(s, bare, strlen(bare)) == 0) {
            append(out, size, &len, "{name}", 6);
            s += strlen(bare);
        } else if (n >= 8 && strncmp(s, letters, n) == 0) {
            append(out, size, &len, "{name_letters}", 14);
            s += n;
        } else if ((i = hash_run(s)) >= 4) {
            append(out, size, &len, "{hash}", 6);
            s += i;
        } else
            append(out, size, &len, s++, 1);
    }
}

static int
by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
shmc_traces_diff(const shmc_traces_t *before, const shmc_traces_t *after,
    const char *name, char *out, size_t size)
{
    char json[1300], **items;
    size_t i, k, n = 0, len;

    (void)snprintf(out, size, "[]");
    if ((items = calloc(after->m_count + 1, sizeof(*items))) == NULL)
        return 0;
    for (i = 0; i < after->m_count; i++) {
        if (has(before, after->m_entries[i]) ||
            (items[n] = malloc(1200)) == NULL)
            continue;
        (void)snprintf(items[n], 1200, "%.*s",
            (int)strcspn(after->m_entries[i], "\t"), after->m_entries[i]);
        if (name != NULL) {
            (void)snprintf(json, sizeof(json), "%s", items[n]);
            pattern_of(json, name, items[n], 1200);
        }
        n++;
    }
    qsort(items, n, sizeof(*items), by_text);
    (void)snprintf(out, size, "[");
    for (i = 0, k = 0; i < n; i++) {
        len = strlen(out);
        if (!shmc_is_error(shmc_obs_json_string(json, sizeof(json),
            items[i])) && len + strlen(json) + 3 < size) {
            (void)snprintf(out + len, size - len, "%s%s", k > 0 ? "," : "",
                json);
            k++;
        }
        free(items[i]);
    }
    free(items);
    len = strlen(out);
    (void)snprintf(out + len, size - len, "]");
    return k;
}

void
shmc_traces_backend(const shmc_traces_t *before, const shmc_traces_t *after,
    char *out, size_t size)
{
    static const struct {
        const char *m_prefix;
        const char *m_kind;
    } kinds[] = {
        { "shm:", "shm_open" }, { "sysv_shm:", "shmget" },
        { "tmp:", "file" }, { "cwd:", "file" },
    };
    size_t i, k;
    bool seen[4] = { false, false, false, false };

    out[0] = '\0';
    for (i = 0; i < after->m_count; i++) {
        if (has(before, after->m_entries[i]))
            continue;
        for (k = 0; k < 4; k++)
            if (strncmp(after->m_entries[i], kinds[k].m_prefix,
                strlen(kinds[k].m_prefix)) == 0)
                seen[k] = true;
    }
    seen[2] = seen[2] || seen[3];
    for (k = 0; k < 3; k++)
        if (seen[k])
            (void)snprintf(out + strlen(out), size - strlen(out), "%s%s",
                out[0] != '\0' ? "+" : "", kinds[k].m_kind);
    if (out[0] == '\0')
        (void)snprintf(out, size, "anonymous");
}

long
shmc_traces_mode(const shmc_traces_t *before, const shmc_traces_t *after)
{
    const char *tab;
    size_t i;

    for (i = 0; i < after->m_count; i++) {
        if (has(before, after->m_entries[i]) ||
            strncmp(after->m_entries[i], "sysv_sem:", 9) == 0)
            continue;
        tab = strchr(after->m_entries[i], '\t');
        if (tab != NULL)
            return strtol(tab + 1, NULL, 8);
    }
    return -1;
}

void
shmc_traces_fini(shmc_traces_t *t)
{
    size_t i;

    for (i = 0; i < t->m_count; i++)
        free(t->m_entries[i]);
    free(t->m_entries);
    t->m_entries = NULL;
    t->m_count = 0;
}
