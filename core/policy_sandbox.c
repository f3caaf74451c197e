/* SPDX-License-Identifier: Apache-2.0 */
/* The policy's sandbox: which libraries it opens, and its own require, load and print. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "policy_lua.h"

/* A policy or module file larger than this is rejected before Lua reads it. */
#define POLICY_MAX_FILE_BYTES ((size_t)16 << 20)

/* Registry key of the table of modules loaded by require. */
#define POLICY_MODULES_KEY "assay.modules"

/* Marks a module whose chunk is running, so that a require cycle is reported. */
static const char module_loading_marker = 0;

int policy_read_file(char **out, size_t *out_size, const char *path, char *reason,
			  size_t reason_size)
{
	FILE *file = fopen(path, "rb");
	struct stat info;
	char *text = NULL;
	size_t size = 0;
	int err = ASSAY_EIO;

	int saved;

	if (!file) {
		saved = errno;
		snprintf(reason, reason_size, "%s", strerror(saved));
		return saved == ENOENT ? ASSAY_ENOTFOUND : ASSAY_EIO;
	}
	if (fstat(fileno(file), &info) != 0 || !S_ISREG(info.st_mode)) {
		snprintf(reason, reason_size, "not a regular file");
		goto out;
	}
	if ((size_t)info.st_size > POLICY_MAX_FILE_BYTES) {
		snprintf(reason, reason_size, "larger than %zu MiB", POLICY_MAX_FILE_BYTES >> 20);
		err = ASSAY_ELIMIT;
		goto out;
	}
	text = malloc((size_t)info.st_size + 1);
	if (!text) {
		err = ASSAY_ENOMEM;
		snprintf(reason, reason_size, "out of memory");
		goto out;
	}
	size = fread(text, 1, (size_t)info.st_size, file);
	if (ferror(file)) {
		snprintf(reason, reason_size, "%s", strerror(errno));
		goto out;
	}
	text[size] = '\0';
	*out = text;
	*out_size = size;
	text = NULL;
	err = 0;

out:
	free(text);
	fclose(file);
	return err;
}

/* Whether `name` is a module name require accepts: words of [A-Za-z0-9_] joined by single dots. */
static bool is_module_name(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len > 200 || name[0] == '.' || name[len - 1] == '.') {
		return false;
	}
	for (i = 0; i < len; i++) {
		char c = name[i];
		bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '_';

		if (c == '.' && name[i + 1] == '.') {
			return false;
		}
		if (!word && c != '.') {
			return false;
		}
	}
	return true;
}

/* Push the chunk of module file `path` (chunk name on the stack at `chunkname`), or raise. */
static void load_module_file(lua_State *L, const char *name, const char *path, int chunkname)
{
	char reason[256];
	char *text = NULL;
	size_t size = 0;
	int status;
	int err;

	err = policy_read_file(&text, &size, path, reason, sizeof(reason));
	if (err == ASSAY_ENOTFOUND) {
		luaL_error(L,
			   "module '%s' not found: no file %s (require loads only NAME.lua files "
			   "from the policy's folder)",
			   name, path);
	}
	if (err) {
		luaL_error(L, "module '%s': cannot read %s: %s", name, path, reason);
	}
	/* lua_load reports its errors as a status, so `text` is freed on every path. */
	status = luaL_loadbufferx(L, text, size, lua_tostring(L, chunkname), "t");
	free(text);
	if (status != LUA_OK) {
		lua_error(L);
	}
}

/*
 * require(name): load NAME.lua (dots are folders) from the policy's folder
 * as text into the sandbox, once; later calls return the cached value.
 */
static int sandbox_require(lua_State *L)
{
	policy *p = policy_from_state(L);
	size_t len = 0;
	const char *name = luaL_checklstring(L, 1, &len);
	const char *path;

	if (!is_module_name(name, len)) {
		return luaL_error(L,
				  "invalid module name '%s': use letters, digits and '_', with dots "
				  "for folders",
				  name);
	}
	lua_settop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, POLICY_MODULES_KEY); /* 2 */
	lua_getfield(L, 2, name);                              /* 3 */
	if (lua_touserdata(L, 3) == &module_loading_marker) {
		return luaL_error(L, "module '%s' is still loading: require cycle", name);
	}
	if (!lua_isnil(L, 3)) {
		return 1;
	}
	lua_pop(L, 1);

	path = lua_pushfstring(L, "%s/%s.lua", p->dir, luaL_gsub(L, name, ".", "/")); /* 4 */
	lua_pushfstring(L, "@%s", path);                                            /* 5 */
	load_module_file(L, name, path, 5);                                         /* 6 */

	lua_pushlightuserdata(L, (void *)&module_loading_marker);
	lua_setfield(L, 2, name);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 4);
	lua_call(L, 2, 1);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, 2, name);
	return 1;
}

/* load(chunk [, name [, mode [, env]]]) limited to text chunks. */
static int sandbox_load(lua_State *L)
{
	const char *mode = luaL_optstring(L, 3, "t");
	bool has_env = lua_gettop(L) >= 4; /* an explicit nil env differs from none */

	if (strchr(mode, 'b') ||
	    (lua_type(L, 1) == LUA_TSTRING && lua_tostring(L, 1)[0] == LUA_SIGNATURE[0])) {
		return luaL_error(L, "load: binary chunks are not allowed in a policy");
	}
	lua_settop(L, 4);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushliteral(L, "t");
	if (has_env) {
		lua_pushvalue(L, 4);
	}
	lua_call(L, has_env ? 4 : 3, LUA_MULTRET);
	return lua_gettop(L) - 4;
}

/* print(...): to stderr, never stdout, which may carry a report; silent with --quiet. */
static int sandbox_print(lua_State *L)
{
	policy *p = policy_from_state(L);
	int n = lua_gettop(L);
	luaL_Buffer buffer;
	int i;

	luaL_buffinit(L, &buffer);
	for (i = 1; i <= n; i++) {
		if (i > 1) {
			luaL_addchar(&buffer, '\t');
		}
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&buffer);
	}
	luaL_pushresult(&buffer);
	if (p->run->log_level > ASSAY_LOG_ERROR) {
		fprintf(stderr, "%s: %s\n", p->path, lua_tostring(L, -1));
	}
	return 0;
}

/*
 * setmetatable without finalizers. Lua 5.4 runs a __gc metamethod with
 * hooks turned off, so the instruction budget cannot stop it, and
 * lua_close runs pending finalizers at the end of the run: a looping
 * finalizer would hang assay. Lua marks an object for finalization only
 * when its metatable has __gc at the time setmetatable is called, so
 * checking here is enough.
 */
static int sandbox_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL) {
			return luaL_error(L, "finalizers (__gc) are not allowed in a policy: they run "
					     "outside the instruction budget");
		}
		lua_pop(L, 1);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* Install os with only time, date, clock and getenv. */
static void open_restricted_os(lua_State *L)
{
	static const char *const allowed[] = {"time", "date", "clock", "getenv"};
	size_t i;

	lua_pushcfunction(L, luaopen_os);
	lua_call(L, 0, 1);
	lua_createtable(L, 0, 4);
	for (i = 0; i < sizeof(allowed) / sizeof(*allowed); i++) {
		lua_getfield(L, -2, allowed[i]);
		lua_setfield(L, -2, allowed[i]);
	}
	lua_setglobal(L, "os");
	lua_pop(L, 1);
}

/* Protected: open the allowed libraries and replace what could leave the sandbox. */
int policy_open_sandbox(lua_State *L)
{
	static const luaL_Reg libraries[] = {{LUA_GNAME, luaopen_base},
					     {LUA_STRLIBNAME, luaopen_string},
					     {LUA_TABLIBNAME, luaopen_table},
					     {LUA_MATHLIBNAME, luaopen_math},
					     {LUA_UTF8LIBNAME, luaopen_utf8}};
	/* File access, collector control and the warning channel have no use in a policy. */
	static const char *const removed[] = {"dofile", "loadfile", "collectgarbage", "warn"};
	size_t i;

	for (i = 0; i < sizeof(libraries) / sizeof(*libraries); i++) {
		luaL_requiref(L, libraries[i].name, libraries[i].func, 1);
		lua_pop(L, 1);
	}
	for (i = 0; i < sizeof(removed) / sizeof(*removed); i++) {
		lua_pushnil(L);
		lua_setglobal(L, removed[i]);
	}
	lua_getglobal(L, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_pop(L, 1);

	lua_getglobal(L, "load");
	lua_pushcclosure(L, sandbox_load, 1);
	lua_setglobal(L, "load");
	lua_getglobal(L, "setmetatable");
	lua_pushcclosure(L, sandbox_setmetatable, 1);
	lua_setglobal(L, "setmetatable");
	lua_pushcfunction(L, sandbox_print);
	lua_setglobal(L, "print");
	lua_pushcfunction(L, sandbox_require);
	lua_setglobal(L, "require");
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, POLICY_MODULES_KEY);

	open_restricted_os(L);
	policy_convert_open(L);
	return 0;
}
