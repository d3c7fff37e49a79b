"""The core's floors hold: import-linter's contracts in pyproject.toml (the core never imports Qt;
values < model < render < lint < platforms), and no import cycle anywhere in dcstudio.core,
counting the imports made inside functions (grimp, import-linter's graph library, reads every
import statement, wherever it stands)."""
from __future__ import annotations

import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from itertools import pairwise
from pathlib import Path

import grimp
import pytest

try:
    import tomllib
except ImportError:  # Python 3.10: import-linter brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CORE = "dcstudio.core"


def _contracts() -> list[dict]:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["tool"]["importlinter"]["contracts"]


def test_import_linter_contracts_are_kept():
    # lint-imports itself, from this interpreter's environment: the test extra installs it.
    run = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    result = subprocess.run([sys.executable, "-c", run, "--no-cache", "--no-logo"], check=False,
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in _contracts():
        assert f"{contract['name']} KEPT" in result.stdout


def test_every_package_of_the_core_is_a_floor_of_the_layers_contract():
    """A new package under dcstudio.core, left out of the contract, would be bound by no floor."""
    (layers,) = [c["layers"] for c in _contracts() if c["type"] == "layers"]
    packages = sorted(f"{CORE}.{p.name}" for p in (ROOT / "dcstudio" / "core").iterdir()
                      if (p / "__init__.py").is_file())
    assert sorted(layers) == packages
    assert layers == [f"{CORE}.platforms", f"{CORE}.insights", f"{CORE}.lint", f"{CORE}.render", f"{CORE}.catalog",
                      f"{CORE}.model", f"{CORE}.values"]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("dcstudio", cache_dir=None)


def test_no_import_cycle_in_the_core(graph):
    core = {m for m in graph.modules if m == CORE or m.startswith(CORE + ".")}
    imports = {m: graph.find_modules_directly_imported_by(m) & core for m in core}
    cycle = []
    try:
        TopologicalSorter(imports).prepare()
    except CycleError as exc:
        cycle = exc.args[1][::-1]  # graphlib lists each module before the one importing it
    lines = [f"{a} -> {b} (line {graph.get_import_details(importer=a, imported=b)[0]['line_number']})"
             for a, b in pairwise(cycle)]
    assert not lines, "import cycle in the core:\n  " + "\n  ".join(lines)
    assert len(core) > 50  # the graph did see the core


def test_the_graph_counts_imports_inside_functions(graph):
    """The two checks above rely on this: an upward or circular import hidden in a function counts.
    (plan_builder imports nothing at module level from the bundle; write_bundle's exporter does
    so inside its ``write``.)"""
    details = graph.get_import_details(importer=f"{CORE}.platforms.meta.exporter",
                                       imported=f"{CORE}.platforms.meta.export.bundle")
    assert details and details[0]["line_contents"].startswith("from dcstudio.core.platforms.meta.export.bundle")
