/* SPDX-License-Identifier: BSD-2-Clause */

/** Symbolic errno and signal names ("ENOENT", "SIGBUS"), which read the
 * same on every system, unlike strerror(3) texts and the numbers. */

#if !defined(SHMC_LIB_ERRNAME_H)
#define SHMC_LIB_ERRNAME_H

const char *shmc_errname(int);
int shmc_errnum(const char *);
const char *shmc_signame(int);

#endif /* !defined(SHMC_LIB_ERRNAME_H) */
