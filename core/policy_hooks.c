/* SPDX-License-Identifier: Apache-2.0 */
/* The policy's hooks at each stage: on_finding, verdict and recommend; thresholds are in policy_thresholds.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy_lua.h"

/* Map a severity word to its exact severity, case-insensitively; false for anything else. */
static bool parse_severity_exact(assay_severity *out, const char *word)
{
	int severity;

	for (severity = ASSAY_SEVERITY_UNKNOWN; severity <= ASSAY_SEVERITY_CRITICAL; severity++) {
		if (strcasecmp(word, assay_severity_name((assay_severity)severity)) == 0) {
			*out = (assay_severity)severity;
			return true;
		}
	}
	return false;
}

/* ---- on_finding ---- */

/* Raise "FILE:LINE: HOOK <message>", the line being where the hook is defined. */
static int hook_error(policy *p, int hook, const char *message)
{
	char where[600];

	/* The message names the hook already; only a finding's id adds to it. */
	if (hook != POLICY_HOOK_ON_FINDING) {
		p->context[0] = '\0';
	}
	policy_hook_location(p, hook, where, sizeof(where));
	return policy_raise(p->L, "%s: %s %s", where, policy_hook_names[hook], message);
}

/* The reason at `index`: a non-empty UTF-8 string, or raise. */
static const char *check_reason(policy *p, int index, const char *action)
{
	char message[256];
	size_t len = 0;
	const char *reason;

	if (lua_type(p->L, index) != LUA_TSTRING) {
		snprintf(message, sizeof(message),
			 "returned \"%s\" without a reason string (got %s); return \"%s\", ..., "
			 "\"why\"",
			 action, luaL_typename(p->L, index), action);
		hook_error(p, POLICY_HOOK_ON_FINDING, message);
	}
	reason = lua_tolstring(p->L, index, &len);
	if (len == 0 || strlen(reason) != len || !policy_utf8_valid(reason, len)) {
		snprintf(message, sizeof(message),
			 "returned \"%s\" with an empty reason, or one that is not UTF-8 text",
			 action);
		hook_error(p, POLICY_HOOK_ON_FINDING, message);
	}
	return reason;
}

/* Apply what on_finding returned: `n` values from `first` on the stack. */
static void apply_finding_action(policy *p, assay_finding *finding, int first, int n)
{
	lua_State *L = p->L;
	char message[256];
	assay_severity severity = ASSAY_SEVERITY_UNKNOWN;
	const char *action;
	assay_ctx ctx;
	int err;

	if (n == 0 || (n == 1 && lua_isnil(L, first))) {
		return;
	}
	if (lua_type(L, first) != LUA_TSTRING) {
		snprintf(message, sizeof(message),
			 "returned a %s; expected nothing, \"ignore\", reason or \"severity\", NEW, "
			 "reason",
			 luaL_typename(L, first));
		hook_error(p, POLICY_HOOK_ON_FINDING, message);
	}
	action = lua_tostring(L, first);
	policy_ctx_init(&ctx, p);
	if (strcmp(action, "ignore") == 0 && n == 2) {
		err = assay_finding_ignore(&ctx, finding, "policy:on_finding",
					   check_reason(p, first + 1, "ignore"), p->path, NULL);
	} else if (strcmp(action, "severity") == 0 && n == 3) {
		if (lua_type(L, first + 1) != LUA_TSTRING ||
		    !parse_severity_exact(&severity, lua_tostring(L, first + 1))) {
			snprintf(message, sizeof(message),
				 "returned \"severity\" with '%s'; expected CRITICAL, HIGH, MEDIUM, "
				 "LOW or UNKNOWN",
				 luaL_tolstring(L, first + 1, NULL));
			hook_error(p, POLICY_HOOK_ON_FINDING, message);
		}
		err = assay_finding_set_severity(&ctx, finding, severity,
						 check_reason(p, first + 2, "severity"));
	} else {
		snprintf(message, sizeof(message),
			 "returned '%s' with %d values; expected nothing, \"ignore\", reason or "
			 "\"severity\", NEW, reason",
			 action, n);
		hook_error(p, POLICY_HOOK_ON_FINDING, message);
		return;
	}
	if (err) {
		run_error(p->run, err, "out of memory");
		policy_raise(L, "out of memory");
	}
}

/* Protected: call on_finding for every finding and apply its results. */
static int run_on_finding(lua_State *L)
{
	policy *p = lua_touserdata(L, 1);
	const vec *findings = &p->run->findings;
	size_t i;

	for (i = 0; i < findings->count; i++) {
		assay_finding *finding = &((finding_node *)findings->items[i])->pub;

		lua_settop(L, 1);
		policy_set_context(p, "on_finding for finding %s", finding->id);
		policy_push_hook(p, POLICY_HOOK_ON_FINDING);
		policy_push_finding(L, finding);
		lua_call(L, 1, LUA_MULTRET);
		apply_finding_action(p, finding, 2, lua_gettop(L) - 1);
	}
	return 0;
}

/* ---- verdict and recommend ---- */

/*
 * Check that the hook's single result at index 2 is a list (keys 1..n) and
 * return n; raise otherwise. Read-only lists from assay are accepted.
 */
static lua_Integer check_result_list(policy *p, int hook, int n, const char *expected)
{
	lua_State *L = p->L;
	char message[256];
	lua_Integer count = 0;

	if (n == 0) {
		snprintf(message, sizeof(message), "returned nothing; expected %s", expected);
		hook_error(p, hook, message);
	}
	if (n != 1 || !lua_istable(L, 2)) {
		snprintf(message, sizeof(message), "returned %d value(s) starting with a %s; expected %s",
			 n, luaL_typename(L, 2), expected);
		hook_error(p, hook, message);
	}
	lua_pushnil(L);
	while (lua_next(L, 2)) {
		count++;
		lua_pop(L, 1);
	}
	if (count == 0) {
		count = (lua_Integer)luaL_len(L, 2); /* a read-only list keeps its items behind __index */
	} else if ((lua_Integer)lua_rawlen(L, 2) != count) {
		snprintf(message, sizeof(message), "returned a table that is not a list; expected %s",
			 expected);
		hook_error(p, hook, message);
	}
	return count;
}

/* Protected: call verdict(report) and turn each message into a failed check. */
static int run_verdict(lua_State *L)
{
	policy *p = lua_touserdata(L, 1);
	char message[256];
	char name[64];
	assay_check check = {0};
	lua_Integer count;
	lua_Integer i;
	assay_ctx ctx;
	size_t len;

	policy_set_context(p, "verdict");
	lua_settop(L, 1);
	policy_push_hook(p, POLICY_HOOK_VERDICT);
	policy_push_report(L, p);
	lua_call(L, 1, LUA_MULTRET);
	count = check_result_list(p, POLICY_HOOK_VERDICT, lua_gettop(L) - 1,
				  "a list of violation messages ({} when there are none)");
	for (i = 1; i <= count; i++) {
		const char *text;

		lua_geti(L, 2, i);
		text = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
		if (!text || len == 0 || strlen(text) != len || !policy_utf8_valid(text, len)) {
			snprintf(message, sizeof(message),
				 "returned a %s at position %lld; each violation must be a "
				 "non-empty UTF-8 string",
				 luaL_typename(L, -1), (long long)i);
			hook_error(p, POLICY_HOOK_VERDICT, message);
		}
		lua_pop(L, 1);
	}

	policy_ctx_init(&ctx, p);
	check.count = -1;
	check.limit = -1;
	check.name = name;
	for (i = 1; i <= count; i++) {
		lua_geti(L, 2, i);
		snprintf(name, sizeof(name), "policy.verdict.%lld", (long long)i);
		check.message = lua_tostring(L, -1);
		if (assay_check_add(&ctx, &check) != 0) {
			return policy_raise(L, "out of memory");
		}
		lua_pop(L, 1);
	}
	if (count == 0) {
		check.name = "policy.verdict";
		check.passed = true;
		check.message = "policy verdict: no violations";
		if (assay_check_add(&ctx, &check) != 0) {
			return policy_raise(L, "out of memory");
		}
	}
	return 0;
}

/*
 * Push field `key` of the table on top, which must be absent (NULL is
 * returned) or a UTF-8 string; raise otherwise. The value stays on the
 * stack, so the string cannot be collected before it is copied.
 */
static const char *push_recommendation_text(policy *p, lua_Integer position, const char *key)
{
	lua_State *L = p->L;
	char message[256];
	size_t len = 0;
	const char *text;

	lua_getfield(L, -1, key);
	if (lua_isnil(L, -1)) {
		return NULL;
	}
	text = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
	if (!text || strlen(text) != len || !policy_utf8_valid(text, len)) {
		snprintf(message, sizeof(message),
			 "returned a recommendation at position %lld whose %s is a %s; expected a "
			 "UTF-8 string",
			 (long long)position, key, luaL_typename(L, -1));
		hook_error(p, POLICY_HOOK_RECOMMEND, message);
	}
	return text;
}

/* Raise unless every key of the table on top is one of a recommendation's. */
static void check_recommendation_keys(policy *p, lua_Integer position)
{
	static const char *const keys[] = {"category", "priority", "text", "rationale"};
	lua_State *L = p->L;
	char message[256];
	size_t i;

	lua_pushnil(L);
	while (lua_next(L, -2)) {
		bool known = false;

		for (i = 0; lua_type(L, -2) == LUA_TSTRING && i < 4; i++) {
			known = known || strcmp(lua_tostring(L, -2), keys[i]) == 0;
		}
		if (!known) {
			snprintf(message, sizeof(message),
				 "returned a recommendation at position %lld with unknown key '%s'; "
				 "expected category, priority, text and rationale",
				 (long long)position, luaL_tolstring(L, -2, NULL));
			hook_error(p, POLICY_HOOK_RECOMMEND, message);
		}
		lua_pop(L, 1);
	}
}

/*
 * Read and check the recommendation on top of the stack into `out`. Pushes
 * its four fields, which the caller pops once `out` has been copied.
 */
static void read_recommendation(policy *p, lua_Integer position, assay_recommendation *out)
{
	static const char *const priorities[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW"};
	lua_State *L = p->L;
	char message[256];
	const char *priority;
	size_t i;

	if (!lua_istable(L, -1)) {
		snprintf(message, sizeof(message),
			 "returned a %s at position %lld; each recommendation is a table {category, "
			 "priority, text, rationale}",
			 luaL_typename(L, -1), (long long)position);
		hook_error(p, POLICY_HOOK_RECOMMEND, message);
	}
	check_recommendation_keys(p, position);
	out->category = push_recommendation_text(p, position, "category");
	lua_insert(L, -2);
	out->text = push_recommendation_text(p, position, "text");
	lua_insert(L, -3);
	out->rationale = push_recommendation_text(p, position, "rationale");
	lua_insert(L, -4);
	priority = push_recommendation_text(p, position, "priority");
	lua_insert(L, -5);

	out->priority = priority ? NULL : "MEDIUM";
	for (i = 0; priority && i < 4; i++) {
		if (strcasecmp(priority, priorities[i]) == 0) {
			out->priority = priorities[i];
		}
	}
	if (!out->priority) {
		hook_error(p, POLICY_HOOK_RECOMMEND,
			   "returned a recommendation with an unknown priority; expected CRITICAL, "
			   "HIGH, MEDIUM or LOW");
	}
	if (!out->text || !*out->text) {
		snprintf(message, sizeof(message),
			 "returned a recommendation at position %lld without text", (long long)position);
		hook_error(p, POLICY_HOOK_RECOMMEND, message);
	}
}

/* Protected: call recommend(report) and add what it returns after checking all of it. */
static int run_recommend(lua_State *L)
{
	policy *p = lua_touserdata(L, 1);
	assay_recommendation rec;
	lua_Integer count;
	lua_Integer i;
	assay_ctx ctx;

	policy_set_context(p, "recommend");
	lua_settop(L, 1);
	policy_push_hook(p, POLICY_HOOK_RECOMMEND);
	policy_push_report(L, p);
	lua_call(L, 1, LUA_MULTRET);
	count = check_result_list(p, POLICY_HOOK_RECOMMEND, lua_gettop(L) - 1,
				  "a list of {category, priority, text, rationale} tables");
	for (i = 1; i <= count; i++) {
		lua_geti(L, 2, i);
		read_recommendation(p, i, &rec);
		lua_pop(L, 5);
	}
	policy_ctx_init(&ctx, p);
	for (i = 1; i <= count; i++) {
		lua_geti(L, 2, i);
		read_recommendation(p, i, &rec);
		if (!rec.category) {
			rec.category = "Policy";
		}
		if (assay_recommendation_add(&ctx, &rec) != 0) {
			return policy_raise(L, "out of memory");
		}
		lua_pop(L, 5);
	}
	return 0;
}

/* ---- Stages ---- */

int policy_stage_begin(assay_run *run, assay_stage stage)
{
	policy *p = run->policy;

	if (!p) {
		return 0;
	}
	if (stage == ASSAY_STAGE_FILTER && p->hooks[POLICY_HOOK_ON_FINDING] != LUA_NOREF) {
		return policy_run(p, run_on_finding, p);
	}
	if (stage == ASSAY_STAGE_EVALUATE) {
		return policy_stage_thresholds(p);
	}
	return 0;
}

int policy_stage_end(assay_run *run, assay_stage stage)
{
	policy *p = run->policy;

	if (!p) {
		return 0;
	}
	if (stage == ASSAY_STAGE_EVALUATE && p->hooks[POLICY_HOOK_VERDICT] != LUA_NOREF) {
		return policy_run(p, run_verdict, p);
	}
	if (stage == ASSAY_STAGE_ADVISE && p->hooks[POLICY_HOOK_RECOMMEND] != LUA_NOREF) {
		return policy_run(p, run_recommend, p);
	}
	return 0;
}

/* "hooks: on_finding, verdict; tables: thresholds" for `assay policy check`. */
static int describe(policy *p)
{
	strbuf text = {0};
	bool first = true;
	int i;

	strbuf_add(&text, "hooks: ");
	for (i = 0; i < POLICY_HOOK_COUNT; i++) {
		if (p->hooks[i] != LUA_NOREF) {
			strbuf_add(&text, first ? "" : ", ");
			strbuf_add(&text, policy_hook_names[i]);
			first = false;
		}
	}
	strbuf_add(&text, first ? "none" : "");
	first = true;
	for (i = 0; i < 3; i++) {
		if (p->has_table[i]) {
			strbuf_add(&text, first ? "; tables: " : ", ");
			strbuf_add(&text, policy_table_names[i]);
			first = false;
		}
	}
	if (text.failed) {
		strbuf_dispose(&text);
		return run_error(p->run, ASSAY_ENOMEM, "out of memory");
	}
	free(p->description);
	p->description = text.data;
	return 0;
}

int assay_run_check_policy(const char **out, assay_run *run)
{
	int err;

	*out = NULL;
	if (run->findings.count > 0 || run->images.count > 0) {
		return run_error(run, ASSAY_EINVAL, "a policy is checked on an empty run");
	}
	err = policy_prepare(run);
	if (!err && !run->policy) {
		err = run_error(run, ASSAY_EINVAL, "no policy to check: set the option 'policy'");
	}
	/*
	 * Run every stage with the loaded analyzers, not only the policy's hooks:
	 * the analyzers check the tables the policy sets for them (ignore rules,
	 * quantum_packages, compliance_controls).
	 */
	if (!err) {
		err = assay_run_analyze(run);
	}
	if (!err) {
		err = describe(run->policy);
	}
	if (!err) {
		*out = run->policy->description;
	}
	return err;
}
