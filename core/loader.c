/* SPDX-License-Identifier: Apache-2.0 */
/* The plugin loader: open shared objects, check their descriptors, keep them. */
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Plugin folder of an installed or built binary, relative to bin/. */
#define PLUGIN_DIR_FROM_BIN "../lib/assay/plugins"

/* Size of the descriptor of ABI 1.0, the smallest one the loader accepts. */
#define DESCRIPTOR_SIZE_1_0 (offsetof(assay_plugin_descriptor, write) + sizeof(assay_write_fn))
/* Size up to the end of `flags`, which ABI 1.1 appended. */
#define DESCRIPTOR_SIZE_1_1 (offsetof(assay_plugin_descriptor, flags) + sizeof(uint32_t))

/* Every descriptor flag this core supports. */
#define KNOWN_FLAGS ASSAY_PLUGIN_CONCURRENT_WRITE

/* The descriptor's flags, or 0 for a plugin built before the field existed. */
static uint32_t descriptor_flags(const assay_plugin_descriptor *d)
{
	return d->size >= DESCRIPTOR_SIZE_1_1 ? d->flags : 0;
}

static bool is_valid_name(const char *name)
{
	size_t i;

	if (!name || !*name || strlen(name) > 64) {
		return false;
	}
	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
			return false;
		}
	}
	return true;
}

static const char *kind_word(assay_plugin_kind kind)
{
	switch (kind) {
	case ASSAY_PLUGIN_INPUT:
		return "input";
	case ASSAY_PLUGIN_ANALYZER:
		return "analyzer";
	case ASSAY_PLUGIN_OUTPUT:
		return "output";
	}
	return "unknown";
}

/* Check a descriptor before anything else reads it; the message names the file. */
static int check_descriptor(assay_run *run, const char *path, const assay_plugin_descriptor *d)
{
	if (!d) {
		return run_error(run, ASSAY_EABI, "%s: invalid plugin: %s() returned NULL", path,
				 ASSAY_PLUGIN_ENTRY_SYMBOL);
	}
	if (d->abi_major != ASSAY_ABI_MAJOR || d->abi_minor > ASSAY_ABI_MINOR) {
		return run_error(run, ASSAY_EABI,
				 "%s: unsupported plugin ABI version %u.%u: this assay supports "
				 "ABI %d.0 to %d.%d; rebuild the plugin against this assay's headers",
				 path, d->abi_major, d->abi_minor, ASSAY_ABI_MAJOR, ASSAY_ABI_MAJOR,
				 ASSAY_ABI_MINOR);
	}
	if (d->size < DESCRIPTOR_SIZE_1_0) {
		return run_error(run, ASSAY_EABI,
				 "%s: invalid plugin descriptor: size %u is smaller than the %zu bytes "
				 "of ABI %d.0",
				 path, d->size, DESCRIPTOR_SIZE_1_0, ASSAY_ABI_MAJOR);
	}
	if (!is_valid_name(d->name)) {
		return run_error(run, ASSAY_EABI,
				 "%s: invalid plugin name: use 1 to 64 lowercase letters, digits, "
				 "'-' or '_'",
				 path);
	}
	if (!d->version || !d->summary) {
		return run_error(run, ASSAY_EABI, "%s: plugin '%s' has no version or summary",
				 path, d->name);
	}
	if ((descriptor_flags(d) & ~(uint32_t)KNOWN_FLAGS) != 0) {
		return run_error(run, ASSAY_EABI,
				 "%s: plugin '%s' sets unknown descriptor flags 0x%x; rebuild it "
				 "against this assay's headers",
				 path, d->name, (unsigned)(descriptor_flags(d) & ~(uint32_t)KNOWN_FLAGS));
	}

	switch (d->kind) {
	case ASSAY_PLUGIN_INPUT:
		if (!d->probe || !d->read) {
			return run_error(run, ASSAY_EABI,
					 "%s: input plugin '%s' lacks its probe or read callback",
					 path, d->name);
		}
		return 0;
	case ASSAY_PLUGIN_ANALYZER:
		if (!d->analyze || d->stage < ASSAY_STAGE_FILTER || d->stage > ASSAY_STAGE_ADVISE) {
			return run_error(run, ASSAY_EABI,
					 "%s: analyzer '%s' lacks its analyze callback or a valid stage",
					 path, d->name);
		}
		return 0;
	case ASSAY_PLUGIN_OUTPUT:
		if (!d->write) {
			return run_error(run, ASSAY_EABI,
					 "%s: output plugin '%s' lacks its write callback", path, d->name);
		}
		return 0;
	}
	return run_error(run, ASSAY_EABI, "%s: plugin '%s' has unknown kind %d", path, d->name,
			 (int)d->kind);
}

int assay_run_load_plugin(assay_run *run, const char *path)
{
	void *handle = NULL;
	assay_plugin_entry_fn entry;
	const assay_plugin_descriptor *d;
	plugin *p = NULL;
	size_t i;
	int err;

	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		const char *reason = dlerror();

		/* dlerror() already names the file. */
		return run_error(run, ASSAY_EABI, "cannot load plugin: %s",
				 reason ? reason : path);
	}

	/* POSIX allows converting the void* of dlsym to a function pointer. */
	*(void **)&entry = dlsym(handle, ASSAY_PLUGIN_ENTRY_SYMBOL);
	if (!entry) {
		err = run_error(run, ASSAY_EABI,
				"%s: not an assay plugin: the symbol %s is missing", path,
				ASSAY_PLUGIN_ENTRY_SYMBOL);
		goto out;
	}

	d = entry();
	err = check_descriptor(run, path, d);
	if (err) {
		goto out;
	}

	for (i = 0; i < run->plugins.count; i++) {
		const plugin *other = run->plugins.items[i];

		/* An input and an output may share a name: -i sarif:F and -o sarif:F. */
		if (other->descriptor->kind == d->kind && strcmp(other->descriptor->name, d->name) == 0) {
			err = run_error(run, ASSAY_EABI,
					"%s: duplicate %s plugin name '%s': already loaded from %s",
					path, kind_word(d->kind), d->name, other->path);
			goto out;
		}
	}

	err = ASSAY_ENOMEM;
	p = calloc(1, sizeof(*p));
	if (!p) {
		goto out;
	}
	p->path = strdup(path);
	if (!p->path || vec_push(&run->plugins, p) != 0) {
		goto out;
	}
	p->descriptor = d;
	p->flags = descriptor_flags(d);
	p->handle = handle;
	handle = NULL;
	p = NULL;
	err = 0;
	run_log(run, ASSAY_LOG_DEBUG, NULL, "loaded %s plugin '%s' %s from %s",
		kind_word(d->kind), d->name, d->version, path);

out:
	if (err == ASSAY_ENOMEM) {
		run_error(run, err, "out of memory while loading %s", path);
	}
	if (p) {
		free(p->path);
		free(p);
	}
	if (handle) {
		dlclose(handle);
	}
	return err;
}

static int select_shared_objects(const struct dirent *entry)
{
	size_t len = strlen(entry->d_name);

	return entry->d_name[0] != '.' && len > 3 && strcmp(entry->d_name + len - 3, ".so") == 0;
}

int assay_run_load_plugin_dir(assay_run *run, const char *dir, bool optional)
{
	struct dirent **entries = NULL;
	int count;
	int i;
	int err = 0;

	count = scandir(dir, &entries, select_shared_objects, alphasort);
	if (count < 0) {
		if (optional) {
			return 0;
		}
		return run_error(run, ASSAY_ENOTFOUND, "%s: plugin folder not found or unreadable",
				 dir);
	}

	for (i = 0; i < count; i++) {
		char path[PATH_MAX];

		if (!err) {
			snprintf(path, sizeof(path), "%s/%s", dir, entries[i]->d_name);
			err = assay_run_load_plugin(run, path);
		}
		free(entries[i]);
	}
	free(entries);
	return err;
}

int assay_run_load_default_plugins(assay_run *run, const char *exe_path)
{
	char self[PATH_MAX];
	char dir[PATH_MAX + 32];
	const char *env;
	char *slash;
	ssize_t len;
	int err;

	/* /proc/self/exe names the real binary even when started through a symlink. */
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len > 0) {
		self[len] = '\0';
	} else if (!exe_path || !realpath(exe_path, self)) {
		self[0] = '\0';
	}

	slash = strrchr(self, '/');
	if (slash) {
		*slash = '\0';
		snprintf(dir, sizeof(dir), "%s/%s", self, PLUGIN_DIR_FROM_BIN);
		err = assay_run_load_plugin_dir(run, dir, true);
		if (err) {
			return err;
		}
	}

	env = getenv("ASSAY_PLUGIN_PATH");
	while (env && *env) {
		const char *colon = strchr(env, ':');
		size_t n = colon ? (size_t)(colon - env) : strlen(env);

		if (n > 0 && n < sizeof(dir)) {
			memcpy(dir, env, n);
			dir[n] = '\0';
			err = assay_run_load_plugin_dir(run, dir, false);
			if (err) {
				return err;
			}
		}
		env = colon ? colon + 1 : NULL;
	}
	return 0;
}

size_t assay_run_plugin_count(const assay_run *run)
{
	return run->plugins.count;
}

assay_plugin_info assay_run_plugin_at(const assay_run *run, size_t index)
{
	assay_plugin_info info = {0};

	if (index < run->plugins.count) {
		const plugin *p = run->plugins.items[index];

		info.descriptor = p->descriptor;
		info.path = p->path;
	}
	return info;
}

const plugin *run_find_plugin(const assay_run *run, assay_plugin_kind kind, const char *name)
{
	size_t i;

	for (i = 0; i < run->plugins.count; i++) {
		const plugin *p = run->plugins.items[i];

		if (p->descriptor->kind == kind && strcmp(p->descriptor->name, name) == 0) {
			return p;
		}
	}
	return NULL;
}

void run_list_plugin_names(const assay_run *run, assay_plugin_kind kind, char *out, size_t size)
{
	size_t used = 0;
	size_t i;

	out[0] = '\0';
	for (i = 0; i < run->plugins.count; i++) {
		const plugin *p = run->plugins.items[i];
		int n;

		if (p->descriptor->kind != kind) {
			continue;
		}
		n = snprintf(out + used, size - used, "%s%s", used ? ", " : "", p->descriptor->name);
		if (n < 0 || (size_t)n >= size - used) {
			break;
		}
		used += (size_t)n;
	}
	if (used == 0) {
		snprintf(out, size, "(none loaded)");
	}
}
