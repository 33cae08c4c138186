/* SPDX-License-Identifier: BSD-2-Clause */

/** Providers from plugins: shared objects built against the installed
 * <shmcompat/provider.h>, loaded with dlopen(3) and wrapped as a
 * shmc_provider_t.  One plugin is loaded per process. */

#if !defined(SHMC_SUITES_PROVIDER_PLUGIN_H)
#define SHMC_SUITES_PROVIDER_PLUGIN_H

#include <stdbool.h>

#include "lib/error.h"
#include "lib/provider.h"

/** Loads the plugin at path and checks that it is one of this ABI and
 * that its name is name (NULL: any); the error says why not, in one line.
 * In a build that cannot load plugins at all (configure's
 * SHMC_NO_PLUGINS_REASON) it is a skip with that reason. */
shmc_error_t shmc_plugin_load(const char *path, const char *name,
    const shmc_provider_t **provider);

/** The provider under test: the plugin at path when path is set, else
 * the adapter program at adapter when that is set (either must provide
 * name when named), else the built-in provider or adapter called name,
 * else the plugin dir/NAME.so. */
shmc_error_t shmc_plugin_find(const char *name, bool named, const char *path,
    const char *adapter, const char *dir, const shmc_provider_t **provider);
/** The file the loaded plugin came from, or NULL. */
const char *shmc_plugin_path(void);

#endif /* !defined(SHMC_SUITES_PROVIDER_PLUGIN_H) */
