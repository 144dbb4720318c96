#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// Bottom-up merge sort, one thread per element and pass. In a pass, runs of width w (each sorted
// descending) are merged pairwise: an element's output slot is its rank in its own run plus the number
// of elements of the other run that must precede it, found by binary search. Ties go to the left run
// first (strictly greater on one side, greater-or-equal on the other), so no two elements share a slot.
__global__ void merge_pass(const int* __restrict__ src, int* __restrict__ dst, int n, int w) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const int start = i / (2 * w) * (2 * w);
  const int mid = min(start + w, n);
  const int end = min(start + 2 * w, n);
  const int x = src[i];
  int lo, hi, pos;
  if (i < mid) {
    lo = mid, hi = end;  // right-run elements strictly greater than x come first
    while (lo < hi) {
      int m = lo + (hi - lo) / 2;
      if (src[m] > x) lo = m + 1; else hi = m;
    }
    pos = (i - start) + (lo - mid);
  } else {
    lo = start, hi = mid;  // left-run elements greater than or equal to x come first
    while (lo < hi) {
      int m = lo + (hi - lo) / 2;
      if (src[m] >= x) lo = m + 1; else hi = m;
    }
    pos = (i - mid) + (lo - start);
  }
  dst[start + pos] = x;
}

void sort_descending(int* data, int n, hipStream_t stream) {
  if (n <= 1) return;
  int* tmp = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&tmp), n * sizeof(int), stream);
  const int blocks = (n + kBlock - 1) / kBlock;
  int* src = data;
  int* dst = tmp;
  for (int w = 1; w < n; w *= 2) {
    hipLaunchKernelGGL(merge_pass, dim3(blocks), dim3(kBlock), 0, stream, src, dst, n, w);
    int* swap = src;
    src = dst;
    dst = swap;
  }
  if (src != data) hipMemcpyAsync(data, src, n * sizeof(int), hipMemcpyDeviceToDevice, stream);
  hipFreeAsync(tmp, stream);
}
