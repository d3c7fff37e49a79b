"""The platforms the studio builds ads for, each with its profiles, limits, placements, lint
checks and exporters: ``platforms()``, ``platform(id)``, ``platform_for_profile(profile)`` and
``exporter_for(project)``.

The lint floor sits below this one and knows nothing of it: it runs the checks of the profile it
is given (``dcstudio.core.lint.profile_checks``), and a platform points at those same checks.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dcstudio.core.lint import checks_meta, checks_platforms, profile_checks
from dcstudio.core.lint.registry import GOOGLE, META, TIKTOK
from dcstudio.core.platforms.exporters import Exporter
from dcstudio.core.platforms.meta.exporter import BUNDLE
from dcstudio.core.render.mockups import PLACEMENTS
from dcstudio.core.values.errors import BadInputError


# The limits stay with the checks that enforce them until a limits table of their own
# (dcstudio.core.values.profiles) holds them: then only _limits changes.
def _limits(profile: str) -> Mapping[str, int]:
    """The most assets of each pool a profile takes ("total": of all pools together)."""
    table = {
        META: {**checks_meta.COUNT_LIMITS, "total": checks_meta.TOTAL_LIMIT},
        GOOGLE: {"images": checks_platforms.GOOGLE_MAX_IMAGES, "videos": 5,
                 **{pool: high for pool, (_, _, high, _) in checks_platforms.GOOGLE_TEXTS.items()}},
        TIKTOK: {"media": checks_platforms.TIKTOK_MAX_MEDIA, "bodies": checks_platforms.TIKTOK_MAX_TEXTS,
                 "call_to_actions": checks_platforms.TIKTOK_MAX_CTAS},
    }
    return MappingProxyType(table[profile])


@dataclass(frozen=True)
class Platform:
    id: str
    title: str
    profiles: tuple[str, ...]
    placements: tuple[str, ...]  # the preview placements (ids) its mockups show
    exporters: tuple[Exporter, ...] = ()  # the first is the default

    def limits(self, profile: str | None = None) -> Mapping[str, int]:
        return _limits(profile or self.profiles[0])

    def checks(self, profile: str | None = None) -> tuple:
        """The lint checks ``lint(project, profile)`` runs for this platform's profile."""
        return profile_checks(profile or self.profiles[0])

    @property
    def default_exporter(self) -> Exporter | None:
        return self.exporters[0] if self.exporters else None


_PLATFORMS = (
    Platform("meta", "Meta (Facebook, Instagram) dynamic creative", (META,), tuple(PLACEMENTS), (BUNDLE,)),
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
