"""The one normalisation of Bangla text a user types, so that text that looks the same compares equal.

Bangla has several ways to type what is drawn as one letter: ড় ঢ় য় as one code point (U+09DC U+09DD U+09DF)
or as letter + nukta, and ো ৌ as one vowel sign or as two. Every typed text that is parsed or compared with a
known word goes through `normalize_text`, and so does the known word: both sides end in Unicode NFC.
Pure Python: no Django import.
"""

from __future__ import annotations

import unicodedata

__all__ = ["normalize_text"]


def normalize_text(text: str) -> str:
    """`text` in Unicode NFC. Note that ড় ঢ় য় come out as letter + nukta (the form the seeds use): Unicode
    excludes their single code points from composition, so NFC splits them and never joins them back."""
    return unicodedata.normalize("NFC", text)
