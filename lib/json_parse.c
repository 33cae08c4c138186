/* SPDX-License-Identifier: BSD-2-Clause */

/** A JSON parser for the shmc_json tree.
 *
 * jansson turns integers above 2^63 into errors or doubles; probe files
 * hold exact 64-bit limits, so the report reads them with this parser.
 * It follows RFC 8259, limits nesting to 64 levels, and reports the line
 * and column of the first problem. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct {
    const char *m_p;
    const char *m_end;
    const char *m_start;
    shmc_error_t m_err;
} parser_t;

static shmc_json_t *parse_value(parser_t *, int);

/** Records the first error, with the line and column of the cursor. */
static shmc_json_t *
fail(parser_t *ps, const char *what)
{
    const char *q;
    size_t line = 1, col = 1;

    if (shmc_is_error(ps->m_err))
        return NULL;
    for (q = ps->m_start; q < ps->m_p && q < ps->m_end; q++) {
        if (*q == '\n') {
            line++;
            col = 1;
        } else
            col++;
    }
    ps->m_err = shmc_error_new("line %zu column %zu: %s", line, col, what);
    return NULL;
}

static void
skip_ws(parser_t *ps)
{
    while (ps->m_p < ps->m_end && (*ps->m_p == ' ' || *ps->m_p == '\t' ||
        *ps->m_p == '\n' || *ps->m_p == '\r'))
        ps->m_p++;
}

static bool
take_word(parser_t *ps, const char *word)
{
    size_t len = strlen(word);

    if ((size_t)(ps->m_end - ps->m_p) < len ||
        strncmp(ps->m_p, word, len) != 0)
        return false;
    ps->m_p += len;
    return true;
}

static int
hex4(const char *p)
{
    int v = 0, i, d;

    for (i = 0; i < 4; i++) {
        if (p[i] >= '0' && p[i] <= '9')
            d = p[i] - '0';
        else if (p[i] >= 'a' && p[i] <= 'f')
            d = p[i] - 'a' + 10;
        else if (p[i] >= 'A' && p[i] <= 'F')
            d = p[i] - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static size_t
put_utf8(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/** Parses a string literal (the cursor is on its opening quote) into a
 * malloc'ed, NUL-ended UTF-8 string.  \u0000 is refused: values are C
 * strings. */
static char *
parse_string(parser_t *ps)
{
    char *out, *o;
    unsigned long cp;
    int lo;

    ps->m_p++;
    out = malloc((size_t)(ps->m_end - ps->m_p) + 1);
    if (out == NULL) {
        ps->m_err = shmc_error_nomem();
        return NULL;
    }
    o = out;
    for (;;) {
        if (ps->m_p >= ps->m_end) {
            free(out);
            return fail(ps, "unterminated string"), NULL;
        }
        if (*ps->m_p == '"')
            break;
        if ((unsigned char)*ps->m_p < 0x20) {
            free(out);
            return fail(ps, "control character in string"), NULL;
        }
        if (*ps->m_p != '\\') {
            *o++ = *ps->m_p++;
            continue;
        }
        ps->m_p++;
        if (ps->m_p >= ps->m_end)
            continue;
        switch (*ps->m_p) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u':
            if (ps->m_end - ps->m_p < 5 || hex4(ps->m_p + 1) < 0) {
                free(out);
                return fail(ps, "bad \\u escape"), NULL;
            }
            cp = (unsigned long)hex4(ps->m_p + 1);
            ps->m_p += 4;
            if (cp >= 0xd800 && cp < 0xdc00 && ps->m_end - ps->m_p >= 7 &&
                ps->m_p[1] == '\\' && ps->m_p[2] == 'u' &&
                (lo = hex4(ps->m_p + 3)) >= 0xdc00 && lo < 0xe000) {
                cp = 0x10000 + ((cp - 0xd800) << 10) +
                    ((unsigned long)lo - 0xdc00);
                ps->m_p += 6;
            }
            if (cp == 0) {
                free(out);
                return fail(ps, "\\u0000 in string"), NULL;
            }
            o += put_utf8(o, cp);
            break;
        default:
            free(out);
            return fail(ps, "bad escape in string"), NULL;
        }
        ps->m_p++;
    }
    ps->m_p++;
    *o = '\0';
    return out;
}

static shmc_json_t *
parse_number(parser_t *ps)
{
    const char *start = ps->m_p, *p = ps->m_p;
    bool negative = false, integral = true;
    char buf[64];
    size_t len;
    uint64_t u;
    char *end;

    if (p < ps->m_end && *p == '-') {
        negative = true;
        p++;
    }
    if (p >= ps->m_end || *p < '0' || *p > '9')
        return fail(ps, "bad number");
    if (*p == '0' && p + 1 < ps->m_end && p[1] >= '0' && p[1] <= '9')
        return fail(ps, "leading zero in number");
    while (p < ps->m_end && *p >= '0' && *p <= '9')
        p++;
    if (p < ps->m_end && *p == '.') {
        integral = false;
        p++;
        if (p >= ps->m_end || *p < '0' || *p > '9')
            return fail(ps, "bad fraction in number");
        while (p < ps->m_end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < ps->m_end && (*p == 'e' || *p == 'E')) {
        integral = false;
        p++;
        if (p < ps->m_end && (*p == '+' || *p == '-'))
            p++;
        if (p >= ps->m_end || *p < '0' || *p > '9')
            return fail(ps, "bad exponent in number");
        while (p < ps->m_end && *p >= '0' && *p <= '9')
            p++;
    }
    len = (size_t)(p - start);
    if (len >= sizeof(buf))
        return fail(ps, "number too long");
    memcpy(buf, start, len);
    buf[len] = '\0';
    ps->m_p = p;
    if (integral) {
        errno = 0;
        u = strtoull(buf + negative, &end, 10);
        if (errno == 0 && !negative)
            return shmc_json_uint(u);
        if (errno == 0 && u <= (uint64_t)INT64_MAX + 1)
            return shmc_json_int(u == (uint64_t)INT64_MAX + 1 ? INT64_MIN :
                -(int64_t)u);
    }
    return shmc_json_real(strtod(buf, &end));
}

static shmc_json_t *
parse_container(parser_t *ps, int depth, bool object)
{
    shmc_json_t *c, *v;
    char *key = NULL;

    c = object ? shmc_json_object() : shmc_json_array();
    if (c == NULL)
        return fail(ps, "out of memory");
    ps->m_p++;
    skip_ws(ps);
    if (ps->m_p < ps->m_end && *ps->m_p == (object ? '}' : ']')) {
        ps->m_p++;
        return c;
    }
    for (;;) {
        skip_ws(ps);
        if (object) {
            if (ps->m_p >= ps->m_end || *ps->m_p != '"')
                break;
            key = parse_string(ps);
            if (key == NULL)
                break;
            skip_ws(ps);
            if (ps->m_p >= ps->m_end || *ps->m_p != ':') {
                fail(ps, "expected ':'");
                break;
            }
            ps->m_p++;
        }
        v = parse_value(ps, depth + 1);
        if (v == NULL)
            break;
        if (object) {
            shmc_json_set(c, key, v);
            free(key);
            key = NULL;
        } else
            shmc_json_append(c, v);
        skip_ws(ps);
        if (ps->m_p < ps->m_end && *ps->m_p == ',') {
            ps->m_p++;
            continue;
        }
        if (ps->m_p < ps->m_end && *ps->m_p == (object ? '}' : ']')) {
            ps->m_p++;
            return c;
        }
        break;
    }
    free(key);
    shmc_json_free(c);
    return fail(ps, object ? "expected a member, ',' or '}'" :
        "expected a value, ',' or ']'");
}

static shmc_json_t *
parse_value(parser_t *ps, int depth)
{
    char *s;
    shmc_json_t *v;

    if (depth > MAX_DEPTH)
        return fail(ps, "nesting too deep");
    skip_ws(ps);
    if (ps->m_p >= ps->m_end)
        return fail(ps, "unexpected end of input");
    switch (*ps->m_p) {
    case '{':
        return parse_container(ps, depth, true);
    case '[':
        return parse_container(ps, depth, false);
    case '"':
        s = parse_string(ps);
        if (s == NULL)
            return NULL;
        v = shmc_json_string(s);
        free(s);
        return v;
    case 't':
        if (take_word(ps, "true"))
            return shmc_json_bool(true);
        break;
    case 'f':
        if (take_word(ps, "false"))
            return shmc_json_bool(false);
        break;
    case 'n':
        if (take_word(ps, "null"))
            return shmc_json_null();
        break;
    default:
        if (*ps->m_p == '-' || (*ps->m_p >= '0' && *ps->m_p <= '9'))
            return parse_number(ps);
    }
    return fail(ps, "unexpected character");
}

/** Parses len bytes of text into a tree. */
shmc_error_t
shmc_json_parse(const char *text, size_t len, shmc_json_t **out)
{
    parser_t ps;
    shmc_json_t *v;

    ps.m_p = ps.m_start = text;
    ps.m_end = text + len;
    ps.m_err = shmc_no_error();
    *out = NULL;
    v = parse_value(&ps, 0);
    if (v != NULL) {
        skip_ws(&ps);
        if (ps.m_p < ps.m_end) {
            fail(&ps, "text after the JSON value");
            shmc_json_free(v);
            v = NULL;
        }
    }
    if (v == NULL)
        return shmc_is_error(ps.m_err) ? ps.m_err : shmc_error_nomem();
    if (!shmc_json_is_complete(v)) {
        shmc_json_free(v);
        return shmc_error_nomem();
    }
    *out = v;
    return shmc_no_error();
}

/** Reads and parses a whole file; errors start with the file's name. */
shmc_error_t
shmc_json_load(const char *path, shmc_json_t **out)
{
    FILE *f;
    char *text = NULL, *grown;
    size_t len = 0, cap = 0, n;
    shmc_error_t err;

    *out = NULL;
    f = fopen(path, "r");
    if (f == NULL)
        return shmc_error_libc(errno, "%s", path);
    for (;;) {
        if (len + 65536 > cap) {
            cap = cap == 0 ? 65536 : cap * 2;
            grown = realloc(text, cap);
            if (grown == NULL) {
                free(text);
                fclose(f);
                return shmc_error_nomem();
            }
            text = grown;
        }
        n = fread(text + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        fclose(f);
        free(text);
        return shmc_error_libc(EIO, "%s", path);
    }
    fclose(f);
    if (len == 0) {
        free(text);
        return shmc_error_new("%s: empty file, not JSON", path);
    }
    err = shmc_json_parse(text, len, out);
    free(text);
    if (shmc_is_error(err)) {
        shmc_error_t tmp = err;

        err = shmc_error_new("%s: invalid JSON: %s", path,
            shmc_error_message(tmp));
        shmc_error_free(tmp);
    }
    return err;
}
