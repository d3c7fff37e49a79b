"""The Campaign tab's audience: where (countries, regions, cities), who (age, genders, languages)
and whether Meta may widen it (Advantage+ audience). Edits the targeting in Meta's own shape."""
from __future__ import annotations

import copy

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QSpinBox

from dcstudio.qt.form_fields import ListEdit, row, with_problem

AGE_LIMITS = (18, 65)  # Meta's age range; the fields take more so that a wrong age gets a message
GENDERS = (("All", ()), ("Men", (1,)), ("Women", (2,)))


def _keys(items) -> list[str]:
    return [str(i.get("key", "")) if isinstance(i, dict) else str(i) for i in items or ()]


def _locale(item: str):
    return int(item) if item.isdigit() else item  # Meta's locale ids are numbers; others get a message


class AudienceSection(QGroupBox):
    # The new targeting, the field's words and the value in words (for the undo text).
    changed = Signal(dict, str, str)

    def __init__(self, parent=None):
        super().__init__("Audience", parent)
        self._targeting: dict = {}
        self.countries = ListEdit("US, CA", upper=True)
        self.regions = ListEdit("region keys, e.g. 3847")
        self.cities = ListEdit("city keys, e.g. 2490299")
        self.age_min, self.age_max = QSpinBox(), QSpinBox()
        for box in (self.age_min, self.age_max):
            box.setRange(0, 120)
            box.setKeyboardTracking(False)
        self.genders = QComboBox()
        for text, value in GENDERS:
            self.genders.addItem(text, list(value))
        self.locales = ListEdit("all languages; locale ids, e.g. 6, 24")
        self.advantage = QCheckBox("Advantage+ audience (Meta may reach beyond it)")

        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        geo_box, self.geo_problem = with_problem(self.countries)
        form.addRow("Countries", geo_box)
        form.addRow("Regions", self.regions)
        form.addRow("Cities", self.cities)
        age_box, self.age_problem = with_problem(row(self.age_min, QLabel("to"), self.age_max, stretch=True))
        form.addRow("Age range", age_box)
        genders_box, self.genders_problem = with_problem(self.genders)
        form.addRow("Genders", genders_box)
        locales_box, self.locales_problem = with_problem(self.locales)
        form.addRow("Languages", locales_box)
        form.addRow("", self.advantage)
        self.problem_lines = {
            "campaign.targeting.geo_locations": self.geo_problem,
            "campaign.targeting.age": self.age_problem,
            "campaign.targeting.genders": self.genders_problem,
            "campaign.targeting.locales": self.locales_problem,
        }

        self.countries.committed.connect(lambda items: self._geo("countries", items, "Countries"))
        self.regions.committed.connect(lambda items: self._geo("regions", items, "Regions"))
        self.cities.committed.connect(lambda items: self._geo("cities", items, "Cities"))
        self.age_min.editingFinished.connect(self._age)
        self.age_max.editingFinished.connect(self._age)
        self.genders.currentIndexChanged.connect(self._genders)
        self.locales.committed.connect(self._locales)
        self.advantage.toggled.connect(self._advantage)

    def widgets(self):
        return (self.countries, self.regions, self.cities, self.age_min, self.age_max, self.genders,
                self.locales, self.advantage)

    # -- model -> form ------------------------------------------------------------------------------
    def set_targeting(self, targeting: dict) -> None:
        """Shows ``targeting`` (signals of the fields blocked by the caller)."""
        self._targeting = copy.deepcopy(targeting or {})
        geo = self._targeting.get("geo_locations") or {}
        self.countries.set_items(geo.get("countries") or ())
        self.regions.set_items(_keys(geo.get("regions")))
        self.cities.set_items(_keys(geo.get("cities")))
        self.age_min.setValue(int(self._targeting.get("age_min", AGE_LIMITS[0]) or 0))
        self.age_max.setValue(int(self._targeting.get("age_max", AGE_LIMITS[1]) or 0))
        genders = list(self._targeting.get("genders") or [])
        index = self.genders.findData(genders)
        self.genders.setCurrentIndex(index if index >= 0 else 0)
        self.locales.set_items(self._targeting.get("locales") or ())
        automation = self._targeting.get("targeting_automation") or {}
        self.advantage.setChecked(bool(automation.get("advantage_audience")))

    # -- form -> model -------------------------------------------------------------------------------
    def _emit(self, targeting: dict, words: str, shown: str) -> None:
        if targeting != self._targeting:
            self.changed.emit(targeting, words, shown)

    def _geo(self, key: str, items: list[str], words: str) -> None:
        targeting = copy.deepcopy(self._targeting)
        geo = targeting.setdefault("geo_locations", {})
        if key == "countries":
            value = items
        else:  # a key kept keeps its radius and the like; a new one is just its key
            known = {str(i.get("key")): i for i in geo.get(key) or () if isinstance(i, dict)}
            value = [known.get(k, {"key": k}) for k in items]
        if value:
            geo[key] = value
        else:
            geo.pop(key, None)
        self._emit(targeting, words, ", ".join(items) or "none")

    def _age(self) -> None:
        targeting = copy.deepcopy(self._targeting)
        low, high = self.age_min.value(), self.age_max.value()
        targeting["age_min"], targeting["age_max"] = low, high
        if self._targeting.get("age_min", AGE_LIMITS[0]) == low and self._targeting.get("age_max",
                                                                                         AGE_LIMITS[1]) == high:
            return  # the default range shown, not typed: the project keeps no ages
        self._emit(targeting, "Age range", f"{low}-{high}")

    def _genders(self) -> None:
        targeting = copy.deepcopy(self._targeting)
        value = self.genders.currentData()
        if value:
            targeting["genders"] = value
        else:
            targeting.pop("genders", None)
        self._emit(targeting, "Genders", self.genders.currentText())

    def _locales(self, items: list[str]) -> None:
        targeting = copy.deepcopy(self._targeting)
        if items:
            targeting["locales"] = [_locale(i) for i in items]
        else:
            targeting.pop("locales", None)
        self._emit(targeting, "Languages", ", ".join(items) or "all")

    def _advantage(self, on: bool) -> None:
        targeting = copy.deepcopy(self._targeting)
        targeting.setdefault("targeting_automation", {})["advantage_audience"] = int(on)
        self._emit(targeting, "Advantage+ audience", "On" if on else "Off")
