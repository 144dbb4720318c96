// The state machine of one block, shared by both executors (fibers, and OS threads in race mode).
// It knows which GPU thread waits where, decides releases and computes the results of barriers
// and warp exchanges; it never blocks or switches anything itself.
//
// Rules (Volta and later semantics): a barrier releases when every thread is AT_BAR or DONE
// (exited threads count as arrived) and all waiters reached the same __syncthreads call site; a
// warp exchange releases the lanes waiting at one call site once every live lane their masks name
// is among them. Lanes of the HIP/legacy non-sync forms name no mask; they are released together
// once nothing else can run. If nothing can be released and nothing can run, that is a deadlock: report, abort.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <source_location>
#include <vector>

#include "builtins.h"
#include "config.h"

namespace cpurt {

enum class TState : unsigned char { Unstarted, Running, AtBar, AtWarp, Done };

// What a lane computes from the values its warp published.
enum class WarpOp : unsigned char { Read, Ballot, MatchAny, MatchAll, AddU, AddI, MinU, MaxU, MinI, MaxI, And, Or, Xor };

// Flushes the program's own output first so it is not lost, then reports and aborts.
[[noreturn]] inline void fatal_abort() {
  std::fflush(stdout);
  std::fflush(stderr);
  std::abort();
}

[[noreturn]] inline void unsupported(const char* what) {
  std::fflush(stdout);
  std::fprintf(stderr, "cpurt: unsupported: %s\n", what);
  std::fflush(stderr);
  std::_Exit(kExitUnsupported);
}

inline bool same_site(const std::source_location& a, const std::source_location& b) {
  return a.line() == b.line() && a.column() == b.column() &&
         (a.file_name() == b.file_name() || std::strcmp(a.file_name(), b.file_name()) == 0);
}

struct BlockCore {
  struct Warp {
    LaneMask present = 0, exited = 0, arrived = 0, implicit = 0;
  };

  unsigned n = 0;  // threads in the block
  unsigned n_done = 0, n_bar = 0, n_warp = 0;
  uint3 bid{};
  std::vector<TState> state;
  std::vector<std::source_location> site;  // where each waiting thread waits
  std::vector<const char*> what;           // the name of the call it waits in
  std::vector<std::uint64_t> value;        // published value (warp) or predicate (barrier)
  std::vector<unsigned> arg;               // source lane of a Read
  std::vector<WarpOp> op;
  std::vector<LaneMask> mask;              // the lane's own mask, own bit included
  std::vector<std::uint64_t> result;       // read by the thread once released
  std::vector<LaneMask> group;             // lanes released together with this one
  std::vector<Warp> warps;

  void reset(unsigned nthreads, uint3 block_id) {
    n = nthreads;
    n_done = n_bar = n_warp = 0;
    bid = block_id;
    if (state.size() < n) {
      state.resize(n);
      site.resize(n);
      what.resize(n);
      value.resize(n);
      arg.resize(n);
      op.resize(n);
      mask.resize(n);
      result.resize(n);
      group.resize(n);
    }
    std::fill_n(state.begin(), n, TState::Unstarted);
    const unsigned nw = (n + kWarpSize - 1) / kWarpSize;
    warps.assign(nw, Warp{});
    for (unsigned w = 0; w < nw; ++w) {
      const unsigned lanes = std::min(kWarpSize, n - w * kWarpSize);
      warps[w].present = lanes == 64 ? ~LaneMask(0) : (LaneMask(1) << lanes) - 1;
    }
  }

  void finish(unsigned t) {
    state[t] = TState::Done;
    ++n_done;
    warps[t / kWarpSize].exited |= LaneMask(1) << (t % kWarpSize);
  }

  void arrive_bar(unsigned t, const std::source_location& loc, const char* name, bool pred) {
    state[t] = TState::AtBar;
    site[t] = loc;
    what[t] = name;
    value[t] = pred;
    ++n_bar;
  }

  void arrive_warp(unsigned t, LaneMask m, bool implicit, WarpOp o, std::uint64_t v, unsigned src,
                   const std::source_location& loc, const char* name) {
    const LaneMask bit = LaneMask(1) << (t % kWarpSize);
    Warp& w = warps[t / kWarpSize];
    state[t] = TState::AtWarp;
    site[t] = loc;
    what[t] = name;
    value[t] = v;
    arg[t] = src;
    op[t] = o;
    mask[t] = (implicit ? kFullWarp : (m & kFullWarp)) | bit;
    w.arrived |= bit;
    if (implicit) w.implicit |= bit;
    ++n_warp;
  }

  // Appends the released threads to `out` in thread order. `stuck`: nothing else can run, so
  // looser rules may apply, and releasing nothing at all is a deadlock.
  void collect(std::vector<unsigned>& out, bool stuck) {
    const std::size_t before = out.size();
    if (n_bar && n_bar + n_done == n) release_barrier(out);
    if (n_warp) {
      // 1. Lanes waiting at the same call site whose masks name only lanes among them (or exited).
      for (unsigned w = 0; w < warps.size(); ++w) release_site_groups(w, out, /*implicit_only=*/false);
      // 2. Stuck: the non-sync forms release the lanes that did arrive at their site.
      if (out.size() == before && stuck)
        for (unsigned w = 0; w < warps.size(); ++w) release_site_groups(w, out, /*implicit_only=*/true);
      // 3. Stuck: the same exchange reached from different call sites (legal on Volta and later).
      if (out.size() == before && stuck)
        for (unsigned w = 0; w < warps.size(); ++w) {
          const Warp& wp = warps[w];
          if (wp.arrived && (need_of(w, wp.arrived) & live(wp) & ~wp.arrived) == 0) release_warp(w, wp.arrived, out);
        }
    }
    if (out.size() == before && stuck && n_done < n) deadlock(nullptr);
  }

  [[noreturn]] void deadlock(const char* why) const {
    std::fflush(stdout);
    std::fprintf(stderr, "cpurt: deadlock in block (%u,%u,%u): %s", bid.x, bid.y, bid.z,
                 why ? why : "no thread can proceed");
    // One line per run of consecutive threads waiting at the same place.
    unsigned i = 0, lines = 0;
    while (i < n && lines < 16) {
      unsigned j = i + 1;
      while (j < n && state[j] == state[i] &&
             (state[i] == TState::Done || state[i] == TState::Running || same_site(site[j], site[i])))
        ++j;
      if (j == i + 1)
        std::fprintf(stderr, "; thread %u", i);
      else
        std::fprintf(stderr, "; threads %u-%u", i, j - 1);
      if (state[i] == TState::AtBar || state[i] == TState::AtWarp)
        std::fprintf(stderr, " wait at %s (%s:%u)", what[i], site[i].file_name(), unsigned(site[i].line()));
      else
        std::fputs(state[i] == TState::Done ? " exited" : " still run", stderr);
      ++lines;
      i = j;
    }
    std::fputc('\n', stderr);
    fatal_abort();
  }

 private:
  void release_barrier(std::vector<unsigned>& out) {
    unsigned first = 0;
    while (state[first] != TState::AtBar) ++first;
    std::uint64_t count = 0;
    for (unsigned t = first; t < n; ++t) {
      if (state[t] != TState::AtBar) continue;
      if (!same_site(site[t], site[first]))
        deadlock("threads wait at different barriers (divergent __syncthreads)");
      count += value[t];
    }
    const std::uint64_t packed = count | (std::uint64_t(n_bar) << 32);
    for (unsigned t = first; t < n; ++t) {
      if (state[t] != TState::AtBar) continue;
      state[t] = TState::Running;
      result[t] = packed;
      out.push_back(t);
    }
    n_bar = 0;
  }

  static LaneMask live(const Warp& wp) { return wp.present & ~wp.exited; }

  LaneMask need_of(unsigned w, LaneMask lanes) const {
    LaneMask need = 0;
    for (LaneMask m = lanes; m; m &= m - 1) need |= mask[w * kWarpSize + unsigned(__builtin_ctzll(m))];
    return need;
  }

  void release_site_groups(unsigned w, std::vector<unsigned>& out, bool implicit_only) {
    const unsigned base = w * kWarpSize;
    LaneMask todo = warps[w].arrived;
    while (todo) {
      const unsigned first = base + unsigned(__builtin_ctzll(todo));
      LaneMask group_lanes = 0;
      for (LaneMask m = todo; m; m &= m - 1) {
        const unsigned l = unsigned(__builtin_ctzll(m));
        if (same_site(site[base + l], site[first])) group_lanes |= LaneMask(1) << l;
      }
      todo &= ~group_lanes;
      const Warp& wp = warps[w];
      if (implicit_only ? (wp.implicit & group_lanes) == group_lanes
                        : (need_of(w, group_lanes) & live(wp) & ~group_lanes) == 0)
        release_warp(w, group_lanes, out);
    }
  }

  void release_warp(unsigned w, LaneMask lanes, std::vector<unsigned>& out) {
    const unsigned base = w * kWarpSize;
    for (LaneMask m = lanes; m; m &= m - 1) {
      const unsigned t = base + unsigned(__builtin_ctzll(m));
      result[t] = compute(t, base, lanes);
      group[t] = lanes;
      state[t] = TState::Running;
      out.push_back(t);
    }
    n_warp -= static_cast<unsigned>(__builtin_popcountll(lanes));
    warps[w].arrived &= ~lanes;
    warps[w].implicit &= ~lanes;
  }

  std::uint64_t compute(unsigned t, unsigned base, LaneMask lanes) const {
    const LaneMask m = mask[t] & lanes;
    if (op[t] == WarpOp::Read) {
      const unsigned src = arg[t];
      return (src < kWarpSize && (lanes >> src & 1)) ? value[base + src] : value[t];
    }
    std::uint64_t acc = 0;
    bool first = true, all_equal = true;
    for (unsigned l = 0; l < kWarpSize; ++l) {
      if (!(m >> l & 1)) continue;
      const std::uint64_t v = value[base + l];
      switch (op[t]) {
        case WarpOp::Ballot: acc |= std::uint64_t(v != 0) << l; break;
        case WarpOp::MatchAny: acc |= std::uint64_t(v == value[t]) << l; break;
        case WarpOp::MatchAll: all_equal = all_equal && v == value[t]; break;
        case WarpOp::AddU: acc = std::uint32_t(acc + v); break;
        case WarpOp::AddI: acc = std::uint32_t(std::int32_t(acc) + std::int32_t(v)); break;
        case WarpOp::MinU: acc = first ? v : std::min<std::uint32_t>(acc, v); break;
        case WarpOp::MaxU: acc = first ? v : std::max<std::uint32_t>(acc, v); break;
        case WarpOp::MinI: acc = std::uint32_t(first ? std::int32_t(v) : std::min(std::int32_t(acc), std::int32_t(v))); break;
        case WarpOp::MaxI: acc = std::uint32_t(first ? std::int32_t(v) : std::max(std::int32_t(acc), std::int32_t(v))); break;
        case WarpOp::And: acc = first ? v : (acc & v); break;
        case WarpOp::Or: acc |= v; break;
        case WarpOp::Xor: acc ^= v; break;
        case WarpOp::Read: break;
      }
      first = false;
    }
    if (op[t] == WarpOp::MatchAll) return all_equal ? m : 0;
    return acc;
  }
};

}  // namespace cpurt
