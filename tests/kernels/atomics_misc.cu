// atomicMin / atomicMax / atomicExch / atomicInc (with wrap-around) / atomicSub / atomicAnd /
// atomicOr, each with a result that does not depend on the order the threads run in.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call)                                                                          \
  do {                                                                                       \
    cudaError_t err_ = (call);                                                               \
    if (err_ != cudaSuccess) {                                                               \
      printf("FAIL: %s:%d: %s -> %s (%s)\n", __FILE__, __LINE__, #call,                      \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                              \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

struct Results {
  int min_v, max_v;
  unsigned inc_counter, wrap_counter;
  int exch_slot, exch_seen_sum;
  int sub_v;
  unsigned and_v, or_v;
};

__global__ void atomics(const int* x, int n, Results* r) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  atomicMin(&r->min_v, x[i]);
  atomicMax(&r->max_v, x[i]);
  atomicInc(&r->inc_counter, 0xffffffffu);
  atomicInc(&r->wrap_counter, 9u);  // counts 0..9 then wraps to 0
  // Every value, including the initial one, is returned by exactly one atomicExch.
  atomicAdd(&r->exch_seen_sum, atomicExch(&r->exch_slot, i + 1));
  atomicSub(&r->sub_v, 2);
  atomicAnd(&r->and_v, ~(1u << (i % 32)) | 0x80000000u);
  atomicOr(&r->or_v, 1u << (i % 31));
}

int main() {
  const int n = 1234;
  std::vector<int> x(n);
  for (int i = 0; i < n; ++i) x[i] = (i * 7907) % 20001 - 10000;
  Results init = {1 << 30, -(1 << 30), 0, 0, 0, 0, 5000, 0xffffffffu, 0};
  int* dx;
  Results* dr;
  CHECK(cudaMalloc(&dx, n * sizeof(int)));
  CHECK(cudaMalloc(&dr, sizeof(Results)));
  CHECK(cudaMemcpy(dx, x.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dr, &init, sizeof(Results), cudaMemcpyHostToDevice));
  atomics<<<(n + 127) / 128, 128>>>(dx, n, dr);
  CHECK(cudaGetLastError());
  Results got;
  CHECK(cudaMemcpy(&got, dr, sizeof(Results), cudaMemcpyDeviceToHost));

  int mn = x[0], mx = x[0];
  for (int v : x) {
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
  }
  // exch: the values 0..n were each seen once except the one left in the slot.
  long long all = (long long)n * (n + 1) / 2;
  int fails = 0;
  auto expect = [&](const char* what, long long g, long long w) {
    if (g != w) {
      printf("FAIL: %s = %lld, expected %lld\n", what, g, w);
      ++fails;
    }
  };
  expect("atomicMin", got.min_v, mn);
  expect("atomicMax", got.max_v, mx);
  expect("atomicInc", got.inc_counter, n);
  expect("atomicInc wrap", got.wrap_counter, n % 10);
  expect("atomicExch", got.exch_seen_sum + got.exch_slot, all);
  if (got.exch_slot < 1 || got.exch_slot > n) expect("atomicExch slot", got.exch_slot, 1);
  expect("atomicSub", got.sub_v, 5000 - 2 * n);
  expect("atomicAnd", got.and_v, 0x80000000u);
  expect("atomicOr", got.or_v, 0x7fffffffu);
  if (fails) return 1;
  CHECK(cudaFree(dx));
  CHECK(cudaFree(dr));
  printf("PASS\n");
  return 0;
}
