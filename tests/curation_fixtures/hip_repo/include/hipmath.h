// Device helpers shared by the kernels of this fixture project.
#pragma once
#include <hip/hip_runtime.h>

#define HM_EPS 1.0e-6f

__device__ inline float hm_softplus(float v) { return v > 20.0f ? v : log1pf(expf(v)); }

__device__ inline float hm_safe_inv(float v) { return 1.0f / (fabsf(v) + HM_EPS); }
