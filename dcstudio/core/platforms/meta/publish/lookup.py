"""Finding an object a create may have made when its answer was lost or the run stopped.

Every create carries a name tagged with its publish and call id, so the object is looked up
by that name. A lookup that cannot be complete (the list is longer than the limit) never ends
in "not found": it raises LookupIncomplete, since creating the object again could make a
duplicate.
"""
from __future__ import annotations

from pathlib import Path

from dcstudio.core.platforms.meta.publish.graph_errors import GraphPermissionError, ValidationError
from dcstudio.core.platforms.meta.publish.plan_reader import KIND_TITLES, call_path, edge_of
from dcstudio.core.values.errors import DcError

FINDABLE_EDGES = ("campaigns", "adsets", "ads", "adcreatives", "owned_product_catalogs", "product_feeds",
                  "product_sets")
# The edges asked to filter by name on the server (`filtering`, as Graph list edges of ad
# objects take it). UNCONFIRMED: neither the reference nor the SDK lists `filtering` for these
# edges (the SDK's param_types for AdAccount.get_campaigns/get_ad_sets/get_ads omit it). So the
# exact name is always compared here, a server that ignores the filter only makes the read
# longer, and one that refuses it gets the same read without it. act_<id>/adcreatives and the
# catalog edges (a business's catalogs, a catalog's feeds and sets) are read page by page unfiltered.
NAME_FILTER_EDGES = ("campaigns", "adsets", "ads")
LOOKUP_PAGE = 200  # items asked for per page (the server may send fewer; the cursor is followed)
LOOKUP_LIMIT = 5000  # items read at most in one lookup, by default (None: the whole list)


class LookupIncomplete(DcError):
    """The answer to a create was lost (or the run stopped before it was journalled) and the
    object could not be looked for in the whole list: nothing is sent again, since that could
    make a duplicate. ``call_id`` and ``name`` say which object; ``journal_path`` where the
    publish resumes from."""

    def __init__(self, message: str, *, call_id: str, name: str, read: int, journal_path: Path | None,
                 by_limit: bool = True):
        super().__init__(message)
        self.call_id, self.name, self.read, self.journal_path = call_id, name, read, journal_path
        self.by_limit = by_limit  # a higher limit would help (else: the server sent empty pages)


class ObjectLookup:
    """Looks for the object of a create call in its list edge. ``limit``: items read at most
    (None: the whole list)."""

    def __init__(self, client, account: str, journal, limit: int | None):
        self.client, self.account, self.journal, self.limit = client, account, journal, limit

    def find(self, call: dict, name: str) -> dict | None:
        """The object a lost or interrupted create made, looked up by its unique tagged name.
        None only when the lookup was complete; raises LookupIncomplete when it could not be."""
        edge = edge_of(call)
        if edge not in FINDABLE_EDGES:
            return None
        params: dict = {"fields": "id,name", "limit": min(LOOKUP_PAGE, self.limit or LOOKUP_PAGE)}
        if edge in NAME_FILTER_EDGES:
            # the tag and call id close the name and are unique to this object; the exact name
            # is still compared below, so a server that ignored the filter would only be slower
            suffix = f"[dc-{self.journal.tag} {call['id']}]"
            params["filtering"] = [{"field": "name", "operator": "CONTAIN", "value": suffix}]
        def same(item: dict) -> bool:
            return item.get("name") == name and bool(item.get("id"))

        path = call_path(call, self.account)
        try:
            search = self.client.search(path, params, same, max_items=self.limit)
        except (ValidationError, GraphPermissionError):
            if "filtering" not in params:
                raise
            # the edge refused the name filter: the same read without it
            params.pop("filtering")
            search = self.client.search(path, params, same, max_items=self.limit)
        if search.item is not None:
            return {"id": search.item["id"]}
        if search.complete:
            return None
        raise self._incomplete(call, name, edge, search)

    def _incomplete(self, call: dict, name: str, edge: str, search) -> LookupIncomplete:
        title = KIND_TITLES[call["kind"]]
        limit = "no limit" if self.limit is None else f"lookup limit {self.limit:,}"
        if search.stopped_by == "empty pages":
            why = f"the server sent empty pages that still pointed to more; {limit}"
            finish = ("  to finish: publish again later; the publish resumes from its journal and looks "
                      "for it again first")
        else:
            why = (f"the API offers no name filter for {title}s, so the whole list is read"
                   if edge not in NAME_FILTER_EDGES
                   else "the name filter matched more objects than that") + f"; {limit}"
            finish = ("  to finish: publish again with a higher lookup limit to search the whole list (command "
                      "line: the same command with --lookup-limit 0); the publish resumes from its journal")
        lines = [
            f"{title} {call['id']!r} may already exist in {self.account}: the run was interrupted or the answer to "
            f"its create call was lost, and the search for it by name stopped after {search.read:,} of the "
            f"account's {title}s ({why}).",
            "  nothing was sent again: creating it now could make a duplicate",
            f"  looked for: {name}",
            finish,
        ]
        return LookupIncomplete("\n".join(lines), call_id=call["id"], name=name, read=search.read,
                                journal_path=self.journal.path if self.journal else None,
                                by_limit=search.stopped_by != "empty pages")
