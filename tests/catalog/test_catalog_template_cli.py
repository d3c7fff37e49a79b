"""`dcstudio catalog template` and `dcstudio catalog preview-text` end to end."""
from __future__ import annotations

import pytest

from dcstudio.cli import main
from dcstudio.core.model.catalog_template import CatalogTemplate
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import PROJECT_FILE
from tests.catalog.feeds import write

FEED = ("id,title,description,price,sale_price,link,brand\n"
        "A1,organic banana,Ripe,1234.50 EUR,,https://shop.test/a1?x=1,acme\n"
        "B2,green tea,Loose leaf,1500 JPY,1200 JPY,https://shop.test/b2,\n")


@pytest.fixture
def project(tmp_path, capsys):
    p = Project("shop", folder=tmp_path / "shop")
    save_project(p)
    assert main(["catalog", "import", str(p.folder), str(write(tmp_path / "feed.csv", FEED))]) == 0
    capsys.readouterr()
    return p


def test_set_the_template_then_preview_it_for_a_product_and_a_locale(project, capsys):
    folder = str(project.folder)
    assert main(["catalog", "template", folder, "--message", "{{product.name | titleize}} by {{product.brand}}",
                 "--name", "{{product.current_price strip_zeros}}", "--description", "{{product.price}}",
                 "--web-url", "https://t.example/?id={{product.retailer_id | urlencode}}&ad={{ad.id}}",
                 "--cta", "buy_now", "--no-end-card"]) == 0
    saved = load_project(project.folder).catalog_template
    assert saved.name == "{{product.current_price strip_zeros}}" and saved.call_to_action_type == "BUY_NOW"
    assert saved.multi_share_end_card is False
    capsys.readouterr()
    assert main(["catalog", "preview-text", folder, "--locale", "de_DE"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["product A1 (row 1), locale de_DE", "message: Organic Banana by acme",
                   "name: 1.234,50\xa0€", "description: 1.234,50\xa0€",
                   "template_url_spec.web: https://t.example/?id=A1&ad={{ad.id}}"]
    assert main(["catalog", "preview-text", folder, "--product", "B2", "--locale", "en_US"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:4] == ["message: Green Tea by ", "name: ¥1,200", "description: ¥1,500"]
    # fields not given stay
    assert main(["catalog", "template", folder, "--name", "{{product.name}}"]) == 0
    again = load_project(project.folder).catalog_template
    assert again.message == saved.message and again.name == "{{product.name}}"


@pytest.mark.parametrize("argv, words", [
    (["--message", "Hi {{product.colour}}"], "--message: unknown tag 'product.colour'"),
    (["--name", "{{product.price strip_zero}}"], "unknown option 'strip_zero'"),
    (["--description", "{{product.name | upper}}"], "(at character 18)"),
    (["--web-url", "https://x/{{product.url | shout}}"], "--web-url: unknown transform 'shout'"),
    (["--cta", "CLICK"], "unknown call to action type 'CLICK'"),
    ([], "nothing to set"),
])
def test_a_bad_template_exits_2_with_one_line_and_saves_nothing(project, capsys, argv, words):
    before = (project.folder / PROJECT_FILE).read_bytes()
    assert main(["catalog", "template", str(project.folder), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and "\n" not in err and err.startswith("dcstudio: error: ")
    assert (project.folder / PROJECT_FILE).read_bytes() == before


@pytest.mark.parametrize("argv, words", [
    (["--product", "ZZ"], "no product with the id 'ZZ'"),
    (["--locale", "xx_YY"], "unknown locale 'xx_YY'"),
])
def test_preview_text_refuses_an_unknown_product_or_locale(project, capsys, argv, words):
    project = load_project(project.folder)
    project.set_catalog_template(CatalogTemplate(message="{{product.name}}"))
    save_project(project)
    assert main(["catalog", "preview-text", str(project.folder), *argv]) == 2
    assert words in capsys.readouterr().err


def test_preview_text_without_a_template_says_how_to_set_one(project, capsys):
    assert main(["catalog", "preview-text", str(project.folder)]) == 2
    assert "dcstudio catalog template" in capsys.readouterr().err
