#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

// While the search runs, label[] is a union-find forest: label[v] is v's parent. A parent always has a
// smaller id than its child, so the root of a tree is the smallest vertex in it. Other threads hook
// roots and shorten paths at the same time, so every read of the forest is atomic.
__device__ int parent_of(int* label, int v) { return atomicAdd(&label[v], 0); }

__device__ int find_root(int* label, int v) {
  for (;;) {
    const int parent = parent_of(label, v);
    if (parent == v) return v;
    const int grand = parent_of(label, parent);
    if (grand != parent) atomicMin(&label[v], grand);  // path halving: grand is an ancestor of v as well
    v = grand;
  }
}

__global__ void cc_init_kernel(int n, int* __restrict__ label) {
  const int v = blockIdx.x * kBlock + threadIdx.x;
  if (v < n) label[v] = v;
}

// One thread per vertex joins the trees of both ends of each edge in its list. The larger root is hooked
// under the smaller one by a compare-and-swap that succeeds only while it is still a root; when another
// thread hooked it first, both roots are looked up again. No iteration to a fixpoint is needed: when
// every thread is done, every edge has its two ends in one tree.
__global__ void cc_hook_kernel(int n, const int* __restrict__ row_ptr, const int* __restrict__ col_idx, int* label) {
  const int v = blockIdx.x * kBlock + threadIdx.x;
  if (v >= n) return;
  for (int e = row_ptr[v]; e < row_ptr[v + 1]; ++e) {
    const int u = col_idx[e];
    int a = find_root(label, v), b = find_root(label, u);
    while (a != b) {
      if (a < b) {
        const int smaller = a;
        a = b, b = smaller;
      }
      const int old = atomicCAS(&label[a], a, b);
      if (old == a) break;  // hooked
      a = find_root(label, old);
      b = find_root(label, b);
    }
  }
}

// Every vertex points straight at its root, the smallest vertex of its component.
__global__ void cc_flatten_kernel(int n, int* label) {
  const int v = blockIdx.x * kBlock + threadIdx.x;
  if (v < n) atomicExch(&label[v], find_root(label, v));
}

void connected_components(int n, const int* row_ptr, const int* col_idx, int* label, hipStream_t stream) {
  const int blocks = (n + kBlock - 1) / kBlock;
  hipLaunchKernelGGL(cc_init_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, label);
  hipLaunchKernelGGL(cc_hook_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, row_ptr, col_idx, label);
  hipLaunchKernelGGL(cc_flatten_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, label);
}
