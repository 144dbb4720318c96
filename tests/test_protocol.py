"""The result protocol and the comparison outside the candidate's process.

The candidate's run only reports data; its lines count only with this run's nonce, and the verdict is
the comparison (compare.py) of that data with the golden run's want data, with the harness library's
rules: |got - want| <= atol + rtol * |want|, NaN/inf exact, expect_equal exact, the first failure in
the order the harness met it. The last test runs the real harness library (cpu backend) to prove its
encoding (types, counts, base64 padding) is what Python reads.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from hip_coding.evaluation.compare import Check
from hip_coding.evaluation.protocol import golden_nonce, harness_arguments, parse_golden, parse_verdicts
from hip_coding.execution.backends import get_backend
from hip_coding.execution.options import BuildOptions, RunOptions
from hip_coding.tasks.build import inline_harness

TESTS = {"normal": {"kind": "normal", "seed": 1, "n": 10}, "ragged": {"kind": "ragged", "seed": 2, "n": 1003}}
TOL = {"atol": 1e-3, "rtol": 1e-2}


def payload(name: str, values, rule: str = "close", want=None) -> dict[str, object]:
    """One check as the harness prints it (want data only in a golden run)."""
    got = np.asarray(values)
    entry: dict[str, object] = {"name": name, "rule": rule, "type": got.dtype.str[1:], "count": int(got.size),
                                "data": base64.b64encode(got.tobytes()).decode()}  # fmt: skip
    if want is not None:
        want = np.asarray(want)
        entry.update(want_type=want.dtype.str[1:], want_count=int(want.size),
                     want=base64.b64encode(want.tobytes()).decode())  # fmt: skip
    return entry


def line(nonce: str, test: str, checks: list[dict[str, object]], failure: str = "", failure_at: int = 0) -> str:
    body = {"test": test, "kind": "x", "ms": 1.5, "failure": failure, "failure_at": failure_at, "checks": checks}
    return f"HIPCODING {nonce} {json.dumps(body)}"


def golden(**wants) -> dict[str, list[Check]]:
    """Golden checks per test: test=[(name, rule, got dtype, want values), ...]."""
    return {
        test: [Check(name, rule, np.zeros(0, dtype), np.asarray(want)) for name, rule, dtype, want in checks]
        for test, checks in wants.items()
    }


WANT_Y = np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float64)
GOLDEN = golden(normal=[("y", "close", np.float32, WANT_Y)], ragged=[("y", "close", np.float32, WANT_Y)])
GOOD = payload("y", WANT_Y.astype(np.float32))


def verdicts(*lines: str, gold=GOLDEN, nonce: str = "N"):
    return parse_verdicts("\n".join(lines), nonce, TESTS, gold, TOL)


def test_arguments_carry_tolerance_and_tests():
    args = harness_arguments("N", {"atol": 1e-5, "rtol": 0.001}, TESTS)
    assert args == ["N", "1e-05", "0.001", "normal:normal:1:n=10", "ragged:ragged:2:n=1003"]
    assert golden_nonce("N") == "golden:N"


def test_matching_data_passes_and_chatter_is_ignored():
    out = verdicts(line("N", "normal", [GOOD]), "solution chatter", line("N", "ragged", [GOOD]))
    assert [v.ok for v in out] == [True, True]
    assert out[0].ms == 1.5 and out[0].max_abs_err == 0.0


def test_a_passing_line_without_data_does_not_pass():
    # What a solution that stole the nonce prints: the old protocol's verdict, no data.
    forged = 'HIPCODING N {"test": "normal", "kind": "normal", "ok": true}'
    out = verdicts(forged, line("N", "ragged", [GOOD]))
    assert [v.ok for v in out] == [False, True]
    assert "no checks" in out[0].detail


def test_forged_lines_with_another_nonce_do_not_count():
    out = verdicts(line("FAKE", "normal", [GOOD]), line("FAKE", "ragged", [GOOD]), line("N", "normal", [GOOD]))
    assert [v.ok for v in out] == [True, False]
    assert "no result line" in out[1].detail


def test_a_repeated_line_and_a_test_without_golden_data_fail():
    out = verdicts(line("N", "normal", [GOOD]), line("N", "normal", [GOOD]), line("N", "ragged", [GOOD]))
    assert [v.ok for v in out] == [False, True]
    assert out[0].detail == "several result lines"
    out = verdicts(line("N", "normal", [GOOD]), line("N", "ragged", [GOOD]), gold={"normal": GOLDEN["normal"]})
    assert [v.ok for v in out] == [True, False]
    assert "no golden data" in out[1].detail


def test_close_rule_tolerance_and_the_first_mismatch():
    # atol + rtol*|want|: 1e-3 + 1e-2*3 = 0.031 at want 3.
    near = payload("y", np.array([1.0, 2.0, 3.03, 4.0], dtype=np.float32))
    far = payload("y", np.array([1.0, 2.5, 3.5, 40.0], dtype=np.float32))
    out = verdicts(line("N", "normal", [near]), line("N", "ragged", [far]))
    assert out[0].ok and out[0].max_abs_err == pytest.approx(0.03, rel=1e-4)
    assert not out[1].ok
    assert out[1].detail == "y[1] = 2.5, expected 2"
    assert out[1].max_abs_err == 0.5  # accumulated up to and including the first bad element, not 36


def test_nan_and_inf_in_want_must_match_exactly():
    want = np.array([np.nan, np.inf, -np.inf, 1.0])
    gold = golden(normal=[("y", "close", np.float32, want)], ragged=[("y", "close", np.float32, want)])
    same = payload("y", want.astype(np.float32))
    wrong = payload("y", np.array([np.nan, np.inf, np.nan, 1.0], dtype=np.float32))
    out = verdicts(line("N", "normal", [same]), line("N", "ragged", [wrong]), gold=gold)
    assert [v.ok for v in out] == [True, False]
    assert out[1].detail == "y[2] = nan, expected -inf"
    # NaN where a number is wanted fails too, and counts as an infinite error.
    out = verdicts(line("N", "normal", [payload("y", np.array([1, np.nan, 3, 4], dtype=np.float32))]))
    assert not out[0].ok and out[0].max_abs_err == 1e308


def test_equal_rule_is_exact_after_converting_want_to_the_got_type():
    gold = golden(normal=[("out", "equal", np.int32, np.array([3.0, 4.0]))],
                  ragged=[("out", "equal", np.int32, np.array([3.0, 4.0]))])  # fmt: skip
    right = payload("out", np.array([3, 4], dtype=np.int32), "equal")
    wrong = payload("out", np.array([3, 5], dtype=np.int32), "equal")
    out = verdicts(line("N", "normal", [right]), line("N", "ragged", [wrong]), gold=gold)
    assert [v.ok for v in out] == [True, False]
    assert out[1].detail == "out[1] = 5, expected 4" and out[1].max_abs_err == 1.0


@pytest.mark.parametrize(
    "checks,detail",
    [
        ([], "y: no data reported"),
        ([GOOD, payload("z", [1.0])], "unexpected check 'z'"),
        ([payload("y", WANT_Y[:3].astype(np.float32))], "y: size mismatch"),
        ([payload("y", WANT_Y)], "y: type mismatch (f8, expected f4)"),
        ([{**GOOD, "data": "***"}], "y: data is not base64"),
        ([{**GOOD, "count": 5}], "y: 16 bytes of data for 5 elements of f4"),
        ([{**GOOD, "type": "c16"}], "y: unknown element type 'c16'"),
        ([payload("z", WANT_Y.astype(np.float32))], "y: the run reported check 'z' here instead"),
    ],
)
def test_missing_extra_and_malformed_checks_fail(checks, detail):
    out = verdicts(line("N", "normal", checks), line("N", "ragged", [GOOD]))
    assert [v.ok for v in out] == [False, True]
    assert out[0].detail.startswith(detail), out[0].detail


def test_the_first_failure_in_harness_order_decides_the_detail():
    gold = golden(normal=[("a", "close", np.float32, WANT_Y), ("b", "close", np.float32, WANT_Y)],
                  ragged=[("a", "close", np.float32, WANT_Y), ("b", "close", np.float32, WANT_Y)])  # fmt: skip
    bad = payload("b", np.zeros(4, dtype=np.float32))
    good_a = payload("a", WANT_Y.astype(np.float32))
    # A guard-zone failure met after both checks loses to b's mismatch; one met before b wins.
    out = verdicts(line("N", "normal", [good_a, bad], "wrote past the end of y (byte +0)", 2),
                   line("N", "ragged", [good_a, bad], "HIP error after the call: hipErrorLaunchFailure", 1),
                   gold=gold)  # fmt: skip
    assert out[0].detail == "b[0] = 0, expected 1"
    assert out[1].detail == "HIP error after the call: hipErrorLaunchFailure"
    assert out[1].max_abs_err == 1.0  # every check still counts toward max_abs_err


def test_golden_run_gives_wants_and_judges_the_reference_by_the_same_rules():
    ok = payload("y", WANT_Y.astype(np.float32), want=WANT_Y)
    off = payload("y", np.array([1, 2, 3, 9], dtype=np.float32), want=WANT_Y)
    wants, refs = parse_golden("\n".join([line("G", "normal", [ok]), line("G", "ragged", [off])]), "G", TESTS, TOL)
    assert set(wants) == {"normal", "ragged"} and np.array_equal(wants["normal"][0].want, WANT_Y)
    assert [v.ok for v in refs] == [True, False] and refs[1].detail == "y[3] = 9, expected 4"
    constant = payload("y", np.ones(4, dtype=np.float32), want=np.ones(4))
    _, refs = parse_golden(line("G", "normal", [constant]), "G", {"normal": TESTS["normal"]}, TOL)
    assert refs[0].ok and refs[0].constant_reference


def test_the_harness_library_encodes_what_python_decodes(tmp_path):
    """Element types, counts 0-4 (every base64 padding case), and want data only in a golden run."""
    source = tmp_path / "harness.hip"
    # Inlined as in a release harness: include paths outside the sandbox (e.g. a checkout under /tmp,
    # which the sandbox replaces by an empty tmpfs) are not visible to the compiler.
    source.write_text(inline_harness(
        '#include "hipcoding_harness.h"\n'
        "static void run(hc::Test& t) {\n"
        "  int n = static_cast<int>(t.param(\"n\"));\n"
        "  std::vector<signed char> i1(n); std::vector<unsigned short> u2(n); std::vector<double> f8(n);\n"
        "  std::vector<long long> i8(n);\n"
        "  for (int i = 0; i < n; ++i)\n"
        "    i1[i] = -i - 1, u2[i] = 65535 - i, f8[i] = 0.5 * i, i8[i] = -(1LL << 40) * i;\n"
        "  t.expect_equal(\"i1\", i1, std::vector<int>(n, 7));\n"
        "  t.expect_equal(\"u2\", u2, u2);\n"
        "  t.expect_close(\"f8\", f8, std::vector<float>(n, 1.5f));\n"
        "  t.expect_equal(\"i8\", i8, i8);\n"
        "  if (n == 3) t.fail(\"harness error: three\");\n"
        "}\n"
        "int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }\n"
    ))  # fmt: skip
    backend = get_backend("cpu")
    options = BuildOptions(backend="cpu", language="hip")
    built = backend.compile([source], tmp_path / "harness", options)
    assert built.ok, built.stderr
    tests = {f"n{n}": {"kind": "normal", "seed": 1, "n": n} for n in range(5)}
    for nonce in ("abc", golden_nonce("abc")):
        ran = backend.run(tmp_path / "harness", RunOptions(args=tuple(harness_arguments(nonce, TOL, tests))))
        assert ran.ok, ran.stderr
        lines = {json.loads(text[len("HIPCODING abc ") :])["test"]: json.loads(text[len("HIPCODING abc ") :])
                 for text in ran.stdout.splitlines() if text.startswith("HIPCODING abc {\"test\"")}  # fmt: skip
        assert sorted(lines) == sorted(tests)
        for n in range(5):
            checks = [Check.from_payload(c, golden=nonce != "abc") for c in lines[f"n{n}"]["checks"]]
            assert [(c.name, c.rule, c.got.dtype.str) for c in checks] == [
                ("i1", "equal", "|i1"), ("u2", "equal", "<u2"), ("f8", "close", "<f8"), ("i8", "equal", "<i8")
            ]  # fmt: skip
            assert checks[0].got.tolist() == [-i - 1 for i in range(n)]
            assert checks[1].got.tolist() == [65535 - i for i in range(n)]
            assert checks[3].got.tolist() == [-(1 << 40) * i for i in range(n)]
            if nonce == "abc":
                assert all(c.want is None for c in checks) and '"want"' not in ran.stdout
            else:
                assert checks[0].want is not None and checks[0].want.tolist() == [7] * n
                assert checks[2].want is not None and checks[2].want.dtype == np.float32
            assert lines[f"n{n}"]["failure"] == ("harness error: three" if n == 3 else "")
            assert lines[f"n{n}"]["failure_at"] == (4 if n == 3 else 0)
