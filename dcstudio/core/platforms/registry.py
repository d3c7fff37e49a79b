"""The platforms the studio builds ads for, each with its profiles, limits, placements, lint
checks and exporters: ``platforms()``, ``platform(id)``, ``platform_for_profile(profile)`` and
``exporter_for(project)``.

The lint floor sits below this one and knows nothing of it: it runs the checks of the profile it
is given (``dcstudio.core.lint.profile_checks``), and a platform points at those same checks.
"""
from __future__ import annotations

from dataclasses import dataclass

from dcstudio.core.lint import profile_checks
from dcstudio.core.platforms.exporters import Exporter
from dcstudio.core.platforms.meta.exporter import BUNDLE
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.placements import placement_ids
from dcstudio.core.values.profiles import GOOGLE, META, TIKTOK, ProfileLimits, limits_for


@dataclass(frozen=True)
class Platform:
    id: str
    title: str
    profiles: tuple[str, ...]
    placements: tuple[str, ...]  # the preview placements (ids) its mockups show
    exporters: tuple[Exporter, ...] = ()  # the first is the default

    def limits(self, profile: str | None = None) -> ProfileLimits:
        """The text and count limits of one of its profiles (the first by default), from the
        one table the linter and the window's counters read too."""
        return limits_for(profile or self.profiles[0])

    def checks(self, profile: str | None = None) -> tuple:
        """The lint checks ``lint(project, profile)`` runs for this platform's profile."""
        return profile_checks(profile or self.profiles[0])

    @property
    def default_exporter(self) -> Exporter | None:
        return self.exporters[0] if self.exporters else None


_PLATFORMS = (
    Platform("meta", "Meta (Facebook, Instagram) dynamic creative", (META,), tuple(placement_ids()), (BUNDLE,)),
    # Google and TikTok are linted against their rules but have no exporter yet.
    Platform("google", "Google responsive display ads", (GOOGLE,), ()),
    Platform("tiktok", "TikTok automated creative optimization", (TIKTOK,), ()),
)


def platforms() -> tuple[Platform, ...]:
    return _PLATFORMS


def platform(platform_id: str) -> Platform:
    for p in _PLATFORMS:
        if p.id == platform_id:
            return p
    raise BadInputError(f"platform {platform_id!r}: use one of {', '.join(p.id for p in _PLATFORMS)}")


def platform_for_profile(profile: str) -> Platform:
    for p in _PLATFORMS:
        if profile in p.profiles:
            return p
    known = [prof for p in _PLATFORMS for prof in p.profiles]
    raise BadInputError(f"profile {profile!r}: use one of {', '.join(known)}")


class NoExporter(BadInputError):
    """The project's platform has no exporter."""


def exporter_for(project) -> Exporter:
    """The default exporter of the project's platform; NoExporter when it has none."""
    p = platform_for_profile(project.profile)
    if p.default_exporter is None:
        exporting = ", ".join(f"{q.title} ({', '.join(q.profiles)})" for q in _PLATFORMS if q.exporters)
        raise NoExporter(f"project {project.name!r} uses the {project.profile} profile ({p.title}), which dcstudio "
                         f"can lint but not export yet; export is available for {exporting}")
    return p.default_exporter
