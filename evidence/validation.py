"""What an evidence file or link may be. A file's type is read from its content (magic bytes), never from its
name or the browser's claim; its size is capped by settings.EVIDENCE_MAX_UPLOAD_MB."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from apa_portal import display

# extension -> MIME type of what offices send as evidence: PDF, images, Office and OpenDocument files.
ALLOWED_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "tif": "image/tiff",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
# Office Open XML files are zip archives: the part folders inside say which application wrote them.
OOXML_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_BY_NAME = {".doc": "doc", ".xls": "xls", ".ppt": "ppt"}
HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    extension: str
    mime: str


def max_upload_bytes() -> int:
    return int(settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024)


def sniff(upload: UploadedFile) -> FileType | None:
    """The file's type from its first bytes (and, for zip containers, its member names)."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    if extension == "jpeg":
        extension = "jpg"
    if extension in (None, "zip", "docx", "xlsx", "pptx") and head.startswith(b"PK\x03\x04"):
        extension = ooxml_kind(upload) or extension
    if extension in (None, "doc", "xls", "ppt") and head.startswith(OLE_SIGNATURE):
        # An OLE2 compound file: Word, Excel and PowerPoint 97-2003 share the container. The content is
        # Office either way; the name only tells which of the three applications opens it.
        suffix = "." + (upload.name or "").rsplit(".", 1)[-1].lower()
        extension = extension or OLE_BY_NAME.get(suffix, "doc")
    if extension not in ALLOWED_TYPES:
        return None
    return FileType(extension, ALLOWED_TYPES[extension])


def ooxml_kind(upload: UploadedFile) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for prefix, extension in OOXML_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return extension
    return None


def validate_upload(upload: UploadedFile) -> FileType:
    """The detected type of an acceptable upload; ValidationError with a message for the user otherwise."""
    limit = max_upload_bytes()
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("ফাইলটি খালি।")}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("ফাইলের আকার সর্বোচ্চ %(limit)s মেগাবাইট হতে পারে; এই ফাইলটি %(size)s মেগাবাইট।")
                % {
                    "limit": display.number(settings.EVIDENCE_MAX_UPLOAD_MB),
                    "size": display.number(round(upload.size / 1024 / 1024, 1)),
                }
            },
            code="too_large",
        )
    detected = sniff(upload)
    if detected is None:
        raise ValidationError(
            {
                "file": _(
                    "এই ধরনের ফাইল প্রমাণক হিসেবে গ্রহণ করা হয় না। পিডিএফ, ছবি (JPG, PNG), "
                    "ওয়ার্ড, এক্সেল বা পাওয়ারপয়েন্ট ফাইল দিন।"
                )
            },
            code="type",
        )
    return detected


def validate_link(url: str) -> str:
    """An absolute http(s) link; anything else (javascript:, file:, ftp:, a bare word) is refused."""
    url = (url or "").strip()
    scheme = urlsplit(url).scheme.lower() if url else ""
    if scheme not in ("http", "https"):
        raise ValidationError({"url": _("লিংকটি http:// অথবা https:// দিয়ে শুরু হতে হবে।")}, code="scheme")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError({"url": _("লিংকটি সঠিক নয়।")}, code="invalid") from None
    if len(url) > 2000:
        raise ValidationError({"url": _("লিংকটি অনেক দীর্ঘ (সর্বোচ্চ ২০০০ অক্ষর)।")}, code="too_long")
    return url
