"""The catalog lint: a product catalog (its DuckDB store) checked against the profile's feed rules.

``lint_catalog(store, profile, *, images=False, progress=None, cancel=None) -> CatalogReport``
    ``profile`` "meta-catalog" or "google-merchant" (None: the one the import recorded). Runs each
    rule of ``checks_catalog`` as one query over ``products`` on a cursor of its own (so a worker
    thread may call it), then, with ``images``, fetches the image links (``catalog_images``).
    ``progress(done, total)`` after each step; ``cancel`` (threading.Event) stops it with
    Cancelled, between queries and inside a long one.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from dcstudio.core.lint.catalog_report import CatalogFinding, CatalogReport
from dcstudio.core.lint.catalog_values import catalog_limits
from dcstudio.core.lint.checks_catalog import CHECKS, FIX_FUNCTIONS, Context
from dcstudio.core.lint.rules import RULES
from dcstudio.core.model.catalog_spec import CATALOG_PROFILES, DEFAULT_CATALOG_PROFILE
from dcstudio.core.values.errors import BadInputError, Cancelled

Progress = Callable[[int, int], None]
# Findings kept per rule (the counts stay exact): a feed where every row breaks a rule would
# otherwise hold a million findings in memory, and a list that long helps nobody.
MAX_PER_RULE = 100_000


def lint_catalog(store, profile: str | None = None, *, images: bool = False, progress: Progress | None = None,
                 cancel: threading.Event | None = None, image_where: str | None = None,
                 image_params: Sequence = (), image_ids: Sequence[str] | None = None,
                 max_per_rule: int = MAX_PER_RULE, image_options: dict | None = None) -> CatalogReport:
    """``image_where`` (a SQL condition over ``products``, with ``image_params``) or ``image_ids``
    (product ids) limit the image check to some products, e.g. one product set."""
    info = store.info()
    profile = profile or info.get("profile") or DEFAULT_CATALOG_PROFILE
    if profile not in CATALOG_PROFILES:
        raise BadInputError(f"catalog profile {profile!r}: use one of {', '.join(CATALOG_PROFILES)}")
    con = store.cursor()
    try:
        ctx = Context(profile, catalog_limits(profile), frozenset(store.present()))
        products = int(con.execute("SELECT count(*) FROM products").fetchone()[0])
        findings: list[CatalogFinding] = []
        counts: dict[str, int] = {}
        truncated: list[str] = []
        steps = len(CHECKS)
        for n, check in enumerate(CHECKS):
            _check_cancel(cancel)
            sql = check(ctx)
            if sql:
                rows = _run(con, _capped(sql), [int(max_per_rule)], cancel)
                for rule_id, row, line, col, value, message, fix, total in rows:
                    rule = RULES[rule_id]
                    if rule_id not in counts:
                        counts[rule_id] = int(total)
                        if total > max_per_rule:
                            truncated.append(rule_id)
                    if rule_id in FIX_FUNCTIONS:
                        fix = FIX_FUNCTIONS[rule_id](fix)
                    findings.append(CatalogFinding(rule_id, rule.severity, row, line, col, value, message, fix,
                                                   rule.source))
            if progress:
                progress(n + 1, steps)
        notes: list[str] = []
        checked = 0
        extra: dict = {}
        if images:
            from dcstudio.core.lint.catalog_images import check_images

            def image_progress(done: int, total: int) -> None:
                if progress:
                    progress(steps + done, steps + total)

            result = check_images(con, ctx, where_sql=image_where, params=image_params, ids=image_ids,
                                  cancel=cancel, progress=image_progress, **(image_options or {}))
            checked = result.checked
            extra = {"image_requests": result.requests, "image_cache_hits": result.cache_hits}
            notes.extend(result.notes)
            for f in result.findings:
                counts[f.rule_id] = counts.get(f.rule_id, 0) + 1
            kept: dict[str, int] = {}
            for f in result.findings:
                kept[f.rule_id] = kept.get(f.rule_id, 0) + 1
                if kept[f.rule_id] <= max_per_rule:
                    findings.append(f)
                elif f.rule_id not in truncated:
                    truncated.append(f.rule_id)
    finally:
        con.close()
    findings.sort(key=CatalogFinding.sort_key)
    return CatalogReport(profile, products, tuple(findings), counts, tuple(notes), tuple(truncated), checked,
                         extra)


def _capped(sql: str) -> str:
    return (f"SELECT rule_id, row_number, line, col, value, message, fix, count(*) OVER (PARTITION BY rule_id) "
            f"AS total FROM ({sql}) q(rule_id, row_number, line, col, value, message, fix) "
            f"QUALIFY row_number() OVER (PARTITION BY rule_id ORDER BY row_number NULLS FIRST, col) <= ?")


def _check_cancel(cancel) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("catalog lint cancelled")


def _interrupt_on_cancel(con, cancel, done: threading.Event) -> None:
    """Interrupts ``con``'s query once ``cancel`` is set, unless ``done`` says it has ended."""
    import duckdb

    while not done.wait(0.05):
        if cancel.is_set():
            try:
                con.interrupt()
            except duckdb.Error:
                # Closed meanwhile (the window dropped the store as it cancelled): the query
                # has failed already, and a thread dying of it would only be noise.
                pass
            return


def _run(con, sql: str, params: list, cancel) -> list[tuple]:
    """One query; a watcher interrupts it when ``cancel`` is set meanwhile."""
    if cancel is None:
        return con.execute(sql, params).fetchall()
    done = threading.Event()
    watcher = threading.Thread(target=_interrupt_on_cancel, args=(con, cancel, done), name="catalog-lint-cancel",
                               daemon=True)
    watcher.start()
    try:
        return con.execute(sql, params).fetchall()
    except Exception:
        _check_cancel(cancel)
        raise
    finally:
        done.set()
        watcher.join()
