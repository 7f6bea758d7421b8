"""Abbreviations and variants as synonyms at query time: 经普 finds 经济普查 and 经济普查 finds 经普.

The dictionary is the platform's defaults (search/abbreviations.txt, one group a line: `缩略语 = 全称 / 另一种
说法`) plus the entries of every committee at or above the reader's organisations (search/models_synonyms.py),
read in one query and kept on the user object for the request.

A group's names are equivalent. When the question holds one of them (the longest one, where names overlap:
入党积极分子 wins over the 积极分子 inside it), the group's other names are added to the parsed question as
optional phrases (three characters or more, matched on the raw text) and, where a name is a whole word of the
segmenter, as a term; a name the question already holds is not added. A name made of several parts (三会一课
= 支部党员大会、支委会、党小组会、党课) adds each part; the question must hold all its parts to be recognised by
it. A question holding no name of any group is parsed exactly as before.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .tokenizer import normalise, tokens

DEFAULTS_FILE = Path(__file__).with_name("abbreviations.txt")
# Alternatives within a group; parts within one name.
_ALTERNATIVES = re.compile(r"[/／|｜;；\n]")
_PARTS = re.compile(r"[、，,]")
_QUOTES = re.compile(r"[\"'“”‘’「」『』《》]")
_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]")
# What one question may add: enough for a few abbreviations, never enough to swamp the question's own words.
MAX_ADDED_TERMS = 12
MAX_ADDED_PHRASES = 6
# The request-scoped cache on the user object is dropped when any committee's entries change in this process.
_generation = 0


def key(text):
    """The form names are matched in: NFKC, quotes and spaces dropped, lower case."""
    return "".join(_QUOTES.sub("", normalise(text or "")).split()).lower()


@dataclass(frozen=True)
class Name:
    text: str  # as written (shown on the page)
    parts: tuple  # matched forms; one for most names

    @classmethod
    def of(cls, text):
        text = " ".join((text or "").split())
        parts = tuple(p for p in (key(x) for x in _PARTS.split(text)) if _WORDLIKE.search(p))
        return cls(text, parts) if parts else None


@dataclass(frozen=True)
class Group:
    names: tuple  # the abbreviation first, then its full forms
    source: str = ""  # "" for the defaults, else the committee's name

    @property
    def term(self):
        return self.names[0]

    @property
    def expansions(self):
        return self.names[1:]


def group_of(term, expansions, source=""):
    names, seen = [], set()
    for text in [term, *expansions]:
        name = Name.of(text)
        if name is not None and name.parts not in seen:
            seen.add(name.parts)
            names.append(name)
    return Group(tuple(names), source) if len(names) >= 2 else None


def parse_lines(lines, source=""):
    """Groups from `缩略语 = 全称 / 另一种说法` lines; blank lines and # comments are skipped."""
    out = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        term, sep, rest = line.replace("＝", "=").partition("=")
        if not sep:
            continue
        g = group_of(term, _ALTERNATIVES.split(rest), source)
        if g is not None:
            out.append(g)
    return out


@lru_cache(maxsize=1)
def defaults():
    return tuple(parse_lines(DEFAULTS_FILE.read_text(encoding="utf-8").splitlines()))


@dataclass
class Expansion:
    """What the question held and what was searched beside it: 经普 → 经济普查."""

    found: str
    added: list = field(default_factory=list)

    def __str__(self):
        return f"{self.found} → {'、'.join(self.added)}"


class Dictionary:
    def __init__(self, groups):
        self.groups = list(groups)

    def __len__(self):
        return len(self.groups)

    def __iter__(self):
        return iter(self.groups)

    def matches(self, text):
        """[(group, the name found)] in the question's text; a name lying inside a longer one found is dropped."""
        found = []
        for g in self.groups:
            for name in g.names:
                spans = set()
                for part in name.parts:
                    i = text.find(part)
                    if i < 0:
                        break
                    spans.update(range(i, i + len(part)))
                else:
                    found.append((spans, g, name))
        found.sort(key=lambda f: -len(f[0]))
        kept = []
        for spans, g, name in found:
            if not any(spans < other for other, _g, _n in kept):
                kept.append((spans, g, name))
        return [(g, name) for _s, g, name in kept]


def as_dictionary(synonyms):
    """A Dictionary from what parse() was given: a Dictionary, groups, or {term: [full forms]}."""
    if synonyms is None or isinstance(synonyms, Dictionary):
        return synonyms
    if isinstance(synonyms, dict):
        return Dictionary(g for t, forms in synonyms.items() if (g := group_of(t, forms)) is not None)
    return Dictionary(synonyms)


def expand(parsed, synonyms):
    """Add the other names of every group the question names as optional terms and phrases (in place)."""
    from .query import MIN_PHRASE_CHARS, STOPWORDS, Phrase

    dictionary = as_dictionary(synonyms)
    if not dictionary:
        return parsed
    text = key(parsed.raw)
    added_terms = added_phrases = 0
    for g, found in dictionary.matches(text):
        expansion = Expansion(found.text)
        for name in g.names:
            if name is found or all(part in text for part in name.parts):
                continue
            used = False
            for part in name.parts:
                if (
                    len(part) >= MIN_PHRASE_CHARS
                    and added_phrases < MAX_ADDED_PHRASES
                    and all(part != p.text for p in parsed.phrases)
                ):
                    parsed.phrases.append(Phrase(part))
                    added_phrases += 1
                    used = True
                if (
                    part in tokens(part)
                    and part not in STOPWORDS
                    and part not in parsed.terms
                    and added_terms < MAX_ADDED_TERMS
                ):
                    parsed.terms.append(part)
                    added_terms += 1
                    used = True
            if used and name.text not in expansion.added:
                expansion.added.append(name.text)
        if expansion.added and all(str(e) != str(expansion) for e in parsed.expansions):
            parsed.expansions.append(expansion)
    return parsed


def invalidate():
    """A committee's entries changed: readers in this process read them again on their next question."""
    global _generation
    _generation += 1


def synonyms_for(user):
    """The reader's dictionary: the defaults, then her committees' entries (one query, once per request)."""
    from .models_synonyms import Synonym

    cached = getattr(user, "_synonyms_cache", None)
    if cached is not None and cached[0] == _generation:
        return cached[1]
    groups = list(defaults())
    if user is not None and getattr(user, "is_authenticated", False):
        rows = (
            Synonym.objects.for_reader(user)
            .order_by("org__path", "term")
            .values_list("term", "expansions", "org__name")
        )
        for term, expansions, org_name in rows:
            g = group_of(term, expansions.splitlines(), org_name)
            if g is not None:
                groups.append(g)
    dictionary = Dictionary(groups)
    if user is not None:
        try:
            user._synonyms_cache = (_generation, dictionary)
        except AttributeError:  # AnonymousUser and other objects that keep no attributes
            pass
    return dictionary
