/* SPDX-License-Identifier: Apache-2.0 */
/* Tool components, rule lookup and rule metadata of a SARIF run, read once per rule. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sarif.h"

static const char *const levels[] = {"none", "note", "warning", "error", NULL};

/* Point the reader's path at the rule, for errors in the rule's own fields. */
static void path_set_rule(sarif_reader *reader, const sarif_component *component,
			  const sarif_rule *rule)
{
	sarif_path_set(&reader->path, component->path);
	assay_json_path_push_key(&reader->path, "rules");
	assay_json_path_push_index(&reader->path, rule->index);
}

/* Read the name, guid, strings and rules of one toolComponent at the current path. */
static int component_load(sarif_reader *reader, sarif_component *component, const cJSON *json)
{
	const cJSON *rules = NULL;
	const cJSON *item;
	size_t index = 0;
	int err;

	component->json = json;
	snprintf(component->path, sizeof(component->path), "%s", reader->path.text);
	err = sarif_get_string(reader, json, "name", &component->name);
	if (err == 0) {
		err = sarif_get_string(reader, json, "guid", &component->guid);
	}
	if (err == 0) {
		err = sarif_get_object(reader, json, "globalMessageStrings",
				       &component->global_strings);
	}
	if (err == 0) {
		err = sarif_get_array(reader, json, "rules", &rules);
	}
	if (err < 0 || rules == NULL) {
		return err;
	}

	component->rule_count = (size_t)cJSON_GetArraySize(rules);
	component->rules = calloc(component->rule_count + 1, sizeof(*component->rules));
	if (component->rules == NULL) {
		return ASSAY_ENOMEM;
	}
	cJSON_ArrayForEach(item, rules)
	{
		if (index >= component->rule_count) {
			break;
		}
		if (!cJSON_IsObject(item)) {
			size_t mark = assay_json_path_push_key(&reader->path, "rules");

			assay_json_path_push_index(&reader->path, index);
			err = sarif_type_error(reader, NULL, item, "an object");
			assay_json_path_pop(&reader->path, mark);
			return err;
		}
		component->rules[index].json = item;
		component->rules[index].index = index;
		index++;
	}
	component->rule_count = index;
	return 0;
}

/* Load tool.extensions into components[1..]. */
static int extensions_load(sarif_reader *reader, const cJSON *extensions)
{
	const cJSON *item;
	size_t count = (size_t)cJSON_GetArraySize(extensions);
	size_t mark = assay_json_path_push_key(&reader->path, "extensions");
	int err = 0;

	cJSON_ArrayForEach(item, extensions)
	{
		size_t index = reader->component_count - 1;
		size_t item_mark;

		if (index >= count) {
			break;
		}
		item_mark = assay_json_path_push_index(&reader->path, index);
		reader->component_count++;
		if (!cJSON_IsObject(item)) {
			err = sarif_type_error(reader, NULL, item, "an object");
		} else {
			err = component_load(reader, &reader->components[index + 1], item);
		}
		assay_json_path_pop(&reader->path, item_mark);
		if (err < 0) {
			break;
		}
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

int sarif_components_load(sarif_reader *reader, const cJSON *run)
{
	const cJSON *tool = NULL;
	const cJSON *driver = NULL;
	const cJSON *extensions = NULL;
	size_t mark = reader->path.len;
	size_t tool_len;
	int err = sarif_get_object(reader, run, "tool", &tool);

	if (err < 0) {
		return err;
	}
	if (tool == NULL) {
		return sarif_value_error(
		    reader, "tool", "missing, but a SARIF run must name the tool that produced it");
	}
	assay_json_path_push_key(&reader->path, "tool");
	tool_len = reader->path.len;
	err = sarif_get_object(reader, tool, "driver", &driver);
	if (err == 0 && driver == NULL) {
		err = sarif_value_error(reader, "driver",
					"missing, but a SARIF tool must have a driver");
	}
	if (err == 0) {
		err = sarif_get_array(reader, tool, "extensions", &extensions);
	}
	if (err < 0) {
		goto out;
	}

	reader->component_count = 0;
	reader->components =
	    calloc((size_t)cJSON_GetArraySize(extensions) + 1, sizeof(*reader->components));
	if (reader->components == NULL) {
		err = ASSAY_ENOMEM;
		goto out;
	}
	/* counted before loading, so that sarif_components_free frees a partial load */
	reader->component_count = 1;
	assay_json_path_push_key(&reader->path, "driver");
	err = component_load(reader, &reader->components[0], driver);
	assay_json_path_pop(&reader->path, tool_len);
	if (err < 0) {
		goto out;
	}
	if (reader->components[0].name == NULL) {
		err = sarif_value_error(reader, "driver.name",
					"missing, but a SARIF tool driver must have a name");
		goto out;
	}
	if (extensions != NULL) {
		err = extensions_load(reader, extensions);
	}

out:
	assay_json_path_pop(&reader->path, mark);
	return err;
}

void sarif_components_free(sarif_reader *reader)
{
	size_t i;

	for (i = 0; i < reader->component_count; i++) {
		free(reader->components[i].rules);
		free(reader->components[i].slots);
	}
	free(reader->components);
	reader->components = NULL;
	reader->component_count = 0;
}

/* FNV-1a over `len` bytes of `text`. */
static uint64_t hash_text(const char *text, size_t len)
{
	uint64_t hash = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		hash ^= (unsigned char)text[i];
		hash *= 1099511628211ULL;
	}
	return hash;
}

/* Build the id index of a component; rules without a string id are left out. */
static int index_build(sarif_component *component)
{
	size_t count = 16;
	size_t i;

	while (count < component->rule_count * 2) {
		if (count > SIZE_MAX / 4) {
			return ASSAY_ENOMEM;
		}
		count *= 2;
	}
	component->slots = calloc(count, sizeof(*component->slots));
	if (component->slots == NULL) {
		return ASSAY_ENOMEM;
	}
	component->slot_count = count;

	for (i = 0; i < component->rule_count; i++) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(component->rules[i].json, "id");
		size_t slot;

		if (!cJSON_IsString(id) || id->valuestring == NULL) {
			continue;
		}
		slot = (size_t)hash_text(id->valuestring, strlen(id->valuestring)) & (count - 1);
		while (component->slots[slot].id != NULL &&
		       strcmp(component->slots[slot].id, id->valuestring) != 0) {
			slot = (slot + 1) & (count - 1);
		}
		/* the first rule with an id wins, as a lookup in array order would find it */
		if (component->slots[slot].id == NULL) {
			component->slots[slot].id = id->valuestring;
			component->slots[slot].index = i;
		}
	}
	return 0;
}

/* The rule whose id is the first `len` bytes of `id`, or NULL. */
static sarif_rule *index_find(const sarif_component *component, const char *id, size_t len)
{
	size_t slot = (size_t)hash_text(id, len) & (component->slot_count - 1);

	while (component->slots[slot].id != NULL) {
		const char *candidate = component->slots[slot].id;

		if (strncmp(candidate, id, len) == 0 && candidate[len] == '\0') {
			return &component->rules[component->slots[slot].index];
		}
		slot = (slot + 1) & (component->slot_count - 1);
	}
	return NULL;
}

/* A CVSS score property: a number or a numeric string from 0 to 10; -1 when absent. */
static int cvss_score(sarif_reader *reader, const cJSON *properties, const char *key, double *out,
		      bool *present)
{
	char text[32];
	bool found = false;
	int err = sarif_get_score(reader, properties, key, out, text, sizeof(text), &found);

	if (err == 0 && !found) {
		*out = -1;
	}
	*present = *present || found;
	return err;
}

int sarif_get_cvss(sarif_reader *reader, const cJSON *properties, assay_cvss *out, bool *present)
{
	int err;

	*present = false;
	memset(out, 0, sizeof(*out));
	out->v2_score = -1;
	out->v3_score = -1;
	out->v4_score = -1;
	if (properties == NULL) {
		return 0;
	}
	err = cvss_score(reader, properties, "cvssv2_score", &out->v2_score, present);
	if (err == 0) {
		err = cvss_score(reader, properties, "cvssv3_baseScore", &out->v3_score, present);
	}
	if (err == 0) {
		err = sarif_get_string(reader, properties, "cvssv2_vector", &out->v2_vector);
	}
	if (err == 0) {
		err = sarif_get_string(reader, properties, "cvssv3_vector", &out->v3_vector);
	}
	*present = *present || out->v2_vector != NULL || out->v3_vector != NULL;
	return err;
}

/* Check properties.cwe: a string or an array of strings. */
static int check_cwe_property(sarif_reader *reader, const cJSON *properties, const cJSON **out)
{
	const cJSON *cwe = cJSON_GetObjectItemCaseSensitive(properties, "cwe");
	size_t mark;
	int err;

	*out = NULL;
	if (cwe == NULL || cJSON_IsNull(cwe)) {
		return 0;
	}
	if (cJSON_IsString(cwe)) {
		*out = cwe;
		return 0;
	}
	if (!cJSON_IsArray(cwe)) {
		return sarif_type_error(reader, "cwe", cwe, "a string or an array of strings");
	}
	mark = assay_json_path_push_key(&reader->path, "cwe");
	err = sarif_check_strings(reader, cwe);
	assay_json_path_pop(&reader->path, mark);
	*out = cwe;
	return err;
}

/* Read the rule's property bag (the path is the rule's). */
static int rule_parse_properties(sarif_reader *reader, sarif_rule *rule)
{
	const cJSON *purls = NULL;
	size_t mark;
	int err = sarif_get_object(reader, rule->json, "properties", &rule->properties);

	if (err < 0 || rule->properties == NULL) {
		return err;
	}
	mark = assay_json_path_push_key(&reader->path, "properties");
	err = sarif_get_array(reader, rule->properties, "tags", &rule->tags);
	if (err == 0 && rule->tags != NULL) {
		size_t tags_mark = assay_json_path_push_key(&reader->path, "tags");

		err = sarif_check_strings(reader, rule->tags);
		assay_json_path_pop(&reader->path, tags_mark);
	}
	if (err == 0) {
		err = sarif_get_score(reader, rule->properties, "security-severity", &rule->score,
				      rule->score_text, sizeof(rule->score_text), &rule->has_score);
	}
	if (err == 0) {
		err = check_cwe_property(reader, rule->properties, &rule->cwe);
	}
	if (err == 0) {
		err = sarif_get_array(reader, rule->properties, "purls", &purls);
	}
	if (err == 0 && purls != NULL) {
		size_t purls_mark = assay_json_path_push_key(&reader->path, "purls");

		err = sarif_check_strings(reader, purls);
		assay_json_path_pop(&reader->path, purls_mark);
		if (err == 0 && cJSON_GetArraySize(purls) > 0) {
			rule->purl = cJSON_GetArrayItem(purls, 0)->valuestring;
		}
	}
	if (err == 0) {
		err = sarif_get_cvss(reader, rule->properties, &rule->cvss, &rule->has_cvss);
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

/* Check rule.relationships: targets are descriptor references with string ids. */
static int rule_check_relationships(sarif_reader *reader, const cJSON *relationships)
{
	const cJSON *item;
	size_t index = 0;
	size_t mark = assay_json_path_push_key(&reader->path, "relationships");
	int err = 0;

	cJSON_ArrayForEach(item, relationships)
	{
		const cJSON *target = NULL;
		const cJSON *component = NULL;
		const char *text = NULL;
		size_t item_mark = assay_json_path_push_index(&reader->path, index);

		if (!cJSON_IsObject(item)) {
			err = sarif_type_error(reader, NULL, item, "an object");
		}
		if (err == 0) {
			err = sarif_get_object(reader, item, "target", &target);
		}
		if (err == 0 && target != NULL) {
			assay_json_path_push_key(&reader->path, "target");
			err = sarif_get_string(reader, target, "id", &text);
			if (err == 0) {
				err = sarif_get_object(reader, target, "toolComponent", &component);
			}
			if (err == 0 && component != NULL) {
				assay_json_path_push_key(&reader->path, "toolComponent");
				err = sarif_get_string(reader, component, "name", &text);
			}
		}
		assay_json_path_pop(&reader->path, item_mark);
		if (err < 0) {
			break;
		}
		index++;
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

/* Whether `text` is one http(s) URL and nothing else. */
static bool is_web_url(const char *text)
{
	if (text == NULL ||
	    (strncmp(text, "https://", 8) != 0 && strncmp(text, "http://", 7) != 0)) {
		return false;
	}
	return strcspn(text, " \t\r\n") == strlen(text);
}

/* Read and check the fields of a rule the reader uses (the path is the rule's). */
static int rule_parse(sarif_reader *reader, sarif_rule *rule)
{
	const cJSON *config = NULL;
	const cJSON *help = NULL;
	int err = sarif_get_string(reader, rule->json, "id", &rule->id);

	if (err == 0) {
		err = sarif_get_string(reader, rule->json, "name", &rule->name);
	}
	if (err == 0) {
		err = sarif_get_text_of(reader, rule->json, "shortDescription", &rule->title);
	}
	if (err == 0) {
		err = sarif_get_text_of(reader, rule->json, "fullDescription", &rule->description);
	}
	if (err == 0) {
		err = sarif_get_string(reader, rule->json, "helpUri", &rule->help_uri);
	}
	if (err == 0) {
		err = sarif_get_object(reader, rule->json, "help", &help);
	}
	if (err == 0 && help != NULL) {
		err = sarif_get_text_of(reader, rule->json, "help", &rule->help_text);
	}
	if (err == 0) {
		err = sarif_get_object(reader, rule->json, "defaultConfiguration", &config);
	}
	if (err == 0 && config != NULL) {
		size_t mark = assay_json_path_push_key(&reader->path, "defaultConfiguration");

		err = sarif_get_enum(reader, config, "level", levels, &rule->default_level);
		assay_json_path_pop(&reader->path, mark);
	}
	if (err == 0) {
		err =
		    sarif_get_object(reader, rule->json, "messageStrings", &rule->message_strings);
	}
	if (err == 0) {
		err = sarif_get_array(reader, rule->json, "relationships", &rule->relationships);
	}
	if (err == 0 && rule->relationships != NULL) {
		err = rule_check_relationships(reader, rule->relationships);
	}
	if (err == 0) {
		err = rule_parse_properties(reader, rule);
	}
	if (err == 0 && rule->title == NULL) {
		rule->title = rule->name;
	}
	/* Dockle 0.3.15 writes the rule's documentation URL as its help text */
	if (err == 0 && rule->help_uri == NULL && is_web_url(rule->help_text)) {
		rule->help_uri = rule->help_text;
	}
	rule->parsed = err == 0;
	return err;
}

/* Parse `rule` on first use, reporting errors under the rule's path. */
static int rule_ensure_parsed(sarif_reader *reader, const sarif_component *component,
			      sarif_rule *rule)
{
	assay_json_path saved;
	int err;

	if (rule->parsed) {
		return 0;
	}
	saved = reader->path;
	path_set_rule(reader, component, rule);
	err = rule_parse(reader, rule);
	reader->path = saved;
	return err;
}

/* Whether a component has the guid (compared without case) or, without a guid, the name. */
static bool component_matches(const sarif_component *component, const char *guid, const char *name)
{
	if (guid != NULL) {
		return component->guid != NULL && sarif_equal_nocase(guid, component->guid);
	}
	return component->name != NULL && strcmp(name, component->name) == 0;
}

/* The component a toolComponentReference (at the current path) names. */
static int component_find(sarif_reader *reader, const cJSON *reference, sarif_component **out)
{
	long long index = -1;
	bool has_index = false;
	const char *guid = NULL;
	const char *name = NULL;
	size_t extensions = reader->component_count - 1;
	size_t i;
	int err = sarif_get_integer(reader, reference, "index", -1, INT32_MAX, &index, &has_index);

	if (err == 0) {
		err = sarif_get_string(reader, reference, "guid", &guid);
	}
	if (err == 0) {
		err = sarif_get_string(reader, reference, "name", &name);
	}
	if (err < 0) {
		return err;
	}

	*out = &reader->components[0];
	if (has_index && index >= 0) {
		if ((size_t)index >= extensions) {
			return sarif_value_error(reader, "index",
						 "%lld is out of range: runs[%zu].tool.extensions "
						 "has %zu element%s",
						 index, reader->run_index, extensions,
						 extensions == 1 ? "" : "s");
		}
		*out = &reader->components[index + 1];
		return 0;
	}
	if (guid == NULL && name == NULL) {
		return 0;
	}
	/* the driver first: a reference may name it as well as an extension */
	for (i = 0; i < reader->component_count; i++) {
		if (component_matches(&reader->components[i], guid, name)) {
			*out = &reader->components[i];
			return 0;
		}
	}
	return sarif_value_error(reader, NULL, "no tool component \"%.64s\" in runs[%zu].tool",
				 guid != NULL ? guid : name, reader->run_index);
}

/* The rule with id `id`, or else with the id's first hierarchical component ("CA5350/md5"). */
static int rule_find_by_id(sarif_component *component, const char *id, sarif_rule **out)
{
	const char *slash;
	int err = 0;

	*out = NULL;
	if (component->rule_count == 0) {
		return 0;
	}
	if (component->slots == NULL) {
		err = index_build(component);
		if (err < 0) {
			return err;
		}
	}
	*out = index_find(component, id, strlen(id));
	slash = strchr(id, '/');
	if (*out == NULL && slash != NULL) {
		*out = index_find(component, id, (size_t)(slash - id));
	}
	return 0;
}

/* Check that `index` fits the rules of `component`; `key` names the index at the path. */
static int rule_index_check(sarif_reader *reader, const sarif_component *component, const char *key,
			    long long index)
{
	if ((size_t)index < component->rule_count) {
		return 0;
	}
	return sarif_value_error(reader, key, "%lld is out of range: %s.rules has %zu rule%s",
				 index, component->path, component->rule_count,
				 component->rule_count == 1 ? "" : "s");
}

/* Read result.rule (at the path of the result): its component, index and id. */
static int rule_reference_read(sarif_reader *reader, const cJSON *reference,
			       sarif_component **component, long long *index, bool *has_index,
			       const char **id)
{
	const cJSON *tool_reference = NULL;
	size_t mark = assay_json_path_push_key(&reader->path, "rule");
	size_t rule_len = reader->path.len;
	int err = sarif_get_object(reader, reference, "toolComponent", &tool_reference);

	if (err == 0 && tool_reference != NULL) {
		assay_json_path_push_key(&reader->path, "toolComponent");
		err = component_find(reader, tool_reference, component);
		assay_json_path_pop(&reader->path, rule_len);
	}
	if (err == 0) {
		err =
		    sarif_get_integer(reader, reference, "index", -1, INT32_MAX, index, has_index);
	}
	if (err == 0 && *has_index && *index >= 0) {
		err = rule_index_check(reader, *component, "index", *index);
	}
	if (err == 0) {
		err = sarif_get_string(reader, reference, "id", id);
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

int sarif_rule_find(sarif_reader *reader, const cJSON *result, sarif_component **component,
		    sarif_rule **rule, const char **rule_id)
{
	const cJSON *reference = NULL;
	const char *id = NULL;
	long long index = -1;
	bool has_index = false;
	int err = sarif_get_object(reader, result, "rule", &reference);

	*component = &reader->components[0];
	*rule = NULL;
	*rule_id = NULL;
	if (err == 0 && reference != NULL) {
		err = rule_reference_read(reader, reference, component, &index, &has_index, &id);
	}
	if (err == 0 && (!has_index || index < 0)) {
		err = sarif_get_integer(reader, result, "ruleIndex", -1, INT32_MAX, &index,
					&has_index);
		if (err == 0 && has_index && index >= 0) {
			err = rule_index_check(reader, *component, "ruleIndex", index);
		}
	}
	if (err == 0) {
		err = sarif_get_string(reader, result, "ruleId", rule_id);
	}
	if (err < 0) {
		return err;
	}

	/* rule.id and ruleId must agree; ruleId may add components ("CA5350/md5") */
	if (*rule_id == NULL) {
		*rule_id = id;
	} else if (id == NULL) {
		id = *rule_id;
	}
	if (has_index && index >= 0) {
		*rule = &(*component)->rules[index];
	} else if (id != NULL) {
		err = rule_find_by_id(*component, id, rule);
	}
	if (err == 0 && *rule != NULL) {
		err = rule_ensure_parsed(reader, *component, *rule);
	}
	return err;
}

/*
 * The text of the multiformatMessageString `strings[id]`, or NULL when
 * absent. The path is set to `owner_path`.`key`.`id` for errors.
 */
static int message_string_find(sarif_reader *reader, const cJSON *strings, const char *owner_path,
			       const char *key, const char *id, const char **out)
{
	const cJSON *entry = cJSON_GetObjectItemCaseSensitive(strings, id);
	assay_json_path saved;
	int err = 0;

	*out = NULL;
	if (entry == NULL || cJSON_IsNull(entry)) {
		return 0;
	}
	saved = reader->path;
	sarif_path_set(&reader->path, owner_path);
	assay_json_path_push_key(&reader->path, key);
	assay_json_path_push_key(&reader->path, id);
	if (!cJSON_IsObject(entry)) {
		err = sarif_type_error(reader, NULL, entry, "an object");
	} else {
		err = sarif_get_string(reader, entry, "text", out);
	}
	reader->path = saved;
	return err;
}

/*
 * Look message.id up in the rule's messageStrings, then in the
 * globalMessageStrings of the rule's component and then of the driver,
 * for consumers that read SARIF's lookup either way.
 */
static int message_lookup(sarif_reader *reader, const sarif_component *component,
			  const sarif_rule *rule, const char *id, const char **out)
{
	const sarif_component *driver = &reader->components[0];
	int err = 0;

	*out = NULL;
	if (rule != NULL && rule->message_strings != NULL) {
		assay_json_path saved = reader->path;
		char rule_path[SARIF_PATH_MAX];

		path_set_rule(reader, component, rule);
		snprintf(rule_path, sizeof(rule_path), "%s", reader->path.text);
		err = message_string_find(reader, rule->message_strings, rule_path,
					  "messageStrings", id, out);
		reader->path = saved;
	}
	if (err == 0 && *out == NULL && component->global_strings != NULL) {
		err = message_string_find(reader, component->global_strings, component->path,
					  "globalMessageStrings", id, out);
	}
	if (err == 0 && *out == NULL && component != driver && driver->global_strings != NULL) {
		err = message_string_find(reader, driver->global_strings, driver->path,
					  "globalMessageStrings", id, out);
	}
	return err;
}

int sarif_result_message(sarif_reader *reader, const cJSON *result,
			 const sarif_component *component, const sarif_rule *rule, char **out)
{
	const cJSON *message = NULL;
	const cJSON *arguments = NULL;
	const char *format = NULL;
	const char *id = NULL;
	size_t mark;
	int err = sarif_get_object(reader, result, "message", &message);

	*out = NULL;
	if (err < 0 || message == NULL) {
		return err;
	}
	mark = assay_json_path_push_key(&reader->path, "message");
	err = sarif_get_string(reader, message, "text", &format);
	if (err == 0) {
		err = sarif_get_string(reader, message, "id", &id);
	}
	if (err == 0) {
		err = sarif_get_array(reader, message, "arguments", &arguments);
	}
	if (err == 0 && arguments != NULL) {
		size_t arguments_mark = assay_json_path_push_key(&reader->path, "arguments");

		err = sarif_check_strings(reader, arguments);
		assay_json_path_pop(&reader->path, arguments_mark);
	}
	assay_json_path_pop(&reader->path, mark);

	/* SARIF uses message.text when present and looks message.id up only without it */
	if (err == 0 && format == NULL && id != NULL) {
		err = message_lookup(reader, component, rule, id, &format);
	}
	if (err == 0 && format != NULL) {
		err = sarif_format_message(out, format, arguments);
	}
	return err;
}

/* Append one CWE reference if it is one; other strings are not CWE ids and are skipped. */
static int cwe_add(sarif_reader *reader, assay_finding *finding, const char *text,
		   bool bare_number_ok)
{
	char cwe[32];

	if (!sarif_cwe_normalize(text, bare_number_ok, cwe, sizeof(cwe))) {
		return 0;
	}
	return assay_finding_append(reader->ctx, finding, ASSAY_LIST_CWES, cwe);
}

/* CWE ids among tags and a properties.cwe value (both checked to hold strings). */
static int cwe_add_strings(sarif_reader *reader, assay_finding *finding, const cJSON *tags,
			   const cJSON *cwe)
{
	const cJSON *item;
	int err = 0;

	cJSON_ArrayForEach(item, tags)
	{
		if (err == 0) {
			err = cwe_add(reader, finding, item->valuestring, false);
		}
	}
	if (cJSON_IsString(cwe)) {
		return err == 0 ? cwe_add(reader, finding, cwe->valuestring, true) : err;
	}
	cJSON_ArrayForEach(item, cwe)
	{
		if (err == 0) {
			err = cwe_add(reader, finding, item->valuestring, true);
		}
	}
	return err;
}

/*
 * A CWE taxon named by a reportingDescriptorReference (already checked):
 * "CWE-79", or "79" when its toolComponent is named CWE, as flawfinder
 * and the SARIF specification's examples write it.
 */
static int cwe_add_reference(sarif_reader *reader, assay_finding *finding, const cJSON *target)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(target, "id");
	const cJSON *component = cJSON_GetObjectItemCaseSensitive(target, "toolComponent");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(component, "name");
	bool cwe_taxonomy = cJSON_IsString(name) && sarif_equal_nocase(name->valuestring, "CWE");

	if (!cJSON_IsString(id)) {
		return 0;
	}
	return cwe_add(reader, finding, id->valuestring, cwe_taxonomy);
}

/* Check result.taxa (at the current path): descriptor references with string ids. */
static int taxa_check(sarif_reader *reader, const cJSON *taxa)
{
	const cJSON *item;
	size_t index = 0;
	size_t mark = assay_json_path_push_key(&reader->path, "taxa");
	size_t taxa_len = reader->path.len;
	int err = 0;

	cJSON_ArrayForEach(item, taxa)
	{
		const cJSON *component = NULL;
		const char *text = NULL;

		assay_json_path_push_index(&reader->path, index);
		if (!cJSON_IsObject(item)) {
			err = sarif_type_error(reader, NULL, item, "an object");
		}
		if (err == 0) {
			err = sarif_get_string(reader, item, "id", &text);
		}
		if (err == 0) {
			err = sarif_get_object(reader, item, "toolComponent", &component);
		}
		if (err == 0 && component != NULL) {
			assay_json_path_push_key(&reader->path, "toolComponent");
			err = sarif_get_string(reader, component, "name", &text);
		}
		assay_json_path_pop(&reader->path, taxa_len);
		if (err < 0) {
			break;
		}
		index++;
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

int sarif_add_cwes(sarif_reader *reader, assay_finding *finding, const sarif_rule *rule,
		   const cJSON *result, const cJSON *result_properties)
{
	const cJSON *taxa = NULL;
	const cJSON *item;
	const cJSON *tags = NULL;
	const cJSON *cwe = NULL;
	int err = 0;

	if (rule != NULL) {
		cJSON_ArrayForEach(item, rule->relationships)
		{
			const cJSON *target = cJSON_GetObjectItemCaseSensitive(item, "target");

			if (err == 0 && cJSON_IsObject(target)) {
				err = cwe_add_reference(reader, finding, target);
			}
		}
		if (err == 0) {
			err = cwe_add_strings(reader, finding, rule->tags, rule->cwe);
		}
	}
	if (err == 0) {
		err = sarif_get_array(reader, result, "taxa", &taxa);
	}
	if (err == 0 && taxa != NULL) {
		err = taxa_check(reader, taxa);
	}
	cJSON_ArrayForEach(item, taxa)
	{
		if (err == 0) {
			err = cwe_add_reference(reader, finding, item);
		}
	}
	if (err == 0 && result_properties != NULL) {
		size_t mark = assay_json_path_push_key(&reader->path, "properties");

		tags = cJSON_GetObjectItemCaseSensitive(result_properties, "tags");
		err = check_cwe_property(reader, result_properties, &cwe);
		assay_json_path_pop(&reader->path, mark);
	}
	if (err == 0) {
		/* result tags were checked by the caller */
		err = cwe_add_strings(reader, finding, cJSON_IsArray(tags) ? tags : NULL, cwe);
	}
	return err;
}
