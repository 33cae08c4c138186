/* SPDX-License-Identifier: BSD-2-Clause */

/** Decoding of kernel tunables: the text of a Linux /proc/sys file, the
 * "name: value" lines of sysctl(8), and the raw bytes of sysctlbyname(3). */

#if !defined(SHMC_PROBES_SYSCTL_H)
#define SHMC_PROBES_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

/** Parses into *out the non-negative decimal text (blanks around it and
 * one newline allowed) of a /proc/sys file. */
shmc_error_t shmc_sysctl_parse_u64(const char *text, uint64_t *out);
/** Parses a sysctl(8) line, "name: value" or "name = value", into name
 * (namesize bytes) and *value. */
shmc_error_t shmc_sysctl_parse_line(const char *line, char *name,
    size_t namesize, uint64_t *value);
/** Decodes into *out the len bytes at buf that sysctlbyname(3) gave (an
 * int, u_int, long or u_long by its width; negative is an error). */
shmc_error_t shmc_sysctl_decode(const void *buf, size_t len, uint64_t *out);
/** Reads one integer from the file path (/proc/sys/kernel/shmmax). */
shmc_error_t shmc_sysctl_read_file(const char *path, uint64_t *out);

#endif /* !defined(SHMC_PROBES_SYSCTL_H) */
