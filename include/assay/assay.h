/* SPDX-License-Identifier: Apache-2.0 */
/* Everything a plugin author needs: include this one header. */
#ifndef ASSAY_ASSAY_H
#define ASSAY_ASSAY_H

#include "common.h"
#include "finding.h"
#include "image.h"
#include "plugin.h"
#include "api.h"

#endif
