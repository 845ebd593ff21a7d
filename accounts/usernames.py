"""A username's canonical form: two names that look the same share it.

NFKC folds compatibility forms (full-width letters, ligatures, superscripts) into their
plain letters; casefolding ignores case; and every character the Unicode confusables data
lists as a look-alike of a Latin letter or digit (a Cyrillic "е" for a Latin "e") is
replaced by that letter. The data comes from confusable-homoglyphs, a maintained package.
"""

import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables


@lru_cache(maxsize=4096)
def _latin_look_alike(character: str) -> str:
    if character.isascii():
        return character
    found = confusables.is_confusable(character, preferred_aliases=["latin"], greedy=True)
    for entry in found or []:
        for homoglyph in entry["homoglyphs"]:
            if homoglyph["c"].isascii():
                return homoglyph["c"]
    return character


def canonical_username(username: str) -> str:
    folded = unicodedata.normalize("NFKC", username).casefold()
    skeleton = "".join(_latin_look_alike(character) for character in folded)
    # Look-alikes can map to upper-case letters or compose again: settle the result.
    return unicodedata.normalize("NFKC", skeleton).casefold()
