"""Pictures of the Catalog ad panel on a real X server: a copy of the demo with a 60-product catalog
(two product sets) and a template, the panel in front.

    xvfb-run -a -s "-screen 0 1366x768x24" python tests/smoke/catalog_ad_on_screen.py OUT_DIR

Writes OUT_DIR/catalog-ad.png (the panel, its fields filled in for the first product of the first
set), catalog-ad-tags.png (the tag popup after typing ``{{`` in the headline, the whole screen, so
the popup shows) and catalog-ad-links.png (the panel scrolled to the links, an unknown tag named).
"""
from __future__ import annotations

import csv
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

ITEMS = ("rain jacket", "trail shoe", "wool beanie", "down vest", "hiking sock", "travel backpack")
BRANDS = ("Nordwind", "Acme Outdoor", "Cobalt", "Borealis")


def write_feed(path: Path, n: int = 60) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "description", "availability", "condition", "price", "sale_price",
                         "link", "image_link", "brand", "custom_label_0"])
        for i in range(1, n + 1):
            price = 19.5 + (i * 7.25) % 180
            writer.writerow([f"NW-{1000 + i}", f"{ITEMS[i % len(ITEMS)]} {('alpine', 'city', 'coast')[i % 3]}",
                             f"Light, warm and made to last (model {i}).", "in stock", "new", f"{price:.2f} EUR",
                             f"{price * 0.8:.2f} EUR" if i % 3 == 0 else "", f"https://shop.example/p/nw-{1000 + i}",
                             f"https://shop.example/img/nw-{1000 + i}.jpg", BRANDS[i % len(BRANDS)],
                             ("winter", "summer", "")[i % 3]])
    return path


def _spin(app, until, timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if until():
            return True
        time.sleep(0.02)
    return False


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else ".")
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from dcstudio.cli import main as cli
    from dcstudio.core.values.resources import demo_project_dir
    from dcstudio.qt.app import make_application, open_window, wait_until_ready
    from dcstudio.qt.settings import UiSettings

    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "outdoor"
        shutil.copytree(demo_project_dir(), folder)
        feed = write_feed(Path(tmp) / "feed.csv")
        steps = [["catalog", "import", str(folder), str(feed)],
                 ["catalog", "sets", str(folder), "add", "On sale", "--filter", '{"sale_price_amount": {"gt": 0}}'],
                 ["catalog", "sets", str(folder), "add", "Winter", "--filter", '{"custom_label_0": {"eq": "winter"}}'],
                 ["catalog", "template", str(folder), "--message",
                  "New in: {{product.name | titleize}} by {{product.brand}}. Free returns for 30 days.",
                  "--name", "{{product.name | titleize}}", "--description", "Now {{product.current_price strip_zeros}}",
                  "--web-url", "https://shop.example/r?u={{product.url | urlencode}}&ad={{ad.id}}"]]
        for step in steps:
            if cli(step) != 0:
                return 1
        settings = UiSettings.at(Path(tmp) / "ui.ini")
        window = open_window(str(folder), settings, Path(tmp) / "state")
        window.show()
        wait_until_ready(window)
        window.template_dock.raise_()
        if not _spin(app, lambda: window.template_panel.is_built):
            return 1
        editor = window.template_editor
        if not _spin(app, lambda: editor.product_source.product is not None):
            print("no product came", file=sys.stderr)
            return 1
        editor.update_previews()
        _spin(app, lambda: False, 0.5)
        window.grab().save(str(out / "catalog-ad.png"))

        headline = editor.fields["name"].editor
        headline.setFocus()
        headline.end(False)
        QTest.keyClicks(headline, " · {{")
        _spin(app, headline.tags.is_open, 5)
        _spin(app, lambda: False, 0.5)
        app.primaryScreen().grabWindow(0).save(str(out / "catalog-ad-tags.png"))
        QTest.keyClick(headline.tags.popup, Qt.Key_Escape)

        editor.fields["description"].editor.setText("Now {{product.current_price strip_zero}}")
        editor.fields["description"].edited.emit(editor.fields["description"].text())
        editor.update_previews()
        scroller = editor.pages.parentWidget().parentWidget()
        scroller.ensureWidgetVisible(editor.url_fields["android"]["app_name"])
        _spin(app, lambda: False, 0.5)
        window.grab().save(str(out / "catalog-ad-links.png"))
        window.document.undo_stack.setClean()
        window.close()
    print(f"wrote {out}/catalog-ad.png, catalog-ad-tags.png, catalog-ad-links.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
