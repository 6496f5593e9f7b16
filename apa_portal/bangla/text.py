"""The one normalisation of Bangla text a user types, so that text that looks the same compares equal.

Bangla has several ways to type what is drawn as one letter: ড় ঢ় য় as one code point (U+09DC U+09DD U+09DF)
or as letter + nukta, and ো ৌ as one vowel sign or as two. Every typed text that is parsed or compared with a
known word goes through `normalize_text`, and so does the known word: both sides end in Unicode NFC.
Pure Python: no Django import.
"""

from __future__ import annotations

import unicodedata

__all__ = ["BIDI_CONTROLS", "normalize_text", "strip_bidi_controls"]

# Unicode's explicit directional formatting characters: the embeddings and overrides LRE RLE PDF LRO RLO
# (U+202A-U+202E) and the isolates LRI RLI FSI PDI (U+2066-U+2069). Each reorders the text after it until a
# terminator, so "\u202egnp.exe" reads as "exe.png" and a remark can show its words in another order than they
# were stored (the "Trojan Source" trick); nobody types them in Bangla or English text, a paste carries them.
# The marks LRM, RLM and ALM (U+200E, U+200F, U+061C) are kept: zero-width letters of one direction, they
# reorder nothing beyond the neutral characters beside them, and mixed Bangla/Arabic-script text uses them.
# The joiners ZWJ and ZWNJ (U+200D, U+200C) are not direction controls and Bangla needs them (ya-phala).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_WITHOUT_BIDI_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


def normalize_text(text: str) -> str:
    """`text` in Unicode NFC. Note that ড় ঢ় য় come out as letter + nukta (the form the seeds use): Unicode
    excludes their single code points from composition, so NFC splits them and never joins them back."""
    return unicodedata.normalize("NFC", text)


def strip_bidi_controls(text: str) -> str:
    """`text` without the directional embedding, override and isolate characters (`BIDI_CONTROLS`)."""
    return text.translate(_WITHOUT_BIDI_CONTROLS)
