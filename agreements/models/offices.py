"""Government offices: their level, their place in the tree and their supervisor office."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apa_portal import display
from apa_portal.bangla import normalize_text

from .constraints import in_choices


class OfficeLevel(models.TextChoices):
    MINISTRY = "ministry", _("মন্ত্রণালয়/বিভাগ")
    DEPARTMENT = "department", _("অধিদপ্তর/দপ্তর/সংস্থা")
    DIVISIONAL = "divisional", _("বিভাগীয়/আঞ্চলিক কার্যালয়")
    DISTRICT = "district", _("জেলা কার্যালয়")
    UPAZILA = "upazila", _("উপজেলা কার্যালয়")


class Office(models.Model):
    """A government office that signs an APA each year with its supervisor office."""

    code = models.SlugField(_("কোড"), max_length=64, unique=True)
    name_bn = models.CharField(_("নাম (বাংলা)"), max_length=255)
    name_en = models.CharField(_("নাম (ইংরেজি)"), max_length=255, blank=True)
    level = models.CharField(_("স্তর"), max_length=16, choices=OfficeLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ঊর্ধ্বতন অফিস"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("চুক্তির দ্বিতীয় পক্ষ (তত্ত্বাবধায়ক অফিস)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_offices",
    )
    head_title_bn = models.CharField(_("অফিস প্রধানের পদবি (বাংলা)"), max_length=128, blank=True)
    head_title_en = models.CharField(_("অফিস প্রধানের পদবি (ইংরেজি)"), max_length=128, blank=True)
    # Materialised path of codes ("/ict-division/ict-dg/ict-dc-khulna/") so that a subtree is one indexed
    # prefix query, whatever its depth.
    tree_path = models.CharField(_("শ্রেণিবিন্যাস পথ"), max_length=1024, editable=False, db_index=True)

    class Meta:
        verbose_name = _("অফিস")
        verbose_name_plural = _("অফিসসমূহ")
        ordering = ["tree_path"]
        constraints = [
            in_choices("level", OfficeLevel, name="office_level_valid"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="office_not_own_parent"),
            models.CheckConstraint(condition=~Q(supervisor=models.F("id")), name="office_not_own_supervisor"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        # Names are searched (agreements.selectors.office_search_q) with the typed text in NFC: stored alike.
        self.name_bn, self.name_en = normalize_text(self.name_bn), normalize_text(self.name_en)
        previous_path = self.tree_path
        self.tree_path = self.path_below(self.parent.tree_path if self.parent else None, self.code)
        super().save(*args, **kwargs)
        if previous_path and previous_path != self.tree_path:
            for child in self.children.all():
                child.save(update_fields=["tree_path"])

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("অফিস নিজের অধীনস্থ অফিসের অধীনে থাকতে পারে না।")})
            ancestor = ancestor.parent

    @staticmethod
    def path_below(parent_path: str | None, code: str) -> str:
        """The tree path of the office `code` under the office whose path is `parent_path` (None: a root)."""
        return f"{parent_path or '/'}{code}/"

    @property
    def party_title_bn(self) -> str:
        """The office as a party of an agreement: "প্রোগ্রামার, জেলা কার্যালয়, ময়মনসিংহ, আইসিটি অধিদপ্তর"."""
        return f"{self.head_title_bn}, {self.name_bn}" if self.head_title_bn else self.name_bn

    @property
    def display_name(self) -> str:
        """The office's name in the interface's language: its English name in English where it has one
        (issue 14), else the Bangla name; documents are built under Bangla and keep the Bangla name."""
        return self.name_en if self.name_en and not display.is_bangla() else self.name_bn
