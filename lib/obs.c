/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/obs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static bool
is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool
shmc_obs_key_valid(const char *key)
{
    const char *p;
    bool segment_empty = true;

    for (p = key; *p != '\0'; p++) {
        if (*p == '.') {
            if (segment_empty)
                return false;
            segment_empty = true;
        } else if (is_key_char(*p))
            segment_empty = false;
        else
            return false;
    }
    return !segment_empty;
}

/** Whether the key segment k[0..klen) fits the pattern segment
 * p[0..plen): "*" fits any, "{a,b}" each word listed, else only itself. */
static bool
segment_matches(const char *p, size_t plen, const char *k, size_t klen)
{
    size_t wlen;

    if (plen == 1 && p[0] == '*')
        return true;
    if (plen < 2 || p[0] != '{' || p[plen - 1] != '}')
        return plen == klen && strncmp(p, k, plen) == 0;
    for (p++, plen -= 2; ; p += wlen + 1, plen -= wlen + 1) {
        wlen = strcspn(p, ",}");
        if (wlen > plen)
            wlen = plen;
        if (wlen == klen && strncmp(p, k, klen) == 0)
            return true;
        if (wlen >= plen)
            return false;
    }
}

/** Whether key fits pattern, segment by segment. */
bool
shmc_obs_key_matches(const char *pattern, const char *key)
{
    size_t plen, klen;

    for (;;) {
        plen = strcspn(pattern, ".");
        klen = strcspn(key, ".");
        if (!segment_matches(pattern, plen, key, klen))
            return false;
        pattern += plen;
        key += klen;
        if (*pattern == '\0' || *key == '\0')
            return *pattern == '\0' && *key == '\0';
        pattern++;
        key++;
    }
}

const shmc_obs_entry_t *
shmc_obs_lookup(const shmc_obs_entry_t *catalogue, size_t n, const char *key,
    bool *ambiguous)
{
    const shmc_obs_entry_t *found = NULL;
    size_t i;

    if (ambiguous != NULL)
        *ambiguous = false;
    for (i = 0; i < n; i++) {
        if (!shmc_obs_key_matches(catalogue[i].m_key, key))
            continue;
        if (found != NULL) {
            if (ambiguous != NULL)
                *ambiguous = true;
            return NULL;
        }
        found = &catalogue[i];
    }
    return found;
}

/** Encodes s as a JSON string literal into buf. */
shmc_error_t
shmc_obs_json_string(char *buf, size_t size, const char *s)
{
    const unsigned char *p;
    size_t n = 0;
    int len;

    if (size < 3)
        return shmc_error_new("no room for a JSON string");
    buf[n++] = '"';
    for (p = (const unsigned char *)s; *p != '\0'; p++) {
        if (n + 7 >= size)
            return shmc_error_new("JSON string too long");
        if (*p == '"' || *p == '\\') {
            buf[n++] = '\\';
            buf[n++] = (char)*p;
        } else if (*p < 0x20 || *p == 0x7f) {
            len = snprintf(buf + n, size - n, "\\u%04x", *p);
            n += (size_t)len;
        } else if (*p >= 0x80) {
            /* Values describe names made of raw bytes; keep them
             * readable and valid JSON whatever their encoding. */
            len = snprintf(buf + n, size - n, "\\u%04x", *p);
            n += (size_t)len;
        } else
            buf[n++] = (char)*p;
    }
    buf[n++] = '"';
    buf[n] = '\0';
    return shmc_no_error();
}

/** Formats one observation line, newline included. */
shmc_error_t
shmc_obs_format(char *buf, size_t size, const char *key, const char *json)
{
    int len;

    if (!shmc_obs_key_valid(key))
        return shmc_error_new("invalid observation key '%s'", key);
    if (*json == '\0' || strchr(json, '\n') != NULL)
        return shmc_error_new("invalid JSON value for '%s'", key);
    len = snprintf(buf, size, SHMC_OBS_PREFIX "%s %s\n", key, json);
    if (len < 0 || (size_t)len >= size)
        return shmc_error_new("observation '%s' is too long", key);
    return shmc_no_error();
}

/** Splits a line of test output into key and JSON text; a line that is not
 * an observation is an error. */
shmc_error_t
shmc_obs_parse_line(const char *line, char *key, size_t keysize,
    const char **json)
{
    const char *p, *space;
    size_t len;

    if (strncmp(line, SHMC_OBS_PREFIX, strlen(SHMC_OBS_PREFIX)) != 0)
        return shmc_error_new("not an observation line");
    p = line + strlen(SHMC_OBS_PREFIX);
    space = strchr(p, ' ');
    if (space == NULL)
        return shmc_error_new("observation without a value");
    len = (size_t)(space - p);
    if (len == 0 || len >= keysize)
        return shmc_error_new("observation key empty or too long");
    memcpy(key, p, len);
    key[len] = '\0';
    if (!shmc_obs_key_valid(key))
        return shmc_error_new("invalid observation key '%s'", key);
    if (space[1] == '\0' || space[1] == '\n')
        return shmc_error_new("observation '%s' without a value", key);
    *json = space + 1;
    return shmc_no_error();
}

/** Writes one observation with a single write(2), so that lines from a
 * test case's several processes never interleave. */
shmc_error_t
shmc_obs_write(int fd, const char *key, const char *json)
{
    char line[SHMC_OBS_LINE_MAX];
    ssize_t n;
    size_t len;
    shmc_error_t err;

    err = shmc_obs_format(line, sizeof(line), key, json);
    if (shmc_is_error(err))
        return err;
    len = strlen(line);
    do
        n = write(fd, line, len);
    while (n == -1 && errno == EINTR);
    if (n != (ssize_t)len)
        return shmc_error_libc(n == -1 ? errno : EIO,
            "Cannot write observation '%s'", key);
    return shmc_no_error();
}
