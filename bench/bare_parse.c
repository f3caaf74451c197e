/* SPDX-License-Identifier: Apache-2.0 */
/* The benchmark's yardstick: read a file and parse it with cJSON, nothing else. */
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

int main(int argc, char **argv)
{
	FILE *f;
	char *data;
	long size;
	cJSON *json;

	if (argc != 2) {
		fprintf(stderr, "usage: assay-bare-parse FILE\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "assay-bare-parse: cannot read %s\n", argv[1]);
		return 2;
	}
	data = malloc((size_t)size + 1);
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "assay-bare-parse: cannot read %s\n", argv[1]);
		return 2;
	}
	fclose(f);
	data[size] = '\0';

	json = cJSON_ParseWithLength(data, (size_t)size + 1);
	if (!json) {
		fprintf(stderr, "assay-bare-parse: invalid JSON in %s\n", argv[1]);
		return 2;
	}
	cJSON_Delete(json);
	free(data);
	return 0;
}
