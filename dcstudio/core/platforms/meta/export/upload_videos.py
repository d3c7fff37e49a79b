"""The video files a plan uploads to act_<id>/advideos, and their posters as thumbnails.

A video asset with a file and no ad-account id is uploaded by the publish (chunked, resumable:
``dcstudio.core.platforms.meta.publish.video_uploads``); its poster JPEG is uploaded as an ad
image first, and the feed names both by reference: ``{"video_id": "{video-vid1.id}",
"thumbnail_hash": "{thumb-vid1.hash}"}``. A thumbnail_url or thumbnail_hash the project gives
is sent as it is instead of the poster.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from dcstudio.core.model.adset_split import Split
from dcstudio.core.values.errors import BadInputError, VideoError

VIDEOS_DIR = "videos"


@dataclass(frozen=True)
class UploadVideo:
    asset_id: str
    name: str  # file name in the bundle's videos/ and the upload's title
    source: Path
    sha256: str
    size: int
    poster: Path | None  # uploaded as the thumbnail when the project gives no URL or hash
    poster_name: str = ""
    poster_sha256: str = ""


def used_video_ids(project, split: Split) -> list[str]:
    used = set()
    for adset in split.adsets:
        used.update(adset.ids("media"))
    return [a.id for a in project.pools["videos"] if a.id in used]


def uploaded_videos(project, split: Split) -> list[UploadVideo]:
    """The videos of ``split`` that the publish uploads (a file, no video id), checked: the file is
    there and unchanged since it was added. Raises VideoError naming the file."""
    out, names = [], set()
    for asset_id in used_video_ids(project, split):
        asset = project.asset(asset_id)
        if asset.video_id or not asset.file:
            continue
        source = project.resolve(asset.file)
        if asset.id in project.file_problems:
            raise VideoError(source, f"{project.file_problems[asset.id]}; relink or remove video {asset.id} "
                                     "before exporting")
        if not source.is_file():
            raise VideoError(source, f"file of video {asset.id} is missing; relink or remove it before exporting")
        name = _unique(source.name, names)
        poster = poster_name = poster_sha = None
        if asset.thumbnail and not (asset.thumbnail_url or asset.thumbnail_hash):
            poster = project.resolve(asset.thumbnail)
            if not poster.is_file():
                raise VideoError(source, f"the poster {asset.thumbnail} of video {asset.id} is missing; pick its "
                                         "thumbnail again")
            poster_name = _unique(f"{Path(name).stem}.poster.jpg", names)
            poster_sha = hashlib.sha256(poster.read_bytes()).hexdigest()
        out.append(UploadVideo(asset.id, name, source, asset.sha256 or "", source.stat().st_size, poster,
                               poster_name or "", poster_sha or ""))
    return out


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{stem}-{n}{dot}{ext}" if dot else f"{name}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def video_reference(asset) -> dict:
    """The feed's fields for a video the project already has in the ad account."""
    if not asset.video_id:
        raise BadInputError(f"video {asset.id} ({asset.display_name}) has neither a file nor a video id: add the "
                            "file, or enter the id of a video already in the ad account")
    return {"video_id": asset.video_id}


def copy_bundle_videos(plan: dict, project, root: Path) -> None:
    """The bundle's videos/ and the posters in images/: the files exactly as the plan uploads them."""
    import shutil

    for call in plan["calls"]:
        if call["kind"] == "video":
            source = project.resolve(project.asset(call["id"].removeprefix("video-")).file)
        elif call.get("poster_of"):
            source = project.resolve(project.asset(call["poster_of"]).thumbnail)
        else:
            continue
        dest = root / call["file"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
