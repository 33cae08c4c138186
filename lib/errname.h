/* SPDX-License-Identifier: BSD-2-Clause */

/** Symbolic errno names ("ENOENT"), which read the same on every system,
 * unlike strerror(3) texts and errno numbers. */

#if !defined(SHMC_LIB_ERRNAME_H)
#define SHMC_LIB_ERRNAME_H

const char *shmc_errname(int);

#endif /* !defined(SHMC_LIB_ERRNAME_H) */
