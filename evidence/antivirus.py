"""Virus scanning of evidence uploads through a ClamAV daemon (clamd), with clamav-client.

Off unless CLAMAV_SOCKET (a Unix socket) or CLAMAV_HOST (with CLAMAV_PORT) names a daemon. When it is on,
every file is streamed to the daemon (INSTREAM) before it is stored: a file the daemon finds infected is
refused, and so is every file while the daemon cannot be reached or answers with an error. Scanning fails
closed: an unscanned file is never stored while the operator has asked for scanning."""

from __future__ import annotations

import logging

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def scanner() -> ClamdNetworkSocket | None:
    """A client for the configured daemon; None when scanning is off."""
    if settings.CLAMAV_SOCKET:
        return ClamdUnixSocket(path=settings.CLAMAV_SOCKET, timeout=settings.CLAMAV_TIMEOUT)
    if settings.CLAMAV_HOST:
        return ClamdNetworkSocket(
            host=settings.CLAMAV_HOST, port=settings.CLAMAV_PORT, timeout=settings.CLAMAV_TIMEOUT
        )
    return None


def scan_upload(upload: UploadedFile) -> None:
    """Refuse `upload` (ValidationError on its `file` field) when the daemon finds a virus in it, or when
    scanning is on and no verdict can be had; nothing when it is clean or scanning is off."""
    client = scanner()
    if client is None:
        return
    upload.seek(0)
    try:
        result = client.instream(upload)
    except (ClamdError, OSError) as error:
        logger.error("Virus scan of an evidence upload failed; the upload is refused: %s", error)
        raise ValidationError({"file": unavailable_message()}, code="scan_unavailable") from None
    finally:
        upload.seek(0)
    status, signature = result.get("stream", ("ERROR", None))
    if status == "FOUND":
        logger.warning("Evidence upload %r refused: clamd found %s", upload.name, signature)
        raise ValidationError(
            {
                "file": _(
                    "ফাইলটিতে ভাইরাস বা ক্ষতিকর প্রোগ্রাম পাওয়া গেছে (%(name)s); ফাইলটি গ্রহণ করা হয়নি। "
                    "আপনার কম্পিউটার পরীক্ষা করে পরিষ্কার ফাইলটি দিন।"
                )
                % {"name": signature}
            },
            code="virus",
        )
    if status != "OK":
        logger.error("Virus scan of an evidence upload gave no verdict (%s); the upload is refused", result)
        raise ValidationError({"file": unavailable_message()}, code="scan_unavailable")


def unavailable_message() -> str:
    return _(
        "ফাইলটি ভাইরাসমুক্ত কিনা এখন পরীক্ষা করা যাচ্ছে না, তাই ফাইলটি গ্রহণ করা হয়নি। "
        "কিছুক্ষণ পরে আবার চেষ্টা করুন; সমস্যা থাকলে সিস্টেম প্রশাসককে জানান।"
    )
