/* SPDX-License-Identifier: BSD-2-Clause */

/** Observations: what characterization tests measure.
 *
 * A test case prints each observation on its standard output as one line
 *
 *     shmc-obs: KEY VALUE
 *
 * where KEY is a dotted name of lowercase letters, digits and underscores
 * (posix_shm.name.interior_slash.create) and VALUE is one JSON value
 * ("EINVAL", 255, true, null).  kyua stores every test case's standard
 * output in its results database, where shmcompat-report finds them.
 *
 * Every key must match exactly one entry of the catalogue,
 * suites/observations.txt, where a segment "*" stands for any one segment
 * and a segment "{a,b}" for one of the words listed. */

#if !defined(SHMC_LIB_OBS_H)
#define SHMC_LIB_OBS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

#define SHMC_OBS_PREFIX "shmc-obs: "

/* The longest line an observation may take, newline included. */
#define SHMC_OBS_LINE_MAX 1024

typedef struct {
    const char *m_key;          /* May hold "*" and "{a,b}" segments. */
    const char *m_meaning;
} shmc_obs_entry_t;

/** Whether key is segments of [a-z0-9_]+ joined by single dots. */
bool shmc_obs_key_valid(const char *key);
/** Whether key fits the catalogue pattern, segment by segment. */
bool shmc_obs_key_matches(const char *pattern, const char *key);
/** The one entry of catalogue[0..n) that key matches; NULL when none
 * does, and also when several do (*ambiguous is then set, if not NULL):
 * an overlapping catalogue must not decide by order which meaning a key
 * has. */
const shmc_obs_entry_t *shmc_obs_lookup(const shmc_obs_entry_t *catalogue,
    size_t n, const char *key, bool *ambiguous);

/** Encodes s as a JSON string literal into buf (size bytes). */
shmc_error_t shmc_obs_json_string(char *buf, size_t size, const char *s);
/** Formats the observation of key with the JSON text json as one line,
 * newline included, into buf (size bytes). */
shmc_error_t shmc_obs_format(char *buf, size_t size, const char *key,
    const char *json);
/** Splits an observation line into its key (into key, keysize bytes) and
 * its JSON text (*json points into line); any other line is an error. */
shmc_error_t shmc_obs_parse_line(const char *line, char *key, size_t keysize,
    const char **json);
/** Writes the observation of key with the JSON text json to fd with a
 * single write(2), so that lines from a case's several processes never
 * interleave. */
shmc_error_t shmc_obs_write(int fd, const char *key, const char *json);

#endif /* !defined(SHMC_LIB_OBS_H) */
