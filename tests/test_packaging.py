"""The demo project and schema ship inside a non-editable install, not only in the source tree."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_resources_and_works_installed(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("dcstudio-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "dcstudio/resources/demo/dcstudio.json" in names
    assert "dcstudio/resources/schema/dcstudio-project.schema.json" in names
    assert {"dcstudio/docs/user-guide.md", "dcstudio/docs/rules.md"} <= names  # the Help menu's pages
    assert sum(n.startswith("dcstudio/resources/demo/assets/") for n in names) == 5
    assert "dcstudio/resources/demo_catalog/products.csv" in names  # the catalog-ad demo, with its 50 images
    assert sum(n.startswith("dcstudio/resources/demo_catalog/images/") for n in names) == 50
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, timeout=600)
    env = dict(os.environ, PYTHONPATH=str(target))
    code = ("import dcstudio, sys; from dcstudio.cli import main; "
            "assert dcstudio.__file__.startswith(sys.argv[1]), dcstudio.__file__; "
            "from dcstudio.core.values.resources import demo_project_dir; "
            "sys.exit(main(['info', str(demo_project_dir()), '--json']))")
    done = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"combinations": 180' in done.stdout
