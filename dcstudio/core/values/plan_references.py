"""How an export plan names another call's answer: a string that is exactly ``"{<call id>.<field>}"``.

A fact of the plan format that three floors read: the exporter writes references, the publisher
replaces them, and the linter warns about a project text of that form (``meta.text.reference``),
so it lives here, below all of them. Only a whole string is a reference: braces inside a longer
text ("Hi {first.name}", Meta's ``{{campaign.id}}`` macros) are sent as written.
"""
from __future__ import annotations

import re

REFERENCE = re.compile(r"^\{([A-Za-z0-9_.-]+?)\.([a-z_]+)\}$")
