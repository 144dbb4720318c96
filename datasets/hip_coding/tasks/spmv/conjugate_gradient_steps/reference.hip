#include <hip/hip_runtime.h>

#include <cstddef>

// k iterations of conjugate gradient from x = 0, all scalars kept on the device. Every iteration is
// five launches: q = A p with block partials of p.q; alpha from the summed partials; x and r updated
// with block partials of r.r; beta from those; p = r + beta p. The partial sums are reduced by one
// block in a fixed order, so the result does not depend on the schedule.
constexpr int kBlock = 256;

struct Scalars {
  float rr;     // r.r of the current residual
  float alpha;  // step length of this iteration
  float beta;   // weight of the old direction
};

// Sum of one value per thread across the block (tree in shared memory); valid in thread 0.
__device__ float block_sum(float v, float* s) {
  s[threadIdx.x] = v;
  __syncthreads();  // every value stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) s[threadIdx.x] += s[threadIdx.x + half];
    __syncthreads();  // this level of the tree done
  }
  return s[0];
}

// One block: the sum of partials[0 .. count), each thread summing a strided share first.
__device__ float sum_partials(const float* partials, int count, float* s) {
  float acc = 0.0f;
  for (int i = threadIdx.x; i < count; i += kBlock) acc += partials[i];
  return block_sum(acc, s);
}

__global__ void init_kernel(int n, const float* __restrict__ b, float* __restrict__ x, float* __restrict__ r,
                            float* __restrict__ p, float* __restrict__ partials) {
  __shared__ float s[kBlock];
  const int i = blockIdx.x * kBlock + threadIdx.x;
  float bb = 0.0f;
  if (i < n) {
    const float bi = b[i];
    x[i] = 0.0f;
    r[i] = bi;
    p[i] = bi;
    bb = bi * bi;
  }
  const float total = block_sum(bb, s);
  if (threadIdx.x == 0) partials[blockIdx.x] = total;
}

__global__ void first_rr_kernel(int blocks, const float* __restrict__ partials, Scalars* sc) {
  __shared__ float s[kBlock];
  const float total = sum_partials(partials, blocks, s);
  if (threadIdx.x == 0) sc->rr = total;
}

// q = A p, one thread per row, and this block's share of p.q.
__global__ void spmv_dot_kernel(int n, const int* __restrict__ row_ptr, const int* __restrict__ col_idx,
                                const float* __restrict__ vals, const float* __restrict__ p, float* __restrict__ q,
                                float* __restrict__ partials) {
  __shared__ float s[kBlock];
  const int i = blockIdx.x * kBlock + threadIdx.x;
  float pq = 0.0f;
  if (i < n) {
    float acc = 0.0f;
    for (int e = row_ptr[i]; e < row_ptr[i + 1]; ++e) acc += vals[e] * p[col_idx[e]];
    q[i] = acc;
    pq = p[i] * acc;
  }
  const float total = block_sum(pq, s);
  if (threadIdx.x == 0) partials[blockIdx.x] = total;
}

// alpha = r.r / p.q; a residual that is exactly zero has converged: alpha = 0 leaves x as it is.
__global__ void alpha_kernel(int blocks, const float* __restrict__ partials, Scalars* sc) {
  __shared__ float s[kBlock];
  const float pq = sum_partials(partials, blocks, s);
  if (threadIdx.x == 0) sc->alpha = sc->rr == 0.0f ? 0.0f : sc->rr / pq;
}

__global__ void update_xr_kernel(int n, const Scalars* sc, const float* __restrict__ p, const float* __restrict__ q,
                                 float* __restrict__ x, float* __restrict__ r, float* __restrict__ partials) {
  __shared__ float s[kBlock];
  const int i = blockIdx.x * kBlock + threadIdx.x;
  const float alpha = sc->alpha;
  float rr = 0.0f;
  if (i < n) {
    x[i] += alpha * p[i];
    const float ri = r[i] - alpha * q[i];
    r[i] = ri;
    rr = ri * ri;
  }
  const float total = block_sum(rr, s);
  if (threadIdx.x == 0) partials[blockIdx.x] = total;
}

__global__ void beta_kernel(int blocks, const float* __restrict__ partials, Scalars* sc) {
  __shared__ float s[kBlock];
  const float rr_new = sum_partials(partials, blocks, s);
  if (threadIdx.x == 0) {
    sc->beta = sc->rr == 0.0f ? 0.0f : rr_new / sc->rr;
    sc->rr = rr_new;
  }
}

__global__ void update_p_kernel(int n, const Scalars* sc, const float* __restrict__ r, float* __restrict__ p) {
  const int i = blockIdx.x * kBlock + threadIdx.x;
  if (i < n) p[i] = r[i] + sc->beta * p[i];
}

void cg_steps(int n, const int* row_ptr, const int* col_idx, const float* vals, const float* b, int iters, float* x,
              hipStream_t stream) {
  const int blocks = (n + kBlock - 1) / kBlock;
  // Scratch: r, p, q (n floats each), the block partials, then the scalars.
  const size_t floats = 3 * (size_t)n + (size_t)blocks;
  float* scratch = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&scratch), floats * sizeof(float) + sizeof(Scalars), stream);
  float* r = scratch;
  float* p = r + n;
  float* q = p + n;
  float* partials = q + n;
  Scalars* sc = reinterpret_cast<Scalars*>(partials + blocks);
  hipLaunchKernelGGL(init_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, b, x, r, p, partials);
  hipLaunchKernelGGL(first_rr_kernel, dim3(1), dim3(kBlock), 0, stream, blocks, partials, sc);
  for (int it = 0; it < iters; ++it) {
    hipLaunchKernelGGL(spmv_dot_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, row_ptr, col_idx, vals, p, q,
                       partials);
    hipLaunchKernelGGL(alpha_kernel, dim3(1), dim3(kBlock), 0, stream, blocks, partials, sc);
    hipLaunchKernelGGL(update_xr_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, sc, p, q, x, r, partials);
    hipLaunchKernelGGL(beta_kernel, dim3(1), dim3(kBlock), 0, stream, blocks, partials, sc);
    hipLaunchKernelGGL(update_p_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, sc, r, p);
  }
  hipFreeAsync(scratch, stream);
}
