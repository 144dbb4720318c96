#pragma once
#include <hip/hip_runtime.h>

// Declared here, defined in src/scale.hip: a declaration is not a kernel.
__global__ void scale_kernel(float* data, float s, int n);
