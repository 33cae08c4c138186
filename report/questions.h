/* SPDX-License-Identifier: BSD-2-Clause */

/** Portability questions (report/questions.txt, compiled in) and their
 * answers from one report's measurements: observations, probe facts and
 * test case results. */

#if !defined(SHMC_REPORT_QUESTIONS_H)
#define SHMC_REPORT_QUESTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "lib/json.h"

typedef enum {
    SHMC_SUBSET_SAME,           /* One verdict everywhere. */
    SHMC_SUBSET_MIN,            /* The smallest number everywhere. */
    SHMC_SUBSET_COMMON          /* The "*" segments ok everywhere. */
} shmc_subset_t;

typedef struct {
    char *m_id;
    char *m_title;
} shmc_topic_t;

typedef struct {
    char *m_id;
    const shmc_topic_t *m_topic;
    char *m_ask;
    char *m_answer;             /* The template of the sentence. */
    char *m_short;              /* The template of the table verdict. */
    char *m_else;               /* Both, where the answer's sources are
                                   missing (reports of older harnesses). */
    char **m_obs, **m_probes, **m_cases;
    size_t m_nobs, m_nprobes, m_ncases;
    shmc_subset_t m_subset;
    char *m_subset_source;      /* For MIN and COMMON. */
} shmc_question_t;

typedef struct {
    shmc_topic_t *m_topics;
    size_t m_ntopics;
    shmc_question_t *m_questions;
    size_t m_nquestions;
    char **m_label_keys, **m_label_words;
    size_t m_nlabels;
} shmc_questions_t;

/** The compiled-in questions, parsed on first use; an error names the
 * line of report/questions.txt that is wrong. */
shmc_error_t shmc_questions_get(const shmc_questions_t **out);

/** How a "*" segment reads (its label, else the segment itself). */
const char *shmc_questions_label(const shmc_questions_t *qs,
    const char *segment);

typedef enum {
    SHMC_ANSWER_MEASURED,
    SHMC_ANSWER_NONCONFORMANT,  /* A conformance case it names failed. */
    SHMC_ANSWER_UNMEASURED      /* Not measured here; m_text says why. */
} shmc_answer_kind_t;

typedef struct {
    const shmc_question_t *m_question;
    shmc_answer_kind_t m_kind;
    char *m_text, *m_html;      /* The sentence, plain and as HTML. */
    char *m_short, *m_short_html;
    bool m_has_number;          /* The MIN source's value. */
    uint64_t m_number;
    char *m_number_text, *m_number_html;
    char **m_segments;          /* The COMMON source's measured segments, */
    bool *m_segment_ok;         /* and whether each was "ok". */
    size_t m_nsegments;
} shmc_answer_t;

/** An index over one report's observations, cases and probe facts. */
typedef struct shmc_facts shmc_facts_t;

/** Indexes the observations and cases of a checked report that questions
 * name (the tree must outlive the index); NULL when out of memory. */
shmc_facts_t *shmc_facts_new(const shmc_json_t *report);
/** Frees the index (not the report); NULL is left alone. */
void shmc_facts_free(shmc_facts_t *facts);

/** Whether some question names key: an observation key, or a case as
 * "program:case" (shmc_result_case). */
bool shmc_questions_name(const char *key);

/** The case of a result id: "program:case" without the program's
 * folder. */
const char *shmc_result_case(const char *id);

/** An empty index over the facts of report, for a caller that walks the
 * report anyway to fill it (shmc_facts_note_*, with what questions name);
 * NULL when out of memory. */
shmc_facts_t *shmc_facts_start(const shmc_json_t *report);

/** Notes the result of case name (shmc_result_case of its id); false when
 * out of memory. */
bool shmc_facts_note_case(shmc_facts_t *facts, const char *name,
    const shmc_json_t *result);

/** Notes the observation key = value that result recorded (a later one
 * replaces it); false when out of memory. */
bool shmc_facts_note_obs(shmc_facts_t *facts, const char *key,
    const shmc_json_t *value, const shmc_json_t *result);

/** The observation under key and the result that recorded it, or NULL. */
const shmc_json_t *shmc_facts_obs(const shmc_facts_t *facts,
    const char *key, const shmc_json_t **result);

/** Whether a result is a conformance case (its program asserts POSIX
 * requirements, or its failure names one). */
bool shmc_result_is_conformance(const shmc_json_t *result);

/** What a failed result reported, without file and line; never NULL. */
const char *shmc_result_failure(const shmc_json_t *result);

/** Answers q from facts; false when out of memory. */
bool shmc_answer(const shmc_questions_t *qs, const shmc_question_t *q,
    const shmc_facts_t *facts, shmc_answer_t *out);
/** Frees what answer holds. */
void shmc_answer_clear(shmc_answer_t *answer);

/** The catalogue's meaning of an observation key, or NULL. */
const char *shmc_report_meaning(const char *key);

/** A byte count as people read it ("23.5 GiB"), into buf. */
void shmc_human_size(uint64_t bytes, char *buf, size_t size);

#endif /* !defined(SHMC_REPORT_QUESTIONS_H) */
