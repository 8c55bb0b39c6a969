"""The README's commands run as written: its concrete shell lines, its Python blocks as plain scripts, and a
concrete command line for every command of the Usage synopsis, in Chinese and in English.

The README is parsed, not copied: fenced ``bash`` and ``python`` blocks are read from it, lines that install
or set up (pip, venv, the test run) are left out, and synopsis lines with placeholders (FILE, […]) are covered
by ``USAGE`` below, which must name every command the synopsis lists.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from budgetlens.check.registry import all_rules
from budgetlens.store import connect
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # every README command runs as a subprocess

README = ROOT / "README.md"
EXAMPLE = "examples/sample-department-budget-2026.txt"
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
PLACEHOLDER = re.compile(r"FILE|PATH|SQL|CODE|OUT\b|HOST|…|\[|\||\.\.\.")
DATABASE_IN_SNIPPET = re.compile(r"""(["'])(/tmp/[\w.-]+\.duckdb)\1""")
# English a Chinese reader must not meet: the severities and lifecycle words, and every rule's English summary
ENGLISH_WORDS = re.compile(r"\b(?:errors?|warnings?|infos?|failed|stable|preview|summary|severity)\b", re.IGNORECASE)


def _blocks(kind: str) -> list[str]:
    return [body for lang, body in FENCE.findall(README.read_text(encoding="utf-8")) if lang == kind]


def readme_command_lines() -> list[str]:
    """Every concrete ``budgetlens …`` command of the README's shell blocks (set-up and install steps left out)."""
    commands = []
    for block in _blocks("bash"):
        for line in block.replace("\\\n", " ").splitlines():
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith("budgetlens ") and not PLACEHOLDER.search(part):
                    commands.append(part)
    return commands


def synopsis_commands() -> set[str]:
    """The commands the Usage synopsis names (the shell block that has lines with placeholders)."""
    names = set()
    for block in _blocks("bash"):
        lines = [line.split() for line in block.splitlines() if line.startswith("budgetlens ")]
        if any(PLACEHOLDER.search(" ".join(words)) for words in lines):
            names |= {words[1] for words in lines if len(words) > 1}
    return names


def run(args: list[str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout
    )


def assert_chinese(out: subprocess.CompletedProcess[str]) -> None:
    """Human-readable Chinese output: no English severities or rule summaries (identifiers such as BL201 are fine)."""
    text = out.stdout + out.stderr
    found = ENGLISH_WORDS.search(text)
    assert found is None, f"English word {found.group(0)!r} in Chinese output:\n{text[:2000]}"
    summaries = [r.summary("en") for r in all_rules() if r.summary("en") in text]
    assert not summaries, summaries


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example ingested by the command line, for the query commands."""
    path = tmp_path_factory.mktemp("readme") / "budgets.duckdb"
    out = run(["ingest", "examples/", "--db", str(path), "--workers", "1"])
    assert out.returncode == 0, out.stderr
    assert_chinese(out)
    return path


def test_readme_shell_commands_run() -> None:
    """The concrete commands of the README (the set-up block's check of the example, exit 1 for its errors)."""
    commands = readme_command_lines()
    assert any(c.startswith(f"budgetlens check {EXAMPLE}") for c in commands), commands
    for command in commands:
        args = shlex.split(command)[1:]
        expected = 1 if args[0] == "check" and EXAMPLE in args else 0
        for lang in ("zh", "en"):
            out = run([*args, "--lang", lang])
            assert out.returncode == expected, f"{command} --lang {lang}: {out.stderr}"
            assert "Traceback" not in out.stderr
            if lang == "zh":
                assert_chinese(out)


@pytest.mark.parametrize("index", range(len(_blocks("python"))))
def test_readme_python_runs_as_a_plain_script(index: int, tmp_path: Path) -> None:
    """Each Python block saved as a script (no main guard) and run: it succeeds, and what it ingests is stored."""
    code = _blocks("python")[index]
    database = tmp_path / "budgets.duckdb"
    code, stores = DATABASE_IN_SNIPPET.subn(lambda m: repr(str(database)), code)  # a database of the test's own
    script = tmp_path / "snippet.py"
    script.write_text(code, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr, out.stderr
    if stores:
        with connect(database, read_only=True) as store:
            assert int(store.query("select count(*) from facts").iloc[0, 0]) > 0
            assert int(store.query("select count(*) from runs where failed > 0").iloc[0, 0]) == 0


# One concrete line per use the Usage section describes: (arguments, exit code, whether to run it in English
# too, whether its output is for people – then the Chinese run must be Chinese). {ex}, {tmp}, {db}, {waivers}
# are filled in.
USAGE: list[tuple[str, int, bool, bool]] = [
    ("check {ex}", 1, True, True),
    ("check {ex} --format json", 1, True, False),
    ("check {ex} --format html -o {tmp}/review.html", 1, False, True),
    ("check {ex} --format sarif -o {tmp}/review.sarif", 1, False, True),
    ("check {ex} --select BL2", 1, False, True),
    ("check {ex} --ignore BL401 --fail-on never", 0, False, True),
    ("check {ex} --fail-on warning", 1, False, True),
    ("check {ex} --waivers {waivers}", 1, True, True),
    ("check {ex} --select BLXYZ", 2, True, True),
    ("check {ex} --ignore BLXYZ", 2, False, True),
    ("extract {ex}", 0, False, False),
    ("extract {ex} --format facts -o {tmp}/facts.jsonl", 0, False, True),
    ("extract {ex} --format csv -o {tmp}/facts.csv", 0, False, True),
    ("extract {ex} --format xlsx -o {tmp}/out.xlsx", 0, False, True),
    ("extract {ex} --format parquet -o {tmp}/facts.parquet", 0, False, True),
    ("extract {ex} --format datapackage -o {tmp}/package", 0, False, True),
    ("extract {ex} --format xlsx", 2, True, True),
    ("rules", 0, True, True),
    ("explain BL201", 0, True, True),
    ("explain BL021", 0, False, True),
    ("explain BL999", 2, True, True),
    ("ingest examples/ --db {db}", 0, True, True),
    ("query 'select \"table\", count(*) from facts group by 1' --db {db}", 0, True, False),  # data: table kinds
    ("query 'select \"table\", count(*) as n from facts group by 1' --db {db} --format csv", 0, False, False),
    ("query 'select count(*) as n from facts' --db {db} --format json", 0, False, False),
    ("query 'delete from documents' --db {db}", 2, True, False),  # the database's own words follow the reason
    ("compare {ex} --level 款", 0, True, True),
    ("compare {ex} --by economic", 0, True, True),
    ("compare {ex} --format csv -o {tmp}/compare.csv", 0, False, True),
    ("compare {ex} --format html -o {tmp}/compare.html", 0, False, True),
    ("generate examples/sample-department-budget-2026.data.yaml -o {tmp}/generated.txt", 0, True, True),
    ("generate --templates", 0, False, True),
    ("generate --init budget -o {tmp}/data.xlsx", 0, False, True),
    ("generate examples/sample-department-budget-2026.data.xlsx -o {tmp}/from-workbook.txt", 0, False, True),
    ("generate --init final -o {tmp}/final.xlsx", 0, False, True),
    ("generate examples/sample-department-final-2024.data.xlsx -o {tmp}/final.txt", 0, False, True),
    ("generate --init report", 2, True, True),
    ("generate {tmp}/missing.yaml", 2, True, True),
]


def test_usage_covers_every_command_of_the_synopsis() -> None:
    named = synopsis_commands()
    assert {"extract", "check", "rules", "explain", "ingest", "query", "compare"} <= named
    covered = {shlex.split(line)[0] for line, *_ in USAGE}
    assert named <= covered, f"commands of the README's synopsis without a concrete line here: {named - covered}"


@pytest.mark.parametrize(("line", "code", "english", "human"), USAGE, ids=[u[0].split(" -o")[0] for u in USAGE])
def test_usage_command(line: str, code: int, english: bool, human: bool, tmp_path: Path, database: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text('waivers: [{code: BL202, line: 160, reason: "已与编制单位核实"}]\n', encoding="utf-8")
    args = shlex.split(line.format(ex=EXAMPLE, tmp=tmp_path, db=database, waivers=waivers))
    for lang in ("zh", "en") if english else ("zh",):
        out = run([*args, "--lang", lang])
        assert out.returncode == code, f"{line} --lang {lang}: {out.stdout[-1000:]}{out.stderr}"
        assert "Traceback" not in out.stderr
        if code == 2:
            assert out.stderr.count("\n") == 1  # one line saying why
        if lang == "zh" and human:
            assert_chinese(out)


def test_version_options() -> None:
    for option in ("--version", "-V"):
        out = run([option])
        assert out.returncode == 0 and re.fullmatch(r"budgetlens \d+\.\d+\.\d+\n", out.stdout)
