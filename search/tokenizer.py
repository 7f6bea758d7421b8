"""Chinese word segmentation for the index and for queries: rjieba `cut_for_search` plus Party terms.

Documents and queries go through the same function, so a word is indexed exactly as it is looked up; both
are folded first (search/folding.py: traditional → simplified, Chinese numerals → Arabic digits).
"""

import re
import unicodedata
from pathlib import Path

import rjieba

from . import folding

_DICT = Path(__file__).with_name("party_terms.txt")
_loaded = False

# A token worth indexing holds at least one letter, digit or CJK character (punctuation is dropped).
_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]")
MAX_TOKEN_CHARS = 40


def load_user_dictionary():
    """Teach the segmenter Party terms (三会一课, 主题党日 …) so they stay whole words."""
    global _loaded
    if _loaded:
        return
    for line in _DICT.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            rjieba.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None, None)
    for term in folding.PARTY_NUMERAL_TERMS:
        rjieba.add_word(term, 50000, None)
    _loaded = True


def clean_text(text):
    """Drop control characters (NUL breaks PostgreSQL); the text is otherwise kept as written."""
    return "".join(ch if (ch >= " " or ch in "\n\t") and ch != "\x7f" else " " for ch in text or "")


def normalise(text):
    """What segmentation sees: full-width letters and digits folded to ASCII (ＧＤＰ → GDP), traditional
    characters to simplified (黨員 → 党员), the numeral 〇 to 零 (a CJK symbol, not a letter, for the
    word splitting)."""
    return folding.to_simplified(unicodedata.normalize("NFKC", clean_text(text))).replace("〇", "零")


_NUMBER = re.compile(r"[0-9]+")
_UNITS = frozenset(folding.UNITS)


def _with_numeral_compounds(toks):
    """A number keeps its context as a word of its own: 第 4 季度 → also 第4 and 4季度, 18 名 → also 18名."""
    out = []
    for i, tok in enumerate(toks):
        out.append(tok)
        if _NUMBER.fullmatch(tok):
            if i and toks[i - 1] == "第":
                out.append("第" + tok)
            if i + 1 < len(toks):
                # 2021 年度 → 2021年 and 2021年度, so 2021年 meets either.
                nxt = toks[i + 1]
                out += [tok + nxt[:n] for n in range(1, min(len(nxt), 3) + 1) if nxt[:n] in _UNITS]
    return out


def tokens(text):
    """Search tokens of the folded text, lower-cased, in order (a word may appear with its sub-words)."""
    load_user_dictionary()
    out = []
    for tok in _with_numeral_compounds(rjieba.cut_for_search(folding.fold_numerals(normalise(text)))):
        tok = tok.strip().lower()
        if tok and len(tok) <= MAX_TOKEN_CHARS and _WORDLIKE.search(tok) and " " not in tok:
            out.append(tok)
    return out


def words(text):
    """Plain segmentation (no sub-words), used to find phrase boundaries in a query."""
    load_user_dictionary()
    return [w for w in rjieba.cut(normalise(text)) if w.strip()]


def token_string(text):
    """Tokens joined by spaces: what the full-text tables index (FTS5 unicode61 / tsvector 'simple')."""
    return " ".join(tokens(text))
