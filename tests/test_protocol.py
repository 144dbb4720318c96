"""Only the harness's own lines, with this run's nonce, can make a sample pass."""

from __future__ import annotations

from hip_coding.evaluation.protocol import harness_arguments, parse_verdicts

TESTS = {"normal": {"kind": "normal", "seed": 1, "n": 10}, "ragged": {"kind": "ragged", "seed": 2, "n": 1003}}


def line(nonce: str, test: str, ok: bool = True) -> str:
    return f'HIPCODING {nonce} {{"test": "{test}", "kind": "x", "ok": {str(ok).lower()}, "max_abs_err": 0.5}}'


def test_arguments_carry_tolerance_and_tests():
    args = harness_arguments("N", {"atol": 1e-5, "rtol": 0.001}, TESTS)
    assert args == ["N", "1e-05", "0.001", "normal:normal:1:n=10", "ragged:ragged:2:n=1003"]


def test_all_lines_present_and_ok():
    out = "\n".join([line("N", "normal"), "solution chatter", line("N", "ragged")])
    verdicts = parse_verdicts(out, "N", TESTS)
    assert [v.ok for v in verdicts] == [True, True]
    assert verdicts[0].max_abs_err == 0.5


def test_forged_lines_with_another_nonce_do_not_count():
    out = "\n".join([line("FAKE", "normal"), line("FAKE", "ragged"), line("N", "normal")])
    verdicts = parse_verdicts(out, "N", TESTS)
    assert [v.ok for v in verdicts] == [True, False]
    assert "no result line" in verdicts[1].detail


def test_a_repeated_line_fails_the_test():
    out = "\n".join([line("N", "normal"), line("N", "normal"), line("N", "ragged")])
    assert [v.ok for v in parse_verdicts(out, "N", TESTS)] == [False, True]


def test_malformed_and_failing_lines():
    out = "\n".join(["HIPCODING N {broken", line("N", "ragged", ok=False)])
    assert [v.ok for v in parse_verdicts(out, "N", TESTS)] == [False, False]
