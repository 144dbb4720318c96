#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// Step 1: every point takes the nearest centroid (squared Euclidean distance, the lowest index on a tie).
__global__ void assign_kernel(int n, int dim, int k, const float* __restrict__ points,
                              const float* __restrict__ centroids, int* __restrict__ labels) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    const float* x = points + (size_t)i * dim;
    int best = 0;
    float best_dist = INFINITY;
    for (int c = 0; c < k; ++c) {
      const float* y = centroids + (size_t)c * dim;
      float dist = 0.0f;
      for (int d = 0; d < dim; ++d) {
        const float diff = x[d] - y[d];
        dist += diff * diff;
      }
      if (dist < best_dist) best_dist = dist, best = c;
    }
    labels[i] = best;
  }
}

// Step 2: per-cluster coordinate sums and member counts, by atomics into the zeroed outputs.
__global__ void accumulate_kernel(int n, int dim, const float* __restrict__ points, const int* __restrict__ labels,
                                  float* __restrict__ sums, int* __restrict__ counts) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    const int c = labels[i];
    atomicAdd(&counts[c], 1);
    for (int d = 0; d < dim; ++d) atomicAdd(&sums[(size_t)c * dim + d], points[(size_t)i * dim + d]);
  }
}

// Step 3: the mean of every non-empty cluster; an empty cluster keeps its old centroid.
__global__ void finalize_kernel(int k, int dim, const float* __restrict__ centroids, const int* __restrict__ counts,
                                float* __restrict__ new_centroids) {
  const int idx = blockIdx.x * blockDim.x + threadIdx.x;
  if (idx < k * dim) {
    const int count = counts[idx / dim];
    new_centroids[idx] = count > 0 ? new_centroids[idx] / (float)count : centroids[idx];
  }
}

void kmeans_step(int n, int dim, int k, const float* points, const float* centroids, int* labels,
                 float* new_centroids, int* counts, hipStream_t stream) {
  hipMemsetAsync(new_centroids, 0, (size_t)k * dim * sizeof(float), stream);
  hipMemsetAsync(counts, 0, (size_t)k * sizeof(int), stream);
  const int point_blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(assign_kernel, dim3(point_blocks), dim3(kBlock), 0, stream, n, dim, k, points, centroids, labels);
  hipLaunchKernelGGL(accumulate_kernel, dim3(point_blocks), dim3(kBlock), 0, stream, n, dim, points, labels,
                     new_centroids, counts);
  hipLaunchKernelGGL(finalize_kernel, dim3((k * dim + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, k, dim,
                     centroids, counts, new_centroids);
}
