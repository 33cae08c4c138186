/* SPDX-License-Identifier: BSD-2-Clause */

/* One pass over text that json-c accepted, then, only where two member
 * names of one object may be the same, a walk of the tree it made to find
 * the duplicate.  The pass hashes each object's member names as the text
 * spells them: names without escapes whose hashes all differ are all
 * different, and then the walk is not needed.  json-c keeps the last of
 * two members of one name at the place of the first, so the objects of
 * the text and of the tree, taken in document order, agree up to the
 * first object holding a duplicate: that object has more members in the
 * text than in the tree. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/json_strict.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"

/* json-c stops at 64 levels; the scan allows as many. */
#define MAX_DEPTH 64
#define IN_ARRAY SIZE_MAX

typedef struct {
    const char *m_text;
    size_t m_len;
    size_t m_pos;
    size_t *m_members;          /* Per object, in document order. */
    size_t *m_starts;           /* Where each object's '{' is. */
    size_t m_nobjects;
    size_t m_cap;
    bool m_content;             /* The error is of content, not form. */
    uint64_t *m_names;          /* Hashes of the open objects' member
                                   names, innermost object last. */
    size_t m_nnames, m_names_cap;
    size_t m_string, m_string_end;  /* The last string's quotes. */
    bool m_string_escaped;      /* Whether it holds an escape. */
    bool m_maybe_duplicate;     /* Two names of an object may be one. */
} scan_t;

shmc_error_t
shmc_json_error_at(const char *text, size_t at, const char *what)
{
    size_t i, line = 1, col = 1;

    for (i = 0; i < at; i++) {
        if (text[i] == '\n') {
            line++;
            col = 1;
        } else
            col++;
    }
    return shmc_error_new("line %zu column %zu: %s", line, col, what);
}

static shmc_error_t
content_error(scan_t *s, size_t at, const char *what)
{
    s->m_content = true;
    return shmc_json_error_at(s->m_text, at, what);
}

static long
hex4(const char *p)
{
    long v = 0;
    int i;

    for (i = 0; i < 4; i++) {
        v <<= 4;
        if (p[i] >= '0' && p[i] <= '9')
            v |= p[i] - '0';
        else if (p[i] >= 'a' && p[i] <= 'f')
            v |= p[i] - 'a' + 10;
        else if (p[i] >= 'A' && p[i] <= 'F')
            v |= p[i] - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/** Whether a \u escape starts at offset at; its value in *cp. */
static bool
u_escape(const scan_t *s, size_t at, long *cp)
{
    if (at + 6 > s->m_len || s->m_text[at] != '\\' ||
        s->m_text[at + 1] != 'u')
        return false;
    *cp = hex4(s->m_text + at + 2);
    return *cp >= 0;
}

/* The bytes that end a string's plain run: the quote, the backslash and
 * the control characters. */
static const bool string_stop[256] = {
    [0x00] = true, [0x01] = true, [0x02] = true, [0x03] = true,
    [0x04] = true, [0x05] = true, [0x06] = true, [0x07] = true,
    [0x08] = true, [0x09] = true, [0x0a] = true, [0x0b] = true,
    [0x0c] = true, [0x0d] = true, [0x0e] = true, [0x0f] = true,
    [0x10] = true, [0x11] = true, [0x12] = true, [0x13] = true,
    [0x14] = true, [0x15] = true, [0x16] = true, [0x17] = true,
    [0x18] = true, [0x19] = true, [0x1a] = true, [0x1b] = true,
    [0x1c] = true, [0x1d] = true, [0x1e] = true, [0x1f] = true,
    ['"'] = true, ['\\'] = true,
};

/** Steps over a string literal (the cursor is on its quote): no raw
 * control characters, no \u0000, surrogates only in pairs. */
static shmc_error_t
scan_string(scan_t *s)
{
    const char *t = s->m_text;
    size_t i = s->m_pos + 1;
    long cp, low;

    s->m_string_escaped = false;
    for (;;) {
        /* The plain run, the bulk of a string, in a tight loop. */
        while (i < s->m_len && !string_stop[(unsigned char)t[i]])
            i++;
        if (i >= s->m_len || t[i] == '"')
            break;
        if ((unsigned char)t[i] < 0x20)
            return content_error(s, i, "control character in a string");
        s->m_string_escaped = true;
        if (!u_escape(s, i, &cp)) {
            i += 2;
            continue;
        }
        if (cp == 0)
            return content_error(s, i, "\\u0000 in a string");
        if (cp >= 0xdc00 && cp <= 0xdfff)
            return content_error(s, i, "lone UTF-16 surrogate in a string");
        if (cp >= 0xd800 && cp <= 0xdbff) {
            if (!u_escape(s, i + 6, &low) || low < 0xdc00 || low > 0xdfff)
                return content_error(s, i,
                    "lone UTF-16 surrogate in a string");
            i += 6;
        }
        i += 6;
    }
    if (i >= s->m_len)
        return shmc_json_error_at(t, i, "unterminated string");
    s->m_string = s->m_pos;
    s->m_string_end = i;
    s->m_pos = i + 1;
    return shmc_no_error();
}

static size_t
digits(const char *t, size_t i, size_t end)
{
    while (i < end && t[i] >= '0' && t[i] <= '9')
        i++;
    return i;
}

/** Steps over a number: RFC 8259's grammar, integers within 64 bits,
 * reals that neither overflow nor vanish to zero. */
static shmc_error_t
scan_number(scan_t *s)
{
    const char *t = s->m_text;
    size_t start = s->m_pos, end = start, i, after;
    bool integral = true, negative = t[start] == '-';
    char small[64], *copy;
    double d;
    unsigned long long u;
    int saved;

    while (end < s->m_len && ((t[end] >= '0' && t[end] <= '9') ||
        t[end] == '.' || t[end] == 'e' || t[end] == 'E' || t[end] == '+' ||
        t[end] == '-'))
        end++;
    i = start + negative;
    after = digits(t, i, end);
    if (after == i || (t[i] == '0' && after > i + 1))
        return shmc_json_error_at(t, start, "not a JSON number");
    i = after;
    if (i < end && t[i] == '.') {
        integral = false;
        after = digits(t, i + 1, end);
        if (after == i + 1)
            return shmc_json_error_at(t, start, "not a JSON number");
        i = after;
    }
    if (i < end && (t[i] == 'e' || t[i] == 'E')) {
        integral = false;
        i++;
        if (i < end && (t[i] == '+' || t[i] == '-'))
            i++;
        after = digits(t, i, end);
        if (after == i)
            return shmc_json_error_at(t, start, "not a JSON number");
        i = after;
    }
    if (i != end)
        return shmc_json_error_at(t, start, "not a JSON number");

    /* Up to 18 digits, an integer fits in 64 bits whatever its sign; a
     * real of up to 300 characters without an exponent is between 1e-300
     * and 1e300, or zero. */
    if ((integral && end - start - negative <= 18) ||
        (!integral && end - start <= 300 &&
        memchr(t + start, 'e', end - start) == NULL &&
        memchr(t + start, 'E', end - start) == NULL)) {
        s->m_pos = end;
        return shmc_no_error();
    }
    /* Numbers are short: a copy on the stack, the heap only for a long
     * one. */
    copy = end - start < sizeof(small) ? small : malloc(end - start + 1);
    if (copy == NULL)
        return shmc_error_nomem();
    memcpy(copy, t + start, end - start);
    copy[end - start] = '\0';
    saved = errno;
    errno = 0;
    if (integral) {
        u = strtoull(copy + negative, NULL, 10);
        if (errno == ERANGE || (negative && u > (uint64_t)INT64_MAX + 1)) {
            if (copy != small)
                free(copy);
            return content_error(s, start,
                "integer out of range (64 bits)");
        }
    } else {
        d = strtod(copy, NULL);
        if (isinf(d) || (d == 0 && errno == ERANGE)) {
            if (copy != small)
                free(copy);
            return content_error(s, start, "number out of range");
        }
    }
    errno = saved;
    if (copy != small)
        free(copy);
    s->m_pos = end;
    return shmc_no_error();
}

static shmc_error_t
scan_word(scan_t *s)
{
    static const char *const words[] = { "true", "false", "null" };
    const char *t = s->m_text;
    size_t end = s->m_pos, i;

    while (end < s->m_len && ((t[end] >= 'a' && t[end] <= 'z') ||
        (t[end] >= 'A' && t[end] <= 'Z')))
        end++;
    for (i = 0; i < 3; i++)
        if (end - s->m_pos == strlen(words[i]) &&
            strncmp(t + s->m_pos, words[i], end - s->m_pos) == 0) {
            s->m_pos = end;
            return shmc_no_error();
        }
    return shmc_json_error_at(t, s->m_pos, "not a JSON value");
}

static bool
add_object(scan_t *s)
{
    size_t cap, *m, *st;

    if (s->m_nobjects == s->m_cap) {
        cap = s->m_cap == 0 ? 16 : s->m_cap * 2;
        m = realloc(s->m_members, cap * sizeof(*m));
        if (m == NULL)
            return false;
        s->m_members = m;
        st = realloc(s->m_starts, cap * sizeof(*st));
        if (st == NULL)
            return false;
        s->m_starts = st;
        s->m_cap = cap;
    }
    s->m_members[s->m_nobjects] = 0;
    s->m_starts[s->m_nobjects] = s->m_pos;
    s->m_nobjects++;
    return true;
}

/** Notes the last string as a member name of the innermost open object;
 * false when out of memory. */
static bool
add_name(scan_t *s)
{
    uint64_t h = 14695981039346656037ULL, *grown;
    size_t i, cap;

    if (s->m_string_escaped) {
        /* "a" and "\u0061" are one name: only the tree can tell. */
        s->m_maybe_duplicate = true;
        return true;
    }
    if (s->m_nnames == s->m_names_cap) {
        cap = s->m_names_cap == 0 ? 64 : s->m_names_cap * 2;
        grown = realloc(s->m_names, cap * sizeof(*grown));
        if (grown == NULL)
            return false;
        s->m_names = grown;
        s->m_names_cap = cap;
    }
    /* FNV-1a of the name's bytes. */
    for (i = s->m_string + 1; i < s->m_string_end; i++) {
        h ^= (unsigned char)s->m_text[i];
        h *= 1099511628211ULL;
    }
    s->m_names[s->m_nnames++] = h;
    return true;
}

static int
hash_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/** Closes the innermost object, whose names' hashes start at first: two
 * equal hashes may be one name given twice. */
static void
close_names(scan_t *s, size_t first)
{
    uint64_t *h, v;
    size_t n = s->m_nnames - first, i, k;

    /* An empty object may come before any name: m_names is still NULL. */
    if (!s->m_maybe_duplicate && n > 1) {
        h = s->m_names + first;
        if (n <= 16) {
            for (i = 1; i < n; i++) {
                for (v = h[i], k = i; k > 0 && h[k - 1] > v; k--)
                    h[k] = h[k - 1];
                h[k] = v;
            }
        } else
            qsort(h, n, sizeof(*h), hash_cmp);
        for (i = 1; i < n && !s->m_maybe_duplicate; i++)
            s->m_maybe_duplicate = h[i] == h[i - 1];
    }
    s->m_nnames = first;
}

/** The pass over the text: every token checked, members counted. */
static shmc_error_t
scan_text(scan_t *s)
{
    size_t stack[MAX_DEPTH + 1], names[MAX_DEPTH + 1], depth = 0, bad;
    shmc_error_t err = shmc_no_error();
    char c;

    if (!shmc_utf8_valid(s->m_text, s->m_len, &bad))
        return content_error(s, bad, "invalid UTF-8");
    while (s->m_pos < s->m_len && !shmc_is_error(err)) {
        c = s->m_text[s->m_pos];
        /* One jump per token rather than a chain of tests. */
        switch (c) {
        case ' ': case '\t': case '\n': case '\r': case ',':
            s->m_pos++;
            break;
        case '"':
            err = scan_string(s);
            break;
        case '-': case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
            err = scan_number(s);
            break;
        case '{': case '[':
            if (depth > MAX_DEPTH)
                return shmc_json_error_at(s->m_text, s->m_pos,
                    "nesting too deep");
            if (c == '{' && !add_object(s))
                return shmc_error_nomem();
            names[depth] = s->m_nnames;
            stack[depth++] = c == '{' ? s->m_nobjects - 1 : IN_ARRAY;
            s->m_pos++;
            break;
        case '}': case ']':
            if (depth > 0 && stack[--depth] != IN_ARRAY)
                close_names(s, names[depth]);
            s->m_pos++;
            break;
        case ':':
            if (depth > 0 && stack[depth - 1] != IN_ARRAY) {
                s->m_members[stack[depth - 1]]++;
                if (!add_name(s))
                    return shmc_error_nomem();
            }
            s->m_pos++;
            break;
        default:
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                err = scan_word(s);
            else
                err = shmc_json_error_at(s->m_text, s->m_pos,
                    "unexpected character");
        }
    }
    return err;
}

/** Walks the tree in document order; returns the index of the first
 * object with fewer members than the text gave it, or nobjects. */
static size_t
first_short_object(const scan_t *s, const shmc_json_t *v, size_t *next)
{
    shmc_json_type_t type = shmc_json_type(v);
    shmc_json_iter_t it;
    shmc_json_t *item;
    const char *key;
    size_t i, n, found = s->m_nobjects;

    if (type == SHMC_JSON_OBJECT) {
        if (*next >= s->m_nobjects ||
            s->m_members[*next] != shmc_json_count(v))
            return *next;
        (*next)++;
        /* Members in order, each found from the last: a walk by index
         * would start over at every member. */
        it = shmc_json_iter(v);
        while (found == s->m_nobjects && shmc_json_next(&it, &key, &item))
            found = first_short_object(s, item, next);
    } else if (type == SHMC_JSON_ARRAY) {
        n = shmc_json_count(v);
        for (i = 0; i < n && found == s->m_nobjects; i++)
            found = first_short_object(s, shmc_json_item_at(v, i), next);
    }
    return found;
}

/** The error for the object starting at offset start, which holds a name
 * twice: names the second. */
static shmc_error_t
duplicate_error(scan_t *s, size_t start, size_t members)
{
    size_t depth = 0, *keys = NULL, *ends = NULL, nkeys = 0, i, k, len;
    char **names = NULL, what[160];
    shmc_json_t *name;
    shmc_error_t err = shmc_no_error();
    bool key_next = false;

    s->m_content = true;
    keys = calloc(members, sizeof(*keys));
    ends = calloc(members, sizeof(*ends));
    names = calloc(members, sizeof(*names));
    if (keys == NULL || ends == NULL || names == NULL) {
        free(keys);
        free(ends);
        free(names);
        return shmc_error_nomem();
    }
    /* The names of the object's own members, in order. */
    for (s->m_pos = start; s->m_pos < s->m_len; ) {
        char c = s->m_text[s->m_pos];

        if (c == '"') {
            i = s->m_pos;
            (void)scan_string(s);
            if (depth == 1 && key_next && nkeys < members) {
                keys[nkeys] = i;
                ends[nkeys] = s->m_pos;
                if (!shmc_is_error(shmc_json_parse(s->m_text + i,
                    s->m_pos - i, &name))) {
                    names[nkeys] = strdup(shmc_json_string_value(name));
                    shmc_json_free(name);
                }
                nkeys++;
            }
            key_next = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            s->m_pos++;
            continue;
        }
        if (c == '{' || c == '[')
            depth++;
        else if ((c == '}' || c == ']') && --depth == 0)
            break;
        key_next = depth == 1 && (c == '{' || c == ',');
        s->m_pos++;
    }
    for (i = 1; i < nkeys && !shmc_is_error(err); i++)
        for (k = 0; k < i && !shmc_is_error(err); k++)
            if (names[i] != NULL && names[k] != NULL &&
                strcmp(names[i], names[k]) == 0) {
                /* The key as the text spells it, which holds no line
                 * break, cut short at a character's start. */
                len = ends[i] - keys[i];
                if (len > 100) {
                    len = 100;
                    while (len > 0 &&
                        ((unsigned char)s->m_text[keys[i] + len] & 0xc0) ==
                        0x80)
                        len--;
                }
                (void)snprintf(what, sizeof(what), "duplicate key %.*s%s",
                    (int)len, s->m_text + keys[i],
                    len < ends[i] - keys[i] ? "..." : "");
                err = shmc_json_error_at(s->m_text, keys[i], what);
            }
    if (!shmc_is_error(err))
        err = shmc_json_error_at(s->m_text, start, "duplicate key");
    for (i = 0; i < nkeys; i++)
        free(names[i]);
    free(names);
    free(ends);
    free(keys);
    return err;
}

shmc_error_t
shmc_json_check_strict(const char *text, size_t len, const shmc_json_t *tree,
    bool *content)
{
    scan_t s;
    shmc_error_t err;
    size_t next = 0, short_at;

    memset(&s, 0, sizeof(s));
    s.m_text = text;
    s.m_len = len;
    err = scan_text(&s);
    if (!shmc_is_error(err) && s.m_maybe_duplicate) {
        short_at = first_short_object(&s, tree, &next);
        if (short_at < s.m_nobjects)
            err = duplicate_error(&s, s.m_starts[short_at],
                s.m_members[short_at]);
    }
    if (content != NULL)
        *content = s.m_content;
    free(s.m_members);
    free(s.m_starts);
    free(s.m_names);
    return err;
}
