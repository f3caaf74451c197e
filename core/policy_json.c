/* SPDX-License-Identifier: Apache-2.0 */
/* Policy values into JSON: what assay_policy_value returns and thresholds_for's limits. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "policy_lua.h"

/* Deepest table nesting policy_to_json converts; deeper usually means a table contains itself. */
#define MAX_JSON_DEPTH 64

typedef struct {
	lua_State *L;
	policy *p;
	char path[512]; /* where in the value the conversion is, e.g. "ignore[2].reason" */
	size_t path_len;
} converter;

static void convert_value(converter *c, int index, cJSON *parent, const char *key, int depth);

static int convert_error(converter *c, const char *fmt, ...) ASSAY_PRINTF(2, 3);

/* Raise "POLICY: PATH: message" for a value that cannot become JSON. */
static int convert_error(converter *c, const char *fmt, ...)
{
	char message[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return policy_raise(c->L, "%s: %s: %s", c->p->path, c->path, message);
}

/* Append ".key", or "[n]" when `key` is NULL, to the path; returns the length to restore. */
static size_t path_push(converter *c, const char *key, lua_Integer position)
{
	size_t saved = c->path_len;
	int written;

	if (key) {
		written = snprintf(c->path + saved, sizeof(c->path) - saved, ".%s", key);
	} else {
		written = snprintf(c->path + saved, sizeof(c->path) - saved, "[%lld]",
				   (long long)position);
	}
	if (written > 0) {
		c->path_len += (size_t)written;
		if (c->path_len >= sizeof(c->path)) {
			c->path_len = sizeof(c->path) - 1;
		}
	}
	return saved;
}

static void path_pop(converter *c, size_t saved)
{
	c->path_len = saved;
	c->path[saved] = '\0';
}

/* Attach `item` to `parent` (or make it the result); raise when out of memory. */
static void attach(converter *c, cJSON *parent, const char *key, cJSON *item)
{
	bool added;

	if (!item) {
		policy_raise(c->L, "%s: out of memory while converting %s", c->p->path, c->path);
	}
	if (!parent) {
		c->p->building = item;
		return;
	}
	added = key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item);
	if (!added) {
		cJSON_Delete(item);
		policy_raise(c->L, "%s: out of memory while converting %s", c->p->path, c->path);
	}
}

static cJSON *convert_string(converter *c, int index)
{
	size_t len = 0;
	const char *text = lua_tolstring(c->L, index, &len);

	if (strlen(text) != len) {
		convert_error(c, "%s", "a string contains a NUL byte, which JSON text cannot carry");
	}
	if (!policy_utf8_valid(text, len)) {
		convert_error(c, "%s", "a string is not valid UTF-8");
	}
	return cJSON_CreateString(text);
}

static cJSON *convert_number(converter *c, int index)
{
	double value;

	if (lua_isinteger(c->L, index)) {
		return cJSON_CreateNumber((double)lua_tointeger(c->L, index));
	}
	value = lua_tonumber(c->L, index);
	if (!isfinite(value)) {
		convert_error(c, "%s", "a number is not finite (NaN or infinity), which JSON cannot "
				       "hold");
	}
	return cJSON_CreateNumber(value);
}

/*
 * Decide whether the table at `table` is a JSON array. It is when every key
 * is a position 1..n without holes, or when it is empty. It is an object
 * when every key is a string. Anything else raises. `marked` is the
 * result of assay.is_list.
 */
static bool classify_table(converter *c, int table, bool marked, size_t *count)
{
	lua_State *L = c->L;
	size_t total = 0;
	size_t strings = 0;
	lua_Integer largest = 0;

	lua_pushnil(L);
	while (lua_next(L, table)) {
		total++;
		if (lua_type(L, -2) == LUA_TSTRING) {
			strings++;
		} else if (lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 1) {
			if (lua_tointeger(L, -2) > largest) {
				largest = lua_tointeger(L, -2);
			}
		} else {
			convert_error(c, "a key is a %s; keys must be strings, or the positions 1..n "
					 "of a list",
				      luaL_typename(L, -2));
		}
		lua_pop(L, 1);
	}
	if (strings > 0 && strings < total) {
		convert_error(c, "%s", "a table mixes list items and named keys");
	}
	if (strings > 0 && marked) {
		convert_error(c, "%s", "a table marked with assay.list has named keys");
	}
	if (strings == 0 && (size_t)largest != total) {
		convert_error(c, "%s", "a list has holes (nil between items), which JSON arrays "
				       "cannot have");
	}
	*count = total;
	return strings == 0;
}

/* Push the real table behind a read-only proxy at `index`, or the value itself; raise for report.findings. */
static int resolve_table(converter *c, int index)
{
	lua_State *L = c->L;

	if (!policy_has_marker(L, index, "__assay_readonly")) {
		lua_pushvalue(L, index);
		return lua_gettop(L);
	}
	policy_push_proxied(L, index);
	if (!lua_istable(L, -1)) {
		convert_error(c, "%s", "a list of findings cannot be converted to JSON");
	}
	return lua_gettop(L);
}

static int compare_keys(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a;
	const cJSON *y = *(const cJSON *const *)b;

	return strcmp(x->string, y->string);
}

/* Sort the members of an object by key: Lua's table order is not stable from run to run. */
static void sort_object(converter *c, cJSON *object, size_t count)
{
	cJSON **members;
	cJSON *member;
	size_t i = 0;

	if (count < 2) {
		return;
	}
	members = malloc(count * sizeof(*members));
	if (!members) {
		policy_raise(c->L, "%s: out of memory while converting %s", c->p->path, c->path);
		return;
	}
	for (member = object->child; member && i < count; member = member->next) {
		members[i++] = member;
	}
	qsort(members, i, sizeof(*members), compare_keys);
	object->child = members[0];
	for (count = i, i = 0; i < count; i++) {
		members[i]->prev = i == 0 ? members[count - 1] : members[i - 1];
		members[i]->next = i + 1 < count ? members[i + 1] : NULL;
	}
	free(members);
}

static void convert_table(converter *c, int index, cJSON *parent, const char *key, int depth)
{
	lua_State *L = c->L;
	int top = lua_gettop(L);
	bool marked = policy_has_marker(L, index, "__assay_list");
	size_t count = 0;
	size_t saved;
	lua_Integer i;
	cJSON *item;
	int table;

	if (depth >= MAX_JSON_DEPTH) {
		convert_error(c, "tables are nested more than %d levels deep (does a table contain "
				 "itself?)",
			      MAX_JSON_DEPTH);
	}
	luaL_checkstack(L, 8, "policy value nested too deep");
	table = resolve_table(c, index);
	if (classify_table(c, table, marked, &count)) {
		item = cJSON_CreateArray();
		attach(c, parent, key, item);
		for (i = 1; i <= (lua_Integer)count; i++) {
			lua_rawgeti(L, table, i);
			saved = path_push(c, NULL, i);
			convert_value(c, lua_gettop(L), item, NULL, depth + 1);
			path_pop(c, saved);
			lua_pop(L, 1);
		}
	} else {
		item = cJSON_CreateObject();
		attach(c, parent, key, item);
		lua_pushnil(L);
		while (lua_next(L, table)) {
			size_t len = 0;
			const char *name = lua_tolstring(L, -2, &len);

			saved = path_push(c, name, 0);
			if (strlen(name) != len || !policy_utf8_valid(name, len)) {
				convert_error(c, "%s", "a key contains a NUL byte or is not UTF-8");
			}
			convert_value(c, lua_gettop(L), item, name, depth + 1);
			path_pop(c, saved);
			lua_pop(L, 1);
		}
		sort_object(c, item, count);
	}
	lua_settop(L, top);
}

static void convert_value(converter *c, int index, cJSON *parent, const char *key, int depth)
{
	lua_State *L = c->L;
	cJSON *item = NULL;

	switch (lua_type(L, index)) {
	case LUA_TBOOLEAN:
		item = cJSON_CreateBool(lua_toboolean(L, index));
		break;
	case LUA_TNUMBER:
		item = convert_number(c, index);
		break;
	case LUA_TSTRING:
		item = convert_string(c, index);
		break;
	case LUA_TTABLE:
		convert_table(c, index, parent, key, depth);
		return;
	case LUA_TLIGHTUSERDATA:
		if (policy_is_null(L, index)) {
			item = cJSON_CreateNull();
			break;
		}
		convert_error(c, "%s", "a light userdata cannot be converted to JSON");
		return;
	default:
		convert_error(c, "a %s cannot be converted to JSON; use a string, number, boolean, "
				 "table or assay.null",
			      luaL_typename(L, index));
		return;
	}
	attach(c, parent, key, item);
}

void policy_to_json(lua_State *L, policy *p, int index, const char *what)
{
	converter c;

	c.L = L;
	c.p = p;
	c.path_len = (size_t)snprintf(c.path, sizeof(c.path), "%s", what);
	if (c.path_len >= sizeof(c.path)) {
		c.path_len = sizeof(c.path) - 1;
	}
	convert_value(&c, lua_absindex(L, index), NULL, NULL, 0);
}
