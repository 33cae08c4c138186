/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *m_key;                /* NULL: an empty slot. */
    uint64_t m_hash;
    void *m_value;
} slot_t;

struct shmc_strmap {
    slot_t *m_slots;
    size_t m_cap;               /* A power of two. */
    size_t m_count;
};

static uint64_t
fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ULL;

    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

shmc_strmap_t *
shmc_strmap_new(void)
{
    shmc_strmap_t *map = calloc(1, sizeof(*map));

    if (map == NULL)
        return NULL;
    map->m_cap = 64;
    map->m_slots = calloc(map->m_cap, sizeof(slot_t));
    if (map->m_slots == NULL) {
        free(map);
        return NULL;
    }
    return map;
}

void
shmc_strmap_free(shmc_strmap_t *map)
{
    size_t i;

    if (map == NULL)
        return;
    for (i = 0; i < map->m_cap; i++)
        free(map->m_slots[i].m_key);
    free(map->m_slots);
    free(map);
}

void
shmc_strmap_free_values(shmc_strmap_t *map)
{
    size_t i;

    if (map == NULL)
        return;
    for (i = 0; i < map->m_cap; i++)
        if (map->m_slots[i].m_key != NULL)
            free(map->m_slots[i].m_value);
    shmc_strmap_free(map);
}

/** The slot holding key, or the empty slot where it belongs. */
static slot_t *
probe(slot_t *slots, size_t cap, const char *key, uint64_t hash)
{
    size_t i = (size_t)hash & (cap - 1);

    while (slots[i].m_key != NULL && (slots[i].m_hash != hash ||
        strcmp(slots[i].m_key, key) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

void *
shmc_strmap_get(const shmc_strmap_t *map, const char *key)
{
    slot_t *s = probe(map->m_slots, map->m_cap, key, fnv1a(key));

    return s->m_key != NULL ? s->m_value : NULL;
}

/** Doubles the table once it is more than half full. */
static bool
grow(shmc_strmap_t *map)
{
    size_t cap = map->m_cap * 2, i;
    slot_t *slots = calloc(cap, sizeof(slot_t)), *s;

    if (slots == NULL)
        return false;
    for (i = 0; i < map->m_cap; i++) {
        if (map->m_slots[i].m_key == NULL)
            continue;
        s = probe(slots, cap, map->m_slots[i].m_key, map->m_slots[i].m_hash);
        *s = map->m_slots[i];
    }
    free(map->m_slots);
    map->m_slots = slots;
    map->m_cap = cap;
    return true;
}

bool
shmc_strmap_put(shmc_strmap_t *map, const char *key, void *value)
{
    uint64_t hash = fnv1a(key);
    slot_t *s;

    if ((map->m_count + 1) * 2 > map->m_cap && !grow(map))
        return false;
    s = probe(map->m_slots, map->m_cap, key, hash);
    if (s->m_key == NULL) {
        s->m_key = strdup(key);
        if (s->m_key == NULL)
            return false;
        s->m_hash = hash;
        map->m_count++;
    }
    s->m_value = value;
    return true;
}

size_t
shmc_strmap_count(const shmc_strmap_t *map)
{
    return map->m_count;
}
