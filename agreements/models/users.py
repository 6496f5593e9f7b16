"""People who log in, and the roles they hold at offices."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constraints import in_choices
from .offices import Office


class User(AbstractUser):
    """A person who logs in; what they may see and do comes from their office memberships."""

    name_bn = models.CharField(_("নাম (বাংলা)"), max_length=255, blank=True)
    designation_bn = models.CharField(_("পদবি (বাংলা)"), max_length=255, blank=True)
    # The interface language the user last chose with the language switch: notifications and e-mails reach
    # them in it, whoever caused them. Bangla, the product's language, until they choose.
    language = models.CharField(
        _("পছন্দের ভাষা"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("ব্যবহারকারী")
        verbose_name_plural = _("ব্যবহারকারীগণ")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="user_language_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name_bn or self.get_full_name() or self.username


class Role(models.TextChoices):
    FOCAL_POINT = "focal_point", _("এপিএ ফোকাল পয়েন্ট")
    OFFICE_HEAD = "office_head", _("অফিস প্রধান")
    SUPERVISOR_REVIEWER = "supervisor_reviewer", _("তত্ত্বাবধায়ক অফিসের পর্যালোচক")
    SUPERVISOR_HEAD = "supervisor_head", _("তত্ত্বাবধায়ক অফিস প্রধান")
    OBSERVER = "observer", _("পর্যবেক্ষক")
    ADMINISTRATOR = "administrator", _("প্রশাসক")


# The two sides of an agreement: the office that performs it, and the supervisor office that signs with it and
# reviews, verifies and reopens its work.
OFFICE_ROLES = (Role.FOCAL_POINT, Role.OFFICE_HEAD)
SUPERVISOR_ROLES = (Role.SUPERVISOR_REVIEWER, Role.SUPERVISOR_HEAD)
# Who reads the offices under them at a glance (the dashboard), besides administrators.
OVERSIGHT_ROLES = (*SUPERVISOR_ROLES, Role.OBSERVER)


class OfficeMembership(models.Model):
    """A role a user holds at an office; for an observer, the office is the top of the subtree they read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ব্যবহারকারী"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("অফিস"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("ভূমিকা"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("অফিসে ভূমিকা")
        verbose_name_plural = _("অফিসে ভূমিকাসমূহ")
        constraints = [
            in_choices("role", Role, name="office_membership_role_valid"),
            models.UniqueConstraint(fields=["user", "office", "role"], name="membership_unique"),
            # Only an administrator may hold a role over the whole system (no office).
            models.CheckConstraint(
                condition=Q(office__isnull=False) | Q(role="administrator"),
                name="membership_office_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.office or _('সকল অফিস')}"
