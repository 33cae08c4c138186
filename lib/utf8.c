/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** The length of the valid sequence at p (at most left bytes long), or 0
 * when the bytes there are not one. */
static size_t
sequence_length(const unsigned char *p, size_t left)
{
    size_t len, i;
    unsigned long cp;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf) {
        len = 2;
        cp = p[0] & 0x1fUL;
    } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
        len = 3;
        cp = p[0] & 0x0fUL;
    } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        len = 4;
        cp = p[0] & 0x07UL;
    } else
        return 0;
    if (left < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3fUL);
    }
    /* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return len;
}

bool
shmc_utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n;

    uint64_t word;

    while (i < len) {
        /* ASCII, most of any text here, eight bytes at a time. */
        if (p[i] < 0x80) {
            while (i + 8 <= len) {
                memcpy(&word, p + i, 8);
                if ((word & UINT64_C(0x8080808080808080)) != 0)
                    break;
                i += 8;
            }
            while (i < len && p[i] < 0x80)
                i++;
            continue;
        }
        n = sequence_length(p + i, len - i);
        if (n == 0) {
            if (bad != NULL)
                *bad = i;
            return false;
        }
        i += n;
    }
    return true;
}

char *
shmc_utf8_from_bytes(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, o = 0, n;
    char *out;

    /* Each byte grows to at most two. */
    out = malloc(2 * len + 1);
    if (out == NULL)
        return NULL;
    while (i < len) {
        n = sequence_length(p + i, len - i);
        if (n > 0) {
            memcpy(out + o, p + i, n);
            o += n;
            i += n;
        } else {
            out[o++] = (char)(0xc0 | (p[i] >> 6));
            out[o++] = (char)(0x80 | (p[i] & 0x3f));
            i++;
        }
    }
    out[o] = '\0';
    return out;
}
