#pragma once
#include <cuda_runtime.h>

#define RADIUS 2
#define TILE 16

// Filled by the host before any launch (cudaMemcpyToSymbol), as convolution samples do.
__constant__ float c_weights[2 * RADIUS + 1];

__device__ inline float clamp01(float v) { return v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v); }
