// Host API in both spellings: sticky per-thread errors and their strings, allocations (exact,
// aligned, bounded, 100 GB failing cleanly, unknown frees), copies and fills with range checks,
// symbol copies, device properties, streams, events and their timing.
#include <stdint.h>
#include <time.h>

#include <thread>

#include "check.h"

float csym[16];
int isym;
struct Params {
  int n;
  double scale;
} psym;
float* ptr_sym;

static void sleep_ms(int ms) {
  timespec t{0, ms * 1000000L};
  nanosleep(&t, nullptr);
}

static void errors() {
  CHECK_EQ(cudaGetLastError(), cudaSuccess);
  CHECK_EQ(cudaErrorInvalidConfiguration, 9);
  CHECK_EQ(cudaErrorLaunchFailure, 719);
  CHECK_EQ(cudaErrorNotReady, 600);
  CHECK_EQ(hipErrorInvalidHandle, 400);
  CHECK_EQ(hipErrorNotSupported, 801);
  CHECK(!strcmp(cudaGetErrorString(cudaErrorInvalidValue), "invalid argument"));
  CHECK(!strcmp(cudaGetErrorString(cudaErrorMemoryAllocation), "out of memory"));
  CHECK(!strcmp(cudaGetErrorName(cudaErrorInvalidConfiguration), "cudaErrorInvalidConfiguration"));
  CHECK(!strcmp(hipGetErrorName(hipErrorOutOfMemory), "hipErrorOutOfMemory"));
  CHECK(!strcmp(hipGetErrorString(hipErrorInvalidConfiguration), "invalid configuration argument"));
  CHECK(!strcmp(cudaGetErrorString(static_cast<cudaError_t>(12345)), "unrecognized error code"));

  // A failure is sticky until read: peeking keeps it, later successes do not clear it.
  void* p = reinterpret_cast<void*>(1);
  CHECK_EQ(cudaMalloc(&p, size_t(100) << 30), cudaErrorMemoryAllocation);  // 100 GB
  CHECK(p == nullptr);
  CHECK_EQ(cudaPeekAtLastError(), cudaErrorMemoryAllocation);
  void* q = nullptr;
  CHECK_EQ(cudaMalloc(&q, 64), cudaSuccess);
  CHECK_EQ(cudaFree(q), cudaSuccess);
  CHECK_EQ(cudaPeekAtLastError(), cudaErrorMemoryAllocation);
  CHECK_EQ(cudaGetLastError(), cudaErrorMemoryAllocation);
  CHECK_EQ(cudaGetLastError(), cudaSuccess);
  // The HIP spelling reads the same slot with HIP's numbers.
  CHECK_EQ(hipMalloc(&p, size_t(100) << 30), hipErrorOutOfMemory);
  CHECK_EQ(hipGetLastError(), hipErrorOutOfMemory);
  CHECK_EQ(hipGetLastError(), hipSuccess);
  // Per host thread: an error in another thread is not visible here.
  std::thread([] { cudaSetDevice(3); }).join();
  CHECK_EQ(cudaGetLastError(), cudaSuccess);
  CHECK_EQ(cudaSetDevice(3), cudaErrorInvalidDevice);
  CHECK_EQ(cudaGetLastError(), cudaErrorInvalidDevice);
}

static void allocations() {
  size_t free0 = 0, total = 0, free1 = 0;
  CHECK_EQ(cudaMemGetInfo(&free0, &total), cudaSuccess);
  CHECK(total == cpurt::device::total_global_mem && free0 <= total);
  float* d = nullptr;
  CHECK_EQ(cudaMalloc(&d, 1000 * sizeof(float)), cudaSuccess);  // typed pointer, no cast
#if !(defined(CPURT_MODE_SANITIZE) && CPURT_MODE_SANITIZE)
  CHECK_EQ(reinterpret_cast<uintptr_t>(d) % 256, 0);
#endif
  cudaMemGetInfo(&free1, nullptr);
  CHECK_EQ(free0 - free1, 4000);  // exact size, never rounded up
  CHECK_EQ(cudaFree(d), cudaSuccess);
  cudaMemGetInfo(&free1, nullptr);
  CHECK_EQ(free1, free0);
  CHECK_EQ(cudaFree(d), cudaErrorInvalidValue);  // double free is reported, not a crash
  CHECK_EQ(cudaFree(reinterpret_cast<void*>(0x1234)), cudaErrorInvalidValue);
  CHECK_EQ(cudaFree(nullptr), cudaSuccess);
  cudaGetLastError();
  void* z = reinterpret_cast<void*>(1);
  CHECK_EQ(cudaMalloc(&z, 0), cudaSuccess);
  CHECK(z == nullptr);
  // Huge requests fail cleanly in every allocator.
  void* h = nullptr;
  CHECK_EQ(cudaMallocHost(&h, size_t(100) << 30), cudaErrorMemoryAllocation);
  CHECK_EQ(cudaMallocManaged(&h, size_t(100) << 30), cudaErrorMemoryAllocation);
  CHECK_EQ(hipHostMalloc(&h, size_t(100) << 30), hipErrorOutOfMemory);
  CHECK_EQ(cudaMalloc(&h, ~size_t(0)), cudaErrorMemoryAllocation);
  cudaGetLastError();
  // Host, managed and HIP allocators work and free through their own calls.
  int *hp = nullptr, *mp = nullptr, *hh = nullptr;
  CHECK_EQ(cudaMallocHost(&hp, 64), cudaSuccess);
  CHECK_EQ(cudaMallocManaged(&mp, 64), cudaSuccess);
  CHECK_EQ(hipHostMalloc(&hh, 64, hipHostMallocDefault), hipSuccess);
  hp[15] = mp[15] = hh[15] = 1;
  CHECK_EQ(cudaFreeHost(hp), cudaSuccess);
  CHECK_EQ(cudaFree(mp), cudaSuccess);
  CHECK_EQ(hipHostFree(hh), hipSuccess);
  cudaStream_t s;
  cudaStreamCreate(&s);
  float* ad = nullptr;
  CHECK_EQ(cudaMallocAsync(&ad, 128, s), cudaSuccess);
  CHECK_EQ(cudaFreeAsync(ad, s), cudaSuccess);
  cudaStreamDestroy(s);
}

static void copies() {
  unsigned char* d = nullptr;
  CHECK_EQ(cudaMalloc(&d, 64), cudaSuccess);
  unsigned char h[128];
  for (int i = 0; i < 128; ++i) h[i] = static_cast<unsigned char>(i);
  CHECK_EQ(cudaMemcpy(d, h, 64, cudaMemcpyHostToDevice), cudaSuccess);
  CHECK_EQ(cudaMemcpy(d + 1, h, 64, cudaMemcpyHostToDevice), cudaErrorInvalidValue);  // one past the end
  CHECK_EQ(cudaGetLastError(), cudaErrorInvalidValue);
  CHECK_EQ(d[0], 0);  // the rejected copy wrote nothing
  CHECK_EQ(cudaMemcpy(d, h, 8, static_cast<cudaMemcpyKind>(7)), cudaErrorInvalidMemcpyDirection);
  cudaGetLastError();
  unsigned char back[64] = {};
  CHECK_EQ(cudaMemcpy(back, d, 64, cudaMemcpyDeviceToHost), cudaSuccess);
  CHECK(back[63] == 63);
  CHECK_EQ(cudaMemset(d, 0xAB, 64), cudaSuccess);
  CHECK_EQ(cudaMemset(d + 60, 0, 5), cudaErrorInvalidValue);
  cudaGetLastError();
  CHECK_EQ(hipMemcpy(back, d, 64, hipMemcpyDefault), hipSuccess);
  CHECK(back[0] == 0xAB && back[63] == 0xAB);
  CHECK_EQ(hipMemsetD32(d, 0x01020304, 16), hipSuccess);
  unsigned words[16];
  hipMemcpyDtoH(words, d, 64);
  CHECK(words[0] == 0x01020304u && words[15] == 0x01020304u);
  CHECK_EQ(cudaMemcpyAsync(d, h, 16, cudaMemcpyHostToDevice, cudaStreamPerThread), cudaSuccess);
  CHECK_EQ(d[15], 15);
  cudaFree(d);

  // Pitched 2-D buffers.
  float* pd = nullptr;
  size_t pitch = 0;
  CHECK_EQ(cudaMallocPitch(&pd, &pitch, 100 * sizeof(float), 3), cudaSuccess);
  CHECK_EQ(pitch, 512);
  float src[3][100];
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 100; ++c) src[r][c] = float(r * 1000 + c);
  CHECK_EQ(cudaMemcpy2D(pd, pitch, src, sizeof src[0], sizeof src[0], 3, cudaMemcpyHostToDevice), cudaSuccess);
  CHECK(reinterpret_cast<float*>(reinterpret_cast<char*>(pd) + 2 * pitch)[99] == 2099.0f);
  CHECK_EQ(cudaMemcpy2D(pd, 8, src, sizeof src[0], 16, 3, cudaMemcpyHostToDevice), cudaErrorInvalidPitchValue);
  cudaGetLastError();
  CHECK_EQ(cudaMemset2D(pd, pitch, 0, 400, 3), cudaSuccess);
  CHECK(reinterpret_cast<float*>(reinterpret_cast<char*>(pd) + 2 * pitch)[99] == 0.0f);
  cudaFree(pd);
}

static void symbols() {
  float h[16];
  for (int i = 0; i < 16; ++i) h[i] = float(i) + 0.5f;
  CHECK_EQ(cudaMemcpyToSymbol(csym, h, sizeof h), cudaSuccess);
  CHECK(csym[15] == 15.5f);
  CHECK_EQ(cudaMemcpyToSymbol(csym, h, 2 * sizeof(float), 14 * sizeof(float)), cudaSuccess);  // offset
  CHECK(csym[14] == 0.5f && csym[15] == 1.5f);
  CHECK_EQ(cudaMemcpyToSymbol(csym, h, sizeof h + 4), cudaErrorInvalidValue);  // larger than the symbol
  CHECK_EQ(cudaMemcpyToSymbol(csym, h, 8, 60), cudaErrorInvalidValue);
  cudaGetLastError();
  float back[16] = {};
  CHECK_EQ(cudaMemcpyFromSymbol(back, csym, sizeof back), cudaSuccess);
  CHECK(back[0] == 0.5f && back[15] == 1.5f);
  int v = 42;
  CHECK_EQ(hipMemcpyToSymbol(HIP_SYMBOL(isym), &v, sizeof v), hipSuccess);
  CHECK_EQ(isym, 42);
  Params p{7, 2.5};
  CHECK_EQ(cudaMemcpyToSymbolAsync(psym, &p, sizeof p, 0, cudaMemcpyHostToDevice, 0), cudaSuccess);
  CHECK(psym.n == 7 && psym.scale == 2.5);
  float* dev = reinterpret_cast<float*>(0x1000);
  CHECK_EQ(cudaMemcpyToSymbol(ptr_sym, &dev, sizeof dev), cudaSuccess);  // a pointer-valued symbol
  CHECK(ptr_sym == dev);
  void* addr = nullptr;
  size_t size = 0;
  CHECK_EQ(cudaGetSymbolAddress(&addr, csym), cudaSuccess);
  CHECK_EQ(hipGetSymbolSize(&size, HIP_SYMBOL(csym)), hipSuccess);
  CHECK(addr == static_cast<void*>(csym) && size == sizeof csym);
  int out = 0;
  CHECK_EQ(hipMemcpyFromSymbol(&out, HIP_SYMBOL(isym), sizeof out, 0, hipMemcpyDeviceToHost), hipSuccess);
  CHECK_EQ(out, 42);
}

static void device() {
  int n = 0, dev = -1;
  CHECK_EQ(cudaGetDeviceCount(&n), cudaSuccess);
  CHECK_EQ(n, 1);
  CHECK_EQ(cudaGetDevice(&dev), cudaSuccess);
  CHECK_EQ(dev, 0);
  CHECK_EQ(cudaSetDevice(0), cudaSuccess);
  CHECK_EQ(cudaSetDeviceFlags(cudaDeviceScheduleBlockingSync), cudaSuccess);
  cudaDeviceProp p;
  CHECK_EQ(cudaGetDeviceProperties(&p, 0), cudaSuccess);
  CHECK_EQ(p.warpSize, CPURT_WARP_SIZE);
  CHECK(p.multiProcessorCount == 8 && p.maxThreadsPerBlock == 1024 && p.sharedMemPerBlock == 48 * 1024);
  CHECK(p.maxThreadsDim[2] == 64 && p.maxGridSize[1] == 65535 && p.major == 8 && p.totalGlobalMem > 0);
  CHECK(p.sharedMemPerBlockOptin == 160 * 1024 && p.clockRate > 0 && strlen(p.name) > 0);
  hipDeviceProp_t hp;
  CHECK_EQ(hipGetDeviceProperties(&hp, 0), hipSuccess);
  CHECK_EQ(hp.warpSize, CPURT_WARP_SIZE);
  CHECK(!strncmp(hp.gcnArchName, "gfx90a", 6) && hp.multiProcessorCount == 8);
  CHECK_EQ(cudaGetDeviceProperties(&p, 1), cudaErrorInvalidDevice);
  cudaGetLastError();
  int v = 0;
  cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, 0);
  CHECK_EQ(v, CPURT_WARP_SIZE);
  cudaDeviceGetAttribute(&v, cudaDevAttrMaxSharedMemoryPerBlockOptin, 0);
  CHECK_EQ(v, 160 * 1024);
  cudaDeviceGetAttribute(&v, cudaDevAttrMultiProcessorCount, 0);
  CHECK_EQ(v, 8);
  hipDeviceGetAttribute(&v, hipDeviceAttributeMaxThreadsPerBlock, 0);
  CHECK_EQ(v, 1024);
  hipDeviceGetAttribute(&v, hipDeviceAttributeWarpSize, 0);
  CHECK_EQ(v, CPURT_WARP_SIZE);
  CHECK_EQ(cudaDeviceSynchronize(), cudaSuccess);
  CHECK_EQ(hipDeviceSynchronize(), hipSuccess);
}

static int host_fn_calls = 0;
static void host_fn(void* p) { ++*static_cast<int*>(p); }

static void streams_events() {
  cudaStream_t s = nullptr;
  CHECK_EQ(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking), cudaSuccess);
  CHECK_EQ(cudaStreamQuery(s), cudaSuccess);
  CHECK_EQ(cudaStreamSynchronize(s), cudaSuccess);
  CHECK_EQ(cudaLaunchHostFunc(s, host_fn, &host_fn_calls), cudaSuccess);
  CHECK_EQ(host_fn_calls, 1);  // runs at once: earlier work is already complete
  CHECK_EQ(cudaStreamDestroy(s), cudaSuccess);
  CHECK_EQ(cudaStreamDestroy(s), cudaErrorInvalidResourceHandle);
  CHECK_EQ(cudaStreamSynchronize(s), cudaErrorInvalidResourceHandle);
  cudaGetLastError();
  CHECK_EQ(cudaStreamSynchronize(0), cudaSuccess);

  cudaEvent_t a, b, untimed, never;
  cudaEventCreate(&a);
  cudaEventCreate(&b);
  cudaEventCreateWithFlags(&untimed, cudaEventDisableTiming);
  cudaEventCreate(&never);
  CHECK_EQ(cudaEventRecord(a), cudaSuccess);
  sleep_ms(30);
  CHECK_EQ(cudaEventRecord(b, 0), cudaSuccess);
  CHECK_EQ(cudaEventSynchronize(b), cudaSuccess);
  CHECK_EQ(cudaEventQuery(b), cudaSuccess);
  float ms = -1;
  CHECK_EQ(cudaEventElapsedTime(&ms, a, b), cudaSuccess);
  CHECK(ms >= 25.0f && ms < 2000.0f);
  CHECK_EQ(cudaEventElapsedTime(&ms, a, never), cudaErrorInvalidResourceHandle);  // never recorded
  cudaEventRecord(untimed);
  CHECK_EQ(cudaEventElapsedTime(&ms, a, untimed), cudaErrorInvalidResourceHandle);
  cudaGetLastError();
  hipStream_t hs;
  hipEvent_t h0, h1;
  CHECK_EQ(hipStreamCreate(&hs), hipSuccess);
  hipEventCreate(&h0);
  hipEventCreate(&h1);
  hipEventRecord(h0, hs);
  sleep_ms(10);
  hipEventRecord(h1, hs);
  CHECK_EQ(hipStreamWaitEvent(hs, h1, 0), hipSuccess);
  CHECK_EQ(hipEventElapsedTime(&ms, h0, h1), hipSuccess);
  CHECK(ms >= 8.0f);
  CHECK_EQ(hipEventDestroy(h0), hipSuccess);
  CHECK_EQ(hipEventDestroy(h0), hipErrorInvalidHandle);
  hipGetLastError();
  hipEventDestroy(h1);
  hipStreamDestroy(hs);
  cudaEventDestroy(a);
  cudaEventDestroy(b);
}

int main() {
  errors();
  allocations();
  copies();
  symbols();
  device();
  streams_events();
  CHECK_EQ(cudaGetLastError(), cudaSuccess);
  return finish();
}
