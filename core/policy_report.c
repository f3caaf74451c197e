/* SPDX-License-Identifier: Apache-2.0 */
/* The summary and report tables that thresholds_for, verdict and recommend receive. */
#include <string.h>

#include "policy_lua.h"

static void push_breakdown(lua_State *L, const size_t by_severity[ASSAY_SEVERITY_COUNT])
{
	int severity;

	lua_createtable(L, 0, ASSAY_SEVERITY_COUNT);
	for (severity = ASSAY_SEVERITY_CRITICAL; severity >= ASSAY_SEVERITY_UNKNOWN; severity--) {
		lua_pushinteger(L, (lua_Integer)by_severity[severity]);
		lua_setfield(L, -2, assay_severity_name((assay_severity)severity));
	}
	policy_make_readonly(L, false);
}

/* {total, ignored, severity_breakdown} of one scope. */
static void push_counts(lua_State *L, const assay_counts *counts)
{
	lua_createtable(L, 0, 3);
	lua_pushinteger(L, (lua_Integer)counts->total);
	lua_setfield(L, -2, "total");
	lua_pushinteger(L, (lua_Integer)counts->ignored);
	lua_setfield(L, -2, "ignored");
	push_breakdown(L, counts->by_severity);
	lua_setfield(L, -2, "severity_breakdown");
	policy_make_readonly(L, false);
}

/* Set the value on top into the table below it under `name`, or "name (2)" … when taken, like the JSON output. */
static void set_unique(lua_State *L, const char *name)
{
	int n = 2;

	lua_pushstring(L, name); /* table value key */
	for (;;) {
		lua_pushvalue(L, -1);
		if (lua_rawget(L, -4) == LUA_TNIL) {
			lua_pop(L, 1);
			break;
		}
		lua_pop(L, 2);
		lua_pushfstring(L, "%s (%d)", name, n++);
	}
	lua_insert(L, -2); /* table key value */
	lua_rawset(L, -3);
}

static void push_by_kind(lua_State *L, const assay_ctx *ctx)
{
	int kind;

	lua_createtable(L, 0, ASSAY_KIND_COUNT);
	for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
		assay_counts counts;

		assay_count(&counts, ctx, kind, NULL, NULL);
		push_counts(L, &counts);
		lua_setfield(L, -2, assay_kind_name((assay_kind)kind));
	}
	policy_make_readonly(L, false);
}

static void push_by_scanner_and_image(lua_State *L, const assay_ctx *ctx)
{
	assay_strlist names = assay_scanner_names(ctx);
	size_t i;

	lua_createtable(L, 0, (int)names.count);
	for (i = 0; i < names.count; i++) {
		assay_counts counts;

		assay_count(&counts, ctx, -1, NULL, names.items[i]);
		push_counts(L, &counts);
		set_unique(L, names.items[i]);
	}
	policy_make_readonly(L, false);
	lua_setfield(L, -2, "by_scanner");

	lua_createtable(L, 0, (int)assay_image_count(ctx));
	for (i = 0; i < assay_image_count(ctx); i++) {
		const assay_image *image = assay_image_at(ctx, i);
		assay_counts counts;

		assay_count(&counts, ctx, -1, image, NULL);
		push_counts(L, &counts);
		set_unique(L, image->name);
	}
	policy_make_readonly(L, false);
	lua_setfield(L, -2, "by_image");
}

void policy_push_summary(lua_State *L, policy *p)
{
	const assay_image *first;
	assay_counts vulnerabilities;
	assay_counts all;
	assay_ctx ctx;

	policy_ctx_init(&ctx, p);
	first = assay_image_count(&ctx) > 0 ? assay_image_at(&ctx, 0) : NULL;
	assay_count(&vulnerabilities, &ctx, ASSAY_KIND_VULNERABILITY, NULL, NULL);
	assay_count(&all, &ctx, -1, NULL, NULL);

	lua_createtable(L, 0, 9);
	lua_pushinteger(L, (lua_Integer)vulnerabilities.total);
	lua_setfield(L, -2, "total_vulnerabilities");
	push_breakdown(L, vulnerabilities.by_severity);
	lua_setfield(L, -2, "severity_breakdown");
	policy_set_text(L, "scan_time", first ? first->created_at : NULL);
	if (first && first->size >= 0) {
		lua_pushinteger(L, (lua_Integer)first->size);
	} else {
		policy_push_null(L);
	}
	lua_setfield(L, -2, "image_size");
	lua_pushinteger(L, (lua_Integer)all.total);
	lua_setfield(L, -2, "total_findings");
	lua_pushinteger(L, (lua_Integer)all.ignored);
	lua_setfield(L, -2, "ignored_findings");
	push_by_kind(L, &ctx);
	lua_setfield(L, -2, "by_kind");
	push_by_scanner_and_image(L, &ctx);
	policy_make_readonly(L, false);
}

static void push_image(lua_State *L, const assay_image *image)
{
	lua_createtable(L, 0, 12);
	policy_set_text(L, "name", image->name);
	policy_set_text(L, "image_id", image->image_id);
	policy_set_text(L, "artifact_type", image->artifact_type);
	lua_createtable(L, 0, 2);
	policy_set_text(L, "family", image->os_family);
	policy_set_text(L, "name", image->os_name);
	policy_make_readonly(L, false);
	lua_setfield(L, -2, "os");
	policy_push_strlist(L, &image->repo_tags);
	lua_setfield(L, -2, "repo_tags");
	policy_push_strlist(L, &image->repo_digests);
	lua_setfield(L, -2, "repo_digests");
	if (image->size >= 0) {
		lua_pushinteger(L, (lua_Integer)image->size);
	} else {
		policy_push_null(L);
	}
	lua_setfield(L, -2, "size");
	policy_set_text(L, "created_at", image->created_at);
	policy_set_text(L, "config_user", image->config_user);
	policy_push_tristate(L, image->has_healthcheck);
	lua_setfield(L, -2, "has_healthcheck");
	policy_push_strlist(L, &image->sources);
	lua_setfield(L, -2, "sources");
	policy_push_strlist(L, &image->scanners);
	lua_setfield(L, -2, "scanners");
	policy_make_readonly(L, false);
}

static void push_count_or_null(lua_State *L, long long value)
{
	if (value >= 0) {
		lua_pushinteger(L, (lua_Integer)value);
	} else {
		policy_push_null(L);
	}
}

static void push_checks(lua_State *L, const assay_run *run)
{
	size_t i;

	lua_createtable(L, (int)run->checks.count, 0);
	for (i = 0; i < run->checks.count; i++) {
		const check_node *node = run->checks.items[i];

		lua_createtable(L, 0, 7);
		policy_set_text(L, "name", node->pub.name);
		policy_set_text(L, "image", node->pub.image);
		lua_pushboolean(L, node->pub.passed);
		lua_setfield(L, -2, "passed");
		push_count_or_null(L, node->pub.count);
		lua_setfield(L, -2, "count");
		push_count_or_null(L, node->pub.limit);
		lua_setfield(L, -2, "limit");
		policy_set_text(L, "message", node->pub.message);
		policy_set_text(L, "source", node->source);
		policy_make_readonly(L, false);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	policy_make_readonly(L, true);
}

static void push_recommendations(lua_State *L, const assay_run *run)
{
	size_t i;

	lua_createtable(L, (int)run->recommendations.count, 0);
	for (i = 0; i < run->recommendations.count; i++) {
		const assay_recommendation *rec = run->recommendations.items[i];

		lua_createtable(L, 0, 4);
		policy_set_text(L, "category", rec->category);
		policy_set_text(L, "priority", rec->priority);
		policy_set_text(L, "text", rec->text);
		policy_set_text(L, "rationale", rec->rationale);
		policy_make_readonly(L, false);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	policy_make_readonly(L, true);
}

/* report.findings: a read-only list that makes each finding's proxy when it is read. */
static int findings_index(lua_State *L)
{
	const assay_run *run = policy_from_state(L)->run;
	int is_integer = 0;
	lua_Integer i = lua_tointegerx(L, 2, &is_integer);

	if (!is_integer || i < 1 || (lua_Unsigned)i > run->findings.count) {
		return 0;
	}
	policy_push_finding(L, &((const finding_node *)run->findings.items[i - 1])->pub);
	return 1;
}

static int findings_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)policy_from_state(L)->run->findings.count);
	return 1;
}

static int findings_next(lua_State *L)
{
	lua_Integer i = lua_isnil(L, 2) ? 1 : luaL_checkinteger(L, 2) + 1;

	lua_settop(L, 2);
	lua_pushinteger(L, i);
	if (findings_index(L) == 0) {
		lua_pushnil(L);
		return 1;
	}
	return 2;
}

static int findings_pairs(lua_State *L)
{
	lua_pushcfunction(L, findings_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static void push_findings(lua_State *L)
{
	lua_createtable(L, 0, 0);
	lua_createtable(L, 0, 7);
	lua_pushcfunction(L, findings_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, policy_readonly_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, findings_len);
	lua_setfield(L, -2, "__len");
	lua_pushcfunction(L, findings_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushboolean(L, 1);
	lua_setfield(L, -2, "__assay_readonly");
	lua_pushboolean(L, 1);
	lua_setfield(L, -2, "__assay_list");
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
}

void policy_push_report(lua_State *L, policy *p)
{
	const assay_run *run = p->run;
	size_t i;

	lua_createtable(L, 0, 7);
	push_findings(L);
	lua_setfield(L, -2, "findings");
	lua_createtable(L, (int)run->images.count, 0);
	for (i = 0; i < run->images.count; i++) {
		push_image(L, &((const image_node *)run->images.items[i])->pub);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	policy_make_readonly(L, true);
	lua_setfield(L, -2, "images");
	policy_push_summary(L, p);
	lua_setfield(L, -2, "summary");
	push_checks(L, run);
	lua_setfield(L, -2, "checks");
	push_recommendations(L, run);
	lua_setfield(L, -2, "recommendations");
	policy_push_strlist(L, &run->scanner_list);
	lua_setfield(L, -2, "scanners");
	lua_pushboolean(L, assay_run_gate_passed(run));
	lua_setfield(L, -2, "passes_threshold");
	policy_make_readonly(L, false);
}
