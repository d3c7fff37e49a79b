"""import_spec: feeds, creatives and plans back into projects; placeholders for images known by
hash or URL; export -> import -> export gives the same payloads; bad files name what is wrong."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.platforms.meta.export.importer import import_spec
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.values.errors import BadInputError

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
HASH_A, HASH_B = "6f1ed002ab5595859014ebf0951522d9", "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"

FEED = {
    "ad_formats": ["SINGLE_IMAGE"],
    "images": [
        {"hash": HASH_A, "image_crops": {"100x100": [[0, 100], [1079, 1179]]}, "url_tags": "utm_content=a",
         "adlabels": [{"name": "Hero shot", "id": "238000"}]},
        {"url": "https://cdn.example.com/img/summer-look.jpg", "image_crops": {"400x500": [[0, 0], [863, 1079]]}},
        {"hash": HASH_B},
    ],
    "titles": [{"text": "Big sale", "url_tags": "utm_term=big"}, {"text": "Last days", "adlabels": [{"name": "T2"}]}],
    "bodies": [{"text": "Everything must go 🚀"}],
    "descriptions": [{"text": "Free shipping"}],
    "call_to_action_types": ["SHOP_NOW", "LEARN_MORE"],
    "link_urls": [{"website_url": "https://example.com/sale", "display_url": "example.com",
                   "url_tags": "utm_source=meta"}],
    "optimization_type": "REGULAR",
}


def _write(tmp_path, name, doc) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return str(path)


def test_feed_becomes_a_project_with_placeholders(tmp_path):
    project = import_spec(_write(tmp_path, "feed.json", FEED), tmp_path / "p")
    loaded = load_project(tmp_path / "p")
    assert [a.text for a in loaded.pools["titles"]] == ["Big sale", "Last days"]
    assert loaded.asset("title1").url_tags == "utm_term=big" and loaded.asset("title2").label == "T2"
    assert [c.type for c in loaded.pools["call_to_actions"]] == ["SHOP_NOW", "LEARN_MORE"]
    assert loaded.pools["link_urls"][0].display_url == "example.com"
    img1 = loaded.asset("img1")
    assert img1.label == "Hero shot" and img1.crop.corners() == [[0, 100], [1079, 1179]]
    assert loaded.asset("img2").crop.key == "400x500"
    assert loaded.remote_images == {"img1": {"hash": HASH_A},
                                    "img2": {"url": "https://cdn.example.com/img/summer-look.jpg"},
                                    "img3": {"hash": HASH_B, "no_crop": True}}
    # Placeholders are images with no file: listed as problems so the window offers a relink.
    assert set(loaded.file_problems) == {"img1", "img2", "img3"}
    assert all("missing" in m for m in loaded.file_problems.values())
    assert project.export.url_tags_template == "utm_source=meta"


def test_feed_round_trip_gives_the_same_payload(tmp_path):
    import_spec(_write(tmp_path, "feed.json", FEED), tmp_path / "p")
    project = load_project(tmp_path / "p")
    project.update_campaign(page_id="123")
    project.file_problems.clear()  # the remote images are sent by hash / URL, not read from disk
    plan = build_plan(project, now=NOW)
    assert [c["kind"] for c in plan["calls"]] == ["campaign", "adset", "creative", "ad"]  # nothing to upload
    feed = plan["calls"][2]["params"]["asset_feed_spec"]
    want = dict(FEED)
    del want["optimization_type"]  # what Meta answers on read; not something to send
    # An image that came without a crop goes back without one: a made-up crop could lie outside it.
    want["images"] = [dict(FEED["images"][0], adlabels=[{"name": "Hero shot"}]), FEED["images"][1],
                      {"hash": HASH_B}]
    assert feed == want


def test_creative_as_the_graph_api_returns_it(tmp_path):
    creative = {"asset_feed_spec": FEED, "id": "120210000000001", "name": "Sale creative",
                "object_story_spec": {"page_id": "104857600012345", "instagram_user_id": "17841400000000000"},
                "degrees_of_freedom_spec": {"creative_features_spec": {
                    "image_uncrop": {"enroll_status": "OPT_OUT"}, "text_optimizations": {"enroll_status": "OPT_IN"}}}}
    project = import_spec(_write(tmp_path, "creative.json", creative), tmp_path / "p")
    assert project.name == "Sale creative"
    assert project.campaign.page_id == "104857600012345"
    assert project.campaign.instagram_user_id == "17841400000000000"
    assert project.enhancements == {"image_uncrop": "OPT_OUT", "text_optimizations": "OPT_IN"}
    listing = {"data": [creative]}
    assert len(import_spec(_write(tmp_path, "list.json", listing), tmp_path / "q").pools["titles"]) == 2


def test_bundle_plan_restores_the_whole_project(demo_project, tmp_path):
    demo_project.pin("title2")
    demo_project.exclude("img1", "body1")
    demo_project.set_approval("body2", "approved", "ok by legal")
    save_project(demo_project)
    plan = write_bundle(demo_project, tmp_path / "bundle", now=NOW, previews=False)
    import_spec(tmp_path / "bundle" / "plan.json", tmp_path / "restored")
    restored = load_project(tmp_path / "restored")
    assert not restored.file_problems
    assert restored.pins == {"title2"} and restored.exclusions == {frozenset({"img1", "body1"})}
    assert restored.asset("body2").approval.note == "ok by legal"
    assert restored.export == demo_project.export
    assert (tmp_path / "restored" / "assets" / "smart-watch.jpg").is_file()
    assert build_plan(restored, now=NOW) == plan  # export -> import -> export: the same payloads


def test_plan_alone_is_rebuilt_from_its_calls(demo_project, tmp_path):
    demo_project.exclude("img1", "title1")
    demo_project.exclude("img3", "desc2")
    plan = write_bundle(demo_project, tmp_path / "bundle", now=NOW, previews=False)
    (tmp_path / "bundle" / "dcstudio-project.json").unlink()
    import_spec(tmp_path / "bundle" / "plan.json", tmp_path / "rebuilt")
    rebuilt = load_project(tmp_path / "rebuilt")
    assert rebuilt.exclusions == {frozenset({"img1", "title1"}), frozenset({"img3", "desc2"})}
    assert rebuilt.campaign.budget.amount == demo_project.campaign.budget.amount
    assert rebuilt.enhancements == demo_project.enhancements
    assert build_plan(rebuilt, now=NOW)["calls"] == plan["calls"]


def test_bundle_feed_file_links_the_bundle_images(demo_project, tmp_path):
    write_bundle(demo_project, tmp_path / "bundle", now=NOW, previews=False)
    project = import_spec(tmp_path / "bundle" / "asset_feed_spec.json", tmp_path / "p")
    assert len(project.pools["images"]) == 5 and not project.remote_images
    assert load_project(tmp_path / "p").file_problems == {}


def test_changed_bundle_image_is_refused(demo_project, tmp_path):
    write_bundle(demo_project, tmp_path / "bundle", now=NOW, previews=False)
    (tmp_path / "bundle" / "images" / "ceramic-mug.jpg").write_bytes(b"not the same")
    with pytest.raises(BadInputError, match="ceramic-mug.jpg.*sha256"):
        import_spec(tmp_path / "bundle" / "plan.json", tmp_path / "p")


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"{\"images\": [", "not valid JSON"),
    (b"[1, 2]", "must hold a JSON object"),
    (b"{\"hello\": 1}", "not an asset_feed_spec.*hello"),
    (b"{\"images\": [{\"url_tags\": \"x\"}]}", "images\\[0\\]: an image needs a hash or a url"),
    (b"{\"images\": {\"hash\": \"x\"}}", "images: must be a list of objects"),
    (b"{\"images\": [{\"hash\": \"x\", \"image_crops\": {\"191x101\": [[0, 0], [9, 9]]}}]}",
     "images\\[0\\].image_crops: crop key '191x101'"),
    (b"{\"images\": [{\"hash\": \"x\", \"image_crops\": {\"100x100\": [[5, 5], [1, 1]]}}]}",
     "non-negative with x2 >= x1"),
    (b"{\"call_to_action_types\": [\"BUY_IT\"]}", "call_to_action_types\\[0\\]: 'BUY_IT'"),
    (b"{\"titles\": [{\"text\": 5}]}", "titles\\[0\\].text: must be text"),
    (b"{\"link_urls\": [{\"display_url\": \"x\"}]}", "link_urls\\[0\\].website_url: is missing"),
    (b"{\"ad_formats\": [\"HOLOGRAM\"]}", "ad_formats: 'HOLOGRAM'"),
    (b"{\"asset_feed_spec\": [1]}", "asset_feed_spec must be a JSON object"),
    (b"{\"plan_version\": 1, \"calls\": 3}", "calls"),
])
def test_bad_files_are_named_and_explained(tmp_path, content, words):
    path = tmp_path / "in.json"
    path.write_bytes(content)
    with pytest.raises(BadInputError, match=words) as info:
        import_spec(path, tmp_path / "p")
    assert str(path) in str(info.value)
    assert not (tmp_path / "p").exists()


def test_missing_file_and_existing_project_are_refused(demo_copy, tmp_path):
    with pytest.raises(BadInputError, match="file not found"):
        import_spec(tmp_path / "nope.json", tmp_path / "p")
    with pytest.raises(BadInputError, match="already holds a project"):
        import_spec(_write(tmp_path, "feed.json", FEED), demo_copy)


@pytest.mark.parametrize("value", ["/etc/hostname.jpg", "../outside.png", "sub/../../x.jpg"])
def test_an_image_path_outside_the_spec_folder_is_refused(tmp_path, value):
    from PIL import Image

    Image.new("RGB", (10, 10)).save(tmp_path / "outside.png")
    inner = tmp_path / "spec"
    inner.mkdir()
    feed = dict(FEED, images=[{"hash": value}])
    with pytest.raises(BadInputError, match="points outside the folder"):
        import_spec(_write(inner, "feed.json", feed), tmp_path / "p")
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("corners, words", [
    ([[0, 0], [True, 99]], "whole numbers of pixels, not true/false"),
    ([[0, 0], [99.0, 99]], "whole numbers of pixels, not 99.0 \\(float\\)"),
    ([[0, 0], [2.7, 99]], "not 2.7 \\(float\\)"),
    ([[0, 0], [1e30, 1e30]], "not 1e\\+30 \\(float\\)"),
    ([[0, 0], [10 ** 30, 10 ** 30]], "corner value 10{30} is outside 0..65535"),
    ([[-1, 0], [99, 99]], "corner value -1 is outside 0..65535"),
    ([[0, 0], [65536, 65536]], "corner value 65536 is outside"),
    ([["0", "0"], ["99", "99"]], "not '0' \\(str\\)"),
    ([[None, 0], [99, 99]], "not None"),
    (["01", "99"], "must be \\[\\[x1, y1\\], \\[x2, y2\\]\\]"),
    ([0, 0, 99, 99], "two corners of two numbers"),
    ([[0, 0, 0], [99, 99]], "two corners of two numbers"),
    ([[[0], [0]], [99, 99]], "not \\[0\\] \\(list\\)"),
    ([[0, 0]], "two corners of two numbers"),
    ({"x1": 0}, "two corners of two numbers"),
    ("0,0,99,99", "two corners of two numbers"),
])
def test_crop_corners_must_be_whole_numbers_in_range(tmp_path, corners, words):
    # Placeholder images (hash only) have no size to check a crop against, so the corners'
    # own check is all that stands between a bad file and a crop like 10**30 pixels.
    images = [{"hash": HASH_A}, {"hash": HASH_B},
              {"hash": "c" * 32, "image_crops": {"100x100": corners}}]
    creative = {"asset_feed_spec": dict(FEED, images=images)}
    path = _write(tmp_path, "creative.json", creative)
    with pytest.raises(BadInputError, match=words) as info:
        import_spec(path, tmp_path / "p")
    assert str(info.value).startswith(f"{path}: asset_feed_spec.images[2].image_crops.100x100: ")
    assert not (tmp_path / "p").exists()


def test_crop_corners_at_the_limit_are_kept(tmp_path):
    feed = dict(FEED, images=[{"hash": HASH_A, "image_crops": {"100x100": [[0, 0], [65535, 65535]]}}])
    project = import_spec(_write(tmp_path, "feed.json", feed), tmp_path / "p")
    assert project.asset("img1").crop.corners() == [[0, 0], [65535, 65535]]


def test_an_image_with_several_crops_keeps_the_first_and_says_what_was_left_out(tmp_path):
    feed = json.loads(json.dumps(FEED))
    feed["images"][0]["image_crops"] = {"100x100": [[0, 100], [1079, 1179]], "191x100": [[0, 0], [1079, 564]]}
    notes: list[str] = []
    project = import_spec(_write(tmp_path, "feed.json", feed), tmp_path / "p", notes=notes)
    assert project.asset("img1").crop.key == "100x100"
    assert notes == ["images: adlabels kept by name; left out the ids Meta gave them (a new creative names its labels)",
                     "images[0].image_crops: kept 100x100; left out 191x100 (dcstudio keeps one crop per image)"]


def test_a_bad_second_crop_is_refused_like_a_first(tmp_path):
    feed = json.loads(json.dumps(FEED))
    feed["images"][0]["image_crops"] = {"100x100": [[0, 100], [1079, 1179]], "191x100": [[0, 0], [True, 564]]}
    with pytest.raises(BadInputError, match=r"images\[0\]\.image_crops\.191x100: corners must be whole numbers"):
        import_spec(_write(tmp_path, "feed.json", feed), tmp_path / "p")
    assert not (tmp_path / "p").exists()
