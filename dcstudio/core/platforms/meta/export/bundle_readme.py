"""The README.md inside an export bundle: what the files are and how to publish them."""
from __future__ import annotations

from decimal import Decimal

from dcstudio.core.model.approval import left_out_sentence
from dcstudio.core.model.campaign import currency_decimals


def bundle_readme(project, plan: dict, n_feeds: int, previews_line: str, forced_errors) -> str:
    s = plan["summary"]
    names = ["asset_feed_spec.json"] + [f"asset_feed_spec-{n}.json" for n in range(2, n_feeds + 1)]
    if n_feeds <= 1:
        feeds = names[0]
    elif n_feeds <= 3:
        feeds = ", ".join(names[:-1]) + f" and {names[-1]} (one per ad set)"
    else:
        feeds = f"{names[0]}, {names[1]} ... {names[-1]} (one per ad set)"
    budget = project.campaign.budget
    forced = ""
    if forced_errors:
        listed = "\n".join(f"- {f.rule_id}: {f.message}" for f in forced_errors)
        forced = (f"\n## Exported despite lint errors\n\nThe person who exported this forced it past "
                  f"{len(forced_errors)} error(s) the API is likely to reject:\n\n{listed}\n")
    held = left_out_sentence(s.get("left_out", ()))
    if held:
        them = "it" if len(s["left_out"]) == 1 else "them"
        held = f"- Review: {held}. No file, hash or preview of {them} is in this export.\n"
    return f"""# {project.name}: dynamic-creative export

Made by dcstudio on {plan['created']} for the Marketing API {plan['api_version']}. Nothing has
been published: this folder holds exactly what would be sent.

- {s['adsets']} ad set(s), {s['images']} image upload(s), {s['creatives']} creative(s), {s['ads']} ad(s);
  {s['combinations']} combinations of assets.
- Split: {s['split']}.
{held}- Status: {project.campaign.status} (campaign, ad sets and ads).
- Budget: {_money(budget.amount, budget.currency)} {budget.kind},
  sent in the currency's minor units.

## Files

- `plan.json`: every Graph API call in order, with its exact parameters. A string exactly like
  `{{adset-1.id}}` stands for what an earlier call returned (`{{image-img1.hash}}`: the hash of
  an uploaded image); `{{ad_account_id}}` in a path is the ad account number without `act_`.
  Lists and objects are sent JSON-encoded, one form field per top-level parameter.
- {feeds}: the creative's `asset_feed_spec` on its own. Until uploaded, an image's `hash` holds
  its file name here (`images/...`); put the hash the upload returns in its place.
- `publish.sh`: the same calls as curl commands. Run it with the token in an environment
  variable (it is never written anywhere):

      export META_ACCESS_TOKEN=...      # an access token with ads_management
      export AD_ACCOUNT_ID=1234567      # without act_
      STEP=1 ./publish.sh               # STEP=1: confirm each call; returned ids go to publish-state.env

  Or open the project in dcstudio and use Publish, or `dcstudio import-spec plan.json FOLDER` to
  get an editable project back.
- `images/`: the images exactly as they are uploaded (rotation applied, so the crop corners in
  the feed match the pixels).
- `previews/`: {previews_line}
- `dcstudio-project.json`: the project as exported (for `dcstudio import-spec`).
- `manifest.json`: the sha256 of every file, to check nothing changed on the way.
- `.dcstudio-export.json`: marks this as an export of dcstudio, so exporting here again moves it
  aside (to `NAME.previous-<date>`) instead of mixing old and new files; nothing is ever deleted.

## The plan.json format (plan_version 1)

    {{"plan_version": 1, "api_version": "v25.0", "project": "<name>", "created": "<ISO time>",
     "summary": {{"campaigns": 1, "adsets": N, "images": N, "creatives": N, "ads": N,
                 "combinations": N, "split": "<how the exclusions split the pool, in words>"}},
     "dcstudio": {{"currency": "USD", "labels": {{...}}}},   # for import-spec; never sent
     "calls": [   # in order; each is one Graph API POST
       {{"id": "campaign", "kind": "campaign", "method": "POST", "path": "act_{{ad_account_id}}/campaigns",
        "params": {{...}}, "returns": ["id"]}},
       {{"id": "adset-1", "kind": "adset", ..., "params": {{"campaign_id": "{{campaign.id}}",
        "is_dynamic_creative": true, ...}}, "returns": ["id"]}},
       {{"id": "image-img1", "kind": "image", "path": "act_{{ad_account_id}}/adimages",
        "file": "images/<file name>", "sha256": "<hex of that file>", "params": {{"name": "<file name>"}},
        "returns": ["hash"]}},
       {{"id": "creative-1", "kind": "creative", ..., "params": {{"name": ..., "object_story_spec": {{...}},
        "asset_feed_spec": {{... "images": [{{"hash": "{{image-img1.hash}}", "image_crops": {{...}}}}]}},
        "degrees_of_freedom_spec": {{...}}}}, "returns": ["id"]}},
       {{"id": "ad-1", "kind": "ad", ..., "params": {{"adset_id": "{{adset-1.id}}",
        "creative": {{"creative_id": "{{creative-1.id}}"}}, "status": "PAUSED"}}, "returns": ["id"]}}]}}

`{{ad_account_id}}` in a path is the account number without `act_`; a string value that is exactly
`"{{<call id>.<field>}}"` is replaced by that call's returned field (`hash` for images). Each
top-level param is one form field; lists and objects are sent JSON-encoded. An image upload's bytes
are the file named by `file`. One ad set, creative and ad per part of the split. The `dcstudio`
block is not sent: it records the budget's currency (budgets in the calls are in its minor units)
the naming and url_tags templates, and labels the API payload has no place for, so
`dcstudio import-spec plan.json` can rebuild them.

Dynamic-creative ads cannot be deleted once made; archive the ad set instead. Meta reviews each
ad before it runs.
{forced}"""


def _money(amount, currency: str) -> str:
    """"5.00 USD", "500 JPY": the amount with the currency's own decimals, as people write money."""
    places = currency_decimals(currency)
    return f"{Decimal(amount).quantize(Decimal(1).scaleb(-places)):,} {currency}"
