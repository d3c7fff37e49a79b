"""The core and the command line work with PySide6 unavailable."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_BLOCK_QT = textwrap.dedent("""
    import importlib.abc, sys
    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split('.')[0] in ('PySide6', 'shiboken6'):
                raise ImportError(f'{name} is blocked in this test')
    sys.meta_path.insert(0, BlockQt())
""")


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _BLOCK_QT + textwrap.dedent(code)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_every_core_module_imports_without_qt():
    result = _run("""
        import pkgutil, importlib, dcstudio.core as core
        names = [m.name for m in pkgutil.walk_packages(core.__path__, 'dcstudio.core.')]
        for name in names:
            importlib.import_module(name)
        assert not [m for m in sys.modules if m.startswith('PySide6')]
        print(len(names))
    """)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 10


def test_command_line_runs_without_qt(tmp_path):
    result = _run(f"""
        from dcstudio.cli import main
        assert main(['info', {str(ROOT / 'resources' / 'demo')!r}, '--json']) == 0
        assert not [m for m in sys.modules if m.startswith('PySide6')]
    """)
    assert result.returncode == 0, result.stderr
    assert '"combinations": 180' in result.stdout


def test_version_does_not_import_qt():
    result = _run("""
        from dcstudio.cli import main
        try:
            main(['--version'])
        except SystemExit as exit:
            assert exit.code == 0
        assert not [m for m in sys.modules if m.startswith('PySide6')]
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "dcstudio 0.1.0"


def test_import_linter_contract_holds():
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.skip("import-linter is not installed in this environment")
    result = subprocess.run([str(linter)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The core never imports Qt KEPT" in result.stdout
