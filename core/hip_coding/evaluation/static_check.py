"""Static checks on a candidate solution before anything compiles it (status `rejected`).

A solution is kernels plus a host entry function. The checks refuse what is hostile and nothing else
(docs/security.md): defining `main`, touching processes, files, the environment or the network, inline
assembly, code that runs at load or exit time, the libraries the rules exclude, copies of device data back
to the host, and includes by path outside the standard library's and the CUDA/HIP runtime's folders. Every
standard header is allowed, with quotes or angle brackets, and so are `exit`/`abort` in error paths and
printf debugging: if they run, the sample simply fails. Each message names its rule and line, and says
"(stated in the prompt)" when the prompt's rules paragraph states the rule (docs/prompts.md).

`check_sample` first prepares the text: a model reply that still holds markdown fences or prose goes
through the same code extraction as `generate`, and a reply with no code is refused as "not code".
The checks parse with tree-sitter-cuda (definitions, namespace-scope variables) and scan the tokens of
the source with comments and strings blanked (so macro bodies are covered too). These checks are one
layer; the sandbox is the other, and it does not trust them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tree_sitter

from hip_coding.execution import cparse
from hip_coding.models.extract import extract_code, fenced_blocks

MAX_SOLUTION_BYTES = 1024 * 1024
#: What a violation of a rule the prompt's rules paragraph states adds to its message.
STATED = " (stated in the prompt)"

#: Functions a kernel solution never needs and a hostile one would love: processes, files, the
#: environment, the network, signals, raw descriptors and memory mappings. (`exit`, `abort`, `printf`
#: and `fprintf`/`fputs` on stderr are allowed: error checks use them, and an early exit just fails.)
BANNED_CALLS = frozenset(
    """
    system popen pclose fork vfork clone execl execle execlp execv execve execvp execvpe posix_spawn
    posix_spawnp fopen fopen64 freopen fdopen open open64 openat creat remove unlink
    unlinkat rename mkdir rmdir chdir chmod chown opendir readdir getenv secure_getenv setenv unsetenv putenv
    clearenv environ socket connect bind listen accept send sendto recv recvfrom getaddrinfo gethostbyname
    kill killpg raise signal sigaction alarm dlopen dlsym syscall ptrace mmap mprotect shm_open memfd_create
    ioctl setuid setgid prctl read write pread pwrite dup dup2 close scanf fscanf gets fgets getchar fgetc
    getline cin fread ifstream ofstream fstream basic_ifstream basic_ofstream basic_fstream filebuf filesystem
    """.split()  # noqa: SIM905 - a word list reads better than 100 quoted strings
)

#: Calls that register code to run after the harness's main returns.
EXIT_TIME_CALLS = frozenset({"atexit", "at_quick_exit"})

#: Every header of the C++ standard library (C++23) and of the C standard library, and libstdc++'s
#: everything-header `bits/stdc++.h` (competitive-programming habit; it includes only these).
STANDARD_HEADERS = frozenset(
    """
    algorithm any array atomic barrier bit bitset cassert ccomplex cctype cerrno cfenv cfloat charconv chrono
    cinttypes ciso646 climits clocale cmath codecvt compare complex concepts condition_variable coroutine
    csetjmp csignal cstdalign cstdarg cstdbool cstddef cstdint cstdio cstdlib cstring ctgmath ctime cuchar
    cwchar cwctype deque exception execution expected filesystem flat_map flat_set format forward_list
    fstream functional future generator initializer_list iomanip ios iosfwd iostream istream iterator latch
    limits list locale map mdspan memory memory_resource mutex new numbers numeric optional ostream print
    queue random ranges ratio regex scoped_allocator semaphore set shared_mutex source_location span
    spanstream sstream stack stacktrace stdexcept stdfloat stop_token streambuf string string_view strstream
    syncstream system_error thread tuple type_traits typeindex typeinfo unordered_map unordered_set utility
    valarray variant vector version bits/stdc++.h
    assert.h complex.h ctype.h errno.h fenv.h float.h inttypes.h iso646.h limits.h locale.h math.h setjmp.h
    signal.h stdalign.h stdarg.h stdatomic.h stdbool.h stddef.h stdint.h stdio.h stdlib.h stdnoreturn.h
    string.h tgmath.h threads.h time.h uchar.h wchar.h wctype.h
    """.split()  # noqa: SIM905 - a word list reads better than 100 quoted strings
)

#: The CUDA and HIP runtime headers outside the `hip/`, `cuda/`, `cooperative_groups/` and `nvtx3/` folders.
VENDOR_HEADERS = frozenset(
    """
    cuda_runtime.h cuda_runtime_api.h cuda.h cuda_fp16.h cuda_bf16.h cuda_fp8.h cooperative_groups.h
    device_launch_parameters.h device_functions.h device_atomic_functions.h vector_types.h vector_functions.h
    math_constants.h math_functions.h cuComplex.h mma.h cuda_pipeline.h cuda_awbarrier.h cuda_occupancy.h
    cuda_profiler_api.h driver_types.h builtin_types.h host_defines.h library_types.h nvToolsExt.h
    sm_20_atomic_functions.h sm_32_intrinsics.h sm_60_atomic_functions.h sm_61_intrinsics.h
    hip_runtime.h hip_runtime_api.h
    """.split()  # noqa: SIM905 - a word list reads better than 100 quoted strings
)
_VENDOR_FOLDER = re.compile(r"(hip|cuda|cooperative_groups|nvtx3)/[\w./-]+")

#: Headers of the libraries the rules exclude ("write your own kernels").
_EXCLUDED_LIBRARY = re.compile(
    r"(?:\w+/)?(cub|hipcub|rocprim|thrust|cutlass|cute|rocwmma)/.*"
    r"|(?:\w+/)?(cublas|cusparse|cufft|curand|cusolver|cudnn|nccl|rccl|rocblas|hipblas|hipsparse|rocsparse|hipfft"
    r"|rocfft|hiprand|rocrand|hipsolver|rocsolver|miopen|nvjpeg|npp)\w*(\.\w+)?"
)
_LIBRARY_NAMESPACE = re.compile(r"\b(cub|hipcub|rocprim|thrust|cutlass|cute)\s*::")

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_INCLUDE = re.compile(r"^[ \t]*(?:#|%:)[ \t]*include(?:_next)?[ \t]*([<\"])([^>\"\n]*)[>\"]", re.MULTILINE)
_LINE_DIRECTIVE = re.compile(r"^[ \t]*(?:#|%:)[ \t]*(?:line\b|\d)", re.MULTILINE)
#: Any include directive; one whose operand is not a literal <...> or "..." names its file through a macro.
_ANY_INCLUDE = re.compile(r"^[ \t]*(?:#|%:)[ \t]*(?:include|include_next|import)\b[ \t]*(\S?)", re.MULTILINE)


@dataclass(frozen=True)
class Violation:
    """Why a solution is rejected, and where; `stated` when the prompt's rules paragraph states the rule."""

    line: int
    rule: str
    detail: str
    stated: bool = False

    def __str__(self) -> str:
        return f"line {self.line}: {self.rule}: {self.detail}{STATED if self.stated else ''}"


#: Banned names that are plausible variable names count only where used as functions (called, its
#: address taken, or named in a macro).
_ALWAYS_BANNED = frozenset(
    """
    cin environ system popen fork vfork execve syscall dlopen ifstream ofstream fstream basic_ifstream
    basic_ofstream basic_fstream filebuf filesystem
    """.split()  # noqa: SIM905 - a word list reads better than 100 quoted strings
)


def _used_as_function(blanked: str, start: int, end: int) -> bool:
    after = blanked[end : end + 40].lstrip()
    before = blanked[max(0, start - 2) : start].rstrip()
    line_start = blanked.rfind("\n", 0, start) + 1
    in_macro = blanked[line_start:start].lstrip().startswith("#")
    return after.startswith("(") or before.endswith("&") or before.endswith("::") or in_macro


def _token_violations(blanked: str, lines: cparse.LineIndex) -> list[Violation]:
    found = []
    for match in _IDENTIFIER.finditer(blanked):
        word = match.group(0)
        line = lines.line(match.start())
        if word in BANNED_CALLS and (word in _ALWAYS_BANNED or _used_as_function(blanked, *match.span())):
            detail = f"`{word}`: no file, process, environment or network access"
            found.append(Violation(line, "forbidden call", detail, stated=True))
        elif word in EXIT_TIME_CALLS and _used_as_function(blanked, *match.span()):
            found.append(Violation(line, "exit-time code", f"`{word}` registers code that runs after main"))
        elif word in ("asm", "__asm__", "__asm"):
            found.append(Violation(line, "inline assembly", f"`{word}` is not allowed", stated=True))
        elif word in ("constructor", "destructor", "init_priority"):
            found.append(Violation(line, "load-time code", f"`{word}` attribute (code that runs outside the call)"))
    for match in _LIBRARY_NAMESPACE.finditer(blanked):
        detail = f"`{match.group(1)}::`: write your own kernels"
        found.append(Violation(lines.line(match.start()), "excluded library", detail, stated=True))
    for match in re.finditer(r"##|%:%:|#%:|%:#", blanked):  # with the digraph spellings of `##`
        detail = "`##` is not allowed in solutions (it could build a forbidden name the checks cannot see)"
        found.append(Violation(lines.line(match.start()), "token pasting", detail))
    return found


def _include_violation(path: str, quote: str, line: int) -> Violation | None:
    shown = f'"{path}"' if quote == '"' else f"<{path}>"
    if _EXCLUDED_LIBRARY.fullmatch(path):
        return Violation(line, "excluded library", f"{shown}: write your own kernels", stated=True)
    if ".." in path or path.startswith("/"):
        return Violation(line, "forbidden include", f"{shown}: solutions include no files by path")
    if path in STANDARD_HEADERS or path in VENDOR_HEADERS or _VENDOR_FOLDER.fullmatch(path) or "/" not in path:
        return None  # a bare name resolves only in the include directories: the compiler says if it is missing
    detail = f"{shown} is in a folder that is neither a CUDA/HIP runtime folder nor the standard library's"
    return Violation(line, "forbidden include", detail)


def _include_violations(source: str, blanked: str, lines: cparse.LineIndex) -> list[Violation]:
    found = []
    for match in _INCLUDE.finditer(blanked):
        # The path sits inside a (blanked) string for quoted includes: read it from the source.
        start, end = match.span()
        original = _INCLUDE.match(source, start, end + 1) or match
        violation = _include_violation(original.group(2).strip(), original.group(1), lines.line(start))
        if violation:
            found.append(violation)
    for match in _LINE_DIRECTIVE.finditer(blanked):
        # A compiler error quotes the line of whatever file `#line` names: a way to read host files.
        detail = "`#line` and line markers are not allowed (diagnostics would quote the named file)"
        found.append(Violation(lines.line(match.start()), "line directive", detail))
    for match in _ANY_INCLUDE.finditer(blanked):
        # In `blanked` a quoted operand is blanked to spaces-in-quotes, so its first character is still `"`.
        if match.group(1) not in ("<", '"'):
            detail = 'the file is named through a macro (only literal <...> or "..." includes are allowed)'
            found.append(Violation(lines.line(match.start()), "forbidden include", detail))
    return found


def _is_main(node: tree_sitter.Node) -> bool:
    declarator = node.child_by_field_name("declarator")
    while declarator is not None and declarator.type not in ("identifier", "qualified_identifier"):
        declarator = declarator.child_by_field_name("declarator")
    return declarator is not None and cparse.node_text(declarator) == "main"


def _tree_violations(source: str) -> list[Violation]:
    found = []
    tree = cparse.parse(source)
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "function_definition":
            if _is_main(node):
                row = node.start_point.row + 1
                found.append(Violation(row, "defines main", "the harness owns main()", stated=True))
            continue  # nothing inside a function body runs at load time
        if node.type == "declaration" and node.parent is not None:
            if node.parent.type in ("translation_unit", "declaration_list"):
                violation = _load_time_initializer(node)
                if violation:
                    found.append(violation)
            continue
        stack.extend(node.children)
    return found


def _load_time_initializer(declaration: tree_sitter.Node) -> Violation | None:
    """A namespace-scope variable whose initialisation runs code before main."""
    text = cparse.node_text(declaration)
    row = declaration.start_point.row + 1
    if re.match(r"\s*(constexpr|extern|typedef|using)\b", text) or "(" not in text and "std::" not in text:
        return None
    for child in declaration.children:
        if child.type == "function_declarator":
            return None  # a function declaration, not a variable
        if child.type in ("qualified_identifier", "template_type") and "std::" in cparse.node_text(child):
            name = cparse.node_text(child)
            if not name.startswith(("std::array", "std::size_t", "std::uint", "std::int")):
                return Violation(row, "load-time code", f"namespace-scope `{name}` runs a constructor before main")
        if child.type == "init_declarator" and re.search(r"\w\s*\(", cparse.node_text(child)):
            return Violation(row, "load-time code", "a namespace-scope variable initialised by a call")
    return None


def check_solution(source: str) -> list[Violation]:
    """Every reason to reject `source`, in line order; empty when it may be compiled."""
    size = len(source.encode("utf-8"))
    if size > MAX_SOLUTION_BYTES:
        return [Violation(1, "too large", f"{size} bytes (limit {MAX_SOLUTION_BYTES})")]
    if not source.strip():
        return [Violation(1, "empty", "the solution contains no code")]
    blanked = cparse.blank(source)
    lines = cparse.LineIndex(source)
    found = _token_violations(blanked, lines) + _include_violations(source, blanked, lines) + _tree_violations(source)
    return sorted(set(found), key=lambda v: (v.line, v.rule, v.detail))


def prepare_sample(text: str, entry_point: str) -> tuple[str, Violation | None]:
    """The code of a sample as `generate` would have extracted it, or why there is none.

    Plain code is returned as it is. A sample holding markdown fences goes through `extract_code`, as
    does one whose text does not parse as code (prose around it); a sample with no code left is "not code".
    """
    if not text.strip():
        return text, None  # check_solution reports it as empty
    blocks = fenced_blocks(text)
    if not blocks and not cparse.parse(text).root_node.has_error:
        return text, None
    code = extract_code(text, entry_point)
    if code.strip():
        return code, None
    if blocks:
        kinds = ", ".join(sorted({block.lang or "untagged" for block in blocks}))
        detail = f"the sample's fenced blocks ({kinds}) hold no C++ code"
    else:
        detail = "the sample is prose: no line of it looks like C++ code"
    return text, Violation(1, "not code", detail)


def check_sample(text: str, entry_point: str) -> tuple[str, list[Violation]]:
    """Prepare a sample's text (`prepare_sample`) and check it: (the code to compile, every violation)."""
    code, not_code = prepare_sample(text, entry_point)
    if not_code:
        return code, [not_code]
    return code, check_solution(code)
