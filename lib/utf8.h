/* SPDX-License-Identifier: BSD-2-Clause */

/** UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing
 * above U+10FFFF.  JSON text must be UTF-8, and the strings the probe
 * reads from the system (mount points, mount options) need not be. */

#if !defined(SHMC_LIB_UTF8_H)
#define SHMC_LIB_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/** Whether the len bytes at s are UTF-8; if not and bad is not NULL,
 * *bad receives the offset of the first byte of the first bad sequence. */
bool shmc_utf8_valid(const char *s, size_t len, size_t *bad);

/** A malloc'ed UTF-8 copy of the C string s in which every byte that is
 * not part of a valid sequence stands for itself as U+0080 to U+00FF (so
 * that the text stays readable and nothing is dropped); NULL when memory
 * ran out. */
char *shmc_utf8_from_bytes(const char *s);

#endif /* !defined(SHMC_LIB_UTF8_H) */
