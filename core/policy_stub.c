/* SPDX-License-Identifier: Apache-2.0 */
/* Placeholder policy functions until the Lua bridge lands: no policy is ever loaded. */
#include "internal.h"

const cJSON *assay_policy_value(const assay_ctx *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return NULL;
}

const char *assay_policy_path(const assay_ctx *ctx)
{
	(void)ctx;
	return NULL;
}
