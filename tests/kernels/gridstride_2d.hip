// Matrix transpose with a 2D grid-stride loop: a deliberately small 2D grid of 2D blocks walks
// a larger matrix in both directions.
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

__global__ void transpose(const int* in, int* out, int rows, int cols) {
  for (int r = blockIdx.y * blockDim.y + threadIdx.y; r < rows; r += blockDim.y * gridDim.y)
    for (int c = blockIdx.x * blockDim.x + threadIdx.x; c < cols; c += blockDim.x * gridDim.x)
      out[c * rows + r] = in[r * cols + c];
}

int main() {
  const int rows = 70, cols = 101;
  std::vector<int> in(rows * cols), out(rows * cols);
  for (int i = 0; i < rows * cols; ++i) in[i] = i * 3 + 1;
  int *din, *dout;
  CHECK(hipMalloc(&din, in.size() * sizeof(int)));
  CHECK(hipMalloc(&dout, out.size() * sizeof(int)));
  CHECK(hipMemcpy(din, in.data(), in.size() * sizeof(int), hipMemcpyHostToDevice));
  CHECK(hipMemset(dout, 0xff, out.size() * sizeof(int)));
  transpose<<<dim3(3, 2), dim3(16, 8)>>>(din, dout, rows, cols);
  CHECK(hipGetLastError());
  CHECK(hipMemcpy(out.data(), dout, out.size() * sizeof(int), hipMemcpyDeviceToHost));
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      if (out[c * rows + r] != in[r * cols + c]) {
        printf("FAIL: out[%d][%d] = %d, expected %d\n", c, r, out[c * rows + r], in[r * cols + c]);
        return 1;
      }
  CHECK(hipFree(din));
  CHECK(hipFree(dout));
  printf("PASS\n");
  return 0;
}
