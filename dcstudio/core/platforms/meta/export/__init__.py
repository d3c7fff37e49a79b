"""Offline export: the exact Marketing API calls a project makes, as a plan and as a bundle.

Modules: ``split`` (exclusions compiled into ad sets), ``templates`` (naming and url_tags),
``feed`` (asset_feed_spec), ``plan`` (``build_plan``), ``upload_images``
(``prepare_upload_images``), ``bundle`` (``write_bundle``), ``publish_script`` (publish.sh),
``importer`` (``import_spec``), which reads payloads through ``spec_reader``
(``feed_into_project``) and its ``*_reader`` modules, one per part of a payload.

THE PLAN FORMAT (plan.json; a contract with the publisher, which sends these calls in order)::

    {
      "plan_version": 1,
      "api_version": "v25.0",
      "project": "<name>",
      "created": "<ISO time>",
      "summary": {"campaigns": 1, "adsets": N, "images": N, "creatives": N, "ads": N,
                  "combinations": N, "split": "<how the exclusions split the pool, in words>",
                  "left_out": [{"id": "img2", "name": ..., "note": ...}]},  # rejected in review
      "dcstudio": {"currency": "USD", "naming_template": ..., "url_tags_template": ...,
                   "labels": {...}},   # for import-spec only; never sent
      "calls": [   # in order; each is one Graph API POST
        {"id": "campaign", "kind": "campaign", "method": "POST",
         "path": "act_{ad_account_id}/campaigns",
         "params": {"name": ..., "objective": ..., "status": "PAUSED",
                    "special_ad_categories": [], "buying_type": "AUCTION"},
         "returns": ["id"]},
        {"id": "adset-1", "kind": "adset", "method": "POST", "path": "act_{ad_account_id}/adsets",
         "params": {"campaign_id": "{campaign.id}", "is_dynamic_creative": true, ...},
         "returns": ["id"]},
        {"id": "image-img1", "kind": "image", "method": "POST",
         "path": "act_{ad_account_id}/adimages",
         "file": "images/<file name>", "sha256": "<hex of that file>",
         "params": {"name": "<file name>"}, "returns": ["hash"]},
        {"id": "creative-1", "kind": "creative", "method": "POST",
         "path": "act_{ad_account_id}/adcreatives",
         "params": {"name": ..., "object_story_spec": {"page_id": ...},
                    "asset_feed_spec": {... "images": [{"hash": "{image-img1.hash}",
                                                        "image_crops": {...}}]},
                    "degrees_of_freedom_spec": {...}},
         "returns": ["id"]},
        {"id": "ad-1", "kind": "ad", "method": "POST", "path": "act_{ad_account_id}/ads",
         "params": {"name": ..., "adset_id": "{adset-1.id}",
                    "creative": {"creative_id": "{creative-1.id}"}, "status": "PAUSED"},
         "returns": ["id"]}
      ]
    }

Placeholders: ``{ad_account_id}`` in paths is the account number without "act_"; any string
value that is exactly ``"{<call id>.<field>}"`` is replaced by that call's returned field (for
images the field is ``hash``); only a whole string is one, so braces inside a longer text (Meta's
``{{campaign.id}}`` url_tags macros, "Hi {first.name}") are sent as written. Nothing marks a
reference apart from its form, so ``build_plan`` refuses a project text (title, body, link,
url_tags, label, a name...) that is exactly of that form (lint rule ``meta.text.reference``):
a plan never holds user text a sender would replace (plans written before keep their meaning).
Params hold nested JSON objects; a sender form-encodes each top-level param, JSON-encoding lists
and dicts as strings (as the SDK does). An image upload's
bytes are read from ``file`` in the bundle (images exactly as uploaded, EXIF orientation applied,
so the crop corners match). There is one ad set, creative and ad per part of the exclusion split
(``adset-1``/``creative-1``/``ad-1``, ``adset-2``/...); images shared by several creatives are
uploaded once. A rejected asset (approval) is left out of every call and only named in
``summary.left_out``. An image imported by hash or URL that has no local file yet is not uploaded: its
feed entry carries that ``hash`` or ``url`` literally.

A catalog ad (a project with a ``catalog_template``) has a plan of its own shape, built by
``catalog_plan``: ``catalog`` (``POST /{business_id}/owned_product_catalogs``, unless the catalog
exists), ``product_feed`` (``/{catalog}/product_feeds``, with a ``schedule`` or followed by a
``feed_upload`` to ``/{feed}/uploads`` whose ``file`` is ``feed/<name>`` in the bundle with its
``sha256``), ``product_set`` calls, then campaign, ad set, creative (``product_set_id``,
``object_story_spec.template_data``, ``template_url_spec``) and ad. Those calls' paths start with an
id or with a reference to the call that made the object (``{catalog.id}/product_sets``), which a
sender fills in as it fills in params.

The ``dcstudio`` block (``plan_meta``) holds what the calls cannot say: the budget's currency (the
calls' budgets are bare minor units), labels the feed cannot carry (call-to-action labels;
body and link labels of a carousel) and the naming and url_tags templates (the calls hold only
their results). Senders ignore it; ``import-spec`` reads it.
"""
