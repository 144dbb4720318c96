"""Static checks: each rule rejects its construct and leaves ordinary kernel code alone."""

from __future__ import annotations

import pytest

from hip_coding.evaluation.static_check import MAX_SOLUTION_BYTES, check_solution

GOOD = """
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cmath>
constexpr int kBlock = 256;
__constant__ float table[4] = {1, 2, 3, 4};
__device__ int counter;
struct Pair { int a, b; };
// system("rm -rf /") in a comment is fine, and so is the string below
__global__ void k(int n, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int write = i, read = n, open = 0;  // variable names that match banned functions
  if (i < n) y[i] = sqrtf(x[i]) + table[i % 4] + write + read + open;
  if (i == 0) printf("system: %d\\n", n);
}
void entry(int n, const float* x, float* y, hipStream_t stream) {
  float* tmp = nullptr;
  hipMallocAsync(&tmp, n * sizeof(float), stream);
  hipMemcpyAsync(tmp, x, n * sizeof(float), hipMemcpyDeviceToDevice, stream);
  hipLaunchKernelGGL(k, dim3((n + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, n, tmp, y);
  hipFreeAsync(tmp, stream);
}
"""


def test_ordinary_solution_passes():
    assert check_solution(GOOD) == []


@pytest.mark.parametrize(
    "snippet,rule",
    [
        ("int main() { return 0; }", "defines main"),
        ("int main(int argc, char** argv) { return 0; }", "defines main"),
        ('void f() { system("ls"); }', "forbidden call"),
        ('void f() { popen("ls", "r"); }', "forbidden call"),
        ("void f() { if (fork() == 0) {} }", "forbidden call"),
        ('void f() { execvp("sh", 0); }', "forbidden call"),
        ('void f() { fopen("/etc/passwd", "r"); }', "forbidden call"),
        ('void f() { open("/etc/passwd", 0); }', "forbidden call"),
        ('void f() { getenv("SECRET"); }', "forbidden call"),
        ("void f() { socket(2, 1, 0); }", "forbidden call"),
        ("void f() { exit(0); }", "forbidden call"),
        ("void f() { abort(); }", "forbidden call"),
        ("void f() { auto p = &exit; }", "forbidden call"),
        ("#define RUN system\nvoid f() { RUN(0); }", "forbidden call"),
        ("#define CAT(a, b) a##b\n", "token pasting"),
        ('void f() { asm volatile("nop"); }', "inline assembly"),
        ('__device__ int lane() { int x; __asm__("mov.u32 %0, %%laneid;" : "=r"(x)); return x; }', "inline assembly"),
        ('#include "../../secret.h"', "forbidden include"),
        ("#include </etc/passwd>", "forbidden include"),
        ("#include <fstream>", "forbidden include"),
        ("#include <sys/socket.h>", "forbidden include"),
        ("__attribute__((constructor)) void early() {}", "load-time code"),
        ("static int x = compute();", "load-time code"),
        ("std::vector<int> global_vector;", "load-time code"),
    ],
)
def test_rule_rejects(snippet, rule):
    found = check_solution(GOOD + snippet + "\n")
    assert any(v.rule == rule for v in found), found


def test_violation_names_the_line():
    found = check_solution("#include <hip/hip_runtime.h>\n\nvoid f() {\n  exit(1);\n}\n")
    assert [str(v) for v in found] == ["line 4: forbidden call: `exit` (process, file, environment or I/O access)"]


def test_empty_and_huge_solutions():
    assert check_solution("  \n")[0].rule == "empty"
    assert check_solution("x" * (MAX_SOLUTION_BYTES + 1))[0].rule == "too large"
