#include <hip/hip_runtime.h>

#include <cstddef>

// CSR -> CSC in four steps: count the entries of every column, scan the counts into col_ptr, scatter
// every entry to a free slot of its column (slots claimed with an atomic cursor, so in no particular
// order), then put each column's entries in ascending row order.
constexpr int kBlock = 256;

__global__ void count_columns(int nnz, const int* __restrict__ col_idx, int* __restrict__ counts) {
  const int e = blockIdx.x * blockDim.x + threadIdx.x;
  if (e < nnz) atomicAdd(&counts[col_idx[e]], 1);
}

// Inclusive Hillis-Steele scan of kBlock values in shared memory.
__device__ void block_inclusive_scan(int* values) {
  for (int off = 1; off < kBlock; off *= 2) {
    const int add = threadIdx.x >= off ? values[threadIdx.x - off] : 0;
    __syncthreads();  // every read of this round done
    values[threadIdx.x] += add;
    __syncthreads();  // every write of this round done
  }
}

// One block: col_ptr[0] = 0 and col_ptr[c + 1] = counts[0] + ... + counts[c]. Each thread sums a
// contiguous chunk of columns; the chunk totals are scanned across the block.
__global__ void columns_scan(int cols, const int* __restrict__ counts, int* __restrict__ col_ptr) {
  __shared__ int sums[kBlock];
  const int chunk = (cols + kBlock - 1) / kBlock;
  const int begin = min(cols, (int)threadIdx.x * chunk), end = min(cols, begin + chunk);
  int run = 0;
  for (int c = begin; c < end; ++c) run += counts[c];
  sums[threadIdx.x] = run;
  __syncthreads();  // chunk totals stored
  block_inclusive_scan(sums);
  int prefix = threadIdx.x > 0 ? sums[threadIdx.x - 1] : 0;
  if (threadIdx.x == 0) col_ptr[0] = 0;
  for (int c = begin; c < end; ++c) {
    prefix += counts[c];
    col_ptr[c + 1] = prefix;
  }
}

// One thread per row: every entry takes the next free slot of its column.
__global__ void scatter_entries(int rows, const int* __restrict__ row_ptr, const int* __restrict__ col_idx,
                                const float* __restrict__ vals, const int* __restrict__ col_ptr,
                                int* __restrict__ cursor, int* __restrict__ row_idx, float* __restrict__ csc_vals) {
  const int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  for (int e = row_ptr[r]; e < row_ptr[r + 1]; ++e) {
    const int c = col_idx[e];
    const int slot = col_ptr[c] + atomicAdd(&cursor[c], 1);
    row_idx[slot] = r;
    csc_vals[slot] = vals[e];
  }
}

// One thread per column: insertion sort of the column's (row, value) pairs by row. The rows of a
// column are distinct, so the order is unique; columns are short on average.
__global__ void sort_columns(int cols, const int* __restrict__ col_ptr, int* __restrict__ row_idx,
                             float* __restrict__ csc_vals) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= cols) return;
  const int begin = col_ptr[c], end = col_ptr[c + 1];
  for (int k = begin + 1; k < end; ++k) {
    const int row = row_idx[k];
    const float val = csc_vals[k];
    int at = k;
    while (at > begin && row_idx[at - 1] > row) {
      row_idx[at] = row_idx[at - 1];
      csc_vals[at] = csc_vals[at - 1];
      --at;
    }
    row_idx[at] = row;
    csc_vals[at] = val;
  }
}

void csr_to_csc(int rows, int cols, int nnz, const int* row_ptr, const int* col_idx, const float* vals, int* col_ptr,
                int* row_idx, float* csc_vals, hipStream_t stream) {
  int* scratch = nullptr;  // counts, then the scatter cursors: 2 * cols ints
  hipMallocAsync(reinterpret_cast<void**>(&scratch), 2 * (size_t)cols * sizeof(int), stream);
  hipMemsetAsync(scratch, 0, 2 * (size_t)cols * sizeof(int), stream);
  int* counts = scratch;
  int* cursor = scratch + cols;
  if (nnz > 0)  // a grid of 0 blocks is a launch error
    hipLaunchKernelGGL(count_columns, dim3((nnz + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, nnz, col_idx,
                       counts);
  hipLaunchKernelGGL(columns_scan, dim3(1), dim3(kBlock), 0, stream, cols, counts, col_ptr);
  if (nnz > 0) {
    hipLaunchKernelGGL(scatter_entries, dim3((rows + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, rows, row_ptr,
                       col_idx, vals, col_ptr, cursor, row_idx, csc_vals);
    hipLaunchKernelGGL(sort_columns, dim3((cols + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, cols, col_ptr,
                       row_idx, csc_vals);
  }
  hipFreeAsync(scratch, stream);
}
