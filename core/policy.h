/* SPDX-License-Identifier: Apache-2.0 */
/* The interface of the Lua policy bridge that the pipeline calls; it has no Lua types. */
#ifndef ASSAY_POLICY_H
#define ASSAY_POLICY_H

#include "internal.h"

/* Default limits of the sandbox; docs/policy.md explains how they were chosen. */
#define POLICY_DEFAULT_MAX_INSTRUCTIONS 200000000LL
#define POLICY_DEFAULT_MAX_MEMORY_MIB 64LL

typedef struct policy policy;

/*
 * Load the policy named by the run option "policy", once per run: read the
 * file, build the sandbox, run the chunk and convert the globals
 * `thresholds`, `ignore` and `quantum_packages` to JSON. Does nothing when
 * the option is unset or the policy is already loaded.
 * Returns 0, ASSAY_EINVAL (bad limit option), ASSAY_EIO, ASSAY_EPOLICY or
 * ASSAY_ENOMEM; the message is on the run.
 */
int policy_prepare(assay_run *run);

/*
 * Run the policy's part of a stage that comes before the stage's analyzers:
 * on_finding for ASSAY_STAGE_FILTER, the thresholds for
 * ASSAY_STAGE_EVALUATE. Does nothing without a policy.
 */
int policy_stage_begin(assay_run *run, assay_stage stage);

/*
 * Run the policy's part of a stage that comes after the stage's analyzers:
 * verdict for ASSAY_STAGE_EVALUATE, recommend for ASSAY_STAGE_ADVISE.
 */
int policy_stage_end(assay_run *run, assay_stage stage);

/* Close the Lua state and free the policy. NULL is a no-op. */
void policy_free(policy *p);

#endif
