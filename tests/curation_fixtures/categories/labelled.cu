// Labelled kernels for the category rules (curation/categories.py). Each `// label:` names the category of the
// kernel that follows it. Written for the tests; several names are deliberately unhelpful.
#include <cuda_runtime.h>

#define RADIUS 3
#define TILE 16
#define BLOCK 256

__constant__ float c_taps[2 * RADIUS + 1];

// label: elementwise
__global__ void k01(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

// label: elementwise
__global__ void scale_bias(float* x, float s, float b, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = x[i] * s + b;
}

// label: elementwise
__global__ void k03(const float* x, float* y, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) y[i] = tanhf(x[i]);
}

// label: elementwise
__global__ void k04(const double* x, double* y, int width, int height) {
  int c = blockIdx.x * blockDim.x + threadIdx.x;
  int r = blockIdx.y * blockDim.y + threadIdx.y;
  if (c < width && r < height) y[r * width + c] = x[r * width + c] * x[r * width + c];
}

// label: elementwise
__global__ void k05(const int* keys, int* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = keys[i] > 0 ? keys[i] : -keys[i];
}

// label: reduction
__global__ void k06(const float* x, float* total, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(total, x[i]);
}

// label: reduction
__global__ void k07(const float* x, float* partial, int n) {
  __shared__ float s[BLOCK];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < n ? x[i] : 0.0f;
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = s[0];
}

// label: reduction
__global__ void k08(const float* x, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? x[i] : 0.0f;
  for (int o = 16; o > 0; o /= 2) v += __shfl_down_sync(0xffffffff, v, o);
  if ((threadIdx.x & 31) == 0) atomicAdd(out, v);
}

// label: reduction
__global__ void k09(const float* m, float* rowsum, int rows, int cols) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  float s = 0.0f;
  for (int c = 0; c < cols; ++c) s += m[r * cols + c];
  rowsum[r] = s;
}

// label: reduction
__global__ void dot_partial(const float* a, const float* b, float* result, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(&result[0], a[i] * b[i]);
}

// label: reduction
__global__ void k11(const int* x, int* maxval, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicMax(maxval, x[i]);
}

// label: histogram
__global__ void k12(const int* keys, unsigned int* bins, int n, int nbins) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(&bins[keys[i] % nbins], 1u);
}

// label: histogram
__global__ void k13(const unsigned char* pixels, unsigned int* counts, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    int bucket = pixels[i] >> 4;
    atomicAdd(&counts[bucket], 1u);
  }
}

// label: histogram
__global__ void k14(const float* values, int* bins, int n, int nbins) {
  __shared__ int local[64];
  if (threadIdx.x < 64) local[threadIdx.x] = 0;
  __syncthreads();
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    int b = static_cast<int>(values[i] * nbins) & 63;
    atomicAdd(&local[b], 1);
  }
  __syncthreads();
  if (threadIdx.x < 64) atomicAdd(&bins[threadIdx.x], local[threadIdx.x]);
}

// label: scan
__global__ void k15(const float* x, float* y, int n) {
  __shared__ float s[BLOCK];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < n ? x[i] : 0.0f;
  __syncthreads();
  for (int offset = 1; offset < blockDim.x; offset *= 2) {
    float v = threadIdx.x >= offset ? s[threadIdx.x - offset] : 0.0f;
    __syncthreads();
    s[threadIdx.x] += v;
    __syncthreads();
  }
  if (i < n) y[i] = s[threadIdx.x];
}

// label: scan
__global__ void k16(const int* in, int* out, int n) {
  __shared__ int t[BLOCK];
  int tid = threadIdx.x;
  int i = blockIdx.x * blockDim.x + tid;
  t[tid] = i < n ? in[i] : 0;
  __syncthreads();
  for (int d = 1; d < BLOCK; d <<= 1) {
    int add = tid >= d ? t[tid - d] : 0;
    __syncthreads();
    t[tid] += add;
    __syncthreads();
  }
  if (i < n) out[i] = t[tid];
}

// label: scan
__global__ void prefix_rows(const float* m, float* out, int rows, int cols) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  float run = 0.0f;
  for (int c = 0; c < cols; ++c) {
    run += m[r * cols + c];
    out[r * cols + c] = run;
  }
}

// label: sort
__global__ void k18(float* v, int j, int k) {
  unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned int partner = i ^ j;
  if (partner > i) {
    bool up = (i & k) == 0;
    if ((v[i] > v[partner]) == up) {
      float t = v[i];
      v[i] = v[partner];
      v[partner] = t;
    }
  }
}

// label: sort
__global__ void k19(int* data, int n, int phase) {
  int i = 2 * (blockIdx.x * blockDim.x + threadIdx.x) + phase;
  if (i + 1 < n && data[i] > data[i + 1]) {
    int tmp = data[i];
    data[i] = data[i + 1];
    data[i + 1] = tmp;
  }
}

// label: sort
__global__ void radix_digit_counts(const unsigned int* keys, unsigned int* out, int n, int shift) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = (keys[i] >> shift) & 1u;
}

// label: matmul
__global__ void k21(const float* A, const float* B, float* C, int n) {
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  if (row < n && col < n) {
    float acc = 0.0f;
    for (int k = 0; k < n; ++k) acc += A[row * n + k] * B[k * n + col];
    C[row * n + col] = acc;
  }
}

// label: matmul
__global__ void k22(const float* A, const float* x, float* y, int rows, int cols) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r < rows) {
    float s = 0.0f;
    for (int c = 0; c < cols; ++c) s += A[r * cols + c] * x[c];
    y[r] = s;
  }
}

// label: matmul
__global__ void k23(const float* A, const float* B, float* C, int n) {
  __shared__ float a[TILE][TILE];
  __shared__ float b[TILE][TILE];
  int row = blockIdx.y * TILE + threadIdx.y;
  int col = blockIdx.x * TILE + threadIdx.x;
  float acc = 0.0f;
  for (int t = 0; t < n / TILE; ++t) {
    a[threadIdx.y][threadIdx.x] = A[row * n + t * TILE + threadIdx.x];
    b[threadIdx.y][threadIdx.x] = B[(t * TILE + threadIdx.y) * n + col];
    __syncthreads();
    for (int k = 0; k < TILE; ++k) acc += a[threadIdx.y][k] * b[k][threadIdx.x];
    __syncthreads();
  }
  C[row * n + col] = acc;
}

// label: matmul
__global__ void gemm_nt(const double* A, const double* B, double* C, int m, int k_dim) {
  int i = blockIdx.y * blockDim.y + threadIdx.y;
  int j = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < m && j < m) {
    double s = 0.0;
    for (int k = 0; k < k_dim; ++k) s += A[i * k_dim + k] * B[j * k_dim + k];
    C[i * m + j] = s;
  }
}

// label: convolution
__global__ void k25(const float* in, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float s = 0.0f;
  for (int k = -RADIUS; k <= RADIUS; ++k) {
    int j = min(max(i + k, 0), n - 1);
    s += c_taps[k + RADIUS] * in[j];
  }
  out[i] = s;
}

// label: convolution
__global__ void k26(const float* in, const float* w, float* out, int n, int taps) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float s = 0.0f;
    for (int t = 0; t < taps; ++t) s += in[i + t] * w[t];
    out[i] = s;
  }
}

// label: convolution
__global__ void k27(const float* img, const float* kern, float* out, int width, int height) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < 1 || y < 1 || x >= width - 1 || y >= height - 1) return;
  float s = 0.0f;
  for (int dy = 0; dy < 3; ++dy)
    for (int dx = 0; dx < 3; ++dx) s += kern[dy * 3 + dx] * img[(y + dy - 1) * width + (x + dx - 1)];
  out[y * width + x] = s;
}

// label: transpose
__global__ void k28(const float* in, float* out, int width, int height) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < width && y < height) out[x * height + y] = in[y * width + x];
}

// label: transpose
__global__ void k29(const float* in, float* out, int width, int height) {
  __shared__ float tile[TILE][TILE + 1];
  int x = blockIdx.x * TILE + threadIdx.x;
  int y = blockIdx.y * TILE + threadIdx.y;
  if (x < width && y < height) tile[threadIdx.y][threadIdx.x] = in[y * width + x];
  __syncthreads();
  x = blockIdx.y * TILE + threadIdx.x;
  y = blockIdx.x * TILE + threadIdx.y;
  if (x < height && y < width) out[y * height + x] = tile[threadIdx.x][threadIdx.y];
}

// label: transpose
__global__ void k30(const double* src, double* dst, int rows, int cols) {
  int c = blockIdx.x * blockDim.x + threadIdx.x;
  int r = blockIdx.y * blockDim.y + threadIdx.y;
  if (r < rows && c < cols) dst[c * rows + r] = src[r * cols + c];
}

// label: stencil
__global__ void k31(const float* u, float* v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i > 0 && i < n - 1) v[i] = 0.25f * u[i - 1] + 0.5f * u[i] + 0.25f * u[i + 1];
}

// label: stencil
__global__ void k32(const float* in, float* out, int nx, int ny) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < 1 || y < 1 || x >= nx - 1 || y >= ny - 1) return;
  int c = y * nx + x;
  out[c] = in[c - 1] + in[c + 1] + in[c - nx] + in[c + nx] - 4.0f * in[c];
}

// label: stencil
__global__ void k33(const float* in, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i + 4 >= n) return;
  float s = 0.0f;
  for (int d = 0; d < 5; ++d) s += in[i + d];
  out[i] = s / 5.0f;
}

// label: stencil
__global__ void k34(const float* t, float* t_next, int nx, int ny, float alpha) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x > 0 && y > 0 && x < nx - 1 && y < ny - 1) {
    float lap = t[(y - 1) * nx + x] + t[(y + 1) * nx + x] + t[y * nx + x - 1] + t[y * nx + x + 1];
    t_next[y * nx + x] = t[y * nx + x] + alpha * (lap - 4.0f * t[y * nx + x]);
  }
}

// label: softmax
__global__ void k35(const float* x, float* y, int rows, int cols) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  float m = x[r * cols];
  for (int c = 1; c < cols; ++c) m = fmaxf(m, x[r * cols + c]);
  float s = 0.0f;
  for (int c = 0; c < cols; ++c) s += expf(x[r * cols + c] - m);
  for (int c = 0; c < cols; ++c) y[r * cols + c] = expf(x[r * cols + c] - m) / s;
}

// label: softmax
__global__ void row_softmax(const double* in, double* out, int rows, int cols) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r < rows) {
    double hi = in[r * cols];
    for (int c = 0; c < cols; ++c) hi = max(hi, in[r * cols + c]);
    double total = 0.0;
    for (int c = 0; c < cols; ++c) total += exp(in[r * cols + c] - hi);
    for (int c = 0; c < cols; ++c) out[r * cols + c] = exp(in[r * cols + c] - hi) / total;
  }
}

// label: norm
__global__ void k37(const float* x, float* y, int rows, int cols) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  float ss = 0.0f;
  for (int c = 0; c < cols; ++c) ss += x[r * cols + c] * x[r * cols + c];
  float inv = rsqrtf(ss / cols + 1e-5f);
  for (int c = 0; c < cols; ++c) y[r * cols + c] = x[r * cols + c] * inv;
}

// label: norm
__global__ void k38(const float* v, float* unit, int n, int dim) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float len = 0.0f;
  for (int d = 0; d < dim; ++d) len += v[i * dim + d] * v[i * dim + d];
  len = sqrtf(len);
  for (int d = 0; d < dim; ++d) unit[i * dim + d] = v[i * dim + d] / len;
}

// label: compaction
__global__ void k39(const float* x, float* out, int* count, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && x[i] > 0.0f) out[atomicAdd(count, 1)] = x[i];
}

// label: compaction
__global__ void k40(const int* in, int* kept, unsigned int* used, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && (in[i] & 1) == 0) {
    unsigned int slot = atomicAdd(used, 1u);
    kept[slot] = in[i];
  }
}

// label: spmv
__global__ void k41(const int* row_ptr, const int* cols, const float* vals, const float* x, float* y, int rows) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r < rows) {
    float s = 0.0f;
    for (int j = row_ptr[r]; j < row_ptr[r + 1]; ++j) s += vals[j] * x[cols[j]];
    y[r] = s;
  }
}

// label: spmv
__global__ void k42(const int* ptr, const int* idx, const double* a, const double* v, double* out, int n) {
  for (int row = blockIdx.x * blockDim.x + threadIdx.x; row < n; row += blockDim.x * gridDim.x) {
    double acc = 0.0;
    for (int e = ptr[row]; e < ptr[row + 1]; e++) acc += a[e] * v[idx[e]];
    out[row] = acc;
  }
}

// label: warp_level
__global__ void k43(const int* flags, unsigned int* masks, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned int m = __ballot_sync(0xffffffff, i < n && flags[i] != 0);
  if ((threadIdx.x & 31) == 0 && i < n) masks[i / 32] = m;
}

// label: warp_level
__global__ void k44(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? x[i] : 0.0f;
  float left = __shfl_up_sync(0xffffffff, v, 1);
  if (i < n) y[i] = (threadIdx.x & 31) == 0 ? v : v - left;
}

// label: elementwise
__global__ void clamp_all(float* v, float lo, float hi, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) v[i] = fminf(fmaxf(v[i], lo), hi);
}

// label: reduction
__global__ void k46(const float* x, float* col_sums, int rows, int cols) {
  int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= cols) return;
  for (int r = 0; r < rows; ++r) col_sums[c] += x[r * cols + c];
}
