/* SPDX-License-Identifier: BSD-2-Clause */

/** Reading many reports for one model: worker threads read, parse and
 * check the next few reports while the caller's thread takes them one by
 * one, in the order given, so that what the caller builds and the first
 * error it meets are the same as when it reads them one at a time. */

#if !defined(SHMC_REPORT_READAHEAD_H)
#define SHMC_REPORT_READAHEAD_H

#include <stddef.h>

#include "lib/error.h"
#include "lib/json.h"

/** Takes report i (paths[i], loaded and checked); the tree is lent for
 * the call only.  An error ends the reading, and is what
 * shmc_readahead_each returns. */
typedef shmc_error_t (*shmc_readahead_fn_t)(void *arg, size_t i,
    const shmc_json_t *report);

/** Loads the n reports of paths with shmc_report_load, in `threads`
 * worker threads (0: in the calling thread; shmc_parallel_threads says how
 * many are worth starting) holding at most a few loaded
 * reports at once, and calls fn(arg, i, report) for each in the calling
 * thread, strictly in the order of paths.  Stops at the first error in
 * that order, a report's or fn's, and returns it (reports after it are
 * not taken, and their errors not seen). */
shmc_error_t shmc_readahead_each(const char *const *paths, size_t n,
    size_t threads, shmc_readahead_fn_t fn, void *arg);

#endif /* !defined(SHMC_REPORT_READAHEAD_H) */
