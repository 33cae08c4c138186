/* SPDX-License-Identifier: BSD-2-Clause */

/** Symbolic errno and signal names ("ENOENT", "SIGBUS"), which read the
 * same on every system, unlike strerror(3) texts and the numbers. */

#if !defined(SHMC_LIB_ERRNAME_H)
#define SHMC_LIB_ERRNAME_H

/** The symbolic name of errnum ("ENOENT"), or "E<number>" when unknown;
 * static storage (the unknown case's is overwritten by the next call). */
const char *shmc_errname(int errnum);
/** The errno value of a symbolic name ("ENOENT"), or 0 when the name is
 * not known here. */
int shmc_errnum(const char *name);
/** The name of sig ("SIGBUS"): "none" for 0, "unknown" for -1 (no
 * result), "SIG<number>" for others; static storage like shmc_errname's. */
const char *shmc_signame(int sig);

#endif /* !defined(SHMC_LIB_ERRNAME_H) */
