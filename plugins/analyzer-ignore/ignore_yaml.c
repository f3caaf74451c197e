/* SPDX-License-Identifier: Apache-2.0 */
/* The YAML ignore files: Trivy's .trivyignore.yaml and the `ignore` rules of Grype's .grype.yaml.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "ignore.h"

/* Warnings logged per file before the rest are only counted. */
#define MAX_WARNINGS 10
/*
 * Keys in one rule or package mapping, and at the top. Real rules have
 * under ten, and the cap keeps the duplicate-key check quadratic in a
 * small number.
 */
#define MAX_RULE_KEYS 64
#define MAX_TOP_LEVEL_KEYS 1024

typedef struct {
	rule_set *set;
	const char *path;
	yaml_document_t *doc;
	size_t entries;	 /* rule entries read, skipped ones included */
	size_t warnings; /* warnings raised, logged or not */
} yaml_reader;

/* Record an error at `node`'s position: "FILE:LINE:COLUMN: message". */
static int yaml_fail(yaml_reader *reader, const yaml_node_t *node, const char *fmt, ...)
    ASSAY_PRINTF(3, 4);

static int yaml_fail(yaml_reader *reader, const yaml_node_t *node, const char *fmt, ...)
{
	char message[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return assay_error(reader->set->ctx, ASSAY_EPARSE, "%s:%zu:%zu: %s", reader->path,
			   node->start_mark.line + 1, node->start_mark.column + 1, message);
}

/* Log a warning about the line of `node`, MAX_WARNINGS per file at most. */
static void yaml_warn(yaml_reader *reader, const yaml_node_t *node, const char *fmt, ...)
    ASSAY_PRINTF(3, 4);

static void yaml_warn(yaml_reader *reader, const yaml_node_t *node, const char *fmt, ...)
{
	char message[768];
	va_list ap;

	if (reader->warnings++ >= MAX_WARNINGS) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	assay_log(reader->set->ctx, ASSAY_LOG_WARN, "%s:%zu: %s", reader->path,
		  node->start_mark.line + 1, message);
}

/* Count a rule entry. Past IGNORE_MAX_RULES entries the file is rejected. */
static int count_entry(yaml_reader *reader, const yaml_node_t *node)
{
	if (++reader->entries <= IGNORE_MAX_RULES) {
		return 0;
	}
	return assay_error(reader->set->ctx, ASSAY_ELIMIT,
			   "%s:%zu: more than %d ignore rules in one file", reader->path,
			   node->start_mark.line + 1, IGNORE_MAX_RULES);
}

static yaml_node_t *node_at(yaml_reader *reader, int index)
{
	return yaml_document_get_node(reader->doc, index);
}

static const char *node_type_name(const yaml_node_t *node)
{
	switch (node->type) {
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "a string";
	}
}

/* A plain "", "~" or "null" scalar: YAML's null, which counts as absent. */
static bool is_null(const yaml_node_t *node)
{
	const char *value = (const char *)node->data.scalar.value;

	if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		return false;
	}
	return strcmp(value, "") == 0 || strcmp(value, "~") == 0 || strcmp(value, "null") == 0 ||
	       strcmp(value, "Null") == 0 || strcmp(value, "NULL") == 0;
}

/* Copy a scalar into `*out`, or leave it NULL for a null. Any other node type is an error. */
static int get_string(yaml_reader *reader, const yaml_node_t *node, const char *key, char **out)
{
	size_t length;

	if (node->type != YAML_SCALAR_NODE) {
		return yaml_fail(reader, node, "'%s' must be a string, not %s", key,
				 node_type_name(node));
	}
	if (is_null(node)) {
		return 0;
	}
	length = node->data.scalar.length;
	if (strlen((const char *)node->data.scalar.value) != length) {
		return yaml_fail(reader, node, "'%s' contains a NUL character", key);
	}
	free(*out);
	*out = ignore_strndup((const char *)node->data.scalar.value, length);
	if (*out == NULL) {
		return assay_error(reader->set->ctx, ASSAY_ENOMEM, "out of memory");
	}
	return 0;
}

/* Copy the strings of a list into `*out` and their number into `*count`. A null node is an empty
 * list. */
static int get_string_list(yaml_reader *reader, const yaml_node_t *node, const char *key,
			   char ***out, size_t *count)
{
	yaml_node_item_t *item;
	size_t n = 0;
	int err = 0;

	if (is_null(node)) {
		return 0;
	}
	if (node->type != YAML_SEQUENCE_NODE) {
		return yaml_fail(reader, node, "'%s' must be a list of strings, not %s", key,
				 node_type_name(node));
	}
	n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
	*out = calloc(n != 0 ? n : 1, sizeof(**out));
	if (*out == NULL) {
		return assay_error(reader->set->ctx, ASSAY_ENOMEM, "out of memory");
	}
	for (item = node->data.sequence.items.start;
	     item < node->data.sequence.items.top && err == 0; item++) {
		yaml_node_t *value = node_at(reader, *item);
		char *copy = NULL;

		err = get_string(reader, value, key, &copy);
		if (err == 0 && copy != NULL) {
			(*out)[(*count)++] = copy;
		}
	}
	return err;
}

static void free_list(char **list, size_t count)
{
	size_t i;

	for (i = 0; list != NULL && i < count; i++) {
		free(list[i]);
	}
	free(list);
}

/* Check that no key of a mapping appears twice, which Trivy's YAML decoder also rejects. */
static int check_unique_keys(yaml_reader *reader, const yaml_node_t *map, size_t max_keys)
{
	size_t count = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
	yaml_node_pair_t *a;
	yaml_node_pair_t *b;

	if (count > max_keys) {
		return yaml_fail(reader, map, "a mapping with %zu keys; at most %zu are read",
				 count, max_keys);
	}
	for (a = map->data.mapping.pairs.start; a < map->data.mapping.pairs.top; a++) {
		yaml_node_t *key = node_at(reader, a->key);

		if (key->type != YAML_SCALAR_NODE) {
			return yaml_fail(reader, key, "a key must be a string, not %s",
					 node_type_name(key));
		}
		for (b = map->data.mapping.pairs.start; b < a; b++) {
			yaml_node_t *other = node_at(reader, b->key);

			if (strcmp((const char *)key->data.scalar.value,
				   (const char *)other->data.scalar.value) == 0) {
				return yaml_fail(reader, key, "key '%s' appears twice",
						 (const char *)key->data.scalar.value);
			}
		}
	}
	return 0;
}

static const char *key_of(yaml_reader *reader, const yaml_node_pair_t *pair)
{
	return (const char *)node_at(reader, pair->key)->data.scalar.value;
}

/* Parse the expiry date at `node` into the rule, when there is one. */
static int get_expiry(yaml_reader *reader, const yaml_node_t *node, const char *key,
		      ignore_rule *rule)
{
	int err = get_string(reader, node, key, &rule->expires);

	if (err != 0 || rule->expires == NULL) {
		return err;
	}
	if (ignore_parse_date(rule->expires, &rule->expires_at) != 0) {
		return yaml_fail(reader, node, "'%s' must be a date YYYY-MM-DD, not '%s'", key,
				 rule->expires);
	}
	return 0;
}

/* ---- Trivy: .trivyignore.yaml ---- */

/* A Trivy rule as read, before it is split into one rule per path and purl. */
typedef struct {
	ignore_rule base;
	char **paths;
	size_t path_count;
	char **purls;
	size_t purl_count;
} trivy_entry;

static int read_trivy_key(yaml_reader *reader, trivy_entry *entry, const char *key,
			  const yaml_node_t *value)
{
	ignore_rule *rule = &entry->base;

	if (strcmp(key, "id") == 0) {
		return get_string(reader, value, key, &rule->id);
	}
	if (strcmp(key, "paths") == 0) {
		return get_string_list(reader, value, key, &entry->paths, &entry->path_count);
	}
	if (strcmp(key, "purls") == 0) {
		return get_string_list(reader, value, key, &entry->purls, &entry->purl_count);
	}
	if (strcmp(key, "expired_at") == 0) {
		return get_expiry(reader, value, key, rule);
	}
	if (strcmp(key, "statement") == 0) {
		return get_string(reader, value, key, &rule->reason);
	}
	/* An addition of assay: Trivy skips every key it does not know. */
	if (strcmp(key, "owner") == 0) {
		return get_string(reader, value, key, &rule->owner);
	}
	yaml_warn(reader, value, "unknown key '%s' in an ignore rule is skipped, as Trivy skips it",
		  key);
	return 0;
}

static int check_purls(yaml_reader *reader, const yaml_node_t *node, const trivy_entry *entry)
{
	size_t i;

	for (i = 0; i < entry->purl_count; i++) {
		purl_parts parts;
		int err = purl_split(&parts, entry->purls[i]);

		purl_parts_dispose(&parts);
		if (err == ASSAY_ENOMEM) {
			return assay_error(reader->set->ctx, err, "out of memory");
		}
		if (err != 0) {
			return yaml_fail(reader, node,
					 "'%s' is not a package URL (expected pkg:TYPE/NAME...)",
					 entry->purls[i]);
		}
	}
	return 0;
}

/* Copy the shared fields of `base` into a new rule for one path and one purl. */
static int add_trivy_rule(yaml_reader *reader, const ignore_rule *base, const char *path,
			  const char *purl)
{
	ignore_rule rule = *base;
	const char *strings[] = {base->source, base->id,    path,	  purl,
				 base->reason, base->owner, base->expires};
	char **copies[] = {&rule.source, &rule.id,    &rule.path,   &rule.purl,
			   &rule.reason, &rule.owner, &rule.expires};
	size_t i;

	rule.label = NULL;
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		*copies[i] = NULL;
	}
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		if (strings[i] != NULL) {
			*copies[i] = strdup(strings[i]);
			if (*copies[i] == NULL) {
				rule_dispose(&rule);
				return assay_error(reader->set->ctx, ASSAY_ENOMEM, "out of memory");
			}
		}
	}
	return rule_set_take(reader->set, &rule);
}

/*
 * Add the rules of one entry. Trivy ignores a finding when the id matches
 * and any path and any purl match, which is one rule per (path, purl) pair.
 */
static int add_trivy_rules(yaml_reader *reader, const trivy_entry *entry)
{
	size_t paths = entry->path_count != 0 ? entry->path_count : 1;
	size_t purls = entry->purl_count != 0 ? entry->purl_count : 1;
	size_t i;
	size_t j;
	int err = 0;

	for (i = 0; i < paths && err == 0; i++) {
		for (j = 0; j < purls && err == 0; j++) {
			err = add_trivy_rule(reader, &entry->base,
					     entry->path_count != 0 ? entry->paths[i] : NULL,
					     entry->purl_count != 0 ? entry->purls[j] : NULL);
		}
	}
	return err;
}

static int read_trivy_rule(yaml_reader *reader, const yaml_node_t *node, assay_kind kind)
{
	trivy_entry entry = {.base = {.kinds = IGNORE_KIND_BIT(kind), .expires_at = IGNORE_NEVER}};
	yaml_node_pair_t *pair;
	int err = 0;

	if (count_entry(reader, node) != 0) {
		return ASSAY_ELIMIT;
	}
	if (node->type != YAML_MAPPING_NODE) {
		return yaml_fail(reader, node, "an ignore rule must be a mapping, not %s",
				 node_type_name(node));
	}
	entry.base.line = (int)node->start_mark.line + 1;
	entry.base.source = strdup(reader->path);
	err = entry.base.source != NULL
		  ? check_unique_keys(reader, node, MAX_RULE_KEYS)
		  : assay_error(reader->set->ctx, ASSAY_ENOMEM, "out of memory");
	for (pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top && err == 0;
	     pair++) {
		err = read_trivy_key(reader, &entry, key_of(reader, pair),
				     node_at(reader, pair->value));
	}
	if (err == 0 && entry.base.id == NULL && entry.path_count == 0 && entry.purl_count == 0) {
		err = yaml_fail(reader, node, "an ignore rule needs an id, paths or purls");
	}
	if (err == 0) {
		err = check_purls(reader, node, &entry);
	}
	if (err == 0) {
		err = add_trivy_rules(reader, &entry);
	}
	rule_dispose(&entry.base);
	free_list(entry.paths, entry.path_count);
	free_list(entry.purls, entry.purl_count);
	return err;
}

static const struct {
	const char *key;
	assay_kind kind;
} trivy_lists[] = {
    {"vulnerabilities", ASSAY_KIND_VULNERABILITY},
    {"misconfigurations", ASSAY_KIND_MISCONFIGURATION},
    {"secrets", ASSAY_KIND_SECRET},
    {"licenses", ASSAY_KIND_LICENSE},
};

static int read_trivy_list(yaml_reader *reader, const char *key, const yaml_node_t *list,
			   assay_kind kind)
{
	yaml_node_item_t *item;
	int err = 0;

	if (is_null(list)) {
		return 0;
	}
	if (list->type != YAML_SEQUENCE_NODE) {
		return yaml_fail(reader, list, "'%s' must be a list of rules, not %s", key,
				 node_type_name(list));
	}
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top && err == 0; item++) {
		err = read_trivy_rule(reader, node_at(reader, *item), kind);
	}
	return err;
}

static int read_trivy(yaml_reader *reader, const yaml_node_t *root)
{
	yaml_node_pair_t *pair;
	int err = 0;

	for (pair = root->data.mapping.pairs.start; pair < root->data.mapping.pairs.top && err == 0;
	     pair++) {
		const char *key = key_of(reader, pair);
		yaml_node_t *value = node_at(reader, pair->value);
		bool known = false;
		size_t i;

		for (i = 0; i < sizeof(trivy_lists) / sizeof(trivy_lists[0]) && !known; i++) {
			if (strcmp(key, trivy_lists[i].key) == 0) {
				known = true;
				err = read_trivy_list(reader, key, value, trivy_lists[i].kind);
			}
		}
		if (!known) {
			yaml_warn(reader, value, "unknown top-level key '%s' is skipped", key);
		}
	}
	return err;
}

/* ---- Grype: the `ignore` rules of .grype.yaml ---- */

/* Conditions Grype can test that assay's findings do not carry: such a rule is skipped. */
static const char *const grype_unsupported[] = {"namespace", "vex-status", "match-type"};
static const char *const grype_package_unsupported[] = {"language", "upstream-name"};

static bool in_list(const char *key, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (strcmp(key, list[i]) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * Read `package: {name, version, type, location}`. Sets `*unsupported`
 * to the first condition assay cannot test.
 */
static int read_grype_package(yaml_reader *reader, const yaml_node_t *node, ignore_rule *rule,
			      const char **unsupported)
{
	yaml_node_pair_t *pair;
	int err = 0;

	if (is_null(node)) {
		return 0;
	}
	if (node->type != YAML_MAPPING_NODE) {
		return yaml_fail(reader, node, "'package' must be a mapping, not %s",
				 node_type_name(node));
	}
	err = check_unique_keys(reader, node, MAX_RULE_KEYS);
	for (pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top && err == 0;
	     pair++) {
		const char *key = key_of(reader, pair);
		yaml_node_t *value = node_at(reader, pair->value);

		if (strcmp(key, "name") == 0) {
			err = get_string(reader, value, "package.name", &rule->package);
		} else if (strcmp(key, "version") == 0) {
			err = get_string(reader, value, "package.version", &rule->version);
		} else if (strcmp(key, "type") == 0) {
			err = get_string(reader, value, "package.type", &rule->package_type);
		} else if (strcmp(key, "location") == 0) {
			err = get_string(reader, value, "package.location", &rule->path);
		} else if (in_list(key, grype_package_unsupported, 2) && !is_null(value) &&
			   *unsupported == NULL) {
			*unsupported = key;
		}
	}
	return err;
}

static int read_fix_state(yaml_reader *reader, const yaml_node_t *node, ignore_rule *rule)
{
	static const char *const states[] = {"fixed", "not-fixed", "wont-fix", "unknown"};
	int err = get_string(reader, node, "fix-state", &rule->fix_state);

	if (err != 0 || rule->fix_state == NULL || in_list(rule->fix_state, states, 4)) {
		return err;
	}
	return yaml_fail(reader, node,
			 "'fix-state' must be fixed, not-fixed, wont-fix or unknown, not '%s'",
			 rule->fix_state);
}

static int read_grype_key(yaml_reader *reader, ignore_rule *rule, const char *key,
			  const yaml_node_t *value, const char **unsupported)
{
	if (strcmp(key, "vulnerability") == 0) {
		return get_string(reader, value, key, &rule->id);
	}
	if (strcmp(key, "fix-state") == 0) {
		return read_fix_state(reader, value, rule);
	}
	if (strcmp(key, "package") == 0) {
		return read_grype_package(reader, value, rule, unsupported);
	}
	if (strcmp(key, "reason") == 0) {
		return get_string(reader, value, key, &rule->reason);
	}
	/* Additions of assay: Grype skips every key it does not know. */
	if (strcmp(key, "owner") == 0) {
		return get_string(reader, value, key, &rule->owner);
	}
	if (strcmp(key, "expires") == 0) {
		return get_expiry(reader, value, key, rule);
	}
	if (in_list(key, grype_unsupported, 3) && !is_null(value) && *unsupported == NULL) {
		*unsupported = key;
	}
	return 0;
}

static bool has_condition(const ignore_rule *rule)
{
	return rule->id != NULL || rule->package != NULL || rule->version != NULL ||
	       rule->package_type != NULL || rule->path != NULL || rule->fix_state != NULL;
}

static int read_grype_rule(yaml_reader *reader, const yaml_node_t *node)
{
	ignore_rule rule = {.kinds = IGNORE_KIND_BIT(ASSAY_KIND_VULNERABILITY),
			    .expires_at = IGNORE_NEVER,
			    .package_regex = true};
	const char *unsupported = NULL;
	yaml_node_pair_t *pair;
	int err = 0;

	if (count_entry(reader, node) != 0) {
		return ASSAY_ELIMIT;
	}
	if (node->type != YAML_MAPPING_NODE) {
		return yaml_fail(reader, node, "an ignore rule must be a mapping, not %s",
				 node_type_name(node));
	}
	rule.line = (int)node->start_mark.line + 1;
	rule.source = strdup(reader->path);
	err = rule.source != NULL ? check_unique_keys(reader, node, MAX_RULE_KEYS)
				  : assay_error(reader->set->ctx, ASSAY_ENOMEM, "out of memory");
	for (pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top && err == 0;
	     pair++) {
		err = read_grype_key(reader, &rule, key_of(reader, pair),
				     node_at(reader, pair->value), &unsupported);
	}
	if (err == 0 && unsupported != NULL) {
		yaml_warn(reader, node,
			  "the rule is skipped: assay cannot test its '%s' condition, and dropping "
			  "the condition would ignore more than Grype does",
			  unsupported);
	} else if (err == 0 && !has_condition(&rule)) {
		yaml_warn(reader, node,
			  "the rule has no condition and ignores nothing, as in Grype");
	} else if (err == 0) {
		return rule_set_take(reader->set, &rule);
	}
	rule_dispose(&rule);
	return err;
}

static int read_grype(yaml_reader *reader, const yaml_node_t *list)
{
	yaml_node_item_t *item;
	int err = 0;

	if (list == NULL || is_null(list)) {
		return 0;
	}
	if (list->type != YAML_SEQUENCE_NODE) {
		return yaml_fail(reader, list, "'ignore' must be a list of rules, not %s",
				 node_type_name(list));
	}
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top && err == 0; item++) {
		err = read_grype_rule(reader, node_at(reader, *item));
	}
	return err;
}

/* ---- Telling the formats apart ---- */

typedef enum { FORMAT_UNKNOWN, FORMAT_TRIVY, FORMAT_GRYPE } yaml_format;

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* By the top-level keys first, then by the file name when the keys do not decide. */
static yaml_format detect_format(yaml_reader *reader, const yaml_node_t *root,
				 yaml_node_t **grype_list)
{
	const char *name = base_name(reader->path);
	bool trivy = false;
	bool grype = false;
	yaml_node_pair_t *pair;
	size_t i;

	for (pair = root->data.mapping.pairs.start; pair < root->data.mapping.pairs.top; pair++) {
		const char *key = key_of(reader, pair);

		if (strcmp(key, "ignore") == 0) {
			grype = true;
			*grype_list = node_at(reader, pair->value);
		}
		for (i = 0; i < sizeof(trivy_lists) / sizeof(trivy_lists[0]); i++) {
			trivy = trivy || strcmp(key, trivy_lists[i].key) == 0;
		}
	}
	if (trivy != grype) {
		return trivy ? FORMAT_TRIVY : FORMAT_GRYPE;
	}
	if (strstr(name, "grype") != NULL) {
		return FORMAT_GRYPE;
	}
	if (strstr(name, "trivyignore") != NULL) {
		return FORMAT_TRIVY;
	}
	return FORMAT_UNKNOWN;
}

static int read_document(yaml_reader *reader)
{
	yaml_node_t *root = yaml_document_get_root_node(reader->doc);
	yaml_node_t *grype_list = NULL;
	int err;

	if (root == NULL || is_null(root)) {
		assay_log(reader->set->ctx, ASSAY_LOG_WARN, "%s: the file holds no ignore rules",
			  reader->path);
		return 0;
	}
	if (root->type != YAML_MAPPING_NODE) {
		return yaml_fail(reader, root, "expected a mapping at the top, not %s",
				 node_type_name(root));
	}
	err = check_unique_keys(reader, root, MAX_TOP_LEVEL_KEYS);
	if (err != 0) {
		return err;
	}
	switch (detect_format(reader, root, &grype_list)) {
	case FORMAT_TRIVY:
		return read_trivy(reader, root);
	case FORMAT_GRYPE:
		return read_grype(reader, grype_list);
	default:
		return assay_error(reader->set->ctx, ASSAY_EPARSE,
				   "%s: not a .trivyignore.yaml (keys vulnerabilities, "
				   "misconfigurations, secrets, licenses) nor a .grype.yaml (key "
				   "ignore)",
				   reader->path);
	}
}

int ignore_parse_yaml(rule_set *set, const char *path, const char *text, size_t size)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_reader reader = {.set = set, .path = path, .doc = &doc};
	int err = 0;

	if (!yaml_parser_initialize(&parser)) {
		return assay_error(set->ctx, ASSAY_ENOMEM, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, size);
	if (!yaml_parser_load(&parser, &doc)) {
		err = assay_error(set->ctx, ASSAY_EPARSE, "%s:%zu:%zu: invalid YAML: %s%s%s", path,
				  parser.problem_mark.line + 1, parser.problem_mark.column + 1,
				  parser.problem != NULL ? parser.problem : "unknown error",
				  parser.context != NULL ? " " : "",
				  parser.context != NULL ? parser.context : "");
		yaml_parser_delete(&parser);
		return err;
	}
	err = read_document(&reader);
	if (err == 0 && reader.warnings > MAX_WARNINGS) {
		assay_log(set->ctx, ASSAY_LOG_WARN, "%s: %zu more warnings like these", path,
			  reader.warnings - MAX_WARNINGS);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return err;
}
