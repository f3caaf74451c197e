/* SPDX-License-Identifier: Apache-2.0 */
/* The Lua policy: a sandboxed state with instruction and memory limits, loading and protected calls. */
#include <libgen.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy_lua.h"

/* The instruction hook runs every this many VM instructions; the budget is counted in these steps. */
#define POLICY_HOOK_STEP 1000

/* Largest accepted --policy-max-memory, in MiB (1 TiB). */
#define POLICY_MAX_MEMORY_MIB 1048576LL

const char *const policy_hook_names[POLICY_HOOK_COUNT] = {"on_finding", "thresholds_for",
							  "verdict", "recommend"};
const char *const policy_table_names[3] = {"thresholds", "ignore", "quantum_packages"};

/* The core API's functions that take a ctx need a plugin; this one names the policy. */
static const assay_plugin_descriptor policy_descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_ANALYZER,
	.name = "policy",
	.version = ASSAY_VERSION_STRING,
	.summary = "the run's Lua policy",
};

static const plugin policy_plugin = {&policy_descriptor, NULL, NULL, 0};

policy *policy_from_state(lua_State *L)
{
	void *ud = NULL;

	lua_getallocf(L, &ud);
	return ud;
}

void policy_ctx_init(assay_ctx *out, policy *p)
{
	memset(out, 0, sizeof(*out));
	out->run = p->run;
	out->plugin = &policy_plugin;
}

int policy_raise(lua_State *L, const char *fmt, ...)
{
	char message[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	lua_pushstring(L, message);
	return lua_error(L);
}

void policy_set_context(policy *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->context, sizeof(p->context), fmt, ap);
	va_end(ap);
}

bool policy_utf8_valid(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t extra;
		unsigned long code;
		size_t k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			extra = 1;
			code = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			extra = 2;
			code = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			extra = 3;
			code = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= extra) {
			return false;
		}
		for (k = 1; k <= extra; k++) {
			if ((s[i + k] & 0xc0) != 0x80) {
				return false;
			}
			code = (code << 6) | (s[i + k] & 0x3f);
		}
		/* Overlong forms, UTF-16 surrogates and values above U+10FFFF are invalid. */
		if ((extra == 2 && code < 0x800) || (extra == 3 && code < 0x10000) ||
		    (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
			return false;
		}
		i += extra + 1;
	}
	return true;
}

/* Write "FILE:LINE" (or "FILE") of a stack level described by `ar` into `out`. */
static void format_location(char *out, size_t size, const lua_Debug *ar, const char *fallback)
{
	const char *source = ar->source && ar->source[0] == '@' ? ar->source + 1 : ar->short_src;

	if (!source || !*source) {
		source = fallback;
	}
	if (ar->currentline > 0) {
		snprintf(out, size, "%s:%d", source, ar->currentline);
	} else {
		snprintf(out, size, "%s", source);
	}
}

/*
 * Remember which line of the policy ran when an allocation was refused:
 * memory errors skip the message handler, so the stack is gone by the time
 * the error reaches the caller. lua_getstack and lua_getinfo only read the
 * call frames and allocate nothing.
 */
static void note_memory_refusal(policy *p)
{
	lua_Debug ar;
	int level;

	p->memory_refused = true;
	if (!p->L || p->closing) {
		return;
	}
	for (level = 0; lua_getstack(p->L, level, &ar); level++) {
		if (lua_getinfo(p->L, "Sl", &ar) && ar.currentline > 0 && ar.source[0] == '@') {
			format_location(p->memory_location, sizeof(p->memory_location), &ar, p->path);
			return;
		}
	}
	snprintf(p->memory_location, sizeof(p->memory_location), "%s", p->path);
}

/* The state's allocator: refuses to grow past max_memory, so Lua raises "not enough memory". */
static void *policy_alloc(void *ud, void *block, size_t old_size, size_t new_size)
{
	policy *p = ud;
	size_t old = block ? old_size : 0; /* without a block, old_size is a type tag */
	void *grown;

	if (new_size == 0) {
		free(block);
		p->memory_used -= old;
		return NULL;
	}
	if (new_size > old && new_size - old > p->max_memory - p->memory_used) {
		note_memory_refusal(p);
		return NULL;
	}
	grown = realloc(block, new_size);
	if (!grown) {
		return NULL;
	}
	p->memory_used = p->memory_used - old + new_size;
	return grown;
}

/* The count hook: charges POLICY_HOOK_STEP instructions and stops the policy past its budget. */
static void count_hook(lua_State *L, lua_Debug *ar)
{
	policy *p = policy_from_state(L);
	char where[600];

	if (p->closing) {
		lua_pushliteral(L, "the policy is closing");
		lua_error(L);
		return;
	}
	if (p->instructions_used <= p->max_instructions - p->hook_step) {
		p->instructions_used += p->hook_step;
		return;
	}
	if (!p->instructions_exceeded) {
		p->instructions_exceeded = true;
		lua_getinfo(L, "Sl", ar);
		format_location(where, sizeof(where), ar, p->path);
		snprintf(p->limit_message, sizeof(p->limit_message),
			 "%s: instruction limit of %lld exceeded; end the loop, or raise the limit "
			 "with --policy-max-instructions N",
			 where, p->max_instructions);
		/* From now on every instruction raises, so a pcall in the policy cannot go on. */
		p->hook_step = 1;
		lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
	}
	lua_pushstring(L, p->limit_message);
	lua_error(L);
}

static int panic_handler(lua_State *L)
{
	const char *message = lua_tostring(L, -1);

	fprintf(stderr, "assay: error: unprotected error in the Lua policy: %s\n",
		message ? message : "(no message)");
	return 0; /* Lua aborts the process after this */
}

/* The message handler of every protected call: the error's text followed by a traceback. */
static int message_handler(lua_State *L)
{
	const char *message = lua_tostring(L, 1);

	if (!message) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
			message = lua_tostring(L, -1);
		} else {
			message = lua_pushfstring(L, "(error object is a %s value)",
						  luaL_typename(L, 1));
		}
	}
	luaL_traceback(L, L, message, 1);
	return 1;
}

/* Whether a message starts with "SOURCE:LINE:", as Lua's positioned errors do. */
static bool has_location(const char *text)
{
	const char *colon = strchr(text, ':');
	const char *newline = strchr(text, '\n');
	const char *digit;

	if (!colon || colon == text || (newline && newline < colon)) {
		return false;
	}
	for (digit = colon + 1; *digit >= '0' && *digit <= '9'; digit++) {
	}
	return digit > colon + 1 && *digit == ':';
}

/*
 * Turn a failed protected call into the run's error. An exceeded limit
 * wins. Otherwise the message is the error's text without its traceback,
 * which goes to the info log. The policy's path is prefixed when Lua gave
 * no position, and what was running is appended.
 */
static int report_failure(policy *p, int status)
{
	lua_State *L = p->L;
	const char *text = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	const char *trace;
	int length;

	if (p->instructions_exceeded) {
		return run_error(p->run, ASSAY_EPOLICY, "%s", p->limit_message);
	}
	if (p->memory_refused && (status == LUA_ERRMEM || (text && strstr(text, "not enough memory")))) {
		return run_error(p->run, ASSAY_EPOLICY,
				 "%s: memory limit of %zu MiB exceeded; use less memory, or raise "
				 "the limit with --policy-max-memory MIB",
				 p->memory_location[0] ? p->memory_location : p->path,
				 p->max_memory >> 20);
	}
	if (status == LUA_ERRMEM) {
		return run_error(p->run, ASSAY_ENOMEM, "%s: out of memory while running the policy",
				 p->path);
	}
	if (!text) {
		text = "error without a message";
	}
	trace = strstr(text, "\nstack traceback:");
	length = trace ? (int)(trace - text) : (int)strlen(text);
	if (trace) {
		run_log(p->run, ASSAY_LOG_INFO, NULL, "%s: Lua %s", p->path, trace + 1);
	}
	return run_error(p->run, ASSAY_EPOLICY, "%s%s%.*s%s%s%s", has_location(text) ? "" : p->path,
			 has_location(text) ? "" : ": ", length, text, p->context[0] ? " (in " : "",
			 p->context, p->context[0] ? ")" : "");
}

/* Call the function below `nargs` arguments on the stack, protected, with the traceback handler. */
static int protected_call(policy *p, int nargs)
{
	lua_State *L = p->L;
	int handler = lua_gettop(L) - nargs;
	int status;
	int err = 0;

	lua_pushcfunction(L, message_handler);
	lua_insert(L, handler);
	p->memory_refused = false;
	status = lua_pcall(L, nargs, 0, handler);
	if (status != LUA_OK || p->instructions_exceeded) {
		err = report_failure(p, status);
	}
	lua_settop(L, handler - 1);
	p->context[0] = '\0';
	return err;
}

int policy_run(policy *p, lua_CFunction driver, void *arg)
{
	if (!lua_checkstack(p->L, 8)) {
		return run_error(p->run, ASSAY_ENOMEM, "out of memory");
	}
	lua_pushcfunction(p->L, driver);
	lua_pushlightuserdata(p->L, arg);
	return protected_call(p, 1);
}

void policy_push_hook(policy *p, int hook)
{
	lua_rawgeti(p->L, LUA_REGISTRYINDEX, p->hooks[hook]);
}

void policy_hook_location(policy *p, int hook, char *out, size_t size)
{
	lua_Debug ar;

	policy_push_hook(p, hook);
	if (!lua_getinfo(p->L, ">S", &ar)) {
		snprintf(out, size, "%s", p->path);
		return;
	}
	ar.currentline = ar.linedefined;
	format_location(out, size, &ar, p->path);
}

/* Parse a whole number from 1 to `max` (digits only). */
static bool parse_positive(long long *out, const char *text, long long max)
{
	long long value = 0;
	const char *c;

	if (!text || !*text) {
		return false;
	}
	for (c = text; *c; c++) {
		if (*c < '0' || *c > '9' || value > (max - (*c - '0')) / 10) {
			return false;
		}
		value = value * 10 + (*c - '0');
	}
	*out = value;
	return value >= 1;
}

/* Read --policy-max-instructions and --policy-max-memory from the run options. */
static int read_limit_options(policy *p)
{
	assay_ctx ctx;
	const char *instructions;
	const char *memory;
	long long mib = POLICY_DEFAULT_MAX_MEMORY_MIB;

	policy_ctx_init(&ctx, p);
	instructions = assay_option_get(&ctx, "policy-max-instructions");
	memory = assay_option_get(&ctx, "policy-max-memory");
	p->max_instructions = POLICY_DEFAULT_MAX_INSTRUCTIONS;
	if (instructions && !parse_positive(&p->max_instructions, instructions, INT64_MAX)) {
		return run_error(p->run, ASSAY_EINVAL,
				 "invalid --policy-max-instructions value '%s': expected a whole "
				 "number of 1 or more",
				 instructions);
	}
	if (memory && !parse_positive(&mib, memory, POLICY_MAX_MEMORY_MIB)) {
		return run_error(p->run, ASSAY_EINVAL,
				 "invalid --policy-max-memory value '%s': expected a whole number of "
				 "MiB from 1 to %lld",
				 memory, POLICY_MAX_MEMORY_MIB);
	}
	p->max_memory = (size_t)mib << 20;
	p->hook_step = p->max_instructions < POLICY_HOOK_STEP ? (int)p->max_instructions
							      : POLICY_HOOK_STEP;
	return 0;
}

/* Allocate a policy for `path` with its limits; the Lua state comes later. */
static int policy_new(policy **out, assay_run *run, const char *path)
{
	policy *p = calloc(1, sizeof(*p));
	char *copy = NULL;
	int err = ASSAY_ENOMEM;
	int i;

	if (!p) {
		return run_error(run, ASSAY_ENOMEM, "out of memory");
	}
	p->run = run;
	for (i = 0; i < POLICY_HOOK_COUNT; i++) {
		p->hooks[i] = LUA_NOREF;
	}
	p->path = strdup(path);
	copy = strdup(path);
	if (!p->path || !copy) {
		run_error(run, err, "out of memory");
		goto out;
	}
	p->dir = strdup(dirname(copy));
	if (!p->dir) {
		run_error(run, err, "out of memory");
		goto out;
	}
	err = read_limit_options(p);
	if (err) {
		goto out;
	}
	*out = p;
	p = NULL;

out:
	free(copy);
	policy_free(p);
	return err;
}

/* Create the state, open the sandbox and compile the policy's text into a function on the stack. */
static int create_state(policy *p, const char *text, size_t size)
{
	char chunkname[4200];
	const char *message;
	int status;
	int err;

	p->L = lua_newstate(policy_alloc, p);
	if (!p->L) {
		return run_error(p->run, ASSAY_ENOMEM, "%s: cannot create the Lua state: out of memory",
				 p->path);
	}
	lua_atpanic(p->L, panic_handler);
	lua_sethook(p->L, count_hook, LUA_MASKCOUNT, p->hook_step);
	err = policy_run(p, policy_open_sandbox, p);
	if (err) {
		return err;
	}

	snprintf(chunkname, sizeof(chunkname), "@%s", p->path);
	p->memory_refused = false;
	status = luaL_loadbufferx(p->L, text, size, chunkname, "t");
	if (status == LUA_OK) {
		return 0;
	}
	if (status == LUA_ERRMEM) {
		return report_failure(p, status);
	}
	/* A syntax error starts with FILE:LINE; the binary-chunk message has no position. */
	message = lua_tostring(p->L, -1);
	if (has_location(message)) {
		err = run_error(p->run, ASSAY_EPOLICY, "%s", message);
	} else {
		err = run_error(p->run, ASSAY_EPOLICY, "%s: %s", p->path, message);
	}
	lua_pop(p->L, 1);
	return err;
}

/* Protected: take a reference to each hook the chunk defined and check the types of globals. */
static int collect_globals(lua_State *L)
{
	policy *p = lua_touserdata(L, 1);
	int i;

	lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS); /* 2 */
	for (i = 0; i < POLICY_HOOK_COUNT; i++) {
		lua_pushstring(L, policy_hook_names[i]);
		if (lua_rawget(L, 2) == LUA_TNIL) {
			lua_pop(L, 1);
			continue;
		}
		if (!lua_isfunction(L, -1)) {
			return policy_raise(L, "%s: %s is a %s; define it as a function", p->path,
					    policy_hook_names[i], luaL_typename(L, -1));
		}
		p->hooks[i] = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	for (i = 0; i < 3; i++) {
		lua_pushstring(L, policy_table_names[i]);
		if (lua_rawget(L, 2) != LUA_TNIL && !lua_istable(L, -1)) {
			return policy_raise(L, "%s: %s is a %s; it must be a table", p->path,
					    policy_table_names[i], luaL_typename(L, -1));
		}
		p->has_table[i] = !lua_isnil(L, -1);
		lua_pop(L, 1);
	}
	return 0;
}

/* What a global conversion works on. */
typedef struct {
	policy *p;
	const char *name;
} global_request;

/* Protected: convert the global named by the request into p->building (NULL when unset). */
static int convert_global(lua_State *L)
{
	const global_request *request = lua_touserdata(L, 1);

	lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
	lua_pushstring(L, request->name);
	if (lua_rawget(L, -2) == LUA_TNIL) {
		return 0;
	}
	policy_to_json(L, request->p, lua_gettop(L), request->name);
	return 0;
}

/* Convert global `name` and keep the result in p->values. Returns 0 or an error code. */
static int store_global(policy *p, const char *name, const cJSON **out)
{
	global_request request = {p, name};
	policy_value *value = NULL;
	int err;

	*out = NULL;
	cJSON_Delete(p->building);
	p->building = NULL;
	err = policy_run(p, convert_global, &request);
	if (err) {
		cJSON_Delete(p->building);
		p->building = NULL;
		return err;
	}
	value = calloc(1, sizeof(*value));
	if (value) {
		value->name = strdup(name);
	}
	if (!value || !value->name || vec_push(&p->values, value) != 0) {
		if (value) {
			free(value->name);
		}
		free(value);
		cJSON_Delete(p->building);
		p->building = NULL;
		return run_error(p->run, ASSAY_ENOMEM, "out of memory");
	}
	value->json = p->building;
	p->building = NULL;
	*out = value->json;
	return 0;
}

/* Convert the three well-known tables now, so a bad one stops the run before any analyzer. */
static int convert_tables(policy *p)
{
	const cJSON *values[3] = {NULL, NULL, NULL};
	char message[768];
	int err = 0;
	int i;

	/* The ignore and quantum analyzers check the fields of their tables. */
	for (i = 0; i < 3 && !err; i++) {
		err = store_global(p, policy_table_names[i], &values[i]);
	}
	if (!err && values[0] &&
	    policy_limits_parse(&p->table_limits, values[0], "thresholds", message,
				sizeof(message)) != 0) {
		err = run_error(p->run, ASSAY_EPOLICY, "%s: %s", p->path, message);
	}
	return err;
}

/* Read the file, create the sandbox and run the chunk. */
static int load_policy(policy *p)
{
	char reason[256];
	char *text = NULL;
	size_t size = 0;
	int err;

	err = policy_read_file(&text, &size, p->path, reason, sizeof(reason));
	if (err == ASSAY_ENOTFOUND) {
		return run_error(p->run, err, "%s: policy file not found", p->path);
	}
	if (err) {
		return run_error(p->run, err, "%s: cannot read the policy: %s", p->path, reason);
	}
	err = create_state(p, text, size);
	free(text);
	if (err) {
		return err;
	}
	err = protected_call(p, 0);
	if (!err) {
		err = policy_run(p, collect_globals, p);
	}
	if (!err) {
		err = convert_tables(p);
	}
	return err;
}

int policy_prepare(assay_run *run)
{
	assay_ctx ctx = {0};
	const char *path;
	policy *p = NULL;
	int err;

	ctx.run = run;
	ctx.plugin = &policy_plugin;
	path = assay_option_get(&ctx, "policy");
	if (!path || run->policy) {
		return 0;
	}
	if (!*path) {
		return run_error(run, ASSAY_EINVAL, "empty policy path: pass -p FILE");
	}
	err = policy_new(&p, run, path);
	if (err) {
		return err;
	}
	err = load_policy(p);
	if (err) {
		policy_free(p);
		return err;
	}
	run->policy = p;
	run_log(run, ASSAY_LOG_INFO, NULL, "%s: policy loaded", p->path);
	return 0;
}

void policy_free(policy *p)
{
	size_t i;

	if (!p) {
		return;
	}
	if (p->L) {
		/* Finalizers the policy set must not run its code any more. */
		p->closing = true;
		lua_sethook(p->L, count_hook, LUA_MASKCOUNT, 1);
		lua_close(p->L);
	}
	for (i = 0; i < p->values.count; i++) {
		policy_value *value = p->values.items[i];

		free(value->name);
		cJSON_Delete(value->json);
		free(value);
	}
	vec_dispose(&p->values);
	cJSON_Delete(p->building);
	free(p->description);
	free(p->path);
	free(p->dir);
	free(p);
}

/*
 * Serializes assay_policy_value, which converts a global on first use and
 * which outputs may call from several threads at once.
 */
static pthread_mutex_t value_lock = PTHREAD_MUTEX_INITIALIZER;

const cJSON *assay_policy_value(const assay_ctx *ctx, const char *name)
{
	policy *p = ctx && ctx->run ? ctx->run->policy : NULL;
	const cJSON *json = NULL;
	bool found = false;
	size_t i;

	if (!p || !name || !*name) {
		return NULL;
	}
	pthread_mutex_lock(&value_lock);
	for (i = 0; i < p->values.count && !found; i++) {
		const policy_value *value = p->values.items[i];

		if (strcmp(value->name, name) == 0) {
			json = value->json;
			found = true;
		}
	}
	if (!found) {
		/* On error the run contains the message and the caller's stage fails with it. */
		store_global(p, name, &json);
	}
	pthread_mutex_unlock(&value_lock);
	return json;
}

const char *assay_policy_path(const assay_ctx *ctx)
{
	policy *p = ctx && ctx->run ? ctx->run->policy : NULL;

	return p ? p->path : NULL;
}
