// HIP dynamic shared memory both ways: `extern __shared__` in the kernel and HIP's own
// HIP_DYNAMIC_SHARED macro. A block-wide sum per block, then a per-block rotate-by-one.
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call)                                                                          \
  do {                                                                                       \
    hipError_t err_ = (call);                                                                \
    if (err_ != hipSuccess) {                                                                \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             hipGetErrorName(err_), hipGetErrorString(err_));                                \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

__global__ void block_sum(const double* in, double* out) {
  extern __shared__ double partial[];
  unsigned t = threadIdx.x;
  partial[t] = in[blockIdx.x * blockDim.x + t];
  __syncthreads();
  for (unsigned s = blockDim.x / 2; s > 0; s /= 2) {
    if (t < s) partial[t] += partial[t + s];
    __syncthreads();
  }
  if (t == 0) out[blockIdx.x] = partial[0];
}

__global__ void rotate(const int* in, int* out) {
  HIP_DYNAMIC_SHARED(int, tile);
  int base = blockIdx.x * blockDim.x;
  tile[threadIdx.x] = in[base + threadIdx.x];
  __syncthreads();
  out[base + threadIdx.x] = tile[(threadIdx.x + 1) % blockDim.x];
}

int main() {
  const int block = 128, grid = 10, n = block * grid;
  std::vector<double> in(n), sums(grid);
  std::vector<int> iin(n), iout(n);
  for (int i = 0; i < n; ++i) {
    in[i] = (i % 17) * 0.5;
    iin[i] = i * 3 + 1;
  }
  double *din, *dsum;
  int *diin, *diout;
  CHECK(hipMalloc(&din, n * sizeof(double)));
  CHECK(hipMalloc(&dsum, grid * sizeof(double)));
  CHECK(hipMalloc(&diin, n * sizeof(int)));
  CHECK(hipMalloc(&diout, n * sizeof(int)));
  CHECK(hipMemcpy(din, in.data(), n * sizeof(double), hipMemcpyHostToDevice));
  CHECK(hipMemcpy(diin, iin.data(), n * sizeof(int), hipMemcpyHostToDevice));

  block_sum<<<grid, block, block * sizeof(double)>>>(din, dsum);
  CHECK(hipGetLastError());
  hipLaunchKernelGGL(rotate, dim3(grid), dim3(block), block * sizeof(int), 0, diin, diout);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(sums.data(), dsum, grid * sizeof(double), hipMemcpyDeviceToHost));
  CHECK(hipMemcpy(iout.data(), diout, n * sizeof(int), hipMemcpyDeviceToHost));
  for (int b = 0; b < grid; ++b) {
    double want = 0;
    for (int t = 0; t < block; ++t) want += in[b * block + t];
    if (sums[b] != want) {
      printf("FAIL: block %d sum %f, expected %f\n", b, sums[b], want);
      return 1;
    }
    for (int t = 0; t < block; ++t) {
      int got = iout[b * block + t], expect = iin[b * block + (t + 1) % block];
      if (got != expect) {
        printf("FAIL: rotate[%d] = %d, expected %d\n", b * block + t, got, expect);
        return 1;
      }
    }
  }
  CHECK(hipFree(din));
  CHECK(hipFree(dsum));
  CHECK(hipFree(diin));
  CHECK(hipFree(diout));
  printf("PASS\n");
  return 0;
}
