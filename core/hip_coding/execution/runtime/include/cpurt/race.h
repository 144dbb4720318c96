// The race executor (CPURT_MODE_RACE, built with -fsanitize=thread): every GPU thread of a block
// is a real OS thread, so ThreadSanitizer sees the accesses GPU threads really make concurrently.
// A plain `+=` on shared or global memory where an atomic is needed becomes a reported race.
// Barriers and warp exchanges are a mutex plus one condition variable per thread; the same BlockCore
// decides releases, so deadlocks are found exactly (the last thread to block sees that nothing can be
// released); a watchdog catches spinning threads.
//
// TSan never sees that mutex (`Unseen`): it would order every thread after each thread that took the lock
// before it, and on a loaded machine the threads of a block often run one after another, so every race
// between them would vanish. What a GPU orders is told to TSan instead (`RaceBlock::sync`): a thread
// releases its history to a sync object when it arrives at a barrier and acquires it when released. A
// block barrier uses one of two objects, by the parity of the barriers a thread has passed (a thread that
// races ahead to the next barrier releases to the other one); an explicit warp operation uses its warp's
// object (so lanes that exchange in different groups of one warp are ordered too: a race between them can
// be missed, never invented); an implicit one (`__activemask`) orders nothing, as on a GPU.
//
// Blocks run one after another, alternately on two pools of threads (RaceGrid), and nothing orders
// one block before the next in TSan's eyes: the launching thread hands blocks out with its own
// synchronisation and memory accesses hidden from TSan, and the blocks' threads only acquire what
// the host did before the launch. So two blocks touching the same global location, one of them
// writing, with no atomic or fence between them, are a reported race, as they are on a GPU where
// blocks run concurrently. Static `__shared__` variables are plain statics here, one copy reused by
// every block; TSan forgets them at each block start, so one block's shared memory never races the
// next block's. (GCC 12's libtsan implements AnnotateNewMemory as a no-op; its interface for Java heaps
// resets a range's history: the static data is declared as that "heap" once and its ranges are
// "allocated" anew per block.) What is forgotten is the static data except the objects of external
// linkage the executable's symbol table names (`Statics`): a `__device__` variable keeps its history,
// so two blocks bumping a `__device__` counter with a plain `++` are a reported race. A `__shared__`
// variable is never such an object: at namespace scope it is `static` (internal linkage), inside a
// function a local static (`_ZZ...`). The price: races between blocks on a `static __device__`
// variable (internal linkage), or on a small `__device__` variable that shares TSan's 8-byte granule
// with a `__shared__` one, are not seen; within a block they are.
#pragma once

#include <elf.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "block_core.h"
#include "scheduler.h"

// ThreadSanitizer's annotation interface (libtsan, linked by -fsanitize=thread).
extern "C" {
void AnnotateIgnoreSyncBegin(const char* file, int line);
void AnnotateIgnoreSyncEnd(const char* file, int line);
void __tsan_java_init(unsigned long heap_begin, unsigned long heap_size);
void __tsan_java_alloc(unsigned long begin, unsigned long size);
void __tsan_acquire(void* addr);
void __tsan_release(void* addr);
void __tsan_ignore_thread_begin();
void __tsan_ignore_thread_end();
char __tsan_atomic8_load(const volatile char* a, int mo);
short __tsan_atomic16_load(const volatile short* a, int mo);
int __tsan_atomic32_load(const volatile int* a, int mo);
long __tsan_atomic64_load(const volatile long* a, int mo);
char __tsan_atomic8_fetch_add(volatile char* a, char v, int mo);
short __tsan_atomic16_fetch_add(volatile short* a, short v, int mo);
int __tsan_atomic32_fetch_add(volatile int* a, int v, int mo);
long __tsan_atomic64_fetch_add(volatile long* a, long v, int mo);
extern char __data_start[], _end[];  // the executable's static data (.data and .bss)

}

// Volatile accesses (built with --param=tsan-distinguish-volatile=1) are relaxed atomics to TSan: a
// flag polled through a volatile pointer is how GPU code hands data between blocks (with a fence to
// order the data). A write is reported as an atomic add of zero, which leaves the value alone.
#define CPURT_VOLATILE_HOOKS(BYTES, BITS, T)                                                              \
  extern "C" __attribute__((weak)) void __tsan_volatile_read##BYTES(void* p) {                            \
    __tsan_atomic##BITS##_load(static_cast<const volatile T*>(p), 0);                                     \
  }                                                                                                       \
  extern "C" __attribute__((weak)) void __tsan_volatile_write##BYTES(void* p) {                           \
    __tsan_atomic##BITS##_fetch_add(static_cast<volatile T*>(p), 0, 0);                                   \
  }
CPURT_VOLATILE_HOOKS(1, 8, char)
CPURT_VOLATILE_HOOKS(2, 16, short)
CPURT_VOLATILE_HOOKS(4, 32, int)
CPURT_VOLATILE_HOOKS(8, 64, long)
#undef CPURT_VOLATILE_HOOKS

namespace cpurt {

// What the host did before a launch, and what the launch's blocks did, as TSan sync objects.
struct RaceTokens {
  char host = 0;  // released by the launching thread, acquired by every block's threads
  char done = 0;  // released by every block's threads, acquired by the launching thread at the end
};

class RaceBlock;
inline thread_local RaceBlock* t_race_block = nullptr;  // the pool of the calling GPU thread
inline thread_local unsigned t_race_barriers = 0;       // block barriers the calling GPU thread has passed

// The runtime's own synchronisation and bookkeeping, hidden from TSan for the scope (see the top of this file).
// TSan ignores __tsan_acquire/__tsan_release inside it.
struct Unseen {
  Unseen() {
    __tsan_ignore_thread_begin();
    AnnotateIgnoreSyncBegin("cpurt/race.h", 0);  // a fixed name: the runtime hash must not depend on the path
  }
  ~Unseen() {
    AnnotateIgnoreSyncEnd("cpurt/race.h", 0);
    __tsan_ignore_thread_end();
  }
  Unseen(const Unseen&) = delete;
  Unseen& operator=(const Unseen&) = delete;
};

// One pool of OS threads running one block at a time.
class RaceBlock {
 public:
  // Runs block `blin` of L on this pool and waits for it; called by the launching thread, whose
  // synchronisation with the pool and accesses to its bookkeeping TSan does not see.
  void run_block(const LaunchBase& L, std::uint64_t blin, RaceTokens& tokens) {
    Unseen unseen;
    std::unique_lock lk(m_);
    launch_ = &L;
    tokens_ = &tokens;
    info_.bid = L.block_index(blin);
    info_.bdim = L.block;
    info_.gdim = L.grid;
    info_.smem = arena_.get(L.smem);
    info_.smem_bytes = L.smem;
    info_.cooperative = L.cooperative;
    info_.grid = L.grid_barrier;
    core_.reset(L.nthreads, info_.bid);
    for (unsigned t = 0; t < L.nthreads; ++t) {
      core_.state[t] = TState::Running;
      woken_[t] = 0;
    }
    running_ = L.nthreads;
    ++block_gen_;
    start_cv_.notify_all();
    wait_block_done(lk);
    launch_ = nullptr;
  }

  // Makes sure the pool has n threads, before the launch's first block: a thread started later would
  // inherit what the launching thread saw, which would order it after the blocks before.
  void prepare(unsigned n) {
    std::lock_guard lk(m_);
    grow(n);
  }

  // A barrier or warp exchange of GPU thread t (cpurt/exchange.h): `arrive` records it in BlockCore, then t
  // waits until released and gets BlockCore's result and group for it. Only the GPU's ordering is shown to
  // TSan: t releases to the operation's sync object after arriving, before anyone can be released, and
  // acquires it once released.
  template <class Arrive>
  std::pair<std::uint64_t, LaneMask> sync(unsigned t, Arrive& arrive) {
    char* order;
    std::pair<std::uint64_t, LaneMask> got;
    {
      Unseen unseen;
      std::unique_lock lk(m_);
      arrive(core_, t);
      order = order_of(t);
      if (order) {
        AnnotateIgnoreSyncEnd("cpurt/race.h", 0);
        __tsan_release(order);
        AnnotateIgnoreSyncBegin("cpurt/race.h", 0);
      }
      --running_;
      release_locked();
      cvs_[t].wait(lk, [&] { return woken_[t] != 0; });
      woken_[t] = 0;
      got = {core_.result[t], core_.group[t]};
    }
    if (order) __tsan_acquire(order);
    return got;
  }

 private:
  // The sync object of the operation t just arrived at (see the top of this file); null for an implicit one.
  char* order_of(unsigned t) {
    if (core_.state[t] == TState::AtBar) return &barrier_order_[t_race_barriers++ % 2];
    const unsigned w = t / kWarpSize;
    return core_.warps[w].implicit >> (t % kWarpSize) & 1 ? nullptr : &warp_order_[w];
  }

  void release_locked() {
    rel_.clear();
    core_.collect(rel_, /*stuck=*/running_ == 0);
    for (unsigned t : rel_) {
      woken_[t] = 1;
      ++running_;
      cvs_[t].notify_one();
    }
    ++progress_;
  }

  void wait_block_done(std::unique_lock<std::mutex>& lk) {
    static const long limit_s = [] {
      const char* s = std::getenv("CPURT_WATCHDOG_SECONDS");
      const long v = s ? std::strtol(s, nullptr, 10) : 0;
      return v > 0 ? v : 20L;
    }();
    std::uint64_t seen = progress_;
    auto last = std::chrono::steady_clock::now();
    while (core_.n_done < core_.n) {
      done_cv_.wait_for(lk, std::chrono::seconds(1));
      const auto now = std::chrono::steady_clock::now();
      if (progress_ != seen) {
        seen = progress_;
        last = now;
      } else if (now - last > std::chrono::seconds(limit_s)) {
        core_.deadlock("no progress for a long time (a thread spins waiting for another?)");
      }
    }
  }

  void grow(unsigned n) {
    if (threads_.size() >= n) return;
    auto cvs = std::make_unique<std::condition_variable[]>(n);
    cvs_ = std::move(cvs);  // no thread waits on the old ones between blocks
    woken_.resize(n);
    while (threads_.size() < n) {
      const unsigned i = static_cast<unsigned>(threads_.size());
      threads_.emplace_back([this, i] { loop(i); });
    }
  }

  void loop(unsigned i) {
    std::uint64_t seen = 0;
    for (;;) {
      const LaunchBase* L = nullptr;
      RaceTokens* tokens = nullptr;
      {
        Unseen unseen;
        std::unique_lock lk(m_);
        start_cv_.wait(lk, [&] { return block_gen_ != seen && i < core_.n; });
        seen = block_gen_;
        L = launch_;
        tokens = tokens_;
        t_block = &info_;
        t_thread = &L->slots[i];
        t_race_block = this;
        t_race_barriers = 0;
      }
      __tsan_acquire(&tokens->host);
      L->run_one(*L);
      __tsan_release(&tokens->done);
      Unseen unseen;
      std::unique_lock lk(m_);
      t_thread = nullptr;
      core_.finish(i);
      --running_;
      release_locked();
      if (core_.n_done == core_.n) done_cv_.notify_one();
    }
  }

  std::mutex m_;
  std::condition_variable start_cv_, done_cv_;
  std::unique_ptr<std::condition_variable[]> cvs_;
  std::vector<unsigned char> woken_;
  std::vector<unsigned> rel_;
  std::vector<std::thread> threads_;
  BlockCore core_;
  BlockInfo info_;
  SmemArena arena_;
  const LaunchBase* launch_ = nullptr;
  RaceTokens* tokens_ = nullptr;
  unsigned running_ = 0;
  std::uint64_t block_gen_ = 0, progress_ = 0;
  char barrier_order_[2] = {};            // TSan sync objects of block barriers, by parity
  char warp_order_[1024 / kWarpSize] = {};  // of warp operations, by warp
};

// Runs the blocks of a launch one after another, alternately on two pools, so that consecutive blocks
// are different OS threads with nothing ordering them (see the top of this file).
class RaceGrid {
 public:
  void run(const LaunchBase& L) {
    std::lock_guard launch_lock(launch_m_);
    if (L.cooperative && L.nblocks > 1)
      unsupported("a cooperative launch with several blocks in race mode (CPURT_MODE_RACE)");
    for (RaceBlock& pool : pools_) pool.prepare(L.nthreads);
    __tsan_release(&tokens_.host);
    for (std::uint64_t blin = 0; blin < L.nblocks; ++blin) {
      // Static __shared__ variables are one copy for every block: the previous block's accesses to
      // them (and to every static but `__device__` variables) are forgotten, so they cannot race this block's.
      statics_.reset();
      pools_[blin % 2].run_block(L, blin, tokens_);
    }
    __tsan_acquire(&tokens_.done);
  }

 private:
  // The executable's static data as TSan's Java heap, and the ranges of it forgotten per block: all but
  // the 8-byte granules (TSan's unit) of the objects of external linkage (`__device__` variables). A
  // granule that also holds an object of internal linkage (a `__shared__` variable) is forgotten: a
  // missed race costs less than a correct kernel failed.
  struct Statics {
    using Range = std::pair<std::uintptr_t, std::uintptr_t>;  // [first, last), 8-byte aligned
    std::vector<Range> forget;
    Statics() {
      const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(__data_start) & ~std::uintptr_t(7);
      const std::uintptr_t last = (reinterpret_cast<std::uintptr_t>(_end) + 7) & ~std::uintptr_t(7);
      __tsan_java_init(first, last - first);
      std::vector<Range> kept, internal;
      read_objects(first, last, kept, internal);
      std::vector<Range> granules;  // per kept object its granules, less an end granule an internal object touches
      const auto touched = [&internal](std::uintptr_t g) {
        return std::any_of(internal.begin(), internal.end(), [g](const Range& i) { return i.first < g + 8 && i.second > g; });
      };
      for (const Range& k : kept) {
        std::uintptr_t lo = k.first & ~std::uintptr_t(7), hi = (k.second + 7) & ~std::uintptr_t(7);
        if (touched(lo)) lo += 8;
        if (hi > lo && touched(hi - 8)) hi -= 8;
        if (hi > lo) granules.emplace_back(lo, hi);
      }
      std::sort(granules.begin(), granules.end());
      std::uintptr_t at = first;
      for (const Range& g : granules) {
        if (g.first > at) forget.emplace_back(at, g.first);
        at = std::max(at, g.second);
      }
      if (last > at) forget.emplace_back(at, last);
    }
    void reset() const {
      for (const Range& r : forget) __tsan_java_alloc(r.first, r.second - r.first);
    }
  };

  // The data objects in [first, last) by the executable's symbol table (.symtab): `kept` those of external
  // linkage, `internal` the others (static and function-local variables: every `__shared__` one). Neither
  // when it cannot be read: then all static data is forgotten, `__device__` variables too.
  static void read_objects(std::uintptr_t first, std::uintptr_t last, std::vector<Statics::Range>& kept,
                           std::vector<Statics::Range>& internal) {
    std::FILE* f = std::fopen("/proc/self/exe", "rb");
    if (!f) return;
    std::vector<char> image;
    char chunk[1 << 16];
    for (std::size_t got; (got = std::fread(chunk, 1, sizeof chunk, f)) > 0;)
      image.insert(image.end(), chunk, chunk + got);
    std::fclose(f);
    if (image.size() < sizeof(Elf64_Ehdr)) return;
    const auto* eh = reinterpret_cast<const Elf64_Ehdr*>(image.data());
    if (std::memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_shoff + std::uint64_t(eh->e_shnum) * sizeof(Elf64_Shdr) > image.size())
      return;
    const auto* sh = reinterpret_cast<const Elf64_Shdr*>(image.data() + eh->e_shoff);
    for (unsigned i = 0; i < eh->e_shnum; ++i) {
      if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum) continue;
      const Elf64_Shdr& strtab = sh[sh[i].sh_link];
      if (sh[i].sh_offset + sh[i].sh_size > image.size() || strtab.sh_offset + strtab.sh_size > image.size())
        return;
      const auto* syms = reinterpret_cast<const Elf64_Sym*>(image.data() + sh[i].sh_offset);
      const std::size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
      const char* names = image.data() + strtab.sh_offset;
      auto name_of = [&](const Elf64_Sym& sym) { return sym.st_name < strtab.sh_size ? names + sym.st_name : ""; };
      std::intptr_t bias = 0;  // where the executable was loaded (PIE): `_end`'s address less its value
      bool biased = false;
      for (std::size_t k = 0; k < n && !biased; ++k)
        if (!std::strcmp(name_of(syms[k]), "_end")) {
          bias = static_cast<std::intptr_t>(reinterpret_cast<std::uintptr_t>(_end) - syms[k].st_value);
          biased = true;
        }
      if (!biased) return;
      for (std::size_t k = 0; k < n; ++k) {
        const Elf64_Sym& sym = syms[k];
        if (ELF64_ST_TYPE(sym.st_info) != STT_OBJECT || sym.st_size == 0 || sym.st_shndx == SHN_UNDEF) continue;
        const std::uintptr_t lo = sym.st_value + bias, hi = lo + sym.st_size;
        if (lo < first || hi > last) continue;
        const unsigned bind = ELF64_ST_BIND(sym.st_info);
        const bool external = bind == STB_GLOBAL || bind == STB_WEAK || bind == STB_GNU_UNIQUE;
        // A function-local static (`_ZZ...`, a `__shared__` one of an inline or template function) may be
        // unique-global: still internal here.
        (external && std::strncmp(name_of(sym), "_ZZ", 3) != 0 ? kept : internal).emplace_back(lo, hi);
      }
      return;
    }
  }

  Statics statics_;
  std::mutex launch_m_;
  RaceTokens tokens_;
  RaceBlock pools_[2];
};

inline RaceGrid& race_grid() {
  static RaceGrid* g = new RaceGrid;  // never destroyed: its threads sleep until exit
  return *g;
}

}  // namespace cpurt
