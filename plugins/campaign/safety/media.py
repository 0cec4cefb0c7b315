"""Videos and their captions (a statement's `video`), published without what identifies.

A video from a phone or an editing program carries, in its MP4 boxes, the
device, the software, the time it was recorded and sometimes GPS coordinates
(Apple's `©xyz`, the `loci` box) and XMP. The site serves its own videos
(SPEC 5.4: never an embed from another host), so each one is rewritten before
it reaches the output: every metadata box (`udta`, `meta`, XMP `uuid`) is
turned into a `free` box of the same size with its bytes zeroed, and the
creation and modification times of the movie, its tracks and media are set to
zero. Boxes keep their sizes, so the offsets that point into the media data
stay right and the video plays as before, with nothing decoded or re-encoded
(no encoder is needed on the build machine).

Only MP4 (ISO base media) is accepted: other containers (WebM, MOV from old
cameras, AVI) are refused by the check with how to convert them. Captions are
WebVTT text files: they must be UTF-8 and begin with the WEBVTT signature;
they are published as they are, their text checked for personal data like
any other text of a record.
"""
from __future__ import annotations

import struct

MAX_BYTES = 80_000_000  # a statement clip; longer recordings belong on a video host, linked
CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex", b"moof", b"traf"}
METADATA = {b"udta", b"meta", b"uuid", b"XMP_", b"loci", b"\xa9xyz"}
TIMED = {b"mvhd", b"tkhd", b"mdhd"}  # full boxes whose first fields are creation and modification times


class MediaError(ValueError):
    """A video or caption file that cannot be published, in words for editors."""


def _boxes(data: bytes, start: int, end: int):
    """(type, box start, payload start, box end) of each box between start and end."""
    pos = start
    while pos < end:
        if end - pos < 8:
            raise MediaError("the MP4 file is cut short or damaged: export it again as MP4")
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        header = 8
        if size == 1:
            if end - pos < 16:
                raise MediaError("the MP4 file is cut short or damaged: export it again as MP4")
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise MediaError("the MP4 file is cut short or damaged: export it again as MP4")
        yield kind, pos, pos + header, pos + size
        pos += size


def probe(data: bytes) -> None:
    """MediaError unless `data` is an MP4 file the site can clean."""
    if len(data) > MAX_BYTES:
        raise MediaError(f"the video is larger than {MAX_BYTES // 1_000_000} MB: shorten it, or publish it on a "
                         "video host and give its address as video_url")
    if len(data) < 12 or data[4:8] != b"ftyp":
        raise MediaError("the file is not an MP4 video whatever its name says: convert it to MP4 (H.264), e.g. "
                         "with HandBrake or 'ffmpeg -i input -c:v libx264 -c:a aac video.mp4'")
    kinds = [kind for kind, *_ in _boxes(data, 0, len(data))]
    if b"moov" not in kinds or b"mdat" not in kinds:
        raise MediaError("the MP4 file has no playable movie in it: export it again as MP4")


def clean(data: bytes) -> bytes:
    """The video with every metadata box blanked and its recording times zeroed."""
    probe(data)
    out = bytearray(data)

    def visit(start, end):
        for kind, box, payload, box_end in _boxes(out, start, end):
            if kind in METADATA:
                struct.pack_into(">4s", out, box + 4, b"free")
                out[payload:box_end] = bytes(box_end - payload)
            elif kind in TIMED and box_end - payload >= 12:
                version = out[payload]
                width = 8 if version == 1 else 4
                out[payload + 4:payload + 4 + 2 * width] = bytes(2 * width)
            elif kind in CONTAINERS:
                visit(payload, box_end)

    visit(0, len(out))
    return bytes(out)


def metadata_boxes(data: bytes) -> list[str]:
    """Names of the metadata boxes still in an MP4 file (for tests and the check's messages)."""
    found = []

    def visit(start, end):
        for kind, _box, payload, box_end in _boxes(data, start, end):
            if kind in METADATA:
                found.append(kind.decode("latin-1"))
            elif kind in CONTAINERS:
                visit(payload, box_end)

    visit(0, len(data))
    return found


def captions_text(data: bytes) -> str:
    """The text of a WebVTT file; MediaError when it is not one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MediaError("the captions are not UTF-8 text: save the .vtt file as UTF-8") from exc
    first = text.split("\n", 1)[0].rstrip("\r")
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise MediaError("the captions file does not begin with WEBVTT: convert subtitles (.srt) to WebVTT, "
                         "e.g. with Subtitle Edit (File > Save as > WebVTT)")
    return text


def cue_text(text: str) -> str:
    """The words of the captions, without timings and settings (what the personal-data check reads)."""
    lines = []
    for line in text.splitlines()[1:]:
        if "-->" in line or not line.strip() or line.startswith(("NOTE", "STYLE", "REGION")):
            continue
        lines.append(line)
    return "\n".join(lines)
