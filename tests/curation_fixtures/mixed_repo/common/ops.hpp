// SPDX-License-Identifier: BSD-3-Clause
#pragma once

namespace ops {

constexpr float kAlpha = 0.01f;

template <typename T>
__host__ __device__ inline T leaky(T v) {
  return v > T(0) ? v : T(kAlpha) * v;
}

__device__ inline double smooth_step(double t) {
  t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
  return t * t * (3.0 - 2.0 * t);
}

}  // namespace ops
