// The fiber executor: runs the blocks of a launch on a persistent pool of OS workers; inside a
// block every GPU thread is a fiber and BlockCore decides who may run.
//
// Pass scheduling: a fiber runs threads back to back until one blocks (so a kernel without
// barriers costs one plain loop); a blocking thread hands its OS thread directly to the next
// runnable fiber: first threads released earlier (in thread order), then a fresh fiber for the
// threads not started yet, and only when neither exists are new releases computed. Fibers and
// their stacks persist per worker across blocks and launches. Nobody polls: idle workers sleep
// on a condition variable.
#pragma once

#include <signal.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "block_core.h"
#include "builtins.h"
#include "config.h"
#include "fiber.h"
#include "profile.h"
#include "guard.h"

namespace cpurt {

struct FiberBlock;

// Rendezvous of all blocks of a cooperative launch (grid.sync()); blocks there run on their
// own OS threads, so blocking the OS thread is correct.
struct GridBarrier {
  std::mutex m;
  std::condition_variable cv;
  unsigned blocks = 0, arrived = 0;
  std::uint64_t generation = 0;
  void arrive_and_wait() {
    std::unique_lock lk(m);
    const std::uint64_t g = generation;
    if (++arrived == blocks) {
      arrived = 0;
      ++generation;
      cv.notify_all();
    } else {
      cv.wait(lk, [&] { return generation != g; });
    }
  }
};

// Everything a worker needs to run any block of one launch. KernelLaunch<> (launch.h) adds the
// kernel and its argument tuple and instantiates the thread loops for them.
struct LaunchBase {
  dim3 grid, block;
  std::size_t smem = 0;
  bool cooperative = false;
  unsigned nthreads = 0;
  std::uint64_t nblocks = 0;
  std::vector<ThreadSlot> slots;  // per linear thread index, shared read-only
  GridBarrier* grid_barrier = nullptr;
  void (*start_loop)(const LaunchBase&, FiberBlock&) = nullptr;  // fiber executor
  void (*run_one)(const LaunchBase&) = nullptr;                   // race executor

  void init_slots() {
    nthreads = block.x * block.y * block.z;
    nblocks = std::uint64_t(grid.x) * grid.y * grid.z;
    slots.resize(nthreads);
    for (unsigned i = 0; i < nthreads; ++i) {
      slots[i].linear = i;
      slots[i].tid.x = i % block.x;
      slots[i].tid.y = (i / block.x) % block.y;
      slots[i].tid.z = i / (block.x * block.y);
    }
  }
  uint3 block_index(std::uint64_t b) const {
    uint3 r;
    r.x = static_cast<unsigned>(b % grid.x);
    r.y = static_cast<unsigned>((b / grid.x) % grid.y);
    r.z = static_cast<unsigned>(b / (std::uint64_t(grid.x) * grid.y));
    return r;
  }
};

// ---- perturbation mode: a seeded, reproducible thread order ----------------------------------
inline std::uint64_t splitmix64(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
inline std::uint64_t perturb_seed() {
  static const std::uint64_t seed = [] {
    const char* s = std::getenv("CPURT_SEED");
    return s ? std::strtoull(s, nullptr, 10) : 1ull;
  }();
  return seed;
}
template <class T>
void seeded_shuffle(T* first, std::size_t count, std::uint64_t& rng) {
  for (std::size_t i = count; i > 1; --i) std::swap(first[i - 1], first[splitmix64(rng) % i]);
}

// Dynamic shared memory of a block. Sanitize mode allocates the exact size per block so that
// AddressSanitizer reports an overflow; otherwise one 64-aligned buffer is reused.
struct SmemArena {
  unsigned char* p = nullptr;
  std::size_t cap = 0;
  unsigned char* get(std::size_t bytes) {
#if CPURT_ASAN
    std::free(p);
    p = static_cast<unsigned char*>(std::malloc(bytes));
#else
    if (!p || bytes > cap) {
      std::free(p);
      cap = std::max<std::size_t>((bytes + 63) / 64 * 64, 64);
      p = static_cast<unsigned char*>(std::aligned_alloc(64, cap));
    }
#endif
    return p;
  }
  ~SmemArena() { std::free(p); }
};

inline void fiber_body();

// One block in flight on one OS worker.
struct FiberBlock {
  BlockCore core;
  BlockInfo info;
  const LaunchBase* launch = nullptr;
  SmemArena arena;
  std::vector<Fiber*> fiber_of;  // the fiber that holds each blocked thread
  std::vector<unsigned> ready;   // released threads, consumed from ready_pos
  std::size_t ready_pos = 0;
  std::vector<unsigned> order;   // start order (perturbation mode only)
  unsigned next_start = 0;
  std::uint64_t rng = 0;

  unsigned start_index() const { return CPURT_PERTURB ? order[next_start] : next_start; }
};

// A SIGSEGV says what happened instead of a bare "Segmentation fault": host code touching device
// memory inside the harness's guard window (guard.h), a GPU thread that overflows its 256 KiB fiber
// stack (its stack pointer sits below the stack), or a GPU thread's stray access elsewhere (named
// by the nearest device allocation). The handler runs on an alternate stack (the faulting one may be
// full). ASan builds keep their own reporting (guard.h adds a line to it).
inline thread_local const Fiber* t_running_fiber = nullptr;
inline std::uintptr_t fault_stack_pointer(void* context) {
#if defined(__x86_64__)
  return static_cast<std::uintptr_t>(static_cast<ucontext_t*>(context)->uc_mcontext.gregs[REG_RSP]);
#elif defined(__aarch64__)
  return static_cast<std::uintptr_t>(static_cast<ucontext_t*>(context)->uc_mcontext.sp);
#else
  (void)context;
  return 0;
#endif
}
inline void on_segv(int sig, siginfo_t* info, void* context) {
  const Fiber* f = t_running_fiber;
  const char* addr = static_cast<const char*>(info->si_addr);
  char text[320];
  const char* lo = f ? static_cast<const char*>(f->stack_lo) : nullptr;
  const std::uintptr_t sp = fault_stack_pointer(context);
  // Without stack probes a big frame jumps past the guard page: the stack pointer is what tells.
  const bool overflow =
      lo && (sp ? sp < reinterpret_cast<std::uintptr_t>(lo) + 4096 : addr < lo && addr + (std::size_t(64) << 20) >= lo);
  if (guard::describe_host_fault(addr, text, sizeof text)) {
    [[maybe_unused]] ssize_t w = write(2, text, strlen(text));
  } else if (overflow) {
    static const char msg[] =
        "cpurt: stack overflow in a GPU thread (fiber stacks are 256 KiB; large local arrays?)\n";
    [[maybe_unused]] ssize_t w = write(2, msg, sizeof msg - 1);
  } else if (in_kernel()) {
    guard::describe_stray_access(addr, text, sizeof text);
    [[maybe_unused]] ssize_t w = write(2, text, strlen(text));
  }
  signal(sig, SIG_DFL);  // re-raised on return: the usual crash, core dump and exit status
}
inline void install_overflow_report() {
#if !CPURT_ASAN
  static thread_local char alt[64 * 1024];
  stack_t ss{};
  ss.ss_sp = alt;
  ss.ss_size = sizeof alt;
  sigaltstack(&ss, nullptr);
  static const bool once = [] {
    struct sigaction sa{};
    sa.sa_sigaction = &on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, nullptr);
    return true;
  }();
  (void)once;
#endif
}

inline const bool kFaultReportHooked = (guard::install_fault_report = &install_overflow_report, true);

// Per-OS-thread state: its own stack as a context, its fibers, its current block.
struct Worker {
  Worker() { install_overflow_report(); }
  Fiber main;
  Fiber* current = &main;
  std::vector<Fiber*> fibers, free;
  FiberBlock block;

  Fiber* get_free() {
    if (free.empty()) {
      auto* f = new Fiber;
      if (!fiber_init(*f, &fiber_body)) {
        std::fputs("cpurt: cannot map a fiber stack (out of memory)\n", stderr);
        fatal_abort();
      }
      fibers.push_back(f);
      return f;
    }
    Fiber* f = free.back();
    free.pop_back();
    return f;
  }
  void switch_to(Fiber* to) {
    Fiber* from = current;
    current = to;
    t_running_fiber = to;
    fiber_switch(from, to);
  }
  ~Worker() {
    if (current != &main) return;  // exit() from device code: we stand on a fiber stack
    for (Fiber* f : fibers) {
      fiber_free(*f);
      delete f;
    }
  }
};

inline thread_local Worker* t_worker = nullptr;
inline Worker& this_worker() {
  static thread_local Worker w;
  t_worker = &w;
  return w;
}

// The next context to run after the current thread blocked or its fiber ran out of threads.
inline Fiber* next_fiber(Worker& w, FiberBlock& b) {
  for (;;) {
    if (b.ready_pos < b.ready.size()) {
      const unsigned t = b.ready[b.ready_pos++];
      t_thread = &b.launch->slots[t];
      return b.fiber_of[t];
    }
    if (b.next_start < b.core.n) return w.get_free();
    if (b.core.n_done == b.core.n) return &w.main;
    b.ready.clear();
    b.ready_pos = 0;
    b.core.collect(b.ready, /*stuck=*/true);  // aborts on deadlock
    if (CPURT_PERTURB) seeded_shuffle(b.ready.data(), b.ready.size(), b.rng);
  }
}

// Called by a thread that BlockCore has just marked as waiting. Returns once it is released.
inline void fiber_block_and_wait(unsigned t) {
  Worker& w = *t_worker;
  FiberBlock& b = w.block;
  Fiber* self = w.current;
  b.fiber_of[t] = self;
  Fiber* next = next_fiber(w, b);
  if (next != self) w.switch_to(next);
}

// Body of every pooled fiber: start threads until none are left, then hand the OS thread on.
inline void fiber_body() {
  for (;;) {
    Worker& w = *t_worker;
    FiberBlock& b = w.block;
    b.launch->start_loop(*b.launch, b);
    w.free.push_back(w.current);
    w.switch_to(next_fiber(w, b));
  }
}

// The thread loop, instantiated per kernel so the kernel call can be inlined into it.
template <class L>
void start_loop(const LaunchBase& lb, FiberBlock& b) {
  const L& l = static_cast<const L&>(lb);
  while (b.next_start < b.core.n) {
    const unsigned t = b.start_index();
    ++b.next_start;
    b.core.state[t] = TState::Running;
    t_thread = &lb.slots[t];
    l.invoke();
    b.core.finish(t);
  }
}

inline void run_block_on_fibers(const LaunchBase& L, std::uint64_t blin) {
  Worker& w = this_worker();
  FiberBlock& b = w.block;
  b.launch = &L;
  b.info.bid = L.block_index(blin);
  b.info.bdim = L.block;
  b.info.gdim = L.grid;
  b.info.smem = b.arena.get(L.smem);
  b.info.smem_bytes = L.smem;
  b.info.cooperative = L.cooperative;
  b.info.grid = L.grid_barrier;
  b.core.reset(L.nthreads, b.info.bid);
  if (b.fiber_of.size() < L.nthreads) b.fiber_of.resize(L.nthreads);
  b.ready.clear();
  b.ready_pos = 0;
  b.next_start = 0;
  if (CPURT_PERTURB) {
    b.rng = perturb_seed() ^ (blin * 0xd1b54a32d192ed03ull);
    b.order.resize(L.nthreads);
    for (unsigned i = 0; i < L.nthreads; ++i) b.order[i] = i;
    seeded_shuffle(b.order.data(), L.nthreads, b.rng);
  }
  t_block = &b.info;
  CPURT_PROFILE_HOOK(block_begin(blin, {{&w, sizeof w},
                                        {&t_worker, sizeof t_worker},
                                        {&t_running_fiber, sizeof t_running_fiber},
                                        {&t_fiber_starting, sizeof t_fiber_starting}}));
  w.switch_to(next_fiber(w, b));  // returns when every thread of the block is done
  CPURT_PROFILE_HOOK(block_end());
  t_thread = nullptr;
  t_block = nullptr;
}

// ---- the persistent pool of OS workers ----------------------------------------------------------
inline unsigned worker_count() {
  static const unsigned n = [] {
    if (const char* s = std::getenv("CPURT_WORKERS")) {
      const long v = std::strtol(s, nullptr, 10);
      if (v >= 1) return static_cast<unsigned>(v);
    }
    const unsigned hc = std::thread::hardware_concurrency();
    return hc ? hc : 1u;
  }();
  return n;
}

class WorkerPool {
 public:
  // Runs every block of L; the calling thread works too. Returns when all blocks are done.
  void run(const LaunchBase& L) {
    std::lock_guard launch_lock(launch_m_);  // one launch at a time (launches are synchronous)
    next_.store(0, std::memory_order_relaxed);
    const unsigned helpers =
        static_cast<unsigned>(std::min<std::uint64_t>(worker_count() - 1, L.nblocks - 1));
    if (helpers) {
      std::unique_lock lk(m_);
      while (threads_.size() < helpers) threads_.emplace_back([this, i = threads_.size()] { loop(unsigned(i)); });
      job_ = &L;
      wanted_ = helpers;
      pending_ = helpers;
      ++job_id_;
      work_cv_.notify_all();
    }
    drain(L);
    if (helpers) {
      std::unique_lock lk(m_);
      done_cv_.wait(lk, [&] { return pending_ == 0; });
      job_ = nullptr;
    }
  }

 private:
  void drain(const LaunchBase& L) {
    for (std::uint64_t b; (b = next_.fetch_add(1, std::memory_order_relaxed)) < L.nblocks;)
      run_block_on_fibers(L, b);
  }
  void loop(unsigned index) {
    std::uint64_t seen = 0;
    for (;;) {
      const LaunchBase* job;
      {
        std::unique_lock lk(m_);
        work_cv_.wait(lk, [&] { return job_id_ != seen; });
        seen = job_id_;
        if (index >= wanted_) continue;
        job = job_;
      }
      drain(*job);
      std::lock_guard lk(m_);
      if (--pending_ == 0) done_cv_.notify_one();
    }
  }

  std::mutex launch_m_, m_;
  std::condition_variable work_cv_, done_cv_;
  std::vector<std::thread> threads_;
  const LaunchBase* job_ = nullptr;
  unsigned wanted_ = 0, pending_ = 0;
  std::uint64_t job_id_ = 0;
  std::atomic<std::uint64_t> next_{0};
};

// Never destroyed: the workers sleep in a condition variable until the process ends.
inline WorkerPool& worker_pool() {
  static WorkerPool* pool = [] {
    auto* p = new WorkerPool;
    return p;
  }();
  return *pool;
}

// A cooperative launch needs every block resident at once: one OS thread per block (each with
// its own thread_local __shared__ variables and fibers).
inline void run_cooperative_on_fibers(const LaunchBase& L) {
  std::vector<std::thread> threads;
  threads.reserve(L.nblocks);
  for (std::uint64_t b = 0; b < L.nblocks; ++b) threads.emplace_back([&L, b] { run_block_on_fibers(L, b); });
  for (auto& th : threads) th.join();
}

}  // namespace cpurt
