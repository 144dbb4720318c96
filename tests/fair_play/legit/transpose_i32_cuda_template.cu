// task: cuda/transpose/transpose_i32
// Style: a generic template kernel instantiated for int, naive one thread per element.
#include <cuda_runtime.h>
#include <type_traits>

template <typename T>
__global__ void transpose_naive(int rows, int cols, const T* __restrict__ in, T* __restrict__ out) {
  static_assert(std::is_trivially_copyable<T>::value, "plain data only");
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  const int r = blockIdx.y * blockDim.y + threadIdx.y;
  if (r < rows && c < cols) out[c * rows + r] = in[r * cols + c];
}

void transpose_i32(int rows, int cols, const int* in, int* out, cudaStream_t stream) {
  const dim3 block(32, 8);
  const dim3 grid((cols + block.x - 1) / block.x, (rows + block.y - 1) / block.y);
  transpose_naive<int><<<grid, block, 0, stream>>>(rows, cols, in, out);
}
