/* SPDX-License-Identifier: BSD-2-Clause */

/** Decoding of kernel tunables: the text of a Linux /proc/sys file, the
 * "name: value" lines of sysctl(8), and the raw bytes of sysctlbyname(3). */

#if !defined(SHMC_PROBES_SYSCTL_H)
#define SHMC_PROBES_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

shmc_error_t shmc_sysctl_parse_u64(const char *, uint64_t *);
shmc_error_t shmc_sysctl_parse_line(const char *, char *, size_t, uint64_t *);
shmc_error_t shmc_sysctl_decode(const void *, size_t, uint64_t *);
shmc_error_t shmc_sysctl_read_file(const char *, uint64_t *);

#endif /* !defined(SHMC_PROBES_SYSCTL_H) */
