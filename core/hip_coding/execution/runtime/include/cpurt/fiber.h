// Fibers: the GPU threads of a block are fibers on one OS thread.
// On x86-64 a 20-instruction context switch (callee-saved registers, MXCSR and the x87 control
// word, then a stack swap) costs ~15 ns where glibc swapcontext costs ~300 ns (it makes a
// sigprocmask system call). Other architectures use ucontext. Stacks are 256 KiB, committed
// lazily (MAP_NORESERVE), with a PROT_NONE guard page so an overflow faults instead of
// corrupting the neighbour. Switches are announced to AddressSanitizer so it tracks the stacks.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "config.h"

#if CPURT_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

#if defined(__x86_64__) && !defined(CPURT_FIBER_UCONTEXT)
#define CPURT_FIBER_ASM 1
// void cpurt_switch(void** save_sp, void* new_sp): saves the current context on its own stack,
// stores the stack pointer in *save_sp and resumes the context saved at new_sp.
// `.weak` because every translation unit that includes this header emits the same symbol.
extern "C" void cpurt_switch(void** save_sp, void* new_sp);
__asm__(
    ".pushsection .text\n"
    ".weak cpurt_switch\n"
    ".type cpurt_switch,@function\n"
    "cpurt_switch:\n"
    "  .cfi_startproc\n"
    "  endbr64\n"
    "  pushq %rbp\n  pushq %rbx\n  pushq %r12\n  pushq %r13\n  pushq %r14\n  pushq %r15\n"
    "  subq $8, %rsp\n  stmxcsr (%rsp)\n  fnstcw 4(%rsp)\n"
    "  movq %rsp, (%rdi)\n  movq %rsi, %rsp\n"
    "  ldmxcsr (%rsp)\n  fldcw 4(%rsp)\n  addq $8, %rsp\n"
    "  popq %r15\n  popq %r14\n  popq %r13\n  popq %r12\n  popq %rbx\n  popq %rbp\n"
    "  ret\n"
    "  .cfi_endproc\n"
    ".size cpurt_switch, .-cpurt_switch\n"
    ".popsection\n");
#else
#define CPURT_FIBER_ASM 0
#include <ucontext.h>
#endif

namespace cpurt {

struct Fiber {
  void* sp = nullptr;              // saved stack pointer while suspended (asm switch)
  void* map = nullptr;             // the whole mapping, guard page included
  std::size_t map_bytes = 0;
  const void* stack_lo = nullptr;  // usable stack, for AddressSanitizer
  std::size_t stack_bytes = 0;
  void (*body)() = nullptr;        // never returns
#if CPURT_ASAN
  void* fake_stack = nullptr;
#endif
#if !CPURT_FIBER_ASM
  ucontext_t uc;
#endif
};

inline thread_local Fiber* t_fiber_starting = nullptr;  // handed to fiber_start
#if CPURT_ASAN
inline thread_local Fiber* t_fiber_from = nullptr;  // the context we switched away from
inline thread_local Fiber* t_fiber_to = nullptr;

// Runs in the context we just switched to. The first switch away from an OS thread's own
// stack is the only way to learn that stack's bounds, which we need to switch back to it.
inline void asan_after_switch(Fiber* self) {
  const void* lo = nullptr;
  std::size_t size = 0;
  __sanitizer_finish_switch_fiber(self ? self->fake_stack : nullptr, &lo, &size);
  if (t_fiber_from && !t_fiber_from->stack_lo) {
    t_fiber_from->stack_lo = lo;
    t_fiber_from->stack_bytes = size;
  }
}
#endif

[[noreturn]] inline void fiber_start() {
  Fiber* self = t_fiber_starting;
#if CPURT_ASAN
  asan_after_switch(nullptr);
#endif
  self->body();
  std::fputs("cpurt: internal error: fiber body returned\n", stderr);
  std::abort();
}

// Maps a stack and prepares `f` so that the first switch to it enters `body`.
inline bool fiber_init(Fiber& f, void (*body)()) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  f.map_bytes = kFiberStackBytes + page;
  f.map = mmap(nullptr, f.map_bytes, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (f.map == MAP_FAILED) return false;
  mprotect(f.map, page, PROT_NONE);  // the guard page sits below the stack (it grows down)
#if CPURT_ASAN
  // The range may have been an exited thread's stack whose shadow still says "poisoned".
  __asan_unpoison_memory_region(static_cast<char*>(f.map) + page, kFiberStackBytes);
#endif
  f.stack_lo = static_cast<char*>(f.map) + page;
  f.stack_bytes = kFiberStackBytes;
  f.body = body;
#if CPURT_FIBER_ASM
  // From the top: a dummy word, fiber_start as the return address, six zeroed callee-saved
  // registers and the current control words, so rsp = 8 mod 16 at fiber_start's entry.
  auto* top = reinterpret_cast<std::uint64_t*>(static_cast<char*>(f.map) + f.map_bytes);
  std::uint64_t* s = top;
  *--s = 0;
  *--s = reinterpret_cast<std::uint64_t>(&fiber_start);
  for (int i = 0; i < 6; ++i) *--s = 0;
  std::uint32_t mxcsr = 0;
  std::uint16_t fpucw = 0;
  __asm__ volatile("stmxcsr %0\n\tfnstcw %1" : "=m"(mxcsr), "=m"(fpucw));
  *--s = std::uint64_t(mxcsr) | (std::uint64_t(fpucw) << 32);
  f.sp = s;
#else
  getcontext(&f.uc);
  f.uc.uc_stack.ss_sp = const_cast<void*>(f.stack_lo);
  f.uc.uc_stack.ss_size = f.stack_bytes;
  f.uc.uc_link = nullptr;
  makecontext(&f.uc, reinterpret_cast<void (*)()>(&fiber_start), 0);
#endif
  return true;
}

inline void fiber_free(Fiber& f) {
  if (f.map) munmap(f.map, f.map_bytes);
  f.map = nullptr;
}

// Suspends `from` (the running context) and resumes `to`. A fresh fiber starts in its body.
inline void fiber_switch(Fiber* from, Fiber* to) {
  t_fiber_starting = to;
#if CPURT_ASAN
  t_fiber_from = from;
  __sanitizer_start_switch_fiber(&from->fake_stack, to->stack_lo, to->stack_bytes);
#endif
#if CPURT_FIBER_ASM
  cpurt_switch(&from->sp, to->sp);
#else
  swapcontext(&from->uc, &to->uc);
#endif
#if CPURT_ASAN
  asan_after_switch(from);
#endif
}

}  // namespace cpurt
