#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// One block per row (rows of all images in turn): the row's inclusive prefix sums, kBlock elements at a
// time with a Hillis-Steele scan in shared memory, each chunk starting from the total of those before.
__global__ void integral_rows_kernel(int width, const int* __restrict__ in, int* __restrict__ out) {
  __shared__ int buf[kBlock];
  __shared__ int carry;
  const int* src = in + (size_t)blockIdx.x * width;
  int* dst = out + (size_t)blockIdx.x * width;
  if (threadIdx.x == 0) carry = 0;
  for (int base = 0; base < width; base += kBlock) {
    const int x = base + threadIdx.x;
    const int v = x < width ? src[x] : 0;
    buf[threadIdx.x] = v;
    __syncthreads();  // chunk loaded, carry up to date
    for (int offset = 1; offset < kBlock; offset *= 2) {
      const int left = threadIdx.x >= offset ? buf[threadIdx.x - offset] : 0;
      __syncthreads();  // every read of this step done
      buf[threadIdx.x] += left;
      __syncthreads();  // step written
    }
    const int chunk_total = buf[kBlock - 1];
    if (x < width) dst[x] = carry + buf[threadIdx.x];
    __syncthreads();  // carry and chunk read by every thread
    if (threadIdx.x == 0) carry += chunk_total;
  }
}

// One thread per column (of every image) runs down it adding the row sums: neighbouring threads touch
// neighbouring addresses, so every step down is one coalesced row access.
__global__ void integral_columns_kernel(int batch, int height, int width, int* __restrict__ out) {
  const long long column = (long long)blockIdx.x * kBlock + threadIdx.x;
  if (column < (long long)batch * width) {
    const long long image = column / width, x = column % width;
    int* p = out + image * height * width + x;
    int sum = 0;
    for (int y = 0; y < height; ++y) {
      sum += p[(size_t)y * width];
      p[(size_t)y * width] = sum;
    }
  }
}

void integral_image(int batch, int height, int width, const int* in, int* out, hipStream_t stream) {
  const long long columns = (long long)batch * width;
  hipLaunchKernelGGL(integral_rows_kernel, dim3(batch * height), dim3(kBlock), 0, stream, width, in, out);
  hipLaunchKernelGGL(integral_columns_kernel, dim3((unsigned)((columns + kBlock - 1) / kBlock)), dim3(kBlock), 0,
                     stream, batch, height, width, out);
}
