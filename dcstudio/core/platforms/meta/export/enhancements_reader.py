"""Reading ``degrees_of_freedom_spec.creative_features_spec``: the creative's enhancements, with
Standard Enhancements (a bundle the API no longer takes) read as its features."""
from __future__ import annotations

from dcstudio.core.model.project import ENROLL_STATUSES, Project
from dcstudio.core.platforms.meta.export.spec_fields import fail
from dcstudio.core.values.meta_enums import ENHANCEMENT_FEATURES

STANDARD_ENHANCEMENTS = "standard_enhancements"
# The bundle's sub-features, per Meta's Standard Enhancements page (the API refuses the bundle
# since v22.0, 3858504; setting these has the same effect).
STANDARD_BUNDLE = {"SINGLE_VIDEO": ("video_auto_crop", "text_optimizations", "inline_comment")}
STANDARD_BUNDLE_IMAGE = ("image_templates", "image_touchups", "text_optimizations", "inline_comment")
_WHERE = "degrees_of_freedom_spec.creative_features_spec"


def read_enhancements(project: Project, creative: dict, source, notes: list | None) -> None:
    """Sets the project's enhancements from the creative (after its ad format is set, which the
    bundle's features depend on)."""
    dof = creative.get("degrees_of_freedom_spec") or {}
    features = dof.get("creative_features_spec", {}) if isinstance(dof, dict) else None
    if not isinstance(features, dict):
        fail(source, "degrees_of_freedom_spec", "must be an object with creative_features_spec")
    for feature, value in sorted(features.items()):
        status = value.get("enroll_status") if isinstance(value, dict) else None
        if status not in ENROLL_STATUSES:
            fail(source, f"{_WHERE}.{feature}", "enroll_status must be OPT_IN or OPT_OUT")
        if feature != STANDARD_ENHANCEMENTS:
            project.set_enhancement(feature, status)
    if features:
        _bundle_and_notes(project, features, notes)


def _bundle_and_notes(project: Project, features: dict, notes: list | None) -> None:
    """The bundle becomes its features (those the source does not set itself), and the notes say
    so, and which features export will send as OPT_OUT because the source did not set them."""
    if STANDARD_ENHANCEMENTS in features:
        status = features[STANDARD_ENHANCEMENTS]["enroll_status"]
        parts = STANDARD_BUNDLE.get(project.ad_format, STANDARD_BUNDLE_IMAGE)
        for feature in parts:
            if feature not in features:
                project.set_enhancement(feature, status)
        if notes is not None:
            notes.append(f"{_WHERE}.{STANDARD_ENHANCEMENTS}: the API no longer takes this bundle (3858504); set "
                         f"instead as its features {', '.join(parts)}: {status}")
    unset = [f for f in ENHANCEMENT_FEATURES if f not in project.enhancements]
    if unset and notes is not None:
        notes.append(f"{_WHERE}: features the source does not set are sent as OPT_OUT: {', '.join(unset)}")
