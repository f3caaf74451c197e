/* SPDX-License-Identifier: Apache-2.0 */
/* Values that cross into Lua: assay.null, read-only proxies, findings and the assay table. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy_lua.h"

#define FINDING_METATABLE "assay.finding"
#define LIST_METATABLE "assay.list"

/* assay.null is a light userdata pointing here: unique, immutable, and equal only to itself. */
static const char null_sentinel = 0;

void policy_push_null(lua_State *L)
{
	lua_pushlightuserdata(L, (void *)&null_sentinel);
}

bool policy_is_null(lua_State *L, int index)
{
	return lua_type(L, index) == LUA_TLIGHTUSERDATA && lua_touserdata(L, index) == &null_sentinel;
}

void policy_push_string(lua_State *L, const char *value)
{
	if (value) {
		lua_pushstring(L, value);
	} else {
		policy_push_null(L);
	}
}

/* ---- Read-only proxies ---- */

int policy_readonly_newindex(lua_State *L)
{
	return luaL_error(L, "assay data is read-only; copy it into a table of your own to change "
			     "it");
}

/* Push the table a read-only proxy at `index` stands for. */
void policy_push_proxied(lua_State *L, int index)
{
	lua_getmetatable(L, index);
	lua_pushliteral(L, "__index");
	lua_rawget(L, -2);
	lua_remove(L, -2);
}

static int readonly_len(lua_State *L)
{
	policy_push_proxied(L, 1);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
	return 1;
}

static int readonly_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (lua_next(L, 1)) {
		return 2;
	}
	lua_pushnil(L);
	return 1;
}

/* pairs(proxy) walks the proxied table. */
static int readonly_pairs(lua_State *L)
{
	lua_pushcfunction(L, readonly_next);
	policy_push_proxied(L, 1);
	lua_pushnil(L);
	return 3;
}

/*
 * The metatable of each proxy stores the proxied table as __index, so reads
 * go through and nothing can be written. __metatable hides it from
 * getmetatable and blocks setmetatable.
 */
void policy_make_readonly(lua_State *L, bool is_list)
{
	lua_createtable(L, 0, 0);
	lua_createtable(L, 0, 7);
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, policy_readonly_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, readonly_len);
	lua_setfield(L, -2, "__len");
	lua_pushcfunction(L, readonly_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushboolean(L, 1);
	lua_setfield(L, -2, "__assay_readonly");
	if (is_list) {
		lua_pushboolean(L, 1);
		lua_setfield(L, -2, "__assay_list");
	}
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_replace(L, -2);
}

/* Whether the metatable of the value at `index` has a true raw field `name`. */
bool policy_has_marker(lua_State *L, int index, const char *name)
{
	bool marked;

	if (!lua_getmetatable(L, index)) {
		return false;
	}
	lua_pushstring(L, name);
	lua_rawget(L, -2);
	marked = lua_toboolean(L, -1);
	lua_pop(L, 2);
	return marked;
}

void policy_push_strlist(lua_State *L, const assay_strlist *list)
{
	size_t i;

	lua_createtable(L, (int)list->count, 0);
	for (i = 0; i < list->count; i++) {
		lua_pushstring(L, list->items[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	policy_make_readonly(L, true);
}

/* ---- Findings ---- */

/* Fields that need more than a string or a list. */
typedef enum {
	SPECIAL_NONE,
	SPECIAL_KIND,
	SPECIAL_SEVERITY,
	SPECIAL_ORIGINAL_SEVERITY,
	SPECIAL_DISAGREEMENT,
	SPECIAL_FIXED_VERSION,
	SPECIAL_FIX_STATE,
	SPECIAL_START_LINE,
	SPECIAL_END_LINE,
	SPECIAL_CVSS,
	SPECIAL_KNOWN_EXPLOITED,
	SPECIAL_EPSS,
	SPECIAL_EPSS_PERCENTILE,
	SPECIAL_IGNORED,
	SPECIAL_IGNORE,
	SPECIAL_BASELINE,
	SPECIAL_FINGERPRINT
} special_field;

typedef enum { SHAPE_TEXT, SHAPE_LIST, SHAPE_SPECIAL } field_shape;

typedef struct {
	const char *name;
	field_shape shape;
	size_t offset; /* of the string or list in assay_finding */
	special_field special;
} field_spec;

#define TEXT(name, member) {name, SHAPE_TEXT, offsetof(assay_finding, member), SPECIAL_NONE}
#define LIST(name, member) {name, SHAPE_LIST, offsetof(assay_finding, member), SPECIAL_NONE}
#define SPECIAL(name, which) {name, SHAPE_SPECIAL, 0, which}

/* The fields of a finding in Lua: the keys and order of a finding in the JSON output. */
static const field_spec finding_fields[] = {
	TEXT("id", id),
	SPECIAL("kind", SPECIAL_KIND),
	SPECIAL("severity", SPECIAL_SEVERITY),
	SPECIAL("original_severity", SPECIAL_ORIGINAL_SEVERITY),
	TEXT("severity_reason", severity_reason),
	TEXT("raw_severity", raw_severity),
	SPECIAL("severity_disagreement", SPECIAL_DISAGREEMENT),
	LIST("aliases", aliases),
	TEXT("package", pkg_name),
	TEXT("version", pkg_version),
	SPECIAL("fixed_version", SPECIAL_FIXED_VERSION),
	LIST("fixed_versions", fixed_versions),
	SPECIAL("fix_state", SPECIAL_FIX_STATE),
	TEXT("package_type", pkg_type),
	TEXT("purl", purl),
	TEXT("package_path", pkg_path),
	TEXT("target", target),
	TEXT("image", image),
	TEXT("layer", layer),
	TEXT("file", file),
	SPECIAL("start_line", SPECIAL_START_LINE),
	SPECIAL("end_line", SPECIAL_END_LINE),
	TEXT("title", title),
	TEXT("description", description),
	TEXT("message", message),
	TEXT("resolution", resolution),
	TEXT("category", category),
	TEXT("primary_url", primary_url),
	LIST("urls", urls),
	SPECIAL("cvss", SPECIAL_CVSS),
	LIST("cwes", cwes),
	TEXT("published", published),
	SPECIAL("known_exploited", SPECIAL_KNOWN_EXPLOITED),
	SPECIAL("epss", SPECIAL_EPSS),
	SPECIAL("epss_percentile", SPECIAL_EPSS_PERCENTILE),
	LIST("scanners", scanners),
	LIST("tags", tags),
	SPECIAL("ignored", SPECIAL_IGNORED),
	SPECIAL("ignore", SPECIAL_IGNORE),
	SPECIAL("baseline", SPECIAL_BASELINE),
	SPECIAL("fingerprint", SPECIAL_FINGERPRINT),
};

#define FINDING_FIELD_COUNT (sizeof(finding_fields) / sizeof(*finding_fields))

void policy_set_text(lua_State *L, const char *key, const char *value)
{
	policy_push_string(L, value);
	lua_setfield(L, -2, key);
}

/* A number, or assay.null when it is below zero (the model's "unknown"). */
void policy_push_number_or_null(lua_State *L, double value)
{
	if (value >= 0) {
		lua_pushnumber(L, value);
	} else {
		policy_push_null(L);
	}
}

/* true for 1, false for 0, assay.null for the model's -1. */
void policy_push_tristate(lua_State *L, int value)
{
	if (value == 0 || value == 1) {
		lua_pushboolean(L, value);
	} else {
		policy_push_null(L);
	}
}

static void push_line(lua_State *L, int line)
{
	if (line > 0) {
		lua_pushinteger(L, line);
	} else {
		policy_push_null(L);
	}
}

static void push_cvss(lua_State *L, const assay_finding *f)
{
	size_t i;

	lua_createtable(L, (int)f->cvss_count, 0);
	for (i = 0; i < f->cvss_count; i++) {
		const assay_cvss *cvss = &f->cvss[i];

		lua_createtable(L, 0, 7);
		policy_set_text(L, "source", cvss->source);
		policy_push_number_or_null(L, cvss->v2_score);
		lua_setfield(L, -2, "v2_score");
		policy_set_text(L, "v2_vector", cvss->v2_vector);
		policy_push_number_or_null(L, cvss->v3_score);
		lua_setfield(L, -2, "v3_score");
		policy_set_text(L, "v3_vector", cvss->v3_vector);
		policy_push_number_or_null(L, cvss->v4_score);
		lua_setfield(L, -2, "v4_score");
		policy_set_text(L, "v4_vector", cvss->v4_vector);
		policy_make_readonly(L, false);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	policy_make_readonly(L, true);
}

/* The fixed versions joined with ", " like the JSON output's fixed_version, or assay.null. */
static void push_fixed_version(lua_State *L, const assay_finding *f)
{
	luaL_Buffer buffer;
	size_t i;

	if (f->fixed_versions.count == 0) {
		policy_push_null(L);
		return;
	}
	luaL_buffinit(L, &buffer);
	for (i = 0; i < f->fixed_versions.count; i++) {
		if (i > 0) {
			luaL_addstring(&buffer, ", ");
		}
		luaL_addstring(&buffer, f->fixed_versions.items[i]);
	}
	luaL_pushresult(&buffer);
}

static void push_ignore(lua_State *L, const assay_finding *f)
{
	if (!f->ignored) {
		policy_push_null(L);
		return;
	}
	lua_createtable(L, 0, 4);
	policy_set_text(L, "rule", f->ignore_rule);
	policy_set_text(L, "reason", f->ignore_reason);
	policy_set_text(L, "source", f->ignore_source);
	policy_set_text(L, "expires", f->ignore_expires);
	policy_make_readonly(L, false);
}

static void push_special(lua_State *L, const assay_finding *f, special_field which)
{
	switch (which) {
	case SPECIAL_NONE: policy_push_null(L); return;
	case SPECIAL_KIND: lua_pushstring(L, assay_kind_name(f->kind)); return;
	case SPECIAL_SEVERITY: lua_pushstring(L, assay_severity_name(f->severity)); return;
	case SPECIAL_ORIGINAL_SEVERITY:
		lua_pushstring(L, assay_severity_name(f->original_severity));
		return;
	case SPECIAL_DISAGREEMENT: lua_pushboolean(L, f->severity_disagreement); return;
	case SPECIAL_FIXED_VERSION: push_fixed_version(L, f); return;
	case SPECIAL_FIX_STATE: lua_pushstring(L, assay_fix_state_name(f->fix_state)); return;
	case SPECIAL_START_LINE: push_line(L, f->start_line); return;
	case SPECIAL_END_LINE: push_line(L, f->end_line); return;
	case SPECIAL_CVSS: push_cvss(L, f); return;
	case SPECIAL_KNOWN_EXPLOITED: policy_push_tristate(L, f->known_exploited); return;
	case SPECIAL_EPSS: policy_push_number_or_null(L, f->epss); return;
	case SPECIAL_EPSS_PERCENTILE: policy_push_number_or_null(L, f->epss_percentile); return;
	case SPECIAL_IGNORED: lua_pushboolean(L, f->ignored); return;
	case SPECIAL_IGNORE: push_ignore(L, f); return;
	case SPECIAL_BASELINE:
		policy_push_string(L, f->baseline == ASSAY_BASELINE_NEW     ? "new"
				      : f->baseline == ASSAY_BASELINE_KNOWN ? "known"
									    : NULL);
		return;
	case SPECIAL_FINGERPRINT: lua_pushstring(L, f->fingerprint); return;
	}
	policy_push_null(L);
}

static void push_field(lua_State *L, const assay_finding *f, size_t field)
{
	const field_spec *spec = &finding_fields[field];
	const char *base = (const char *)f;

	switch (spec->shape) {
	case SHAPE_TEXT:
		policy_push_string(L, *(const char *const *)(const void *)(base + spec->offset));
		return;
	case SHAPE_LIST:
		policy_push_strlist(L, (const assay_strlist *)(const void *)(base + spec->offset));
		return;
	case SHAPE_SPECIAL:
		push_special(L, f, spec->special);
		return;
	}
}

/* The position of field `key` (upvalue 1 maps names to positions), or raise. */
static size_t field_position(lua_State *L, int key)
{
	size_t position;

	if (lua_type(L, key) != LUA_TSTRING) {
		luaL_error(L, "finding fields are named by strings, not by a %s",
			   luaL_typename(L, key));
	}
	lua_pushvalue(L, key);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNUMBER) {
		luaL_error(L, "finding has no field '%s'; docs/policy.md lists the fields",
			   lua_tostring(L, key));
	}
	position = (size_t)lua_tointeger(L, -1);
	lua_pop(L, 1);
	return position;
}

static const assay_finding *check_finding(lua_State *L, int index)
{
	const assay_finding **slot = luaL_checkudata(L, index, FINDING_METATABLE);

	return *slot;
}

static int finding_index(lua_State *L)
{
	const assay_finding *f = check_finding(L, 1);

	push_field(L, f, field_position(L, 2));
	return 1;
}

static int finding_newindex(lua_State *L)
{
	return luaL_error(L, "finding fields are read-only; return \"ignore\" or \"severity\" from "
			     "on_finding to change a finding");
}

/* The iterator of pairs(finding): fields in the documented order. */
static int finding_next(lua_State *L)
{
	const assay_finding *f = check_finding(L, 1);
	size_t next = lua_isnil(L, 2) ? 0 : field_position(L, 2) + 1;

	if (next >= FINDING_FIELD_COUNT) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushstring(L, finding_fields[next].name);
	push_field(L, f, next);
	return 2;
}

static int finding_pairs(lua_State *L)
{
	check_finding(L, 1);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushcclosure(L, finding_next, 1);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static int finding_tostring(lua_State *L)
{
	const assay_finding *f = check_finding(L, 1);

	lua_pushfstring(L, "finding %s", f->id ? f->id : "?");
	return 1;
}

/* Two proxies of one finding are equal, though each access makes a new userdata. */
static int finding_eq(lua_State *L)
{
	const assay_finding **a = luaL_testudata(L, 1, FINDING_METATABLE);
	const assay_finding **b = luaL_testudata(L, 2, FINDING_METATABLE);

	lua_pushboolean(L, a && b && *a == *b);
	return 1;
}

void policy_push_finding(lua_State *L, const assay_finding *finding)
{
	const assay_finding **slot = lua_newuserdatauv(L, sizeof(*slot), 0);

	*slot = finding;
	luaL_setmetatable(L, FINDING_METATABLE);
}

/* Create the metatable of findings; its functions share the name-to-position map. */
static void open_finding_metatable(lua_State *L)
{
	size_t i;

	luaL_newmetatable(L, FINDING_METATABLE);
	lua_createtable(L, 0, (int)FINDING_FIELD_COUNT);
	for (i = 0; i < FINDING_FIELD_COUNT; i++) {
		lua_pushinteger(L, (lua_Integer)i);
		lua_setfield(L, -2, finding_fields[i].name);
	}
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, finding_index, 1);
	lua_setfield(L, -3, "__index");
	lua_pushcclosure(L, finding_pairs, 1);
	lua_setfield(L, -2, "__pairs");
	lua_pushcfunction(L, finding_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, finding_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushcfunction(L, finding_eq);
	lua_setfield(L, -2, "__eq");
	lua_pushliteral(L, FINDING_METATABLE);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
}

/* ---- The assay table ---- */

static int lua_assay_is_null(lua_State *L)
{
	lua_pushboolean(L, policy_is_null(L, 1));
	return 1;
}

static int lua_assay_is_list(lua_State *L)
{
	lua_pushboolean(L, lua_istable(L, 1) && policy_has_marker(L, 1, "__assay_list"));
	return 1;
}

/* assay.list([t]): mark `t` (or a new table) as a list, so that an empty one converts to []. */
static int lua_assay_list(lua_State *L)
{
	if (lua_isnoneornil(L, 1)) {
		lua_settop(L, 0);
		lua_newtable(L);
	}
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	if (lua_getmetatable(L, 1)) {
		return luaL_error(L, "assay.list: the table already has a metatable");
	}
	luaL_setmetatable(L, LIST_METATABLE);
	return 1;
}

/* assay.severity_rank(name): 4 for CRITICAL down to 0 for UNKNOWN, to compare severities. */
static int lua_assay_severity_rank(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	int severity;

	for (severity = ASSAY_SEVERITY_UNKNOWN; severity <= ASSAY_SEVERITY_CRITICAL; severity++) {
		if (strcasecmp(name, assay_severity_name((assay_severity)severity)) == 0) {
			lua_pushinteger(L, severity);
			return 1;
		}
	}
	return luaL_error(L,
			  "assay.severity_rank: unknown severity '%s'; expected CRITICAL, HIGH, "
			  "MEDIUM, LOW or UNKNOWN",
			  name);
}

static int null_index(lua_State *L)
{
	return luaL_error(L, "attempt to index assay.null (the value is missing; compare it with "
			     "assay.null first)");
}

static int null_tostring(lua_State *L)
{
	lua_pushliteral(L, "assay.null");
	return 1;
}

void policy_convert_open(lua_State *L)
{
	static const luaL_Reg functions[] = {{"is_null", lua_assay_is_null},
					     {"is_list", lua_assay_is_list},
					     {"list", lua_assay_list},
					     {"severity_rank", lua_assay_severity_rank},
					     {NULL, NULL}};

	open_finding_metatable(L);
	luaL_newmetatable(L, LIST_METATABLE);
	lua_pushboolean(L, 1);
	lua_setfield(L, -2, "__assay_list");
	lua_pop(L, 1);

	/* Light userdata share one metatable; assay.null is the only one a policy can reach. */
	policy_push_null(L);
	lua_createtable(L, 0, 3);
	lua_pushcfunction(L, null_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, null_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushliteral(L, "assay.null");
	lua_setfield(L, -2, "__name");
	lua_setmetatable(L, -2);
	lua_pop(L, 1);

	luaL_newlib(L, functions);
	policy_push_null(L);
	lua_setfield(L, -2, "null");
	lua_pushstring(L, assay_version());
	lua_setfield(L, -2, "version");
	lua_setglobal(L, "assay");
}
