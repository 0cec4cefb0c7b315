"""Images of published records, re-encoded without metadata (SPEC 5.2).

A photo straight from a phone carries GPS coordinates, the device, the time
and sometimes the owner's name. Nothing under content/assets/ that is an image
is copied to the site as it is: each image of a published record is decoded,
turned upright from its EXIF orientation, resized to a few widths for
`srcset`, and encoded again from pixels alone, so no EXIF, GPS, XMP, IPTC,
ICC or comment survives. Images of records that are not published are not
written at all. An image's size is read from its header before any pixel is
decoded: a small file can claim a huge picture (a "decompression bomb"), and
one above MAX_PIXELS is refused with its dimensions named.
"""
from __future__ import annotations

import io
import posixpath
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

WIDTHS = (480, 960, 1440)
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic", ".bmp"}
OUTPUT_DIR = "assets/images"
MAX_PIXELS = 50_000_000  # a 50-megapixel photo is larger than any phone takes


class ImageError(ValueError):
    """An image that cannot be published, in words for editors."""


def probe(data: bytes) -> tuple[int, int]:
    """(width, height) from the header alone; ImageError when unreadable or too large."""
    too_large = ImageError(f"the image has more than {MAX_PIXELS // 1_000_000} megapixels, the most accepted: "
                           "make it smaller")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is lower
            with Image.open(io.BytesIO(data)) as image:  # lazy: reads the header, decodes nothing
                width, height = image.size
                fmt = image.format
    except Image.DecompressionBombError as exc:  # Pillow's own limit, far above ours
        raise too_large from exc
    except (OSError, ValueError) as exc:
        raise ImageError("the file is not an image the site can read (JPEG or PNG)") from exc
    if fmt not in ("JPEG", "PNG", "MPO"):
        raise ImageError(f"the file is a {fmt or 'unknown'} image whatever its name says; save it as JPEG or PNG")
    if width * height > MAX_PIXELS:
        raise ImageError(f"the image is {width} x {height} pixels; at most {MAX_PIXELS // 1_000_000} megapixels "
                         "are accepted: make it smaller")
    return width, height


def asset_path(content_dir, src: str) -> Path:
    """content/assets/<src>, refused if it leaves content/assets/ or is a link (checked before, again here)."""
    base = (Path(content_dir) / "assets").resolve()
    path = Path(content_dir) / "assets" / src
    if path.is_symlink() or not path.resolve().is_relative_to(base) or not path.resolve().is_file():
        raise ImageError(f"'{src}' is not a file inside content/assets/")
    return path


def is_image(path: str) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def _output_format(src: str) -> tuple[str, str]:
    """(Pillow format, file suffix): photos become JPEG, images with transparency stay PNG."""
    return ("PNG", ".png") if Path(src).suffix.lower() == ".png" else ("JPEG", ".jpg")


def variant_path(src: str, width: int) -> str:
    stem = posixpath.splitext(src.replace("/", "-"))[0]
    return f"{OUTPUT_DIR}/{stem}-{width}{_output_format(src)[1]}"


def reencode(data: bytes, src: str, width: int) -> bytes:
    """The image at most `width` pixels wide, upright, encoded from its pixels only."""
    probe(data)
    with Image.open(io.BytesIO(data)) as original:
        image = ImageOps.exif_transpose(original)  # keep what the camera meant by "up"
        image.load()
    fmt, _ = _output_format(src)
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    # a fresh image from the pixels alone: no info dict, no EXIF, no ICC profile, no comments
    mode = "RGBA" if fmt == "PNG" and image.mode in ("RGBA", "LA", "P") else "RGB"
    clean = Image.frombytes(mode, image.size, image.convert(mode).tobytes())
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue()


@dataclass(frozen=True)
class Variant:
    path: str  # site path
    width: int
    data: bytes


def variants(content_dir, src: str) -> list[Variant]:
    """Each width of the image content/assets/<src>, narrowest first (none wider than the original)."""
    data = asset_path(content_dir, src).read_bytes()
    probe(data)
    with Image.open(io.BytesIO(data)) as header:
        # EXIF orientation may swap the sides; read from the tag, without decoding pixels
        rotated = header.getexif().get(0x0112) in (5, 6, 7, 8)
        own_width = header.height if rotated else header.width
    widths = sorted({w for w in WIDTHS if w < own_width} | {min(own_width, WIDTHS[-1])})
    return [Variant(variant_path(src, w), w, reencode(data, src, w)) for w in widths]


def prepare(content_dir, records) -> dict[str, list[Variant]]:
    """src -> variants, for every image of the given (published) records."""
    out = {}
    for record in records:
        for image in record.meta.get("images") or []:
            if image["src"] not in out:
                out[image["src"]] = variants(content_dir, image["src"])
    return out
