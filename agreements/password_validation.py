"""A password validator for the words of this site: the portal's own names and the user's offices."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.conf import settings
from django.contrib.auth.password_validation import exceeds_maximum_length_ratio
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import OfficeMembership


class SiteWordsValidator:
    """Refuses a password that resembles a word of the site (PASSWORD_SITE_WORDS: "apa-demo", "apaportal")
    or one of the user's offices (its code or name), by the measure Django's UserAttributeSimilarityValidator
    applies to the user's own name and e-mail."""

    def __init__(self, max_similarity: float = 0.7):
        self.max_similarity = max_similarity

    def words(self, user) -> list[str]:
        words = [str(word) for word in settings.PASSWORD_SITE_WORDS]
        if user is not None and getattr(user, "pk", None):
            for membership in OfficeMembership.objects.filter(user=user, office__isnull=False).select_related(
                "office"
            ):
                office = membership.office
                words += [office.code, office.name_bn, office.name_en]
        return [word.lower() for word in words if word]

    def validate(self, password: str, user=None) -> None:
        typed = password.lower()
        # "apa-demo-2025" and "ApaDemo!" read alike: the letters alone, digits and signs set aside, count too.
        letters = re.sub(r"[\W\d_]+", "", typed)
        for word in self.words(user):
            for part in {word, *re.split(r"\W+", word), re.sub(r"[\W\d_]+", "", word)}:
                if len(part) < 3:
                    continue
                for candidate in (typed, letters):
                    if not candidate or exceeds_maximum_length_ratio(candidate, self.max_similarity, part):
                        continue
                    if SequenceMatcher(a=candidate, b=part).quick_ratio() >= self.max_similarity:
                        raise ValidationError(
                            _("পাসওয়ার্ডটি এই পোর্টাল বা আপনার অফিসের নামের খুব কাছাকাছি; অন্য পাসওয়ার্ড দিন।"),
                            code="password_site_word",
                        )

    def get_help_text(self) -> str:
        return _("পাসওয়ার্ড এই পোর্টাল বা আপনার অফিসের নামের মতো হতে পারবে না।")
