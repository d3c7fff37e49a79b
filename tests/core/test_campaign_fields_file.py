"""The campaign's bid amount and special ad category countries survive a save and a load; older
files without them still open."""
from __future__ import annotations

import dataclasses
import json

from dcstudio.core.model.project import Project
from dcstudio.core.model.project_format import project_from_dict, project_to_dict


def test_bid_amount_and_special_category_countries_round_trip(tmp_path):
    project = Project("p")
    project.campaign = dataclasses.replace(project.campaign, bid_strategy="COST_CAP", bid_amount=250,
                                           special_ad_categories=("HOUSING",), special_ad_category_country=("US", "CA"))
    doc = json.loads(json.dumps(project_to_dict(project)))
    assert doc["campaign"]["bid_amount"] == 250
    assert doc["campaign"]["special_ad_category_country"] == ["US", "CA"]
    again = project_from_dict(doc, tmp_path / "dcstudio.json")
    assert again.campaign.bid_amount == 250
    assert again.campaign.special_ad_category_country == ("US", "CA")


def test_a_file_without_them_opens_with_the_defaults(tmp_path):
    doc = json.loads(json.dumps(project_to_dict(Project("p"))))
    assert "bid_amount" not in doc["campaign"] and "special_ad_category_country" not in doc["campaign"]
    again = project_from_dict(doc, tmp_path / "dcstudio.json")
    assert again.campaign.bid_amount is None
    assert again.campaign.special_ad_category_country == ()
