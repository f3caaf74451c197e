/* SPDX-License-Identifier: Apache-2.0 */
/* Policy thresholds: the `thresholds` table and thresholds_for, turned into the limit options. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy_lua.h"

/* Severities with limits, in the order of the CLI's --threshold-* options. */
static const char *const limit_names[POLICY_LIMIT_SEVERITIES] = {"critical", "high", "medium",
								  "low"};

/* The thresholds analyzer's limits when no option sets them (spec: 0, 5, 20, 50). */
static const long long vulnerability_defaults[POLICY_LIMIT_SEVERITIES] = {0, 5, 20, 50};

/* The position of a severity key among limit_names, or -1. */
static int limit_position(const char *key)
{
	int i;

	for (i = 0; i < POLICY_LIMIT_SEVERITIES; i++) {
		if (strcasecmp(key, limit_names[i]) == 0) {
			return i;
		}
	}
	return -1;
}

/* The kind named exactly `key`, or -1. */
static int kind_position(const char *key)
{
	int kind;

	for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
		if (strcmp(key, assay_kind_name((assay_kind)kind)) == 0) {
			return kind;
		}
	}
	return -1;
}

/* Read one limit: a whole number of 0 or more, or "none" (POLICY_LIMIT_NONE). */
static int parse_limit_value(long long *out, const cJSON *value, const char *what,
			     const char *kind, const char *key, char *message, size_t size)
{
	double number;

	if (cJSON_IsString(value) && strcmp(value->valuestring, "none") == 0) {
		*out = POLICY_LIMIT_NONE;
		return 0;
	}
	if (!cJSON_IsNumber(value) || value->valuedouble < 0 ||
	    value->valuedouble != (double)(long long)value->valuedouble) {
		snprintf(message, size,
			 "%s%s%s.%s must be a whole number of 0 or more, or \"none\" for no limit",
			 what, kind ? "." : "", kind ? kind : "", key);
		return ASSAY_EPOLICY;
	}
	number = value->valuedouble;
	/* A double at or above 2^63 does not fit; such a limit is never reached anyway. */
	*out = number >= 9223372036854775807.0 ? INT64_MAX : (long long)number;
	return 0;
}

/* Read one severity's limit of `kind` into `out`, rejecting a second value for it. */
static int parse_one_limit(policy_limits *out, int kind, const cJSON *item, const char *what,
			   char *message, size_t size)
{
	const char *kind_name = kind == ASSAY_KIND_VULNERABILITY ? NULL
								  : assay_kind_name((assay_kind)kind);
	int position = limit_position(item->string);

	if (position < 0) {
		snprintf(message, size,
			 "%s%s%s: unknown key '%s'; expected critical, high, medium, low%s", what,
			 kind_name ? "." : "", kind_name ? kind_name : "", item->string,
			 kind_name ? ""
				   : " or a kind (vulnerability, misconfiguration, secret, license)");
		return ASSAY_EPOLICY;
	}
	if (out->set[kind][position]) {
		snprintf(message, size, "%s: the %s limit of %s is set twice", what,
			 limit_names[position], assay_kind_name((assay_kind)kind));
		return ASSAY_EPOLICY;
	}
	if (parse_limit_value(&out->value[kind][position], item, what, kind_name,
			      limit_names[position], message, size) != 0) {
		return ASSAY_EPOLICY;
	}
	out->set[kind][position] = true;
	return 0;
}

/* Whether `json` is a table of named keys; {} converts to an empty list and counts too. */
static bool is_table(const cJSON *json)
{
	return cJSON_IsObject(json) || (cJSON_IsArray(json) && !json->child);
}

int policy_limits_parse(policy_limits *out, const cJSON *json, const char *what, char *message,
			size_t size)
{
	const cJSON *item;
	const cJSON *limit;
	int kind;

	memset(out, 0, sizeof(*out));
	if (!is_table(json)) {
		snprintf(message, size,
			 "%s must be a table like {critical = 0, high = 5, secret = {high = 0}}",
			 what);
		return ASSAY_EPOLICY;
	}
	cJSON_ArrayForEach(item, json) {
		kind = kind_position(item->string);
		if (kind < 0) {
			if (parse_one_limit(out, ASSAY_KIND_VULNERABILITY, item, what, message,
					    size) != 0) {
				return ASSAY_EPOLICY;
			}
			continue;
		}
		if (!is_table(item)) {
			snprintf(message, size, "%s.%s must be a table like {critical = 0, high = 5}",
				 what, item->string);
			return ASSAY_EPOLICY;
		}
		cJSON_ArrayForEach(limit, item) {
			if (parse_one_limit(out, kind, limit, what, message, size) != 0) {
				return ASSAY_EPOLICY;
			}
		}
	}
	return 0;
}

/* The run option of a limit: threshold-high for vulnerabilities, threshold.secret.high otherwise. */
static void limit_option_name(char *out, size_t size, int kind, int position)
{
	if (kind == ASSAY_KIND_VULNERABILITY) {
		snprintf(out, size, "threshold-%s", limit_names[position]);
	} else {
		snprintf(out, size, "threshold.%s.%s", assay_kind_name((assay_kind)kind),
			 limit_names[position]);
	}
}

/* Parse a limit option as the thresholds analyzer does: digits, or "none". */
static bool parse_option_limit(long long *out, const char *text)
{
	long long value = 0;
	const char *c;

	if (!text || !*text) {
		return false;
	}
	if (strcmp(text, "none") == 0) {
		*out = POLICY_LIMIT_NONE;
		return true;
	}
	for (c = text; *c; c++) {
		if (*c < '0' || *c > '9') {
			return false;
		}
		value = value > (INT64_MAX - (*c - '0')) / 10 ? INT64_MAX : value * 10 + (*c - '0');
	}
	*out = value;
	return true;
}

/* Push a limit into Lua: an integer, or the string "none". */
static void push_limit(lua_State *L, long long value)
{
	if (value == POLICY_LIMIT_NONE) {
		lua_pushliteral(L, "none");
	} else {
		lua_pushinteger(L, value);
	}
}

/* Push the first non-empty of the environment variables `names`, or assay.null. */
static void push_first_env(lua_State *L, const char *const *names, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		const char *value = getenv(names[i]);

		if (value && *value) {
			lua_pushstring(L, value);
			return;
		}
	}
	policy_push_null(L);
}

/* Push the limits in force before thresholds_for: options, else the table, else the defaults. */
static void push_current_limits(policy *p)
{
	lua_State *L = p->L;
	const char *text;
	char name[64];
	assay_ctx ctx;
	long long value;
	int kind;
	int i;

	policy_ctx_init(&ctx, p);
	lua_createtable(L, 0, POLICY_LIMIT_SEVERITIES + ASSAY_KIND_COUNT - 1);
	for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
		bool any = false;

		lua_createtable(L, 0, POLICY_LIMIT_SEVERITIES);
		for (i = 0; i < POLICY_LIMIT_SEVERITIES; i++) {
			limit_option_name(name, sizeof(name), kind, i);
			text = assay_option_get(&ctx, name);
			if (text) {
				if (!parse_option_limit(&value, text)) {
					continue; /* invalid: the thresholds analyzer reports it */
				}
			} else if (p->table_limits.set[kind][i]) {
				value = p->table_limits.value[kind][i];
			} else if (kind == ASSAY_KIND_VULNERABILITY) {
				value = vulnerability_defaults[i];
			} else {
				continue;
			}
			push_limit(L, value);
			lua_setfield(L, kind == ASSAY_KIND_VULNERABILITY ? -3 : -2, limit_names[i]);
			any = true;
		}
		if (kind == ASSAY_KIND_VULNERABILITY || !any) {
			lua_pop(L, 1);
			continue;
		}
		policy_make_readonly(L, false);
		lua_setfield(L, -2, assay_kind_name((assay_kind)kind));
	}
	policy_make_readonly(L, false);
}

/*
 * Push the ctx argument of thresholds_for: the branch and target branch
 * from the CI's environment, the environment name, the image names and the
 * limits in force.
 */
static void push_threshold_context(policy *p)
{
	static const char *const branch_vars[] = {"GITHUB_HEAD_REF", "GITHUB_REF_NAME",
						  "CI_COMMIT_REF_NAME", "BRANCH_NAME"};
	static const char *const target_vars[] = {"GITHUB_BASE_REF",
						  "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
						  "CHANGE_TARGET"};
	lua_State *L = p->L;
	const char *environment;
	assay_ctx ctx;
	size_t i;

	policy_ctx_init(&ctx, p);
	lua_createtable(L, 0, 5);
	push_first_env(L, branch_vars, sizeof(branch_vars) / sizeof(*branch_vars));
	lua_setfield(L, -2, "branch");
	push_first_env(L, target_vars, sizeof(target_vars) / sizeof(*target_vars));
	lua_setfield(L, -2, "target_branch");
	environment = assay_option_get(&ctx, "environment");
	if (!environment || !*environment) {
		environment = getenv("ASSAY_ENVIRONMENT");
	}
	policy_push_string(L, environment && *environment ? environment : NULL);
	lua_setfield(L, -2, "environment");
	lua_createtable(L, (int)assay_image_count(&ctx), 0);
	for (i = 0; i < assay_image_count(&ctx); i++) {
		lua_pushstring(L, assay_image_at(&ctx, i)->name);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	policy_make_readonly(L, true);
	lua_setfield(L, -2, "images");
	push_current_limits(p);
	lua_setfield(L, -2, "thresholds");
	policy_make_readonly(L, false);
}

/* What run_thresholds_for leaves behind: the definition site of the hook. */
typedef struct {
	policy *p;
	char where[600];
	bool returned_nil;
} thresholds_call;

/* Protected: call thresholds_for(summary, ctx) and convert its result into p->building. */
static int run_thresholds_for(lua_State *L)
{
	thresholds_call *call = lua_touserdata(L, 1);
	policy *p = call->p;
	int n;

	policy_set_context(p, "thresholds_for");
	policy_hook_location(p, POLICY_HOOK_THRESHOLDS_FOR, call->where, sizeof(call->where));
	lua_settop(L, 1);
	policy_push_hook(p, POLICY_HOOK_THRESHOLDS_FOR);
	policy_push_summary(L, p);
	push_threshold_context(p);
	lua_call(L, 2, LUA_MULTRET);
	n = lua_gettop(L) - 1;
	if (n == 0 || (n == 1 && lua_isnil(L, 2))) {
		call->returned_nil = true;
		return 0;
	}
	if (n != 1 || !lua_istable(L, 2)) {
		return policy_raise(L,
				    "%s: thresholds_for returned %d value(s) starting with a %s; "
				    "expected nothing or one table like {critical = 0, high = 5}",
				    call->where, n, luaL_typename(L, 2));
	}
	policy_to_json(L, p, 2, "thresholds_for()");
	return 0;
}

/*
 * Set the limit options by precedence: a limit thresholds_for returned,
 * else an option the command line set, else the `thresholds` table. A
 * limit that none of them sets keeps the analyzer's default.
 */
static int apply_limits(policy *p, const policy_limits *from_hook)
{
	char name[64];
	char value[32];
	assay_ctx ctx;
	const char *origin;
	int kind;
	int i;

	policy_ctx_init(&ctx, p);
	for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
		for (i = 0; i < POLICY_LIMIT_SEVERITIES; i++) {
			long long limit;

			limit_option_name(name, sizeof(name), kind, i);
			if (from_hook->set[kind][i]) {
				limit = from_hook->value[kind][i];
				origin = "thresholds_for";
			} else if (p->table_limits.set[kind][i] && !assay_option_get(&ctx, name)) {
				limit = p->table_limits.value[kind][i];
				origin = "the thresholds table";
			} else {
				continue;
			}
			if (limit == POLICY_LIMIT_NONE) {
				snprintf(value, sizeof(value), "none");
			} else {
				snprintf(value, sizeof(value), "%lld", limit);
			}
			if (assay_run_set_option(p->run, name, value) != 0) {
				return ASSAY_ENOMEM;
			}
			run_log(p->run, ASSAY_LOG_INFO, NULL, "%s: %s = %s (from %s)", p->path, name,
				value, origin);
		}
	}
	return 0;
}

int policy_stage_thresholds(policy *p)
{
	policy_limits from_hook;
	thresholds_call call;
	char message[768];
	int err = 0;

	memset(&from_hook, 0, sizeof(from_hook));
	memset(&call, 0, sizeof(call));
	call.p = p;
	if (p->hooks[POLICY_HOOK_THRESHOLDS_FOR] != LUA_NOREF) {
		cJSON_Delete(p->building);
		p->building = NULL;
		err = policy_run(p, run_thresholds_for, &call);
		if (!err && !call.returned_nil &&
		    policy_limits_parse(&from_hook, p->building, "thresholds_for()", message,
					sizeof(message)) != 0) {
			err = run_error(p->run, ASSAY_EPOLICY, "%s: %s", call.where, message);
		}
		cJSON_Delete(p->building);
		p->building = NULL;
	}
	if (!err) {
		err = apply_limits(p, &from_hook);
	}
	return err;
}

