"""The preview grid's control bar: which placement and which language the tiles show, which
combinations ("Show", "Hide excluded") and how large; kept in step with the project's rules."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSlider

from dcstudio.core.model.campaign_rules import delivers
from dcstudio.core.model.customization import locale_name, rule_locales
from dcstudio.core.values.placements import all_placements
from dcstudio.qt.control_bar import ControlBar


def language_choices(rules) -> list[tuple[str, int | None]]:
    """The grid bar's languages: the default one first (named by its locale when the default rule
    names one), then each other locale the rules name. Empty: the rules name no locale."""
    locales = rule_locales(rules)
    if not locales:
        return []
    default = next((r for r in rules if r.get("is_default")), {})
    own = default.get("customization_spec", {}).get("locales", [])
    if len(own) == 1:  # the default rule's language is the default: listed once
        return [(f"{locale_name(own[0])} (default)", None)] + [(locale_name(n), n) for n in locales if n != own[0]]
    return [("Default language", None)] + [(locale_name(n), n) for n in locales]


def deliverable_placements(campaign) -> list:
    """The preview placements the ad set's placements deliver to: all of them under Advantage+;
    all of them too when none is delivered, so the grid still shows something (the checks say why)."""
    every = list(all_placements())
    if campaign.placements is None:
        return every
    shown = [p for p in every if delivers(campaign.placements, p.id)]
    return shown or every


class GridBar:
    """PreviewGrid's control bar and what keeps it true to the project (a part of PreviewGrid,
    which holds the model that the bar's choices drive)."""

    def _build_bar(self, tile_width: int) -> ControlBar:
        self.placement_box = QComboBox()
        for spec in all_placements():
            self.placement_box.addItem(spec.title, spec.id)
        self.filter_box = QComboBox()
        self.filter_box.setMinimumContentsLength(14)
        self.filter_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.hide_excluded_box = QCheckBox("Hide excluded")
        self.zoom = QSlider(Qt.Horizontal)
        self.zoom.setRange(140, 420)
        self.zoom.setValue(tile_width)
        self.zoom.setFixedWidth(120)
        # Shown only when the customization rules name languages. It sits with the count (which
        # follows it) so the bar's rows keep their width: a 1,024 px window still holds them.
        self.language_label = QLabel("Language")
        self.language_box = QComboBox()
        self.language_box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.language_box.setToolTip("The language whose assets the previews show, by the customization "
                                     "rules (set an asset's language with “Show in…” in the Assets panel)")
        self.language_label.setBuddy(self.language_box)
        self.count_label = QLabel()
        self.count_label.setObjectName("gridCount")
        bar = ControlBar(
            [QLabel("Placement"), self.placement_box, QLabel("Show"), self.filter_box, self.hide_excluded_box],
            [self.language_label, self.language_box, 12, self.count_label, 12, QLabel("Size"), self.zoom])
        self._show_languages([])
        return bar

    def _connect_bar(self) -> None:
        self.placement_box.currentIndexChanged.connect(
            lambda: self.model.set_placement(self.placement_box.currentData()))
        self.language_box.currentIndexChanged.connect(
            lambda: self.model.set_locale(self.language_box.currentData()))
        self.filter_box.currentIndexChanged.connect(
            lambda: self.model.set_filter(self.filter_box.currentData()))
        self.hide_excluded_box.toggled.connect(self.model.set_hide_excluded)

    def set_placement(self, placement: str) -> None:
        index = self.placement_box.findData(placement)
        if index >= 0:  # a saved placement the table no longer has leaves the current one
            self.placement_box.setCurrentIndex(index)

    def set_filter(self, asset_id: str | None) -> None:
        index = self.filter_box.findData(asset_id)
        self.filter_box.setCurrentIndex(max(0, index))

    def _show_placements(self, specs) -> None:
        """The placement choice offers only ``specs``; the current one stays while it is offered."""
        if [self.placement_box.itemData(i) for i in range(self.placement_box.count())] == [p.id for p in specs]:
            return
        current = self.placement_box.currentData()
        self.placement_box.blockSignals(True)
        self.placement_box.clear()
        for spec in specs:
            self.placement_box.addItem(spec.title, spec.id)
        self.placement_box.setCurrentIndex(max(0, self.placement_box.findData(current)))
        self.placement_box.blockSignals(False)
        if self.placement_box.currentData() != self.model.placement:
            self.model.set_placement(self.placement_box.currentData())

    def set_locale(self, locale: int | None) -> None:
        index = self.language_box.findData(locale)
        self.language_box.setCurrentIndex(max(0, index))

    def _show_languages(self, choices) -> None:
        """The language choice: the model's current language stays chosen while the rules still
        name it (the model falls back to the default language when they no longer do)."""
        self.language_box.blockSignals(True)
        self.language_box.clear()
        for text, locale in choices:
            self.language_box.addItem(text, locale)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(self.model.locale)))
        self.language_box.blockSignals(False)
        self.language_label.setVisible(bool(choices))
        self.language_box.setVisible(bool(choices))
        if self.model.locale != self.language_box.currentData():
            self.model.set_locale(self.language_box.currentData())

    def refresh_filter_choices(self, project) -> None:
        """The "Show" menu: every combination, or those holding one asset."""
        current = self.model.filter_asset
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        self.filter_box.addItem("All combinations", None)
        for pool, asset in project.assets():
            if pool == "videos":
                continue
            self.filter_box.addItem(f"With {asset.id}: {asset.display_name[:40]}", asset.id)
        self.filter_box.setCurrentIndex(max(0, self.filter_box.findData(current)))
        self.filter_box.blockSignals(False)
