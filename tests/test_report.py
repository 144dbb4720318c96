"""`hip-coding report`: leaderboards from real evaluations, checked as a browser shows them.

Three pseudo-models are evaluated for real on two tasks (cpu backend): reference solutions pass,
corrupted ones fail, do not compile or are rejected. The numbers the report must show are worked out
by hand below, so a report that disagreed with the estimator would fail here. The HTML page is then
rendered in headless Chromium and read back: the table text, how many images decoded, and a screenshot.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from perf_samples import CHUNKED_SAXPY
from PIL import Image

from hip_coding.errors import InputError
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.evaluate import evaluate
from hip_coding.report import load_leaderboard, write_report
from hip_coding.report.plots import all_plots
from hip_coding.tasks.release import load_records

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "datasets" / "hip_coding" / "test_data" / "data.jsonl"
SAXPY, STENCIL = "hip/elementwise/saxpy", "hip/stencil/avg3_clamp_1d"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
GAMMA_UUID = "5f1c9a2e-e641-11f1-afbb-02fc00000001"

# Expected numbers, by hand (pass@k = 1 - C(n-c, k)/C(n, k), averaged over the two tasks):
#   alpha: saxpy [pass, pass], stencil [pass, compile_error] -> pass@1 (1 + 1/2)/2 = 0.75, build@1 0.75,
#          run@1 0.75, pass@2 (1 + 1)/2 = 1.0
#   beta:  saxpy [failed, rejected], stencil [compile_error, pass] -> pass@1 (0 + 1/2)/2 = 0.25,
#          build@1 (1/2 + 1/2)/2 = 0.5, run@1 0.5, pass@2 (0 + 1)/2 = 0.5
#   gamma: saxpy [rejected], stencil [compile_error] -> 0 everywhere; one sample per task, so no pass@2
EXPECTED_RANKING = [  # #, model, pass@1, build@1, run@1, samples, tasks
    ["1", "alpha-coder", "0.750", "0.750", "0.750", "4", "2"],
    ["2", "beta", "0.250", "0.500", "0.500", "4", "2"],
    ["3", "gamma", "0.000", "0.000", "0.000", "2", "2"],
]
EXPECTED_PASS_AT_2 = ["1.000", "0.500", "-"]


def _solutions() -> dict[str, tuple[str, str]]:
    """name -> (task id, solution); the corruptions are made from the real reference solutions."""
    refs = {r.task_id: r.answer.reference_solution for r in load_records(RELEASE) if r.task_id in (SAXPY, STENCIL)}
    return {
        "saxpy_ref": (SAXPY, refs[SAXPY]),
        "saxpy_half": (SAXPY, refs[SAXPY].replace("if (i < n)", "if (i < n / 2)")),
        "saxpy_main": (SAXPY, refs[SAXPY] + "\nint main() { return 0; }\n"),
        "stencil_ref": (STENCIL, refs[STENCIL]),
        "stencil_syntax": (STENCIL, refs[STENCIL].replace("int i =", "int i = = ")),
    }


MODELS = {
    "alpha": (["saxpy_ref", "saxpy_ref", "stencil_ref", "stencil_syntax"],
              ["passed", "passed", "passed", "compile_error"]),
    "beta": (["saxpy_half", "saxpy_main", "stencil_syntax", "stencil_ref"],
             ["failed", "rejected", "compile_error", "passed"]),
    "gamma": (["saxpy_main", "stencil_syntax"], ["rejected", "compile_error"]),
}  # fmt: skip


def _evaluate(tmp: Path, dataset: Path, model: str, out: Path) -> None:
    names, expected = MODELS[model]
    solutions = _solutions()
    samples = tmp / f"{model}_samples.jsonl"
    rows = [{"task_id": solutions[n][0], "sample_id": str(i), "solution": solutions[n][1]} for i, n in enumerate(names)]
    samples.write_text("".join(json.dumps(r) + "\n" for r in rows))
    done = evaluate(dataset, samples, out, EvalConfig(timeout_scale=0.5), workers=2, progress=False)
    assert [r.status.value for r in done.results] == expected, [r.messages[:300] for r in done.results]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """runs/alpha (with run.json and samples.jsonl), runs/beta (results only), and an Ianvs workspace for gamma."""
    tmp = tmp_path_factory.mktemp("report")
    dataset = tmp / "data.jsonl"
    lines = [line for line in RELEASE.read_text().splitlines() if json.loads(line)["task_id"] in (SAXPY, STENCIL)]
    dataset.write_text("\n".join(lines) + "\n")
    ws = tmp / "ws"
    alpha = ws / "runs" / "alpha"
    _evaluate(tmp, dataset, "alpha", alpha / "results.jsonl")
    (alpha / "run.json").write_text(
        json.dumps({"label": "alpha-coder", "model": "fake/alpha-1b", "backend": "hf", "hyperparameters": {"n": 2}})
    )
    (alpha / "samples.jsonl").write_text(
        "".join(json.dumps({"task_id": SAXPY, "seconds": s, "completion_tokens": 100}) + "\n" for s in (1.0, 3.0))
    )
    _evaluate(tmp, dataset, "beta", ws / "runs" / "beta" / "results.jsonl")
    case = ws / "ianvs" / "hip_coding_quick" / "gamma" / GAMMA_UUID / "output" / "inference"
    _evaluate(tmp, dataset, "gamma", case / "results.jsonl")
    rank = ws / "ianvs" / "hip_coding_quick" / "rank"
    rank.mkdir()
    # Ianvs's column order for the metrics is random (research/ianvs-contract.md §6): not the canonical one here.
    header = ["rank", "algorithm", "run_at_1", "pass_at_k", "pass_at_1", "build_at_1", "paradigm", "basemodel",
              "basemodel-temperature", "time", "url"]  # fmt: skip
    row = ["1", "gamma", "0.0", "", "0.0", "0.25", "singletasklearning", "hip_coding_gamma", "0.2",
           "2026-11-22 06:57:18", f"./ws/hip_coding_quick/gamma/{GAMMA_UUID}"]  # fmt: skip
    with (rank / "all_rank.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([header, row])
    return ws


def _md_table(markdown: str, heading: str) -> list[list[str]]:
    section = markdown.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in rows[2:]]


@pytest.mark.slow
def test_markdown_ranks_the_runs_with_the_estimator_numbers(workspace, tmp_path):
    report = write_report(workspace, tmp_path / "out")
    markdown = report.markdown.read_text()
    assert _md_table(markdown, "Ranking") == EXPECTED_RANKING
    assert "| pass@2 |" not in markdown  # only the requested k (1, 5, 10) that some run can estimate
    by_category = {row[0]: row[1:] for row in _md_table(markdown, "pass@1 by category")}
    assert by_category == {"elementwise": ["1.000", "0.000", "0.000"], "stencil": ["0.500", "0.500", "0.000"]}
    assert _md_table(markdown, "pass@1 by level") == [["1", "0.750", "0.250", "0.000"]]  # both tasks: level 1
    kinds = {row[0]: row[1:] for row in _md_table(markdown, "Failure kinds")}
    assert kinds["beta"] == ["4", "1", "1", "1", "1"]  # samples, passed, failed, compile_error, rejected
    assert "| model | samples | passed | failed | compile_error | rejected |" in markdown
    runs = {row[0]: row for row in _md_table(markdown, "Runs")}
    assert runs["alpha-coder"][1:6] == ["fake/alpha-1b", "hf", "2", "2.00", "100"]
    # The Ianvs rank is read by column name and shown in the canonical order, linked to its run.
    rank = markdown.split("## Ianvs ranking", 1)[1]
    assert "| rank | algorithm | pass_at_1 | build_at_1 | run_at_1 | pass_at_k | basemodel-temperature |" in rank
    assert "| 1 | gamma | 0.000 | 0.250 | 0.000 | - | 0.2 | 2026-11-22 06:57:18 | gamma |" in rank


@pytest.mark.slow
def test_pass_at_k_columns_and_curves_follow_the_samples(workspace, tmp_path):
    board = load_leaderboard(workspace, ks=(1, 2))
    assert [m.label for m in board.models] == ["alpha-coder", "beta", "gamma"]
    assert board.ks == (2,)
    assert [m.curve for m in board.models] == [{1: 0.75, 2: 1.0}, {1: 0.25, 2: 0.5}, {1: 0.0}]
    plots = all_plots(board)
    assert [p.key for p in plots] == ["funnel", "categories", "failures", "pass_at_k"]
    assert "alpha-coder: pass@1 0.750, pass@2 1.000" in plots[3].caption
    assert "gamma" not in plots[3].caption  # one sample per task: no curve
    for plot in plots:
        assert Image.open(io.BytesIO(plot.png)).size[0] > 300


@pytest.mark.slow
def test_one_model_with_zero_passes_and_labels_that_collide(workspace, tmp_path):
    gamma = next(workspace.rglob(GAMMA_UUID)) / "output" / "inference" / "results.jsonl"
    board = load_leaderboard(gamma)
    assert [m.label for m in board.models] == ["gamma"]  # the algorithm of the Ianvs case
    assert [p.key for p in all_plots(board)] == ["funnel", "categories", "failures"]  # no curve with n = 1
    # A bare results file is labelled by its stem; two runs with one label are told apart by hyperparameters.
    shutil.copy(gamma, tmp_path / "my_model.jsonl")
    assert [m.label for m in load_leaderboard(tmp_path / "my_model.jsonl").models] == ["my_model"]
    for temperature in (0.2, 0.8):
        run = tmp_path / "tree" / f"t{temperature}"
        run.mkdir(parents=True)
        shutil.copy(gamma, run / "results.jsonl")
        (run / "run.json").write_text(json.dumps({"label": "smollm2", "hyperparameters": {"temperature": temperature}}))
    labels = [m.label for m in load_leaderboard(tmp_path / "tree").models]
    assert labels == ["smollm2 (temperature=0.2)", "smollm2 (temperature=0.8)"]


def _result_line(task_id: str = SAXPY, status: str = "passed") -> str:
    return json.dumps({"task_id": task_id, "sample_id": "0", "status": status, "tests": [], "messages": ""}) + "\n"


def test_bad_input_names_the_file_and_line(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_leaderboard(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no results.jsonl found"):
        load_leaderboard(tmp_path / "empty")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(InputError, match="empty.jsonl: no results"):
        load_leaderboard(empty)
    torn = tmp_path / "torn.jsonl"
    torn.write_text(_result_line() + '{"task_id": "hip/elem\n')
    with pytest.raises(InputError, match=r"torn\.jsonl:2: invalid JSON"):
        load_leaderboard(torn)
    fields = tmp_path / "fields.jsonl"
    fields.write_text(_result_line() + _result_line() + json.dumps({"task_id": SAXPY, "sample_id": "1"}) + "\n")
    with pytest.raises(InputError, match=r"fields\.jsonl:3: status: missing"):
        load_leaderboard(fields)
    status = tmp_path / "status.jsonl"
    status.write_text(_result_line(status="great"))
    with pytest.raises(InputError, match=r"status\.jsonl:1: status: 'great'"):
        load_leaderboard(status)
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text(_result_line() + _result_line(task_id="hip/nowhere/nothing"))
    with pytest.raises(InputError, match=r"unknown\.jsonl: result 2: task_id 'hip/nowhere/nothing' is not in"):
        load_leaderboard(unknown)


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "core")}
    return subprocess.run([sys.executable, "-m", "hip_coding", *args], capture_output=True, text=True, env=env)


def test_cli_reports_errors_in_one_line_with_exit_code_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    run = _cli("report", str(bad), "--out", str(tmp_path / "out"))
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [f"hip-coding: error: {bad}:1: invalid JSON: Expecting value (column 1)"]
    run = _cli("report", str(bad), "--out", str(tmp_path / "out"), "--k", "1,x")
    assert run.returncode == 2 and "--k" in run.stderr
    assert not (tmp_path / "out").exists()


# --- the page as a browser shows it ---------------------------------------------------------------

COUNT_IMAGES = """<script>
window.addEventListener("load", () => {
  const images = Array.from(document.images);
  const decoded = images.filter((img) => img.complete && img.naturalWidth > 0).length;
  document.title = `decoded ${decoded} of ${images.length}`;
});
</script>"""


def _chromium(tmp: Path, page: Path, *mode: str) -> subprocess.CompletedProcess:
    assert CHROMIUM is not None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp / 'chromium-profile'}", "--window-size=1200,3200"]  # fmt: skip
    run = subprocess.run([CHROMIUM, *flags, *mode, page.as_uri()], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run


def _render(tmp: Path, html: Path) -> tuple[str, Image.Image]:
    """The DOM after load (with an image-counting script added to a copy) and a screenshot of the page."""
    probe = tmp / "probe.html"
    probe.write_text(html.read_text().replace("</body>", COUNT_IMAGES + "</body>"))
    dom = _chromium(tmp, probe, "--dump-dom").stdout
    shot = tmp / "shot.png"
    _chromium(tmp, html, f"--screenshot={shot}")
    return dom, Image.open(shot).convert("RGB")


def _table_rows(dom: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table id="{table_id}"[^>]*>(.*?)</table>', dom, re.S)
    assert table, f"no table {table_id} in the rendered page"
    body = table.group(1).split("<tbody>", 1)[1]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def _painted(shot: Image.Image, color: tuple[int, int, int]) -> int:
    """How many pixels of the screenshot have (nearly) this colour."""
    return int((np.abs(np.asarray(shot, dtype=int) - np.array(color)).max(axis=2) <= 12).sum())


def _colours(shot: Image.Image) -> int:
    """Distinct colours of a downscaled screenshot: a blank or text-only page has few."""
    pixels = np.asarray(shot.resize((300, 800))).reshape(-1, 3)
    return len(np.unique(pixels, axis=0))


@pytest.mark.slow
@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh --test installs it)")
def test_html_page_shows_the_table_and_every_plot_in_chromium(workspace, tmp_path):
    report = write_report(workspace, tmp_path / "out", ks=(1, 2))
    html = report.html.read_text()
    sources = re.findall(r'src="([^"]*)"', html)
    assert len(sources) == 4 and all(s.startswith("data:image/png;base64,") for s in sources)
    assert not re.search(r"(href|src)=\"(https?:|//)", html) and "@import" not in html and "url(" not in html

    dom, shot = _render(tmp_path, report.html)
    assert "<title>decoded 4 of 4</title>" in dom
    expected = [[*row[:5], p2, *row[5:]] for row, p2 in zip(EXPECTED_RANKING, EXPECTED_PASS_AT_2, strict=True)]
    assert _table_rows(dom, "ranking") == expected
    alts = re.findall(r'<img[^>]* alt="([^"]+)"', dom)
    assert len(alts) == 4 and all(len(alt) > 40 for alt in alts)
    assert "alpha-coder: build@1 0.750, run@1 0.750, pass@1 0.750" in alts[0]
    # The screenshot is a painted page: not blank, and the plots' colours are on it.
    assert _colours(shot) > 50
    assert _painted(shot, (0x2C, 0xA0, 0x2C)) > 500  # the "passed" bars of the failure-kinds plot
    assert _painted(shot, (0x08, 0x51, 0x9C)) > 500  # the pass@1 bars of the funnel


@pytest.mark.slow
@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh --test installs it)")
def test_html_page_for_one_model_with_zero_passes_renders_through_the_cli(workspace, tmp_path):
    gamma = next(workspace.rglob(GAMMA_UUID))
    run = _cli("report", str(gamma), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert "1. gamma: pass@1 0.000  build@1 0.000  run@1 0.000" in run.stdout
    dom, shot = _render(tmp_path, tmp_path / "out" / "leaderboard.html")
    assert "<title>decoded 3 of 3</title>" in dom
    assert _table_rows(dom, "ranking") == [["1", "gamma", "0.000", "0.000", "0.000", "2", "2"]]
    assert _table_rows(dom, "failure-kinds") == [["gamma", "2", "0", "1", "1"]]
    assert _colours(shot) > 50
    assert _painted(shot, (0xFF, 0x7F, 0x0E)) > 200  # the compile_error bar


# --- runs timed with --perf: speedups, fast_p, the counters of slow kernels, Ianvs's leaderboard files ---------

CHUNKED_STENCIL = """#include <hip/hip_runtime.h>
__global__ void avg3_chunks(int n, const float* in, float* out) {
  int begin = (blockIdx.x * blockDim.x + threadIdx.x) * 32;
  for (int i = begin; i < begin + 32 && i < n; ++i) {
    float left = in[i > 0 ? i - 1 : 0];
    float right = in[i < n - 1 ? i + 1 : n - 1];
    out[i] = (left + in[i] + right) / 3.0f;
  }
}
void avg3_clamp(int n, const float* in, float* out, hipStream_t stream) {
  int threads = (n + 31) / 32;
  hipLaunchKernelGGL(avg3_chunks, dim3((threads + 255) / 256), dim3(256), 0, stream, n, in, out);
}
"""
EVEN_UUID = "7a0c1e2e-e641-11f1-afbb-02fc00000002"
MIXED_UUID = "7a0c1e2e-e641-11f1-afbb-02fc00000003"


@pytest.fixture(scope="module")
def timed(tmp_path_factory) -> Path:
    """An Ianvs-shaped workspace of two timed runs on a dataset whose saxpy reference is the chunked kernel:
    "a-even" answers with the references (speedups 1, 1); "b-mixed" with the coalesced saxpy (faster than
    that reference) and a chunked stencil (slower). Both pass everything: pass@1 ties and fast_1 decides."""
    from hip_coding.perf.annotate import annotate_results

    tmp = tmp_path_factory.mktemp("timed")
    records = [json.loads(line) for line in RELEASE.read_text().splitlines()]
    records = [r for r in records if r["task_id"] in (SAXPY, STENCIL)]
    coalesced = next(r for r in records if r["task_id"] == SAXPY)["answer"]["reference_solution"]
    stencil = next(r for r in records if r["task_id"] == STENCIL)["answer"]["reference_solution"]
    next(r for r in records if r["task_id"] == SAXPY)["answer"]["reference_solution"] = CHUNKED_SAXPY
    dataset = tmp / "data.jsonl"
    dataset.write_text("".join(json.dumps(r) + "\n" for r in records))
    job = tmp / "ws" / "speed"
    answers = {"a-even": (EVEN_UUID, CHUNKED_SAXPY, stencil), "b-mixed": (MIXED_UUID, coalesced, CHUNKED_STENCIL)}
    for name, (uuid, saxpy, avg3) in answers.items():
        case = job / name / uuid / "output" / "inference"
        case.mkdir(parents=True)
        samples = case / "samples.jsonl"
        samples.write_text("".join(json.dumps({"task_id": t, "sample_id": "0", "solution": s}) + "\n"
                                   for t, s in ((SAXPY, saxpy), (STENCIL, avg3))))  # fmt: skip
        done = evaluate(dataset, samples, case / "results.jsonl", EvalConfig(timeout_scale=0.5), progress=False)
        assert [r.status.value for r in done.results] == ["passed", "passed"], [r.messages for r in done.results]
        annotate_results(dataset, samples, case / "results.jsonl", device="h100-sxm")
        (case / "run.json").write_text(json.dumps({"settings": {"backend": "cpu", "perf": True,
                                                                "perf_device": "h100-sxm"}}))  # fmt: skip
    (job / "rank").mkdir()
    # As Ianvs writes it: metric columns in any order, and rows ranked by the job's sort_by (pass@1 alone here).
    header = ["rank", "algorithm", "fast_1", "pass_at_1", "speedup_geomean", "paradigm", "basemodel",
              "basemodel-behaviour", "time", "url"]  # fmt: skip
    cases = (("a-even", "0.0", "1.0", EVEN_UUID), ("b-mixed", "0.5", "1.25", MIXED_UUID))
    rows = [[str(place), name, fast, "1.0", geomean, "singletasklearning", "speed_probe", name,
             f"2026-12-03 10:00:0{place}", f"./ws/speed/{name}/{uuid}"]
            for place, (name, fast, geomean, uuid) in enumerate(cases, start=1)]  # fmt: skip
    with (job / "rank" / "all_rank.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return tmp


def _perf_of(timed: Path, uuid: str) -> dict[str, dict]:
    results = next(timed.rglob(uuid)) / "output" / "inference" / "results.jsonl"
    return {r["task_id"]: r["perf"] for r in map(json.loads, results.read_text().splitlines())}


@pytest.mark.slow
def test_timed_runs_rank_by_fast_1_on_a_pass_tie_and_show_fast_p_and_slow_kernels(timed, tmp_path):
    mixed = _perf_of(timed, MIXED_UUID)
    assert mixed[SAXPY]["speedup"] > 2.0 and mixed[STENCIL]["speedup"] < 0.5  # the premise of the fixture
    board = load_leaderboard(timed / "ws", timed / "data.jsonl")
    assert [m.label for m in board.models] == ["b-mixed", "a-even"]  # alphabetical would be the other way
    assert [m.perf_label for m in board.models] == ["estimated (h100-sxm)"] * 2
    report = write_report(timed / "ws", tmp_path / "out", timed / "data.jsonl", board=board)
    markdown = report.markdown.read_text()
    geomean = (mixed[SAXPY]["speedup"] * mixed[STENCIL]["speedup"]) ** 0.5
    assert _md_table(markdown, "Ranking") == [
        ["1", "b-mixed", "1.000", "0.500", f"{geomean:.3f}", "estimated (h100-sxm)", "1.000", "1.000", "2", "2"],
        ["2", "a-even", "1.000", "0.000", "1.000", "estimated (h100-sxm)", "1.000", "1.000", "2", "2"],
    ]
    fast = {row[0]: row[1:] for row in _md_table(markdown, "Performance: fast_p and speedup")}
    # fast_0 .. fast_4 at 0, 0.5, 1, 1.5, 2, 3, 4: b-mixed's saxpy is > 2x faster, its stencil < 0.5x
    assert fast["b-mixed"][:7] == ["estimated (h100-sxm)", "2 of 2", "1.000", "0.500", "0.500", "0.500", "0.500"]
    assert fast["a-even"][2:9] == ["1.000", "1.000", "0.000", "0.000", "0.000", "0.000", "0.000"]
    slow = _md_table(markdown, "Why the slowest kernels are slow")
    first = slow[0]
    assert first[:2] == ["b-mixed", f"{STENCIL} #0"] and first[3] == "estimated (h100-sxm)"
    assert float(first[5]) == pytest.approx(mixed[STENCIL]["profile"]["sectors_per_request"], abs=0.01)
    assert float(first[6]) > 0.8  # scattered: most sectors moved carry bytes no lane asked for
    reference_row = next(row for row in slow if row[:2] == ["a-even", f"{STENCIL} #0"])
    assert float(reference_row[6]) < 0.1  # the coalesced reference: only the halo's extra sectors
    assert float(first[5]) > 4 * float(reference_row[5])
    plots = all_plots(board)
    assert [p.key for p in plots] == ["funnel", "categories", "failures", "speedups", "fast_p"]
    assert all("estimated (h100-sxm)" in p.title and "estimated (h100-sxm)" in p.caption for p in plots[3:])
    assert "b-mixed: fast_0 1.000, fast_1 0.500, fast_2 0.500" in plots[4].caption


@pytest.mark.slow
def test_ianvs_leaderboard_files_follow_ianvs_layout(timed, tmp_path):
    out = tmp_path / "docs"
    run = _cli("report", str(timed / "ws"), "--dataset", str(timed / "data.jsonl"), "--ianvs-leaderboard", str(out))
    assert run.returncode == 0, run.stderr
    assert "1. b-mixed: pass@1 1.000  build@1 1.000  run@1 1.000  fast_1 0.500 estimated (h100-sxm)" in run.stdout
    board = (out / "leaderboards" / "speed" / "leaderboard-of-singletasklearning.md").read_text()  # the job
    lines = [line for line in board.splitlines() if line.startswith("|")]
    assert lines[0] == ("| rank | algorithm | pass_at_1 | fast_1, estimated (h100-sxm) | speedup_geomean, estimated "
                        "(h100-sxm) | paradigm | basemodel | basemodel-behaviour | time | url |")  # fmt: skip
    assert lines[1] == "|" + ":---:|" * 10
    # Re-ranked by pass_at_1 then fast_1 (the rank file had a-even first).
    assert lines[2] == ("| 1 | b-mixed | 1.000 | 0.500 | 1.250 | singletasklearning | speed_probe | b-mixed | "
                        f"2026-12-03 10:00:02 | ./ws/speed/b-mixed/{MIXED_UUID} |")  # fmt: skip
    assert lines[3].startswith("| 2 | a-even | 1.000 | 0.000 |")
    assert "](../../proposals/test-reports/testing-singletasklearning-in-speed.md)" in board
    test_report = (out / "proposals" / "test-reports" / "testing-singletasklearning-in-speed.md").read_text()
    for heading in ("## What was run", "## Environment", "## Results", "### pass@1 by level", "### Performance",
                    "### Why the slowest kernels are slow"):  # fmt: skip
        assert heading in test_report
    assert "- a-even: backend=cpu, perf=True, perf_device=h100-sxm" in test_report
    assert "](../../leaderboards/speed/leaderboard-of-singletasklearning.md)" in test_report
    assert "- job: `speed`; dataset:" in test_report
    by_level = test_report.split("### pass@1 by level", 1)[1].split("###", 1)[0]
    assert "| 1 | 1.000 | 1.000 |" in by_level
    assert "| level | b-mixed: estimated (h100-sxm) | a-even: estimated (h100-sxm) |" in test_report
    assert "| 1 | 0.500 | 0.000 |" in test_report  # fast_1 by level

    # Without a rank file (plain `evaluate` runs) the rows come from the runs themselves.
    (next(timed.rglob("all_rank.csv"))).rename(tmp_path / "moved.csv")
    try:
        run = _cli("report", str(timed / "ws"), "--dataset", str(timed / "data.jsonl"), "--ianvs-leaderboard",
                   str(tmp_path / "plain"))  # fmt: skip
    finally:
        (tmp_path / "moved.csv").rename(timed / "ws" / "speed" / "rank" / "all_rank.csv")
    assert run.returncode == 0, run.stderr
    plain = (tmp_path / "plain" / "leaderboards" / "hip_coding" / "leaderboard-of-singletasklearning.md").read_text()
    rows = [line for line in plain.splitlines() if line.startswith("|")]
    assert rows[0].startswith("| rank | algorithm | pass_at_1 | fast_1, estimated (h100-sxm) | build_at_1 |")
    assert rows[2].startswith("| 1 | b-mixed | 1.000 | 0.500 |")
    assert rows[2].endswith(f"| singletasklearning | - | - | {timed / 'ws' / 'speed' / 'b-mixed' / MIXED_UUID} |")

    # The rank files of two jobs are two leaderboards, not one table.
    for job in ("speed", "other"):
        shutil.copytree(timed / "ws" / "speed", tmp_path / "two" / job)
    run = _cli("report", str(tmp_path / "two"), "--dataset", str(timed / "data.jsonl"), "--ianvs-leaderboard",
               str(tmp_path / "mixed"))  # fmt: skip
    assert run.returncode != 0 and "rank files of 2 jobs" in run.stderr and "report one job's directory" in run.stderr

    # A run that no rank row names (a crashed run, which a rerun continued) is not a test case of the report.
    shutil.copytree(timed / "ws", tmp_path / "rerun")
    cases = tmp_path / "rerun" / "speed" / "a-even"
    shutil.copytree(cases / EVEN_UUID, cases / "crashed-run")
    run = _cli("report", str(tmp_path / "rerun"), "--dataset", str(timed / "data.jsonl"), "--ianvs-leaderboard",
               str(tmp_path / "rerun-docs"))  # fmt: skip
    assert run.returncode == 0, run.stderr
    text = (
        tmp_path / "rerun-docs" / "proposals" / "test-reports" / "testing-singletasklearning-in-speed.md"
    ).read_text()
    assert "crashed" not in text and "- a-even: backend=cpu" in text


@pytest.mark.slow
@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh --test installs it)")
def test_timed_html_page_shows_the_perf_tables_and_plots_in_chromium(timed, tmp_path):
    report = write_report(timed / "ws", tmp_path / "out", timed / "data.jsonl")
    dom, shot = _render(tmp_path, report.html)
    assert "<title>decoded 5 of 5</title>" in dom
    assert [row[:2] for row in _table_rows(dom, "ranking")] == [["1", "b-mixed"], ["2", "a-even"]]
    assert _table_rows(dom, "fast-1-by-level") == [["1", "0.500", "0.000"]]
    assert _table_rows(dom, "slow-kernels")[0][:2] == ["b-mixed", f"{STENCIL} #0"]
    assert _painted(shot, (0x42, 0x92, 0xC6)) > 100  # the speedup dots
    shot.save(tmp_path / "timed.png")
