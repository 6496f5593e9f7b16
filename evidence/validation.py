"""What an evidence file or link may be. A file's type is read from its content (magic bytes), never from its
name or the browser's claim; its size is capped by settings.EVIDENCE_MAX_UPLOAD_MB; a zip container (Office
and OpenDocument files) may not expand out of proportion; a link may not point into a private network."""

from __future__ import annotations

import ipaddress
import socket
import zipfile
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as LookupTimeout
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
# What a browser shows as an image of its own: the verification page's thumbnails (TIFF it only downloads).
THUMBNAIL_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
# Office Open XML files are zip archives: the part folders inside say which application wrote them.
OOXML_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_BY_NAME = {".doc": "doc", ".xls": "xls", ".ppt": "ppt"}
HEAD_BYTES = 8192
# Other endings of the same types' file names: the browser's check before sending goes by the name (the
# server's, by the content).
EXTENSION_ALIASES = {"jpeg": "jpg", "tiff": "tif"}


@dataclass(frozen=True)
class FileType:
    extension: str
    mime: str


def max_upload_bytes() -> int:
    return int(settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024)


def accepted_extensions() -> list[str]:
    """The file name endings the entry pages' script lets through before sending (evidence-upload.js)."""
    return sorted([*ALLOWED_TYPES, *EXTENSION_ALIASES])


def type_refused_message() -> str:
    return _(
        "এই ধরনের ফাইল প্রমাণক হিসেবে গ্রহণ করা হয় না। পিডিএফ, ছবি (JPG, PNG), ওয়ার্ড, এক্সেল বা পাওয়ারপয়েন্ট ফাইল দিন।"
    )


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


def check_archive(upload: UploadedFile) -> None:
    """Refuse a zip container (docx, xlsx, pptx, odt, zip...) whose members would expand out of proportion.

    Only the archive's central directory is read (the sizes each member declares); nothing is extracted. A
    reader's word processor, the virus scanner or a later import would expand it: a few hundred kilobytes
    declaring gigabytes is a decompression bomb, not evidence. Above EVIDENCE_ARCHIVE_MAX_MB in total, or
    above EVIDENCE_ARCHIVE_MAX_RATIO times the file's own size once it expands past a megabyte (a small
    file is harmless whatever its ratio), it is refused."""
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        upload.seek(0)
        return
    try:
        with zipfile.ZipFile(upload) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable zip: the type check refuses it, or takes it for what its content says
    finally:
        upload.seek(0)
    too_big = expanded > settings.EVIDENCE_ARCHIVE_MAX_MB * 1024 * 1024
    ratio = settings.EVIDENCE_ARCHIVE_MAX_RATIO
    out_of_proportion = expanded > 1024 * 1024 and expanded > ratio * upload.size
    if too_big or out_of_proportion:
        raise ValidationError(
            {
                "file": _(
                    "ফাইলটি খুললে %(size)s মেগাবাইট হয়, যা এর আকারের তুলনায় অস্বাভাবিক বড়; "
                    "এমন ফাইল গ্রহণ করা হয় না। ফাইলটি পিডিএফ হিসেবে সংরক্ষণ করে দিন।"
                )
                % {"size": display.number(round(expanded / 1024 / 1024))}
            },
            code="archive_bomb",
        )


def validate_upload(upload: UploadedFile) -> FileType:
    """The detected type of an acceptable upload; ValidationError with a message for the user otherwise.
    The virus scan (evidence.antivirus) comes after these checks, on a file that passed them."""
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
    check_archive(upload)
    detected = sniff(upload)
    if detected is None:
        raise ValidationError({"file": type_refused_message()}, code="type")
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
    if points_inward(urlsplit(url).hostname or ""):
        raise ValidationError(
            {
                "url": _(
                    "লিংকটি অফিসের ভেতরের (স্থানীয় বা প্রাইভেট) ঠিকানায়; প্রমাণক হিসেবে সবাই খুলতে পারে "
                    "এমন ইন্টারনেট ঠিকানা দিন।"
                )
            },
            code="private_address",
        )
    return url


# Names that always mean this machine or the local network, whatever a resolver says.
LOCAL_NAMES = ("localhost", "localhost.localdomain")
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".lan")
# Host names are looked up on a few threads of their own, so that a slow resolver costs a save at most
# LINK_LOOKUP_TIMEOUT seconds (getaddrinfo itself takes no timeout).
lookups = ThreadPoolExecutor(max_workers=4, thread_name_prefix="link-lookup")


def inward_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private (RFC 1918, unique local, CGNAT), link-local, multicast, reserved or unspecified."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    # is_global is False for all of these but multicast (224.0.0.0/4 and ff00::/8 count as global).
    return not address.is_global or address.is_multicast


def resolve(host: str) -> list[str]:
    """The addresses `host` resolves to now; [] when it cannot be resolved within the timeout."""
    future = lookups.submit(socket.getaddrinfo, host, None, proto=socket.IPPROTO_TCP)
    try:
        answers = future.result(timeout=settings.EVIDENCE_LINK_LOOKUP_TIMEOUT)
    except (OSError, LookupTimeout, UnicodeError):
        return []
    return [answer[4][0] for answer in answers]


def points_inward(host: str) -> bool:
    """Does a link to `host` lead into a private network (an office's router, an intranet server, this
    machine)? Readers open evidence links from inside their offices, so such a link could reach what the
    internet cannot; and it proves nothing to a supervisor elsewhere.

    A literal address is judged as written; a name by every address it resolves to (one inward address is
    enough). A name that does not resolve from the server (no answer, or none in time) is accepted: the
    portal never fetches a link itself, an office's link to a public folder must not be refused when the
    server's resolver is down, and a name nobody can resolve leads nowhere."""
    host = host.strip("[]").rstrip(".").lower()
    if not host:
        return False
    try:
        return inward_address(ipaddress.ip_address(host))
    except ValueError:
        pass
    if host in LOCAL_NAMES or host.endswith(LOCAL_SUFFIXES):
        return True
    addresses = []
    for answer in resolve(host):
        try:
            addresses.append(ipaddress.ip_address(answer.split("%", 1)[0]))
        except ValueError:
            continue
    return any(inward_address(address) for address in addresses)
