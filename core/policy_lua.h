/* SPDX-License-Identifier: Apache-2.0 */
/* Internals of the Lua policy bridge, shared by core/policy*.c and included nowhere else. */
#ifndef ASSAY_POLICY_LUA_H
#define ASSAY_POLICY_LUA_H

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "policy.h"

/* The hooks a policy may define, in the order `assay policy check` lists them. */
enum {
	POLICY_HOOK_ON_FINDING,
	POLICY_HOOK_THRESHOLDS_FOR,
	POLICY_HOOK_VERDICT,
	POLICY_HOOK_RECOMMEND,
	POLICY_HOOK_COUNT
};

/* Severities that can have a limit, in the order of the CLI's --threshold-* options. */
#define POLICY_LIMIT_SEVERITIES 4

/* A limit of "none": the severity is not gated. */
#define POLICY_LIMIT_NONE (-1LL)

/* Limits per kind and severity, as the `thresholds` table or thresholds_for set them. */
typedef struct {
	long long value[ASSAY_KIND_COUNT][POLICY_LIMIT_SEVERITIES];
	bool set[ASSAY_KIND_COUNT][POLICY_LIMIT_SEVERITIES];
} policy_limits;

/* A global of the policy converted to JSON; `json` is NULL when the policy does not set it. */
typedef struct {
	char *name;
	cJSON *json;
} policy_value;

struct policy {
	assay_run *run;
	lua_State *L;
	char *path;        /* as given with -p; chunk names are "@" followed by it */
	char *dir;         /* folder of the policy, where require looks */
	char *description; /* hooks and tables, for `assay policy check` */

	long long max_instructions;
	long long instructions_used; /* counted in steps of hook_step */
	int hook_step;
	bool instructions_exceeded;

	size_t max_memory; /* bytes */
	size_t memory_used;
	bool memory_refused; /* the allocator refused a request during the current call */
	bool closing;

	char limit_message[1024]; /* the message of an exceeded instruction limit */
	char memory_location[600]; /* FILE:LINE that ran when memory was last refused */
	char context[600];         /* what ran, appended to error messages */

	int hooks[POLICY_HOOK_COUNT]; /* registry references, LUA_NOREF when undefined */
	bool has_table[3];            /* thresholds, ignore, quantum_packages */
	policy_limits table_limits;   /* from the `thresholds` table */
	vec values;                   /* policy_value*, filled on first request */
	cJSON *building;              /* a conversion's result, reachable if it raises */
};

extern const char *const policy_hook_names[POLICY_HOOK_COUNT];
extern const char *const policy_table_names[3];

/* ---- policy.c ---- */

/* The policy that owns a Lua state (its allocator's userdata). */
policy *policy_from_state(lua_State *L);

/* A callback context for the core API, as if the policy were an analyzer named "policy". */
void policy_ctx_init(assay_ctx *out, policy *p);

/*
 * Call `driver` with `arg` as a light userdata in protected mode, with a
 * message handler that adds a traceback. On failure the run gets one
 * message (see policy.c) and the code is returned: ASSAY_EPOLICY, or
 * ASSAY_ENOMEM when the process itself ran out of memory.
 */
int policy_run(policy *p, lua_CFunction driver, void *arg);

/* Record what runs now, for error messages: "on_finding for finding CVE-…". */
void policy_set_context(policy *p, const char *fmt, ...) ASSAY_PRINTF(2, 3);

/* Push the function of a hook; the hook must be defined. */
void policy_push_hook(policy *p, int hook);

/*
 * Write "FILE:LINE" of where a hook's function is defined into `out`, so
 * that an error about what it returned points at it.
 */
void policy_hook_location(policy *p, int hook, char *out, size_t size);

/* Raise a Lua error with a printf-style message (no position is added). */
int policy_raise(lua_State *L, const char *fmt, ...) ASSAY_PRINTF(2, 3);

/* Whether `len` bytes are valid UTF-8. */
bool policy_utf8_valid(const char *text, size_t len);

/* ---- policy_convert.c and policy_report.c ---- */

/* Create the `assay` table and the metatables of the values the bridge pushes. */
void policy_convert_open(lua_State *L);

/* Push assay.null, the value of JSON null and of unknown fields. */
void policy_push_null(lua_State *L);
bool policy_is_null(lua_State *L, int index);

/* Push a string, or assay.null for NULL. */
void policy_push_string(lua_State *L, const char *value);

/*
 * Replace the table on top of the stack by a read-only proxy of it.
 * assay.is_list returns true for a list proxy.
 */
void policy_make_readonly(lua_State *L, bool is_list);

/* Push a read-only list of strings. */
void policy_push_strlist(lua_State *L, const assay_strlist *list);

/* Push a finding as a read-only userdata (fields documented in docs/policy.md). */
void policy_push_finding(lua_State *L, const assay_finding *finding);

/* Push the summary table of the run's findings, as the JSON output counts them. */
void policy_push_summary(lua_State *L, policy *p);

/* Push the report table: findings, images, summary, checks, recommendations. */
void policy_push_report(lua_State *L, policy *p);

/* Set field `key` of the table on top to a string, or assay.null for NULL. */
void policy_set_text(lua_State *L, const char *key, const char *value);

/* Push a number, or assay.null when it is below zero (the model's "unknown"). */
void policy_push_number_or_null(lua_State *L, double value);

/* Push true for 1, false for 0 and assay.null for the model's -1. */
void policy_push_tristate(lua_State *L, int value);

/* Whether the metatable of the value at `index` has a true raw field `name`. */
bool policy_has_marker(lua_State *L, int index, const char *name);

/* Push the table a read-only proxy at `index` stands for (a function for report.findings). */
void policy_push_proxied(lua_State *L, int index);

/* Functions of read-only proxies, shared by report.findings. */
int policy_readonly_newindex(lua_State *L);

/* ---- policy_json.c ---- */

/*
 * Convert the value at `index` to JSON into p->building (a previous tree
 * there must be freed by the caller). `what` names the value in messages,
 * for example "ignore". Raises a Lua error for a value JSON cannot hold:
 * a function, a table with mixed or non-string keys, a NaN, a string that
 * is not UTF-8, or nesting deeper than 64 levels.
 */
void policy_to_json(lua_State *L, policy *p, int index, const char *what);

/* ---- policy_sandbox.c ---- */

/*
 * Read a whole text file into a new buffer (NUL-terminated). Returns 0,
 * ASSAY_ENOTFOUND, ASSAY_EIO or ASSAY_ELIMIT with the reason in `reason`,
 * or ASSAY_ENOMEM.
 */
int policy_read_file(char **out, size_t *out_size, const char *path, char *reason,
		     size_t reason_size);

/* Protected (argument: the policy): open the allowed libraries and the assay table. */
int policy_open_sandbox(lua_State *L);

/* ---- policy_thresholds.c ---- */

/*
 * Apply the `thresholds` table and thresholds_for(summary, ctx) to the run
 * options that the thresholds analyzer reads. Returns 0 or an error code.
 */
int policy_stage_thresholds(policy *p);

/*
 * Read limits from a `thresholds`-shaped JSON value into `out`. On error
 * returns ASSAY_EPOLICY with the reason in `message`, which names the
 * offending key under `what`.
 */
int policy_limits_parse(policy_limits *out, const cJSON *json, const char *what, char *message,
			size_t size);

#endif
