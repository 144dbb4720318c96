"""Static checks: each rule rejects its construct, names its line and says when the prompt states it,
and leaves the code real models write alone (docs/security.md)."""

from __future__ import annotations

import pytest

from hip_coding.evaluation.static_check import MAX_SOLUTION_BYTES, check_sample, check_solution
from hip_coding.tasks.prompts import rules_text

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

#: What capable models habitually write around a correct kernel; none of it is hostile.
MODEL_HABITS = """
#include "cuda_runtime.h"
#include "device_launch_parameters.h"
#include <vector>
#include <iostream>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <hip/amd_detail/amd_hip_runtime.h>
#include <nvtx3/nvToolsExt.h>
#include <bits/stdc++.h>
#define CUDA_CHECK(call) do { cudaError_t e = (call); if (e != cudaSuccess) { \\
    fprintf(stderr, "CUDA error %s at %s:%d\\n", cudaGetErrorString(e), __FILE__, __LINE__); \\
    exit(EXIT_FAILURE); } } while (0)
#define HIP_CHECK(call) do { if ((call) != 0) { std::cerr << "HIP error" << std::endl; abort(); } } while (0)
template <typename T> __global__ void k(T* y) { y[threadIdx.x] = T(0); }
void entry(float* y, cudaStream_t stream) {
  std::vector<int> sizes = {1, 2};
  if (sizes.empty()) std::terminate();
  if (!y) throw std::runtime_error("null");
  fputs("launching\\n", stderr);
  k<float><<<1, 32, 0, stream>>>(y);
  CUDA_CHECK(cudaGetLastError());
  std::cout << "done" << std::endl;
}
"""


def test_ordinary_solution_passes():
    assert check_solution(GOOD) == []


def test_an_unknown_bare_header_is_left_to_the_compiler():
    # SmolLM2 writes `#include "hippCUB.h"`: a missing file, not an attack (bare names resolve only in
    # the include directories), so the compiler reports it as a compile_error.
    assert check_solution(GOOD + '#include "hippCUB.h"\n#include <unistd.h>\n') == []


def test_what_models_habitually_write_passes():
    assert check_solution(MODEL_HABITS) == []


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
        ('void f() { std::ifstream in("/etc/passwd"); }', "forbidden call"),
        ('void f() { using namespace std; ofstream out("x"); }', "forbidden call"),
        ('void f() { std::filesystem::remove("x"); }', "forbidden call"),
        ('void f() { getenv("SECRET"); }', "forbidden call"),
        ("void f() { socket(2, 1, 0); }", "forbidden call"),
        ("void f() { kill(1, 9); }", "forbidden call"),
        ("void f() { mmap(0, 4096, 3, 34, -1, 0); }", "forbidden call"),
        ("#define RUN system\nvoid f() { RUN(0); }", "forbidden call"),
        ("void g(); void f() { atexit(g); }", "exit-time code"),
        ("#define CAT(a, b) a##b\n", "token pasting"),
        ('void f() { asm volatile("nop"); }', "inline assembly"),
        ('__device__ int lane() { int x; __asm__("mov.u32 %0, %%laneid;" : "=r"(x)); return x; }', "inline assembly"),
        ('#include "../../secret.h"', "forbidden include"),
        ("#include </etc/passwd>", "forbidden include"),
        ("#include <sys/socket.h>", "forbidden include"),
        ("#include <sys/mman.h>", "forbidden include"),
        ('#include "helpers/my_helpers.h"', "forbidden include"),
        ('#line 1 "/etc/passwd"', "line directive"),
        ("#include <cub/cub.cuh>", "excluded library"),
        ("#include <hipcub/hipcub.hpp>", "excluded library"),
        ("#include <thrust/sort.h>", "excluded library"),
        ("#include <rocprim/rocprim.hpp>", "excluded library"),
        ('#include "cublas_v2.h"', "excluded library"),
        ("void f(float* p, int n) { thrust::sort(p, p + n); }", "excluded library"),
        ("__attribute__((constructor)) void early() {}", "load-time code"),
        ("static int x = compute();", "load-time code"),
        ("std::vector<int> global_vector;", "load-time code"),
    ],
)
def test_rule_rejects(snippet, rule):
    found = check_solution(GOOD + snippet + "\n")
    assert any(v.rule == rule for v in found), found


@pytest.mark.parametrize(
    "call", ["exit(1);", "exit(EXIT_FAILURE);", "abort();", "std::abort();", "std::terminate();", "_Exit(2);"]
)
def test_leaving_in_an_error_path_is_allowed(call):
    assert check_solution(GOOD + f"void fail() {{ {call} }}\n") == []


def test_violation_names_the_rule_the_line_and_whether_the_prompt_states_it():
    found = check_solution('#include <hip/hip_runtime.h>\n\nvoid f() {\n  system("ls");\n}\n#include <sys/mman.h>\n')
    assert [str(v) for v in found] == [
        "line 4: forbidden call: `system`: no file, process, environment or network access (stated in the prompt)",
        "line 6: forbidden include: <sys/mman.h> is in a folder that is neither a CUDA/HIP runtime folder nor the "
        "standard library's",
    ]


#: For each rule the messages call stated, the words of the prompt's rules paragraph that state it.
STATED_IN = {
    "defines main": "Do not define `main`",
    "forbidden call": "No file, process, environment or network access",
    "inline assembly": "no inline assembly",
    "excluded library": "Write your own kernels: do not use",
}


@pytest.mark.parametrize("language", ["hip", "cuda"])
def test_rules_said_to_be_stated_are_in_the_prompt(language):
    snippets = 'int main() {}\nvoid f() { system(0); asm("nop"); thrust::sort(0, 0); }\n'
    stated = {v.rule for v in check_solution(GOOD + snippets) if v.stated}
    assert stated == set(STATED_IN)
    for rule, words in STATED_IN.items():
        assert words in rules_text(language), rule


def test_empty_and_huge_solutions():
    assert check_solution("  \n")[0].rule == "empty"
    assert check_solution("x" * (MAX_SOLUTION_BYTES + 1))[0].rule == "too large"


def test_a_markdown_reply_goes_through_the_code_extraction():
    reply = f"Here is an optimised kernel:\n\n```cpp\n{GOOD.strip()}\n```\n\nIt uses a grid of 256-thread blocks."
    code, found = check_sample(reply, "entry")
    assert found == [] and code == GOOD.strip()
    prose_around = f"Sure! Here it is.\n{GOOD.strip()}\nThis should work."
    assert check_sample(prose_around, "entry") == (GOOD.strip(), [])


def test_plain_code_is_left_as_it_is():
    assert check_sample(GOOD, "entry") == (GOOD, [])
    assert check_sample(MODEL_HABITS, "entry") == (MODEL_HABITS, [])


@pytest.mark.parametrize(
    "reply,reason",
    [
        ("I'm sorry, I cannot write that kernel.", "the sample is prose"),
        ("Run it like this:\n```bash\nnvcc main.cu\n```\n", "fenced blocks (bash) hold no C++ code"),
    ],
)
def test_a_reply_without_code_is_not_code(reply, reason):
    _, found = check_sample(reply, "entry")
    assert [v.rule for v in found] == ["not code"] and reason in found[0].detail
