// The race executor (CPURT_MODE_RACE, built with -fsanitize=thread): every GPU thread of a block
// is a real OS thread, so ThreadSanitizer sees the accesses GPU threads really make concurrently.
// A plain `+=` on shared or global memory where an atomic is needed becomes a reported race.
// Barriers and warp exchanges are a mutex plus one condition variable per thread, which TSan
// understands as synchronisation. Blocks run one after another on one reused set of threads.
// The same BlockCore decides releases, so deadlocks are found exactly (the last thread to block
// sees that nothing can be released); a watchdog catches spinning threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "block_core.h"
#include "scheduler.h"

namespace cpurt {

class RaceBlock {
 public:
  // Runs every block of L, one after another.
  void run(const LaunchBase& L) {
    std::lock_guard launch_lock(launch_m_);
    if (L.cooperative && L.nblocks > 1)
      unsupported("a cooperative launch with several blocks in race mode (CPURT_MODE_RACE)");
    std::unique_lock lk(m_);
    grow(L.nthreads);
    for (std::uint64_t blin = 0; blin < L.nblocks; ++blin) {
      launch_ = &L;
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
    }
    launch_ = nullptr;
  }

  // Called by GPU thread t after it arrived (under the lock) at a barrier or warp exchange.
  void block_and_wait(unsigned t, std::unique_lock<std::mutex>& lk) {
    --running_;
    release_locked();
    cvs_[t].wait(lk, [&] { return woken_[t] != 0; });
    woken_[t] = 0;
  }

  std::mutex& mutex() { return m_; }
  BlockCore& core() { return core_; }

 private:
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
    std::unique_lock lk(m_);
    for (;;) {
      start_cv_.wait(lk, [&] { return block_gen_ != seen; });
      seen = block_gen_;
      if (i >= core_.n) continue;
      const LaunchBase& L = *launch_;
      t_block = &info_;
      t_thread = &L.slots[i];
      lk.unlock();
      L.run_one(L);
      lk.lock();
      t_thread = nullptr;
      core_.finish(i);
      --running_;
      release_locked();
      if (core_.n_done == core_.n) done_cv_.notify_one();
    }
  }

  std::mutex launch_m_, m_;
  std::condition_variable start_cv_, done_cv_;
  std::unique_ptr<std::condition_variable[]> cvs_;
  std::vector<unsigned char> woken_;
  std::vector<unsigned> rel_;
  std::vector<std::thread> threads_;
  BlockCore core_;
  BlockInfo info_;
  SmemArena arena_;
  const LaunchBase* launch_ = nullptr;
  unsigned running_ = 0;
  std::uint64_t block_gen_ = 0, progress_ = 0;
};

inline RaceBlock& race_block() {
  static RaceBlock* b = new RaceBlock;  // never destroyed: its threads sleep until exit
  return *b;
}

}  // namespace cpurt
