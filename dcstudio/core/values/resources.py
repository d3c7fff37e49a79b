"""Where the bundled resources are: the installed package's copy, or the source tree's."""
from __future__ import annotations

from pathlib import Path

import dcstudio


def resources_dir() -> Path:
    # A wheel installs resources/ as dcstudio/resources; in a source checkout it sits beside dcstudio/.
    package = Path(dcstudio.__file__).resolve().parent
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "schema").is_dir():
            return candidate
    raise FileNotFoundError("dcstudio's resources are missing; reinstall the package")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def demo_project_dir() -> Path:
    return resource("demo")


def demo_catalog_dir() -> Path:
    """The bundled catalog-ad demo: a feed of 50 products with their images, read offline."""
    return resource("demo_catalog")
