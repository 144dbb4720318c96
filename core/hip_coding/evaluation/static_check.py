"""Static checks on a candidate solution before anything compiles it (status `rejected`).

A solution is kernels plus a host entry function. It has no business defining `main`, touching
processes, files, the environment or the network, leaving the program, running inline assembly,
including anything beyond the CUDA/HIP runtime and the C++ standard library, or running code at load
time. The checks parse with tree-sitter-cuda (definitions, namespace-scope variables) and scan the
tokens of the source with comments and strings blanked (so macro bodies are covered too).
These checks are one layer; the sandbox is the other, and it does not trust them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tree_sitter

from hip_coding.execution import cparse

MAX_SOLUTION_BYTES = 1024 * 1024

#: Functions a kernel solution never needs and a hostile one would love.
BANNED_CALLS = frozenset(
    """
    system popen pclose fork vfork clone execl execle execlp execv execve execvp execvpe posix_spawn
    posix_spawnp fopen fopen64 freopen fdopen open open64 openat creat remove unlink unlinkat rename mkdir
    rmdir chdir chmod chown opendir readdir getenv secure_getenv setenv unsetenv putenv clearenv environ
    socket connect bind listen accept send sendto recv recvfrom getaddrinfo gethostbyname exit _exit _Exit
    quick_exit abort atexit at_quick_exit kill killpg raise signal sigaction alarm dlopen dlsym syscall ptrace
    mprotect setuid setgid prctl read write pread pwrite dup dup2 close scanf fscanf gets fgets getchar fgetc
    getline cin fread fwrite fputs
    """.split()  # noqa: SIM905 - a word list reads better than 100 quoted strings
)

ALLOWED_INCLUDES = frozenset(
    """
    hip/hip_runtime.h hip/hip_runtime_api.h hip/hip_fp16.h hip/hip_bf16.h hip/hip_bfloat16.h
    hip/hip_cooperative_groups.h hip/hip_vector_types.h hip/hip_complex.h hip/math_functions.h cuda_runtime.h
    cuda_runtime_api.h cuda.h cuda_fp16.h cuda_bf16.h cooperative_groups.h cooperative_groups/reduce.h
    cooperative_groups/scan.h device_launch_parameters.h vector_types.h math_constants.h cuComplex.h cstdint
    stdint.h cstddef stddef.h cmath math.h cfloat float.h climits limits.h cstring string.h cstdio stdio.h
    cstdlib stdlib.h cassert assert.h algorithm array bit cstdarg functional initializer_list iterator limits
    numeric tuple type_traits utility complex
    """.split()  # noqa: SIM905 - a word list reads better than 100 quoted strings
)

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_INCLUDE = re.compile(r"^[ \t]*(?:#|%:)[ \t]*include(?:_next)?[ \t]*([<\"])([^>\"\n]*)[>\"]", re.MULTILINE)
_LINE_DIRECTIVE = re.compile(r"^[ \t]*(?:#|%:)[ \t]*(?:line\b|\d)", re.MULTILINE)
#: Any include directive; one whose operand is not a literal <...> or "..." names its file through a macro.
_ANY_INCLUDE = re.compile(r"^[ \t]*(?:#|%:)[ \t]*(?:include|include_next|import)\b[ \t]*(\S?)", re.MULTILINE)


@dataclass(frozen=True)
class Violation:
    """Why a solution is rejected, and where."""

    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.rule}: {self.detail}"


#: Banned names that are plausible variable names count only where used as functions (called, its
#: address taken, or named in a macro).
_ALWAYS_BANNED = frozenset({"cin", "environ", "system", "popen", "fork", "vfork", "execve", "syscall", "dlopen"})


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
            found.append(Violation(line, "forbidden call", f"`{word}` (process, file, environment or I/O access)"))
        elif word in ("asm", "__asm__", "__asm"):
            found.append(Violation(line, "inline assembly", f"`{word}` is not allowed"))
        elif word in ("constructor", "init_priority"):
            found.append(Violation(line, "load-time code", f"`{word}` attribute"))
    for match in re.finditer(r"##|%:%:|#%:|%:#", blanked):  # with the digraph spellings of `##`
        found.append(Violation(lines.line(match.start()), "token pasting", "`##` is not allowed in solutions"))
    return found


def _include_violations(source: str, blanked: str, lines: cparse.LineIndex) -> list[Violation]:
    found = []
    for match in _INCLUDE.finditer(blanked):
        # The path sits inside a (blanked) string for quoted includes: read it from the source.
        start, end = match.span()
        original = _INCLUDE.match(source, start, end + 1) or match
        quote, path = original.group(1), original.group(2).strip()
        line = lines.line(start)
        if quote == '"':
            found.append(Violation(line, "forbidden include", f'"{path}": solutions include no local files'))
        elif path not in ALLOWED_INCLUDES:
            found.append(Violation(line, "forbidden include", f"<{path}> is not in the allow-list"))
    for match in _LINE_DIRECTIVE.finditer(blanked):
        # A compiler error quotes the line of whatever file `#line` names: a way to read host files.
        detail = "`#line` and line markers are not allowed (diagnostics would quote the named file)"
        found.append(Violation(lines.line(match.start()), "forbidden include", detail))
    for match in _ANY_INCLUDE.finditer(blanked):
        # In `blanked` a quoted operand is blanked to spaces-in-quotes, so its first character is still `"`.
        if match.group(1) not in ("<", '"'):
            detail = "the file is named through a macro (only literal <...> includes are allowed)"
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
                found.append(Violation(node.start_point.row + 1, "defines main", "the harness owns main()"))
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
