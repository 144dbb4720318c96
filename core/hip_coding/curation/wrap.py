"""Stage 3, wrap: a standalone program per kernel, the reference solution of a future task.

The program is the kernel's dependency closure (definitions from its file and the project's headers, in their
namespaces) + the kernel + a host entry function that launches it on the given stream with a grid covering the
size parameter. It is spelled in HIP (tasks are authored in HIP; the CUDA twin is derived by the translator).

Rule-based for signatures of pointers to numbers, number scalars and structs of numbers (docs/curation.md, "What
the rules wrap"): pointer roles come from extract; size-like integers give a 1-D, 2-D (16x16) or 3-D (8x8x4)
launch; host-filled `__constant__`/`__device__` tables become input buffers the entry copies to their symbols;
templates are instantiated where the repository launches them. Kernels the rules refuse with `needs_model`, and
templates without a usable launch, go to the LLM-assisted path when a model is configured (`--algorithm`): a
`ModelWrapper` (curation.model_wrap) asks it for the host entry function, and the compiler's errors about the
assembled program are fed back for up to MODEL_ROUNDS tries. Without a model, such kernels are dropped with the
reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from tqdm import tqdm

from hip_coding.curation.extract import Dep, Kernel
from hip_coding.curation.funnel import Funnel, Progress, append_jsonl, read_jsonl, stage_input

log = logging.getLogger(__name__)

DEFAULT_BLOCK = 256
BLOCK_2D = 16
ARITHMETIC = {
    "float": "float",
    "double": "double",
    "int": "int",
    "unsigned": "unsigned int",
    "unsigned int": "unsigned int",
    "long": "long",
    "long long": "long long",
    "unsigned long": "unsigned long",
    "unsigned long long": "unsigned long long",
    "size_t": "size_t",
    "short": "short",
    "unsigned short": "unsigned short",
    "char": "char",
    "signed char": "signed char",
    "unsigned char": "unsigned char",
    **{f"{s}int{b}_t": f"{s}int{b}_t" for s in ("", "u") for b in (8, 16, 32, 64)},
    "uint": "unsigned int",
    "ushort": "unsigned short",
    "uchar": "unsigned char",
    "ulong": "unsigned long",
}
INTEGER_TYPES = {t for t in ARITHMETIC.values() if t not in ("float", "double")}
_SIZE_NAME = re.compile(
    r"^(n|N|len|length|size|count|total|numel|num_?elements|num_?items|n_?elem\w*|n_?items|num|num[A-Z_]\w*|"
    r"\w+_(size|len|length|count|n|dim)|\w+(Size|Len|Length|Count|Dim)|elements|dim)$"
)
_X_NAMES = ("width", "cols", "ncols", "num_cols", "nx", "w", "n_cols", "columns")
_Y_NAMES = ("height", "rows", "nrows", "num_rows", "ny", "h", "n_rows")


@dataclass(frozen=True)
class Scalar:
    name: str
    type: str
    kind: str  # "size", "pitch" (a row pitch in elements), "float", "int", "bool", "struct" (of numbers)
    fields: tuple[tuple[str, str], ...] = ()  # a struct's (name, number type) fields


@dataclass(frozen=True)
class BufferArg:
    name: str
    type: str  # element type, e.g. "float"
    role: str  # "input", "output", "inout"
    const: bool
    length: str = ""  # elements the work touches, a C++ expression of the size parameters ("" = the extent)
    symbol: str = ""  # a host-filled table: the `__constant__`/`__device__` variable the entry copies it into


@dataclass(frozen=True)
class WrapPlan:
    """A wrapped kernel: its program and what the harness generator needs to know about the call."""

    id: str
    method: str  # "rule" or "model"
    entry_point: str
    signature: str  # HIP declaration of the entry function, no semicolon
    reference: str  # the program (HIP)
    args: tuple[str, ...]  # the entry function's parameters in order (buffers and scalars, by name)
    buffers: tuple[BufferArg, ...]
    scalars: tuple[Scalar, ...]
    dims: int  # 1, 2 or 3
    size_x: str  # the size parameter along x (1-D: the extent)
    size_y: str
    block: int
    launch: str  # the launch statement (negatives edit it)
    extent_expr: str  # the grid expression (the block_multiple negative edits it)
    kernel: dict[str, Any] = field(default_factory=dict)
    tests: tuple[dict[str, Any], ...] = ()  # the model path's test sizes ("" = the defaults for `dims`)
    model: str = ""  # the model that wrote the entry function (model path)
    model_tries: int = 0  # how many replies it took (model path)
    size_z: str = ""
    template_args: str = ""  # the instantiation a template kernel was wrapped at, e.g. "<float, 128>"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WrapPlan:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["buffers"] = tuple(BufferArg(**b) for b in data["buffers"])
        fields["scalars"] = tuple(
            Scalar(**{**s, "fields": tuple(tuple(f) for f in s.get("fields", ()))}) for s in data["scalars"]
        )
        fields["args"] = tuple(data["args"])
        fields["tests"] = tuple(data.get("tests", ()))
        return cls(**fields)

    def length_of(self, buffer: BufferArg) -> str:
        """How many elements of `buffer` the work touches, as a C++ expression of the entry's parameters."""
        if buffer.length:
            return buffer.length
        if self.dims == 3:
            return f"{self.size_x} * {self.size_y} * {self.size_z}"
        return self.size_x if self.dims == 1 else f"{self.size_x} * {self.size_y}"


class Refused(Exception):
    """The rule-based wrapper cannot wrap this kernel; `reason` is the funnel's drop reason."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


#: The LLM-assisted path: (kernel, the earlier tries as (reply, what was wrong with it)) -> (reply, a WrapPlan or
#: what is wrong with the reply). `plan_with_model` compiles each plan and feeds problems back.
ModelWrapper = Callable[[Kernel, "list[tuple[str, str]]"], "tuple[str, WrapPlan | str]"]
MODEL_ROUNDS = 3
#: Refusals the model path may take on (the rest need things no entry function can supply, e.g. host state).
MODEL_REASONS = ("needs_model", "template")


def cuda_to_hip(text: str) -> str:
    """The CUDA runtime spellings a kernel's closure may use, in HIP (kernel code itself is shared)."""
    text = text.replace("<cuda_runtime.h>", "<hip/hip_runtime.h>").replace('"cuda_runtime.h"', "<hip/hip_runtime.h>")
    return re.sub(r"\bcuda([A-Z]\w*)", r"hip\1", text)


def element_type(type_text: str) -> str | None:
    """The arithmetic type a parameter type names, qualifiers and `*` aside (None for anything else)."""
    words = type_text.replace("*", " ").split()
    return ARITHMETIC.get(" ".join(w for w in words if w not in ("const", "volatile", "__restrict__", "__restrict",
                                                                 "struct")))  # fmt: skip


def entry_name(kernel: Kernel) -> str:
    base = re.sub(r"(_kernel|Kernel|_kern|_cuda|_gpu|_device|_global)$", "", kernel.name)
    taken = {dep.name for dep in kernel.deps} | {kernel.name}
    return base if base and base not in taken else f"run_{kernel.name}"


def _launch_block(kernel: Kernel) -> int:
    """The block size: the numeric `__launch_bounds__`, else the repository's own (numeric) launch, else 256."""
    for text in kernel.launch_bounds[:1] + kernel.launch_blocks:
        number = _block_value(kernel, text)
        if number is not None:
            return number
    return DEFAULT_BLOCK


def _block_value(kernel: Kernel, text: str) -> int | None:
    """`text` as a number of threads when it is digits and + - * ( ) once the project's macros are expanded."""
    macros = {d.name: d.text for d in kernel.deps if d.kind == "macro"}
    expr = re.sub(r"\b[A-Za-z_]\w*\b", lambda m: _macro_value(macros, m.group(0)), text.strip())
    if not re.fullmatch(r"[\d\s*+()-]+", expr):
        return None
    try:
        number = int(eval(expr, {"__builtins__": {}}, {}))  # noqa: S307 - digits and + - * ( ) only
    except (SyntaxError, ValueError, ZeroDivisionError):
        return None
    return number if 1 <= number <= 1024 else None


def _macro_value(macros: dict[str, str], name: str) -> str:
    text = macros.get(name, "")
    match = re.match(r"\s*#\s*define\s+\w+\s+(.+)", text)
    return f"({match.group(1).strip()})" if match else name


def _closure_text(deps: tuple[Dep, ...]) -> str:
    """Dependencies in order, each in its namespace (consecutive ones sharing a namespace share the block)."""
    chunks: list[str] = []
    current, lines = "", list[str]()
    for dep in deps:
        if dep.namespace != current and lines:
            chunks.append(_in_namespace(current, "\n\n".join(lines)))
            lines = []
        current = dep.namespace
        text = dep.text.rstrip()
        if dep.kind in ("type", "constant") and not text.endswith(";"):
            text += ";"  # a top-level `struct S {...};` node ends before its semicolon
        lines.append(text)
    if lines:
        chunks.append(_in_namespace(current, "\n\n".join(lines)))
    return cuda_to_hip("\n\n".join(chunks))


def program_head(kernel: Kernel) -> str:
    """The start of a wrapped program: includes, provenance, the dependency closure and the kernel (HIP)."""
    kernel_text = cuda_to_hip(kernel.source)
    if kernel.namespace:
        kernel_text = _in_namespace(kernel.namespace, kernel_text)
    origin = f"{kernel.project}/{kernel.path}, lines {kernel.start_line}-{kernel.end_line}"
    if kernel.commit:
        origin += f", commit {kernel.commit[:12]}"
    closure = _closure_text(kernel.deps)
    groups = ""
    if re.search(r"\b(cg|cooperative_groups)::", kernel.source + closure):
        groups = "#include <hip/hip_cooperative_groups.h>\n\n"
        if "cg::" in kernel.source + closure and not re.search(r"namespace\s+cg\s*=", closure):
            groups += "namespace cg = cooperative_groups;\n\n"
    return (
        "#include <hip/hip_runtime.h>\n\n"
        + groups
        + f"// The kernel from {origin}, with the definitions it needs from its project.\n"
        + (f"{closure}\n\n" if closure else "")
        + f"{kernel_text.rstrip()}\n\n"
    )


def _in_namespace(namespace: str, text: str) -> str:
    if not namespace:
        return text
    opening = " ".join(f"namespace {part} {{" for part in namespace.split("::"))
    closing = "}" * len(namespace.split("::"))
    return f"{opening}\n{text}\n{closing}  // namespace {namespace}"


_TABLE = re.compile(
    r"^\s*(?:static\s+)?(?P<space>__constant__|__device__)\s+(?P<type>(?:const\s+)?[\w ]+?)\s+(?P<name>\w+)\s*"
    r"(?P<dims>(?:\[[^\]]*\]\s*)*)(?P<init>=[\s\S]*)?;?\s*$"
)
_PITCH_NAME = re.compile(r"^(pitch|stride|ld|ld[a-z]|\w+_(pitch|stride)|\w+(Pitch|Stride)|row_?stride)$")
_Z_NAMES = ("depth", "nz", "d", "n_z", "num_slices", "slices")
BLOCK_3D = (8, 8, 4)
DYNAMIC_SHARED_BYTES = 48 * 1024


def host_tables(kernel: Kernel) -> tuple[list[BufferArg], str]:
    """The `__constant__`/`__device__` variables the host fills, as input buffers the entry copies to the symbols.

    An initialised table is part of the program; a variable the kernel writes, or one of a type that is not a
    number, is host state the rules cannot stand in for: (the buffers, "") or ([], why not)."""
    tables = []
    for dep in kernel.deps:
        if dep.kind != "global_variable":
            continue
        match = _TABLE.match(" ".join(dep.text.split()))
        if match is None:
            return [], f"`{dep.text.strip()[:80]}` is not a table of numbers"
        if match.group("init"):
            continue  # its values are in the program
        element = element_type(match.group("type"))
        name = match.group("name")
        written = re.search(rf"\b{name}\s*(\[[^\]]*\]\s*)*([-+*/|&^]?=(?!=)|\+\+|--)|atomic\w*\(\s*&?\s*{name}\b",
                            kernel.source)  # fmt: skip
        if element is None or written:
            why = "written by the kernel" if written else "not of a number type"
            return [], f"reads __constant__/__device__ variable `{name}`, {why}"
        symbol = f"{dep.namespace}::{name}" if dep.namespace else name
        tables.append(
            BufferArg(f"{name}_table", element, "input", True, f"sizeof({symbol}) / sizeof({element})", symbol)
        )
    return tables, ""


def _struct_fields(kernel: Kernel, type_name: str) -> tuple[tuple[str, str], ...] | None:
    """The (name, type) fields of a project struct made only of numbers (None for anything else)."""
    dep = next((d for d in kernel.deps if d.kind == "type" and d.name == type_name), None)
    if dep is None or dep.namespace or not re.match(r"\s*(typedef\s+)?struct\b", dep.text):
        return None  # (a struct in a namespace would need that namespace around the harness's copy too)
    body = dep.text[dep.text.find("{") + 1 : dep.text.rfind("}")]
    fields = []
    for declaration in filter(None, (d.strip() for d in body.split(";"))):
        match = re.fullmatch(r"([\w ]+?)\s+(\w+(?:\s*,\s*\w+)*)", " ".join(declaration.split()))
        element = element_type(match.group(1)) if match else None
        if match is None or element is None:
            return None
        fields += [(name.strip(), element) for name in match.group(2).split(",")]
    return tuple(fields) or None


def _constant_expression(text: str, kernel: Kernel) -> bool:
    """Digits, + - * ( ) and the project's macros and constants only."""
    known = {d.name for d in kernel.deps if d.kind in ("macro", "constant")}
    names = set(re.findall(r"\b[A-Za-z_]\w*\b", text))
    return names <= known and bool(re.fullmatch(r"[\w\s*+()-]+", text))


def instantiate(kernel: Kernel) -> tuple[Kernel, str]:
    """A template kernel at the first argument list its repository launches it with (numbers and types only).

    Returns the kernel with its template parameters replaced in the parameter types, launch bounds and source,
    and the template arguments as written (`<float, 128>`); raises Refused when no usable launch is found."""
    names = [re.split(r"[\s=]", t.replace("typename ", "").replace("class ", "").strip().split("=")[0].strip())[-1]
             for t in kernel.template_params]  # fmt: skip
    for number, arguments in enumerate(kernel.instantiations):
        values = [a.strip() for a in arguments.split(",")]
        if len(values) != len(names):
            continue
        if not all(element_type(v) or _constant_expression(v, kernel) for v in values):
            continue  # a host variable (`k<block_size>`) is not ours to know
        mapping = dict(zip(names, values, strict=True))

        def substitute(text: str, mapping: dict[str, str] = mapping) -> str:
            return re.sub(r"\b(" + "|".join(map(re.escape, mapping)) + r")\b", lambda m: mapping[m.group(1)], text)

        params = tuple(replace(p, type=substitute(p.type), text=substitute(p.text)) for p in kernel.params)
        bounds = tuple(substitute(b) for b in kernel.launch_bounds)
        blocks = kernel.launch_blocks[number : number + 1]  # the block of the launch these arguments come from
        instance = replace(kernel, params=params, launch_bounds=bounds, launch_blocks=blocks)
        return instance, "<" + ", ".join(values) + ">"
    raise Refused("template", "template kernels need an instantiation (none with numbers and types found)")


def _classify(kernel: Kernel, tables: list[BufferArg]) -> tuple[list[BufferArg], list[Scalar]]:
    buffers, scalars = [], []
    for param in kernel.params:
        element = element_type(param.type)
        if param.name and not param.pointer and element is None:
            type_name = param.type.replace("struct ", "").replace("const ", "").strip()
            fields = _struct_fields(kernel, type_name)
            if fields is not None and not any(_SIZE_NAME.match(name) for name, _ in fields):
                scalars.append(Scalar(param.name, type_name, "struct", fields))
                continue
        if not param.name or element is None or param.pointer > 1:
            raise Refused("needs_model", f"parameter `{param.text}` is not a pointer to numbers or a number")
        if param.pointer:
            buffers.append(BufferArg(param.name, element, param.role, param.const))
        elif element in INTEGER_TYPES:
            named_size = _SIZE_NAME.match(param.name) or param.name in _X_NAMES + _Y_NAMES + _Z_NAMES
            kind = "size" if named_size else ("pitch" if _PITCH_NAME.match(param.name) else "int")
            scalars.append(Scalar(param.name, element, kind))
        else:
            scalars.append(Scalar(param.name, element, "float"))
    return buffers + tables, scalars


def _shape(kernel: Kernel, scalars: list[Scalar]) -> tuple[int, str, str, str]:
    """(dims, size along x, along y, along z) from the index dimensions and the size parameters' names."""
    sizes = [s.name for s in scalars if s.kind == "size"]
    xs = [n for n in sizes if n in _X_NAMES]
    ys = [n for n in sizes if n in _Y_NAMES]
    zs = [n for n in sizes if n in _Z_NAMES]
    if "z" in kernel.index_dims:
        if len(xs) == 1 and len(ys) == 1 and len(zs) == 1:
            return 3, xs[0], ys[0], zs[0]
        raise Refused("needs_model", "3-D indexing without one width/height/depth triple of size parameters")
    if "y" in kernel.index_dims:
        if len(xs) == 1 and len(ys) == 1:
            return 2, xs[0], ys[0], ""
        if len(sizes) == 1:  # one size, 2-D indexing: a square n x n problem (matmul, transpose)
            return 2, sizes[0], sizes[0], ""
        raise Refused("needs_model", "2-D indexing without one width/height pair of size parameters")
    if len(sizes) == 1:
        return 1, sizes[0], "", ""
    what = "no size parameter" if not sizes else f"several size parameters ({', '.join(sizes)})"
    raise Refused("needs_model", f"{what}: the extent of the launch is not clear")


def plan_rule_based(kernel: Kernel) -> WrapPlan:
    """The rule-based wrap of one kernel; raises Refused with the reason when the rules do not apply."""
    template_args = ""
    if kernel.template_params:
        kernel, template_args = instantiate(kernel)
    if any(d.kind == "global_variable" for d in kernel.deps):
        tables, why = host_tables(kernel)
        if why:
            raise Refused("global_state", why)
    else:
        tables = []
    if kernel.unresolved:
        raise Refused("external_dependency", f"names not defined in the project: {', '.join(kernel.unresolved)}")
    buffers, scalars = _classify(kernel, tables)
    if not buffers:
        raise Refused("needs_model", "no pointer parameters: nothing to check")
    if not any(b.role != "input" for b in buffers):
        raise Refused("no_output", "no buffer is written")
    dims, size_x, size_y, size_z = _shape(kernel, scalars)
    entry = entry_name(kernel)
    params = ", ".join([p.text for p in kernel.params] + [f"const {b.type}* {b.name}" for b in tables])
    signature = f"void {entry}({params}, hipStream_t stream)"
    qualified = f"{kernel.namespace}::{kernel.name}" if kernel.namespace else kernel.name
    kernel_args = [p.name for p in kernel.params]
    if dims == 1:
        block = _launch_block(kernel)
        extent_expr = f"(static_cast<long long>({size_x}) + {block} - 1) / {block}"
        grid, block_text = "dim3(hc_blocks)", f"dim3({block})"
    elif dims == 2:
        block = BLOCK_2D * BLOCK_2D
        extent_expr = f"({size_x} + {BLOCK_2D} - 1) / {BLOCK_2D}"
        grid = f"dim3(hc_blocks, ({size_y} + {BLOCK_2D} - 1) / {BLOCK_2D})"
        block_text = f"dim3({BLOCK_2D}, {BLOCK_2D})"
    else:
        bx, by, bz = BLOCK_3D
        block = bx * by * bz
        extent_expr = f"({size_x} + {bx} - 1) / {bx}"
        grid = f"dim3(hc_blocks, ({size_y} + {by} - 1) / {by}, ({size_z} + {bz} - 1) / {bz})"
        block_text = f"dim3({bx}, {by}, {bz})"
    # Dynamic shared memory: the launch gives what the kernel's `extern __shared__` array gets. Its size is the
    # host's choice, not in the signature; 48 KiB, the most a CUDA block gets without opting in, covers any size
    # the original could have launched with by default.
    shared = str(DYNAMIC_SHARED_BYTES) if kernel.dynamic_shared else "0"
    prologue = f"  const int hc_blocks = static_cast<int>({extent_expr});\n"
    for table in tables:
        copy = f"HIP_SYMBOL({table.symbol}), {table.name}, sizeof({table.symbol}), 0, hipMemcpyDeviceToDevice, stream"
        prologue += f"  (void)hipMemcpyToSymbolAsync({copy});\n"
    if template_args:
        launch = f"{qualified}{template_args}<<<{grid}, {block_text}, {shared}, stream>>>({', '.join(kernel_args)});"
    else:
        launch = f"hipLaunchKernelGGL({qualified}, {grid}, {block_text}, {shared}, stream, {', '.join(kernel_args)});"
    reference = program_head(kernel) + f"{signature} {{\n{prologue}  {launch}\n}}\n"
    return WrapPlan(
        id=kernel.id, method="rule", entry_point=entry, signature=signature, reference=reference,
        args=tuple(kernel_args + [b.name for b in tables]), buffers=tuple(buffers), scalars=tuple(scalars), dims=dims,
        size_x=size_x, size_y=size_y, size_z=size_z, block=block, launch=launch, extent_expr=extent_expr,
        kernel=kernel.to_dict(), template_args=template_args,
    )  # fmt: skip


def compile_problems(plan: WrapPlan) -> str:
    """The compiler's errors about a wrapped program compiled alone ("" when it compiles): the model's feedback."""
    from hip_coding.models.self_repair import compile_errors

    return compile_errors(plan.reference, "hip") or ""


def plan_with_model(
    kernel: Kernel, model: ModelWrapper, check: Callable[[WrapPlan], str] = compile_problems
) -> tuple[WrapPlan | None, list[tuple[str, str]]]:
    """Ask the model for the entry function; feed what is wrong (reply or compiler) back, up to MODEL_ROUNDS tries.

    Returns the plan (None when every try failed) and the failed tries as (reply, problem).
    """
    tries: list[tuple[str, str]] = []
    for attempt in range(MODEL_ROUNDS):
        reply, outcome = model(kernel, tries)
        problem = outcome if isinstance(outcome, str) else check(outcome)
        if not problem and not isinstance(outcome, str):
            return replace(outcome, model_tries=attempt + 1), tries
        log.info("%s: model wrap try %d: %s", kernel.id, attempt + 1, problem.splitlines()[0] if problem else "")
        tries.append((reply, problem))
    return None, tries


def run_wrap(out_dir: Path, model: ModelWrapper | None = None) -> Funnel:
    """`filter.jsonl` + `filter.templates.jsonl` -> `wrap.jsonl`, resumable."""
    progress = Progress(out_dir, "wrap")
    # Templates too: the rules instantiate them at the arguments their repository launches them with.
    items = list(stage_input(out_dir, "filter")) + read_jsonl(out_dir / "filter.templates.jsonl")
    todo = list(progress.todo(items))
    for item in tqdm(todo, desc="wrap", unit="kernel", disable=None if model is not None else True):
        kernel = Kernel.from_dict(item)
        try:
            plan = plan_rule_based(kernel)
        except Refused as refused:
            if model is None or refused.reason not in MODEL_REASONS:
                progress.drop(kernel.id, refused.reason, str(refused))
                continue
            model_plan, tries = plan_with_model(kernel, model)
            for number, (reply, problem) in enumerate(tries, start=1):  # kept for whoever tunes prompts or models
                append_jsonl(out_dir / "wrap.model_tries.jsonl", {"id": kernel.id, "try": number, "reply": reply,
                                                                  "problem": problem})  # fmt: skip
            if model_plan is None:
                last = tries[-1][1] if tries else ""
                progress.drop(kernel.id, "model_failed", f"{refused}; the model's last try: {last}"[:2000])
                continue
            plan = model_plan
        progress.emit(plan.to_dict())
    return progress.finish()
