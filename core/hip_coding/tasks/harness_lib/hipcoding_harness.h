// hipcoding_harness.h: the shared half of every task's hidden harness (HIP spelling; the CUDA variant
// is derived by the HIP->CUDA translator). `hip-coding dataset build` inlines this file into each
// release harness, so a release record is self-contained.
//
// Protocol (docs/contract.md, "Harness protocol"): the evaluator runs
//     program <nonce> <atol> <rtol> <test> [<test> ...]      test = name:kind:seed[:key=value,...]
// The harness wipes its arguments from memory before any solution code runs, keeps a private copy of
// stdout, and prints one line per test there:
//     HIPCODING <nonce> {"test": ..., "kind": ..., "ms": ..., "failure": ..., "failure_at": ..., "checks": [...]}
// then a summary line. The harness shares its process with the solution, so it decides nothing: each
// `expect_close`/`expect_equal` only records the data the solution produced (type, count, raw bytes in
// base64), and the evaluator compares it in Python with golden data recorded by a trusted run of the
// reference solution. That run passes `golden:<nonce>` as the nonce and the harness then also records
// its own CPU reference (the `want` vectors). Facts only the process can see (HIP errors, guard zones,
// modified read-only inputs, harness errors) are reported as `failure`, with `failure_at` = the number
// of checks recorded before it. Every device buffer sits between two guard zones filled with a canary;
// outputs are poisoned before the call; inputs are checked unchanged after it.
#pragma once

#include <hip/hip_runtime.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace hc {

constexpr size_t kGuardBytes = 1024;        // canary zone before and after every buffer
// Guard-zone canary bytes, one per buffer in turn. As floats they are finite numbers of similar size
// (0x45454545 is about 3156, 0x46464646 about 12690, ...): different per buffer, so an identity-like
// map from input[n] to output[n] cannot copy a valid canary, and close in magnitude, so adding one
// to another (y[n] += x[n]) cannot leave it unchanged by rounding.
constexpr unsigned char kCanaries[] = {0x45, 0x46, 0x44, 0x47, 0x43, 0x48, 0x42, 0x49};
constexpr unsigned char kPoisonFloat = 0xFF;  // all-ones bytes: NaN for float and double
constexpr unsigned char kPoisonInt = 0xCD;    // 0xCDCDCDCD: an unlikely integer answer

inline std::string json_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

inline std::string format_double(double v) {
  if (std::isnan(v)) return "null";
  if (std::isinf(v)) return v > 0 ? "1e308" : "-1e308";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// The numpy-style name of an element type ("f4", "i4", "u1", "b1"): how the evaluator reads the bytes.
template <class T>
std::string type_code() {
  static_assert(std::is_arithmetic<T>::value, "checks compare vectors of numbers");
  char kind = std::is_same<T, bool>::value ? 'b' : std::is_floating_point<T>::value ? 'f' : std::is_signed<T>::value ? 'i' : 'u';
  return std::string(1, kind) + std::to_string(sizeof(T));
}

inline std::string base64(const void* data, size_t bytes) {
  static const char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char* p = static_cast<const unsigned char*>(data);
  std::string out;
  out.reserve((bytes + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes; i += 3) {
    uint32_t v = (uint32_t(p[i]) << 16) | (uint32_t(p[i + 1]) << 8) | p[i + 2];
    out += kDigits[v >> 18];
    out += kDigits[(v >> 12) & 63];
    out += kDigits[(v >> 6) & 63];
    out += kDigits[v & 63];
  }
  if (i < bytes) {
    uint32_t v = uint32_t(p[i]) << 16;
    if (i + 1 < bytes) v |= uint32_t(p[i + 1]) << 8;
    out += kDigits[v >> 18];
    out += kDigits[(v >> 12) & 63];
    out += i + 1 < bytes ? kDigits[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// ---- the solution's window (docs/security.md, "Runtime guards") -------------------------------------
// From the start of a test to finish_call() the harness only uploads inputs; everything else running
// is the solution's entry function. Inside that window data must stay on the device: a device-to-host
// copy the solution issues is refused and fails the test with a message naming it. On the cpu backend
// the runtime also makes device memory inaccessible to host code there (cpurt/guard.h); on a GPU the
// hardware does. For nvcc/hipcc the vendor backends link with `--wrap` of the copy functions, and the
// wrappers below check the window (they see the harness's own copies too, which all lie outside it).
#if defined(CPURT_WARP_SIZE)  // the cpu backend's runtime
inline uint64_t guard_begin() { return cpurt::guard::begin(); }
inline const char* guard_end(uint64_t token) { return cpurt::guard::end(token); }
#else
struct Guard {
  std::atomic<bool> window{false};
  std::atomic<bool> violated{false};
  char violation[384] = {};
};
inline Guard& guard() {
  static Guard g;
  return g;
}
inline uint64_t guard_begin() {
  guard().violated = false;
  guard().window = true;
  return 1;
}
inline const char* guard_end(uint64_t) {
  guard().window = false;
  return guard().violated ? guard().violation : nullptr;
}
template <class A>
auto memory_type(const A& a, int) -> decltype(int(a.type)) {
  return int(a.type);
}
template <class A>
int memory_type(const A& a, long) {
  return int(a.memoryType);
}
template <class A, class E>
bool on_device(E (*query)(A*, const void*), const void* p) {
  A attributes{};
  if (query(&attributes, p) != hipSuccess) {
    (void)hipGetLastError();  // an unregistered host pointer: not an error of the solution's
    return false;
  }
  const int type = memory_type(attributes, 0);
  return type == int(hipMemoryTypeDevice) || type == 3;  // 3: CUDA's managed memory
}
// True (and recorded) when a copy inside the window brings device data to the host.
inline bool refuse_copy(const char* api, void* dst, const void* src, size_t n, int kind, bool from_symbol) {
  if (!guard().window.load() || n == 0) return false;
  const bool from_device = from_symbol || on_device(hipPointerGetAttributes, src);
  if (kind != 2 && !(from_device && !on_device(hipPointerGetAttributes, dst))) return false;
  bool expected = false;
  if (guard().violated.compare_exchange_strong(expected, true)) {
    std::snprintf(guard().violation, sizeof guard().violation,
                  "the solution copied device memory to the host (%s, %zu bytes, kind %d): results stay on the "
                  "device; a device-to-host copy in the solution is not allowed",
                  api, n, kind);
    std::fprintf(stderr, "hipcoding harness: %s\n", guard().violation);
  }
  return true;
}
#endif

// One parsed test specification from the command line.
struct Spec {
  std::string name, kind;
  uint64_t seed = 0;
  std::vector<std::pair<std::string, long long>> params;
};

inline bool parse_spec(const char* text, Spec* spec) {
  std::string s(text);
  size_t a = s.find(':'), b = a == std::string::npos ? a : s.find(':', a + 1);
  if (b == std::string::npos) return false;
  size_t c = s.find(':', b + 1);
  spec->name = s.substr(0, a);
  spec->kind = s.substr(a + 1, b - a - 1);
  spec->seed = std::strtoull(s.substr(b + 1, c == std::string::npos ? std::string::npos : c - b - 1).c_str(), nullptr, 10);
  if (c == std::string::npos) return true;
  std::string rest = s.substr(c + 1);
  size_t start = 0;
  while (start < rest.size()) {
    size_t comma = rest.find(',', start);
    std::string item = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t eq = item.find('=');
    if (eq == std::string::npos) return false;
    spec->params.emplace_back(item.substr(0, eq), std::strtoll(item.c_str() + eq + 1, nullptr, 10));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

#if defined(CPURT_WARP_SIZE) && CPURT_ASAN
#define HC_SEAL_GUARDS(sealed) seal_guards(sealed);
#else
#define HC_SEAL_GUARDS(sealed)
#endif

// A device allocation laid out as [guard | n elements | guard].
class RawBuffer {
 public:
  RawBuffer(size_t bytes, const void* init, unsigned char poison, bool read_only, unsigned char canary)
      : bytes_(bytes), read_only_(read_only), canary_(canary) {
    std::vector<unsigned char> image(bytes_ + 2 * kGuardBytes, canary_);
    if (init != nullptr) {
      std::memcpy(image.data() + kGuardBytes, init, bytes_);
    } else {
      std::memset(image.data() + kGuardBytes, poison, bytes_);
    }
    if (hipMalloc(&base_, image.size()) != hipSuccess) {
      base_ = nullptr;
      return;
    }
    if (hipMemcpy(base_, image.data(), image.size(), hipMemcpyHostToDevice) != hipSuccess) {
      hipFree(base_);
      base_ = nullptr;
      return;
    }
    if (read_only_) original_ = std::move(image);
    HC_SEAL_GUARDS(true)
  }
  RawBuffer(const RawBuffer&) = delete;
  RawBuffer& operator=(const RawBuffer&) = delete;
  ~RawBuffer() {
    HC_SEAL_GUARDS(false)
    if (base_ != nullptr) hipFree(base_);
  }

  bool ok() const { return base_ != nullptr; }
  void* device() const { return static_cast<unsigned char*>(base_) + kGuardBytes; }
  size_t bytes() const { return bytes_; }

  // Copies the whole allocation back; false (with a reason) when that fails.
  bool image(std::vector<unsigned char>* out, std::string* why) const {
    out->assign(bytes_ + 2 * kGuardBytes, 0);
    HC_SEAL_GUARDS(false)
    hipError_t err = hipMemcpy(out->data(), base_, out->size(), hipMemcpyDeviceToHost);
    HC_SEAL_GUARDS(true)
    if (err != hipSuccess) {
      *why = std::string("copy back failed: ") + hipGetErrorString(err);
      return false;
    }
    return true;
  }

  // Checks the guards (and, for inputs, the data) against what was uploaded.
  bool intact(const char* label, std::string* why) const {
    std::vector<unsigned char> now;
    if (!image(&now, why)) return false;
    for (size_t i = 0; i < kGuardBytes; ++i) {
      if (now[i] != canary_) {
        *why = std::string("wrote before the start of ") + label + " (byte -" + std::to_string(kGuardBytes - i) + ")";
        return false;
      }
      if (now[kGuardBytes + bytes_ + i] != canary_) {
        *why = std::string("wrote past the end of ") + label + " (byte +" + std::to_string(i) + ")";
        return false;
      }
    }
    if (read_only_ && std::memcmp(now.data(), original_.data(), now.size()) != 0) {
      *why = std::string("modified the read-only input ") + label;
      return false;
    }
    return true;
  }

 private:
#if defined(CPURT_WARP_SIZE) && CPURT_ASAN
  // Sanitize mode on the cpu backend: the guard zones are sealed (poisoned for AddressSanitizer, kernels
  // included) except while the harness copies the allocation, so the solution reading one, not only
  // writing it (which the canary shows), is reported. Other builds have no seal_guards (HC_SEAL_GUARDS).
  void seal_guards(bool sealed) const {
    if (base_ == nullptr) return;
    auto* head = static_cast<unsigned char*>(base_);
    auto* tail = head + kGuardBytes + bytes_;
    if (sealed) {
      cpurt::guard::seal(head, kGuardBytes);
      cpurt::guard::seal(tail, kGuardBytes);
    } else {
      cpurt::guard::unseal(head);
      cpurt::guard::unseal(tail);
    }
  }
#endif

  void* base_ = nullptr;
  size_t bytes_;
  bool read_only_;
  unsigned char canary_;
  std::vector<unsigned char> original_;
};

template <class T>
constexpr unsigned char poison_byte() {
  return std::is_floating_point<T>::value ? kPoisonFloat : kPoisonInt;
}

// A typed view of a RawBuffer.
template <class T>
class Buffer {
 public:
  explicit Buffer(RawBuffer* raw, size_t n) : raw_(raw), n_(n) {}
  T* get() const { return static_cast<T*>(raw_->device()); }
  size_t size() const { return n_; }
  std::vector<T> download() const {
    std::vector<T> host(n_);
    if (n_ > 0) hipMemcpy(host.data(), get(), n_ * sizeof(T), hipMemcpyDeviceToHost);
    return host;
  }

 private:
  RawBuffer* raw_;
  size_t n_;
};

// ---- timing: the measured performance protocol (docs/perf.md) ---------------------------------------
// A test whose specification carries `hc_perf_trials=T` (and optionally `hc_perf_warmup=W`) is run W + T
// times. In each run the harness flushes the L2 (writes a buffer twice its size) and records a device
// event after every input upload, and a second event right after the entry function returns; the last
// pair spans the call alone. Device events only, never the wall clock. After the runs it prints
//     HIPCODING <nonce> {"perf_test": ..., "trials": T, "warmup": W, "median_ms": ..., "ms": [...]}
// besides the test's usual line (judged on the last run). On the cpu runtime the events are host clock
// stamps: the evaluator labels those figures `measured-cpu`.
namespace timing {

struct CallTimer {
  bool active = false;
  hipEvent_t start = nullptr, stop = nullptr;
  void* flush = nullptr;
  size_t flush_bytes = 0;

  void begin(hipStream_t stream) {
    if (!active) return;
    if (!start) {
      hipEventCreate(&start);
      hipEventCreate(&stop);
      hipDeviceProp_t prop;
      int l2 = 0;
      if (hipGetDeviceProperties(&prop, 0) == hipSuccess) l2 = prop.l2CacheSize;
      flush_bytes = 2 * static_cast<size_t>(l2 > (4 << 20) ? l2 : (4 << 20));
      if (hipMalloc(&flush, flush_bytes) != hipSuccess) flush = nullptr;
    }
    if (flush) hipMemsetAsync(flush, 0x5a, flush_bytes, stream);
    hipEventRecord(start, stream);
  }
  void end(hipStream_t stream) {
    if (active && start) hipEventRecord(stop, stream);
  }
  float elapsed_ms() {
    float ms = -1.0f;
    if (active && start && hipEventSynchronize(stop) == hipSuccess) hipEventElapsedTime(&ms, start, stop);
    return ms;
  }
};

inline CallTimer& timer() {
  static CallTimer t;
  return t;
}

inline long long spec_param(const Spec& spec, const char* key, long long fallback) {
  for (const auto& kv : spec.params)
    if (kv.first == key) return kv.second;
  return fallback;
}

inline double percentile(std::vector<double> v, double q) {
  if (v.empty()) return -1.0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = lo + 1 < v.size() ? lo + 1 : lo;
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

inline std::string perf_json(const Spec& spec, long long warmup, const std::vector<double>& ms) {
  std::string list;
  for (double v : ms) list += (list.empty() ? "" : ", ") + format_double(v);
  return "{\"perf_test\": \"" + json_escape(spec.name) + "\", \"trials\": " + std::to_string(ms.size()) +
         ", \"warmup\": " + std::to_string(warmup) + ", \"median_ms\": " + format_double(percentile(ms, 0.5)) +
         ", \"p10_ms\": " + format_double(percentile(ms, 0.1)) + ", \"p90_ms\": " +
         format_double(percentile(ms, 0.9)) + ", \"flush_bytes\": " + std::to_string(timer().flush_bytes) +
         ", \"ms\": [" + list + "]}";
}

}  // namespace timing

class Test {
 public:
  Test(const Spec& spec, double atol, double rtol, hipStream_t stream, bool golden)
      : spec_(spec), atol_(atol), rtol_(rtol), stream_(stream), rng_(spec.seed), golden_(golden) {}

  const std::string& name() const { return spec_.name; }
  const std::string& kind() const { return spec_.kind; }
  bool is(const char* kind) const { return spec_.kind == kind; }
  hipStream_t stream() const { return stream_; }
  std::mt19937_64& rng() { return rng_; }
  double atol() const { return atol_; }
  double rtol() const { return rtol_; }

  long long param(const char* key) const {
    for (const auto& kv : spec_.params)
      if (kv.first == key) return kv.second;
    fail(std::string("harness error: test parameter '") + key + "' missing");
    return 1;
  }
  long long param(const char* key, long long fallback) const {
    for (const auto& kv : spec_.params)
      if (kv.first == key) return kv.second;
    return fallback;
  }

  // Seeded random data.
  std::vector<float> uniform(size_t n, float lo, float hi) {
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(n);
    for (auto& x : v) x = dist(rng_);
    return v;
  }
  std::vector<double> uniform_double(size_t n, double lo, double hi) {
    std::uniform_real_distribution<double> dist(lo, hi);
    std::vector<double> v(n);
    for (auto& x : v) x = dist(rng_);
    return v;
  }
  std::vector<int> uniform_int(size_t n, int lo, int hi) {
    std::uniform_int_distribution<int> dist(lo, hi);
    std::vector<int> v(n);
    for (auto& x : v) x = dist(rng_);
    return v;
  }

  // Device buffers owned by this test; each is checked for stray writes after the call.
  template <class T>
  Buffer<T> input(const std::vector<T>& host, const char* label = "an input") {
    return add<T>(host.size(), host.data(), true, label);
  }
  template <class T>
  Buffer<T> inout(const std::vector<T>& host, const char* label = "an in/out buffer") {
    return add<T>(host.size(), host.data(), false, label);
  }
  template <class T>
  Buffer<T> output(size_t n, const char* label = "an output") {
    return add<T>(n, nullptr, false, label);
  }

  // Call right after the entry function returns: waits for all work and records launch errors.
  void finish_call() {
    timing::timer().end(stream_);
    end_window();
    hipError_t err = hipGetLastError();
    if (err == hipSuccess) err = hipStreamSynchronize(stream_);
    if (err == hipSuccess) err = hipDeviceSynchronize();
    if (err != hipSuccess) fail(std::string("HIP error after the call: ") + hipGetErrorName(err));
  }

  // Records what the solution produced for one named check. The rule (docs/contract.md) is applied by the
  // evaluator: |got - want| <= atol + rtol * |want| element-wise, NaN and inf must match exactly.
  template <class T, class R>
  void expect_close(const char* what, const std::vector<T>& got, const std::vector<R>& want) {
    record("close", what, got, want);
  }

  // The same for exact equality (got[i] == T(want[i])).
  template <class T, class R>
  void expect_equal(const char* what, const std::vector<T>& got, const std::vector<R>& want) {
    record("equal", what, got, want);
  }

  // The solution's window (see guard_begin): opened by run_tests, closed once the entry function returned.
  void begin_window() { window_token_ = guard_begin(); }
  // Device work of the harness's own before the entry function (a curated task's oracle kernel and its
  // copies back): leave the window for it, enter again before calling the solution.
  void leave_window() { end_window(); }
  void enter_window() {
    if (window_token_ == 0) begin_window();
  }
  void end_window() {
    if (window_token_ == 0) return;
    if (const char* violation = guard_end(window_token_)) fail(violation);
    window_token_ = 0;
  }

  void fail(const std::string& detail) const {
    if (!failure_.empty()) return;
    failure_ = detail;
    failure_at_ = checks_.size();
  }

  // After the test body: stray writes and modified inputs fail the test too.
  void check_buffers() {
    for (const auto& entry : buffers_) {
      std::string why;
      if (!entry.second->intact(entry.first.c_str(), &why)) return fail(why);
    }
    if (!checked_) fail("harness error: the test compared nothing");
  }

  // This test's protocol line (without the prefix): the in-process failure and the recorded checks.
  std::string json(double ms) const {
    std::string out = "{\"test\": \"" + json_escape(spec_.name) + "\", \"kind\": \"" + json_escape(spec_.kind) +
                      "\", \"ms\": " + format_double(ms) + ", \"failure\": \"" + json_escape(failure_) +
                      "\", \"failure_at\": " + std::to_string(failure_at_) + ", \"checks\": [";
    for (size_t i = 0; i < checks_.size(); ++i) out += (i ? ", " : "") + checks_[i];
    return out + "]}";
  }

 private:
  template <class T>
  Buffer<T> add(size_t n, const T* init, bool read_only, const char* label) {
    // A different canary per buffer: a kernel that maps input[n] to output[n] with an identity-like
    // function would otherwise copy a valid-looking canary into the output's guard zone.
    unsigned char canary = kCanaries[buffers_.size() % sizeof(kCanaries)];
    auto raw = std::make_unique<RawBuffer>(n * sizeof(T), init, poison_byte<T>(), read_only, canary);
    if (!raw->ok()) fail(std::string("harness could not allocate ") + label);
    Buffer<T> view(raw.get(), n);
    buffers_.emplace_back(label, std::move(raw));
    timing::timer().begin(stream_);  // the last upload before the call starts the timed span
    return view;
  }
  template <class T, class R>
  void record(const char* rule, const char* what, const std::vector<T>& got, const std::vector<R>& want) {
    checked_ = true;
    std::string entry = "{\"name\": \"" + json_escape(what) + "\", \"rule\": \"" + rule + "\", \"type\": \"" +
                        type_code<T>() + "\", \"count\": " + std::to_string(got.size()) + ", \"data\": \"" +
                        base64(got.data(), got.size() * sizeof(T)) + "\"";
    if (golden_)
      entry += ", \"want_type\": \"" + type_code<R>() + "\", \"want_count\": " + std::to_string(want.size()) +
               ", \"want\": \"" + base64(want.data(), want.size() * sizeof(R)) + "\"";
    checks_.push_back(entry + "}");
  }

  const Spec& spec_;
  double atol_, rtol_;
  hipStream_t stream_;
  std::mt19937_64 rng_;
  std::vector<std::pair<std::string, std::unique_ptr<RawBuffer>>> buffers_;
  mutable std::string failure_;
  mutable size_t failure_at_ = 0;
  std::vector<std::string> checks_;
  bool checked_ = false;
  bool golden_ = false;
  uint64_t window_token_ = 0;
};

// Writes protocol lines to a private duplicate of stdout, so a solution that closes or floods
// stdout cannot hide or forge them (it does not know the nonce either).
class Reporter {
 public:
  Reporter(std::string nonce) : nonce_(std::move(nonce)), fd_(dup(1)) {}
  void line(const std::string& json) const {
    std::string text = "\nHIPCODING " + nonce_ + " " + json + "\n";
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = write(fd_, text.data() + done, text.size() - done);
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }

 private:
  std::string nonce_;
  int fd_;
};

using TestFn = void (*)(Test&);

inline int run_tests(int argc, char** argv, TestFn body) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s NONCE ATOL RTOL TEST...\n", argv[0]);
    return 2;
  }
  // `golden:<nonce>`: the trusted reference run, which also records the harness's expected values.
  const bool golden = std::strncmp(argv[1], "golden:", 7) == 0;
  Reporter reporter(golden ? argv[1] + 7 : argv[1]);
  double atol = std::strtod(argv[2], nullptr), rtol = std::strtod(argv[3], nullptr);
  std::vector<Spec> specs;
  for (int i = 4; i < argc; ++i) {
    Spec spec;
    if (!parse_spec(argv[i], &spec)) {
      std::fprintf(stderr, "bad test specification: %s\n", argv[i]);
      return 2;
    }
    specs.push_back(spec);
  }
  for (int i = 0; i < argc; ++i) std::memset(argv[i], 0, std::strlen(argv[i]));  // hide the nonce

  // Without a usable device nothing below means anything: say so in the runtime's own words.
  int devices = 0;
  hipError_t probe = hipGetDeviceCount(&devices);
  if (probe != hipSuccess || devices == 0) {
    std::fprintf(stderr, "hipcoding harness: no device (%s)\n", probe != hipSuccess ? hipGetErrorName(probe) : "0 devices");
    return 3;
  }

  hipStream_t stream = nullptr;
  if (hipStreamCreate(&stream) != hipSuccess) stream = nullptr;
  for (const Spec& spec : specs) {
    const long long trials = timing::spec_param(spec, "hc_perf_trials", 0);
    const long long warmup = timing::spec_param(spec, "hc_perf_warmup", 2);
    if (trials > 0) {  // the measured protocol: warm-up and timed runs first, then the judged one
      timing::timer().active = true;
      std::vector<double> ms;
      for (long long run = 0; run < warmup + trials; ++run) {
        Test timed(spec, atol, rtol, stream, false);
        body(timed);
        const float t = timing::timer().elapsed_ms();
        if (run >= warmup) ms.push_back(t);
      }
      timing::timer().active = false;
      reporter.line(timing::perf_json(spec, warmup, ms));
    }
    Test test(spec, atol, rtol, stream, golden);
    auto start = std::chrono::steady_clock::now();
    test.begin_window();
    body(test);
    test.end_window();
    test.check_buffers();
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    reporter.line(test.json(ms));
  }
  reporter.line("{\"summary\": true, \"total\": " + std::to_string(specs.size()) + "}");
  return 0;
}

}  // namespace hc

#if !defined(CPURT_WARP_SIZE)
// The `--wrap` targets of the vendor backends (backends/vendor.py lists the same names): each checks
// the window, then calls the real function. Inside the window managed memory is allocated as device
// memory, so host code reading it faults on a discrete GPU as it does on the cpu backend.
#define HC_WRAP(name) __wrap_##name
#define HC_REAL(name) __real_##name
extern "C" {
hipError_t HC_REAL(hipMemcpy)(void*, const void*, size_t, hipMemcpyKind);
hipError_t HC_WRAP(hipMemcpy)(void* dst, const void* src, size_t n, hipMemcpyKind kind) {
  if (hc::refuse_copy("hipMemcpy", dst, src, n, kind, false)) return hipErrorInvalidValue;
  return HC_REAL(hipMemcpy)(dst, src, n, kind);
}
hipError_t HC_REAL(hipMemcpyAsync)(void*, const void*, size_t, hipMemcpyKind, hipStream_t);
hipError_t HC_WRAP(hipMemcpyAsync)(void* dst, const void* src, size_t n, hipMemcpyKind kind, hipStream_t s) {
  if (hc::refuse_copy("hipMemcpyAsync", dst, src, n, kind, false)) return hipErrorInvalidValue;
  return HC_REAL(hipMemcpyAsync)(dst, src, n, kind, s);
}
hipError_t HC_REAL(hipMemcpy2D)(void*, size_t, const void*, size_t, size_t, size_t, hipMemcpyKind);
hipError_t HC_WRAP(hipMemcpy2D)(void* dst, size_t dp, const void* src, size_t sp, size_t w, size_t h,
                                hipMemcpyKind kind) {
  if (hc::refuse_copy("hipMemcpy2D", dst, src, w * h, kind, false)) return hipErrorInvalidValue;
  return HC_REAL(hipMemcpy2D)(dst, dp, src, sp, w, h, kind);
}
hipError_t HC_REAL(hipMemcpy2DAsync)(void*, size_t, const void*, size_t, size_t, size_t, hipMemcpyKind, hipStream_t);
hipError_t HC_WRAP(hipMemcpy2DAsync)(void* dst, size_t dp, const void* src, size_t sp, size_t w, size_t h,
                                     hipMemcpyKind kind, hipStream_t s) {
  if (hc::refuse_copy("hipMemcpy2DAsync", dst, src, w * h, kind, false)) return hipErrorInvalidValue;
  return HC_REAL(hipMemcpy2DAsync)(dst, dp, src, sp, w, h, kind, s);
}
hipError_t HC_REAL(hipMemcpyFromSymbol)(void*, const void*, size_t, size_t, hipMemcpyKind);
hipError_t HC_WRAP(hipMemcpyFromSymbol)(void* dst, const void* sym, size_t n, size_t off, hipMemcpyKind kind) {
  if (hc::refuse_copy("hipMemcpyFromSymbol", dst, sym, n, kind, true)) return hipErrorInvalidValue;
  return HC_REAL(hipMemcpyFromSymbol)(dst, sym, n, off, kind);
}
hipError_t HC_REAL(hipMemcpyFromSymbolAsync)(void*, const void*, size_t, size_t, hipMemcpyKind, hipStream_t);
hipError_t HC_WRAP(hipMemcpyFromSymbolAsync)(void* dst, const void* sym, size_t n, size_t off, hipMemcpyKind kind,
                                             hipStream_t s) {
  if (hc::refuse_copy("hipMemcpyFromSymbolAsync", dst, sym, n, kind, true)) return hipErrorInvalidValue;
  return HC_REAL(hipMemcpyFromSymbolAsync)(dst, sym, n, off, kind, s);
}
hipError_t HC_REAL(hipMallocManaged)(void**, size_t, unsigned);
hipError_t HC_WRAP(hipMallocManaged)(void** p, size_t n, unsigned flags) {
  if (hc::guard().window.load()) return hipMalloc(p, n);
  return HC_REAL(hipMallocManaged)(p, n, flags);
}
#if defined(__HIP_PLATFORM_AMD__)
hipError_t HC_REAL(hipMemcpyDtoH)(void*, hipDeviceptr_t, size_t);
hipError_t HC_WRAP(hipMemcpyDtoH)(void* dst, hipDeviceptr_t src, size_t n) {
  if (hc::refuse_copy("hipMemcpyDtoH", dst, src, n, 2, false)) return hipErrorInvalidValue;
  return HC_REAL(hipMemcpyDtoH)(dst, src, n);
}
hipError_t HC_REAL(hipMemcpyDtoHAsync)(void*, hipDeviceptr_t, size_t, hipStream_t);
hipError_t HC_WRAP(hipMemcpyDtoHAsync)(void* dst, hipDeviceptr_t src, size_t n, hipStream_t s) {
  if (hc::refuse_copy("hipMemcpyDtoHAsync", dst, src, n, 2, false)) return hipErrorInvalidValue;
  return HC_REAL(hipMemcpyDtoHAsync)(dst, src, n, s);
}
hipError_t HC_REAL(hipMemcpyWithStream)(void*, const void*, size_t, hipMemcpyKind, hipStream_t);
hipError_t HC_WRAP(hipMemcpyWithStream)(void* dst, const void* src, size_t n, hipMemcpyKind kind, hipStream_t s) {
  if (hc::refuse_copy("hipMemcpyWithStream", dst, src, n, kind, false)) return hipErrorInvalidValue;
  return HC_REAL(hipMemcpyWithStream)(dst, src, n, kind, s);
}
#endif
}
#endif
