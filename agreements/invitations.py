"""The e-mail that lets a new person choose their password: files and forms never carry passwords. It holds
Django's password-reset link (`default_token_generator`), which works once and expires after
PASSWORD_RESET_TIMEOUT; it is sent after the transaction that created the account commits, in the person's
language."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from apa_portal import display

from .models import User


def set_password_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


def invitation(user: User) -> tuple[str, str, str, list[str]]:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("এপিএ পোর্টালে আপনার অ্যাকাউন্ট")
        body = _(
            "%(name)s,\n\nএপিএ পোর্টালে আপনার অ্যাকাউন্ট খোলা হয়েছে; লগইন নাম: %(username)s। নিচের লিংকে "
            "গিয়ে নিজের পাসওয়ার্ড ঠিক করুন। লিংকটি একবার ব্যবহার করা যায় এবং %(days)s দিন পর অকেজো হয়ে যায়; "
            "তারপর লগইন পাতার «পাসওয়ার্ড ভুলে গেছেন?» থেকে নতুন লিংক নিন।"
        ) % {
            "name": user.name_bn or user.username,
            "username": user.username,
            "days": display.number(settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
    return (
        subject,
        f"{body}\n\n{settings.SITE_URL}{set_password_url(user)}",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def send_invitations(users: Iterable[User]) -> int:
    """Queue the set-password e-mail of each user with an address, sent once the caller's transaction commits;
    the number queued."""
    messages = [invitation(user) for user in users if user.email]
    if messages:
        # Mail never holds up or breaks the change that caused it.
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(messages)
