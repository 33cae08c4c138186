/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "probes/mounts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

static bool
is_octal(char c)
{
    return c >= '0' && c <= '7';
}

/** Copies a mountinfo field, decoding the kernel's \NNN octal escapes
 * (a space in a mount point arrives as \040). */
static char *
unescape_octal(const char *start, size_t len)
{
    char *out;
    size_t i, j;

    out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    for (i = 0, j = 0; i < len; i++) {
        if (start[i] == '\\' && i + 3 < len &&
            is_octal(start[i + 1]) && is_octal(start[i + 2]) &&
            is_octal(start[i + 3])) {
            out[j++] = (char)(((start[i + 1] - '0') << 6) |
                ((start[i + 2] - '0') << 3) | (start[i + 3] - '0'));
            i += 3;
        } else
            out[j++] = start[i];
    }
    out[j] = '\0';
    return out;
}

static char *
copy_span(const char *start, size_t len)
{
    char *out;

    out = malloc(len + 1);
    if (out != NULL) {
        memcpy(out, start, len);
        out[len] = '\0';
    }
    return out;
}

/** Splits a line into at most max space-separated fields. */
static size_t
split_fields(const char *line, const char **starts, size_t *lens, size_t max)
{
    size_t n = 0;
    const char *p = line;

    while (*p != '\0' && *p != '\n') {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '\n')
            break;
        if (n == max)
            return max + 1;
        starts[n] = p;
        while (*p != '\0' && *p != '\n' && *p != ' ' && *p != '\t')
            p++;
        lens[n] = (size_t)(p - starts[n]);
        n++;
    }
    return n;
}

/** Whether the comma-separated list holds exactly the word of len bytes. */
static bool
options_have_word(const char *options, const char *word, size_t len)
{
    const char *p = options;
    size_t n;

    while (*p != '\0') {
        n = strcspn(p, ",");
        if (n == len && strncmp(p, word, len) == 0)
            return true;
        p += n;
        if (*p == ',')
            p++;
    }
    return false;
}

/** Joins the per-mount options a and the superblock options b, leaving out
 * words of b that a already has ("rw" appears in both). */
static shmc_error_t
mount_set_options(shmc_mount_t *m, const char *a, size_t alen,
    const char *b, size_t blen)
{
    const char *p, *end = b + blen;
    size_t wlen, olen = alen;

    m->m_options = malloc(alen + blen + 2);
    if (m->m_options == NULL)
        return shmc_error_nomem();
    memcpy(m->m_options, a, alen);
    m->m_options[alen] = '\0';
    for (p = b; p < end; p += wlen + 1) {
        wlen = 0;
        while (p + wlen < end && p[wlen] != ',')
            wlen++;
        if (wlen == 0 || options_have_word(m->m_options, p, wlen))
            continue;
        if (olen > 0)
            m->m_options[olen++] = ',';
        memcpy(m->m_options + olen, p, wlen);
        olen += wlen;
        m->m_options[olen] = '\0';
    }
    return shmc_no_error();
}

/* ---------------------------------------------------------------------
 * The "shmc_mount" type.
 * --------------------------------------------------------------------- */

void
shmc_mount_fini(shmc_mount_t *m)
{
    free(m->m_source);
    free(m->m_mount_point);
    free(m->m_fstype);
    free(m->m_options);
    memset(m, 0, sizeof(*m));
}

/** Whether the comma-separated options hold opt exactly (or as opt=...). */
bool
shmc_mount_has_option(const shmc_mount_t *m, const char *opt)
{
    const char *p = m->m_options;
    size_t len = strlen(opt);

    while (p != NULL && *p != '\0') {
        if (strncmp(p, opt, len) == 0 &&
            (p[len] == ',' || p[len] == '\0' || p[len] == '='))
            return true;
        p = strchr(p, ',');
        if (p != NULL)
            p++;
    }
    return false;
}

/** Parses one line of /proc/self/mountinfo:
 * "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE
 * SUPEROPTS".
 * The options of the mount and of the superblock are joined. */
shmc_error_t
shmc_mount_parse_mountinfo(const char *line, shmc_mount_t *m)
{
    enum { MAX_FIELDS = 32 };
    const char *f[MAX_FIELDS];
    size_t len[MAX_FIELDS];
    size_t n, sep;
    char *end;
    unsigned long major, minor;
    shmc_error_t err = shmc_no_error();

    memset(m, 0, sizeof(*m));
    n = split_fields(line, f, len, MAX_FIELDS);
    if (n > MAX_FIELDS) {
        err = shmc_error_new("too many fields");
        goto out;
    }
    for (sep = 6; sep < n; sep++)
        if (len[sep] == 1 && f[sep][0] == '-')
            break;
    if (sep + 2 >= n) {
        err = shmc_error_new("expected 6 fields, '-', type and source; "
            "found %zu fields", n);
        goto out;
    }

    errno = 0;
    major = strtoul(f[2], &end, 10);
    if (errno != 0 || end == f[2] || *end != ':') {
        err = shmc_error_new("bad device number '%.*s'", (int)len[2], f[2]);
        goto out;
    }
    minor = strtoul(end + 1, &end, 10);
    if (errno != 0 || end != f[2] + len[2] || end[-1] == ':') {
        err = shmc_error_new("bad device number '%.*s'", (int)len[2], f[2]);
        goto out;
    }
    m->m_has_dev = true;
    m->m_major = (unsigned int)major;
    m->m_minor = (unsigned int)minor;

    m->m_mount_point = unescape_octal(f[4], len[4]);
    m->m_fstype = copy_span(f[sep + 1], len[sep + 1]);
    m->m_source = unescape_octal(f[sep + 2], len[sep + 2]);
    if (m->m_mount_point == NULL || m->m_fstype == NULL ||
        m->m_source == NULL) {
        err = shmc_error_nomem();
        goto out;
    }
    if (m->m_mount_point[0] != '/') {
        err = shmc_error_new("mount point '%s' is not absolute",
            m->m_mount_point);
        goto out;
    }
    err = mount_set_options(m, f[5], len[5],
        sep + 3 < n ? f[sep + 3] : "", sep + 3 < n ? len[sep + 3] : 0);

out:
    if (shmc_is_error(err))
        shmc_mount_fini(m);
    return err;
}

/** Parses one line of mount(8) output on FreeBSD or macOS:
 * "SOURCE on MOUNTPOINT (FSTYPE, OPT, OPT, ...)".  The source may hold
 * spaces ("map auto_home"), so the line is cut at its first " on " and its
 * last " (". */
shmc_error_t
shmc_mount_parse_bsd(const char *line, shmc_mount_t *m)
{
    const char *on, *paren, *close, *p, *comma;
    size_t linelen, optlen;
    char *opts, *q;
    shmc_error_t err = shmc_no_error();

    memset(m, 0, sizeof(*m));
    linelen = strcspn(line, "\n");
    on = strstr(line, " on ");
    paren = NULL;
    for (p = line; p + 1 < line + linelen; p++)
        if (p[0] == ' ' && p[1] == '(')
            paren = p;
    close = linelen > 0 ? line + linelen - 1 : line;
    if (on == NULL || on == line || paren == NULL || paren < on + 4 ||
        *close != ')' || paren == on + 4 - 1) {
        err = shmc_error_new("expected 'SOURCE on DIR (TYPE, OPTIONS)'");
        goto out;
    }

    m->m_source = copy_span(line, (size_t)(on - line));
    m->m_mount_point = copy_span(on + 4, (size_t)(paren - (on + 4)));
    p = paren + 2;
    comma = memchr(p, ',', (size_t)(close - p));
    if (comma == NULL)
        comma = close;
    m->m_fstype = copy_span(p, (size_t)(comma - p));
    if (m->m_source == NULL || m->m_mount_point == NULL ||
        m->m_fstype == NULL) {
        err = shmc_error_nomem();
        goto out;
    }
    if (m->m_fstype[0] == '\0' || m->m_mount_point[0] != '/') {
        err = shmc_error_new("missing filesystem type or absolute mount "
            "point");
        goto out;
    }

    /* The options follow as ", opt, opt": drop the blanks after commas. */
    optlen = comma < close ? (size_t)(close - comma) : 0;
    opts = malloc(optlen + 1);
    if (opts == NULL) {
        err = shmc_error_nomem();
        goto out;
    }
    q = opts;
    for (p = comma < close ? comma + 1 : close; p < close; p++) {
        if (*p == ' ' && (q == opts || q[-1] == ','))
            continue;
        *q++ = *p;
    }
    *q = '\0';
    m->m_options = opts;

out:
    if (shmc_is_error(err))
        shmc_mount_fini(m);
    return err;
}

/* ---------------------------------------------------------------------
 * The "shmc_mounts" type.
 * --------------------------------------------------------------------- */

void
shmc_mounts_init(shmc_mounts_t *t)
{
    memset(t, 0, sizeof(*t));
}

void
shmc_mounts_fini(shmc_mounts_t *t)
{
    size_t i;

    for (i = 0; i < t->m_count; i++)
        shmc_mount_fini(&t->m_entries[i]);
    free(t->m_entries);
    memset(t, 0, sizeof(*t));
}

static shmc_error_t
mounts_add(shmc_mounts_t *t, const shmc_mount_t *m)
{
    shmc_mount_t *entries;
    size_t alloc;

    if (t->m_count == t->m_alloc) {
        alloc = t->m_alloc == 0 ? 32 : t->m_alloc * 2;
        entries = realloc(t->m_entries, alloc * sizeof(*entries));
        if (entries == NULL)
            return shmc_error_nomem();
        t->m_entries = entries;
        t->m_alloc = alloc;
    }
    t->m_entries[t->m_count++] = *m;
    return shmc_no_error();
}

/** Reads a whole table; a malformed line is an error naming origin:line. */
shmc_error_t
shmc_mounts_read(FILE *f, shmc_mounts_format_t format, const char *origin,
    shmc_mounts_t *t)
{
    char line[8192];
    size_t lineno = 0;
    shmc_mount_t m;
    shmc_error_t err = shmc_no_error();

    (void)snprintf(t->m_origin, sizeof(t->m_origin), "%s", origin);
    while (fgets(line, sizeof(line), f) != NULL) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            err = shmc_error_new("%s:%zu: line too long", origin, lineno);
            goto out;
        }
        if (line[strspn(line, " \t\n")] == '\0')
            continue;
        err = format == SHMC_MOUNTS_MOUNTINFO ?
            shmc_mount_parse_mountinfo(line, &m) :
            shmc_mount_parse_bsd(line, &m);
        if (shmc_is_error(err)) {
            err = shmc_error_wrap(err, "%s:%zu", origin, lineno);
            goto out;
        }
        err = mounts_add(t, &m);
        if (shmc_is_error(err)) {
            shmc_mount_fini(&m);
            goto out;
        }
    }
    if (ferror(f))
        err = shmc_error_libc(EIO, "%s: read error", origin);

out:
    return err;
}

/** Loads the mount table of the running system. */
shmc_error_t
shmc_mounts_load(shmc_mounts_t *t)
{
    static const char *mountinfo = "/proc/self/mountinfo";
    const char *cmd;
    FILE *f;
    int status;
    shmc_error_t err;

    f = fopen(mountinfo, "r");
    if (f != NULL) {
        err = shmc_mounts_read(f, SHMC_MOUNTS_MOUNTINFO, mountinfo, t);
        fclose(f);
        return err;
    }

    /* No procfs: ask mount(8), whose output format BSD and macOS share. */
    cmd = access("/sbin/mount", X_OK) == 0 ? "/sbin/mount" : "mount";
    f = popen(cmd, "r");
    if (f == NULL)
        return shmc_error_libc(errno, "Cannot run %s", cmd);
    err = shmc_mounts_read(f, SHMC_MOUNTS_BSD, cmd, t);
    status = pclose(f);
    if (!shmc_is_error(err) && status != 0)
        err = shmc_error_new("%s exited with status %d", cmd, status);
    return err;
}

/** Finds the mount that holds path (an absolute, resolved path).
 *
 * Mounts stack: Linux may show /dev/shm twice with the later one on top,
 * so among the mounts whose point is a prefix of path the longest wins,
 * then the later entry.  Given a device (has_dev) and a table that
 * records devices, only a mount of that device qualifies: NULL when none
 * does, rather than a mount of another filesystem. */
const shmc_mount_t *
shmc_mounts_find(const shmc_mounts_t *t, const char *path, bool has_dev,
    unsigned int major, unsigned int minor)
{
    const shmc_mount_t *best = NULL;
    size_t i, len, best_len = 0;
    bool by_dev = false;

    for (i = 0; has_dev && i < t->m_count; i++)
        by_dev = by_dev || t->m_entries[i].m_has_dev;
    for (i = 0; i < t->m_count; i++) {
        const shmc_mount_t *m = &t->m_entries[i];

        len = strlen(m->m_mount_point);
        if (!(len == 1 && m->m_mount_point[0] == '/') &&
            (strncmp(path, m->m_mount_point, len) != 0 ||
             (path[len] != '/' && path[len] != '\0')))
            continue;
        if (by_dev && !(m->m_has_dev && m->m_major == major &&
            m->m_minor == minor))
            continue;
        if (best == NULL || len >= best_len) {
            best = m;
            best_len = len;
        }
    }
    return best;
}
