"""Export plans built by hand in the contract's format (issue 6 builds them for real with
``dcstudio.core.export.plan.build_plan``; the publish tests use that once it exists)."""
from __future__ import annotations

from datetime import datetime, timezone


def hand_plan(project, *, adsets: int = 1, status: str = "PAUSED") -> dict:
    c = project.campaign
    images = project.pools["images"]
    calls = [{"id": "campaign", "kind": "campaign", "method": "POST", "path": "act_{ad_account_id}/campaigns",
              "params": {"name": project.name, "objective": c.objective, "status": status,
                         "special_ad_categories": list(c.special_ad_categories), "buying_type": c.buying_type},
              "returns": ["id"]}]
    minor = str(int(c.budget.amount * 100))
    for n in range(1, adsets + 1):
        calls.append({"id": f"adset-{n}", "kind": "adset", "method": "POST", "path": "act_{ad_account_id}/adsets",
                      "params": {"name": f"{project.name} - ad set {n}", "campaign_id": "{campaign.id}",
                                 "is_dynamic_creative": True, "optimization_goal": c.optimization_goal,
                                 "billing_event": c.billing_event, "bid_strategy": c.bid_strategy,
                                 "daily_budget": minor, "targeting": c.targeting,
                                 "promoted_object": c.promoted_object, "status": status},
                      "returns": ["id"]})
    for img in images:
        name = img.file.rsplit("/", 1)[-1]
        calls.append({"id": f"image-{img.id}", "kind": "image", "method": "POST",
                      "path": "act_{ad_account_id}/adimages", "file": f"images/{name}", "sha256": img.sha256,
                      "params": {"name": name}, "returns": ["hash"]})
    feed = {
        "ad_formats": [project.ad_format],
        "images": [{"hash": f"{{image-{img.id}.hash}}", "image_crops": {img.crop.key: img.crop.corners()}}
                   for img in images],
        "titles": [{"text": a.text} for a in project.pools["titles"]],
        "bodies": [{"text": a.text} for a in project.pools["bodies"]],
        "descriptions": [{"text": a.text} for a in project.pools["descriptions"]],
        "call_to_action_types": [a.type for a in project.pools["call_to_actions"]],
        "link_urls": [{"website_url": a.website_url} for a in project.pools["link_urls"]],
    }
    features = {k: {"enroll_status": v} for k, v in sorted(project.enhancements.items())}
    for n in range(1, adsets + 1):
        calls.append({"id": f"creative-{n}", "kind": "creative", "method": "POST",
                      "path": "act_{ad_account_id}/adcreatives",
                      "params": {"name": f"{project.name} - creative {n}",
                                 "object_story_spec": {"page_id": c.page_id}, "asset_feed_spec": feed,
                                 "degrees_of_freedom_spec": {"creative_features_spec": features}},
                      "returns": ["id"]})
    for n in range(1, adsets + 1):
        calls.append({"id": f"ad-{n}", "kind": "ad", "method": "POST", "path": "act_{ad_account_id}/ads",
                      "params": {"name": f"{project.name} - ad {n}", "adset_id": f"{{adset-{n}.id}}",
                                 "creative": {"creative_id": f"{{creative-{n}.id}}"}, "status": status},
                      "returns": ["id"]})
    counts = {k: sum(1 for x in calls if x["kind"] == k) for k in ("adset", "image", "creative", "ad")}
    return {"plan_version": 1, "api_version": "v25.0", "project": project.name,
            "created": datetime.now(timezone.utc).isoformat(),
            "summary": {"campaigns": 1, "adsets": counts["adset"], "images": counts["image"],
                        "creatives": counts["creative"], "ads": counts["ad"], "combinations": 180, "split": "none"},
            "calls": calls}
