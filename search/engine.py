"""Search: parse the question, gather candidates from the index, rank them the same way on every database.

Ranking (BM25-like, computed in Python over at most a few hundred candidates):
  score = Σ_terms idf(t) · (3 · sat(tf in title) + 1 · sat(tf in body))
        + Σ_phrases found  Σ idf(words of the phrase) · (4 if in the title else 2)
A word the document lacks adds nothing (it lowers the score relative to documents that have it, it does not
drop the document); an exact phrase outweighs the same words scattered; the title outweighs the body.
"""

import html
import logging
import math
from collections import Counter, namedtuple
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from orgs.models import Organisation

from . import folding, registry
from .backends import Where, backend
from .models import SearchEntry
from .query import parse
from .tokenizer import tokens

log = logging.getLogger("dangjian.search")
TITLE_WEIGHT, BODY_WEIGHT = 3.0, 1.0
PHRASE_TITLE, PHRASE_BODY = 4.0, 2.0
K1, B = 1.2, 0.5
# A question asking "which meeting / which day" prefers the kinds registered as events (search/registry.py).
NON_EVENT_FACTOR = 0.3
AVG_TITLE, AVG_BODY = 12, 400
SNIPPET_CHARS = 90


Entry = namedtuple("Entry", "id kind object_id org_id type date title body title_tokens body_tokens")


@dataclass
class Hit:
    kind: str
    kind_label: str
    id: int
    title: str
    date: object
    org_id: int
    org_name: str
    type: str
    type_label: str
    snippet: str
    url: str
    score: float
    event: bool = False  # its kind records something that happened (a meeting), see search/registry.py


@dataclass
class Results:
    query: object
    count: int = 0
    hits: list = field(default_factory=list)
    more: bool = False
    error: str = ""

    @property
    def top(self):
        return self.hits[0] if self.hits else None

    @property
    def answer(self):
        """The answer the question asks for, drawn from the top hit (None: the page shows the top hit instead).

        - who (谁讲的…党课, 谁主持的): the top hit's host or speaker, where its kind tells (registry `who`);
        - how many (种了多少棵, 多少人参加): the sentence of the top hit holding the number, the number marked;
        - when (哪天、什么时候、日期、几号、几月份 …): the top hit's date, where and what.
        """
        if "_answer" not in self.__dict__:
            self.__dict__["_answer"] = self._find_answer()
        return self.__dict__["_answer"]

    def _find_answer(self):
        top = self.top
        if top is None:
            return None
        from .understand import number_sentence

        understood = getattr(self.query, "understood", None)
        asks = getattr(understood, "asks", "")
        # An event says what it was (主题党日); anything else says what it is (清单事项), so a plan's due date
        # is never read as the day something happened.
        what = (top.type_label or top.kind_label) if top.event else top.kind_label
        about = {"date": top.date, "org_name": top.org_name, "what": what, "title": top.title, "url": top.url}
        if asks == "who":
            kind = registry.get(top.kind)
            who = kind.who(top.id) if kind is not None and kind.who is not None else ""
            if who:
                return Answer(**about, kind="who", who=who)
        if asks == "number":
            body = SearchEntry.objects.filter(kind=top.kind, object_id=top.id).values_list("body", flat=True).first()
            found = number_sentence(body or "", understood.unit, getattr(self.query, "terms", ()))
            if found:
                return Answer(**about, kind="number", sentence=found[0], sentence_html=found[1])
        if top.date is None or not (getattr(self.query, "asks_for_date", False) or asks == "date"):
            return None
        return Answer(**about)


@dataclass
class Answer:
    """答：2026年4月16日 · 区统计局机关党支部 · 党员教育《赴章丘区三涧溪村开展党员教育》

    kind "who": 答：王建国 · 2026年2月20日 · 区统计局机关党支部 · 党课《…》; kind "number": 答：<the sentence>."""

    date: object
    org_name: str
    what: str  # an event's type (主题党日 …), or the kind of anything else (清单事项 …)
    title: str
    url: str = ""
    kind: str = "date"  # "date", "who" or "number"
    who: str = ""
    sentence: str = ""
    sentence_html: str = ""  # the sentence HTML-escaped, the number in <mark>

    @property
    def date_text(self):
        return f"{self.date.year}年{self.date.month}月{self.date.day}日" if self.date else ""

    @property
    def detail(self):
        return " · ".join(x for x in (self.org_name, f"{self.what}《{self.title}》") if x)

    @property
    def text(self):
        """The answer itself: the date, the person, or the sentence holding the number."""
        return {"who": self.who, "number": self.sentence}.get(self.kind, self.date_text)

    @property
    def html(self):
        return self.sentence_html if self.kind == "number" else html.escape(self.text)

    def __str__(self):
        if self.kind == "who":
            return "答：" + " · ".join(x for x in (self.who, self.date_text, self.detail) if x)
        if self.kind == "number":
            return f"答：{self.sentence}"
        return f"答：{self.date_text} · {self.detail}"


def scope_for(user):
    """[(kind, paths|None)] the user may read, from each kind's own queryset rules."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    out = []
    for k in registry.KINDS.values():
        qs = k.model._default_manager.all()
        paths = qs.scope_paths(user) if hasattr(qs, "scope_paths") else []
        out.append((k.name, paths))
    return out


def _sat(tf, length, avg):
    if not tf:
        return 0.0
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avg))


def _idf(df, total):
    return math.log(1 + (total - df + 0.5) / (df + 0.5)) if total else 1.0


def score_entry(entry, parsed, idf, phrase_idf):
    title_toks = entry.title_tokens.split()
    body_toks = entry.body_tokens.split()
    tc, bc = Counter(title_toks), Counter(body_toks)
    score = 0.0
    for t in parsed.terms:
        w = idf.get(t, 1.0)
        score += w * (
            TITLE_WEIGHT * _sat(tc.get(t, 0), len(title_toks), AVG_TITLE)
            + BODY_WEIGHT * _sat(bc.get(t, 0), len(body_toks), AVG_BODY)
        )
    title, body = entry.title.lower(), entry.body.lower()
    folded = {}
    for p in parsed.phrases:
        if _holds(p, title, folded):
            score += PHRASE_TITLE * phrase_idf[p.text]
        elif _holds(p, body, folded):
            score += PHRASE_BODY * phrase_idf[p.text]
    return score


def _spellings(phrase):
    return getattr(phrase, "spellings", None) or [phrase.text]


def _holds(phrase, text, folded):
    """Whether `text` (lower-cased) holds the phrase in any of its spellings (search/folding.py): as stored,
    or — for a text in traditional characters — compared character by character in simplified form."""
    if phrase.text in text:
        return True
    spellings = _spellings(phrase)
    if any(s in text for s in spellings):
        return True
    if text not in folded:
        folded[text] = folding.char_fold(text) if folding.has_traditional(text) else None
    chars = folded[text]
    return chars is not None and any(folding.char_fold(s) in chars for s in spellings)


def _needles(parsed, idf):
    """What snippets look for, in the per-character simplified fold: the phrases as parsed (longest first),
    then their other spellings, then the terms (rarest first)."""
    phrases = sorted((p.text for p in parsed.phrases), key=len, reverse=True)
    others = sorted({s for p in parsed.phrases for s in _spellings(p)} - set(phrases), key=len, reverse=True)
    terms = sorted(parsed.terms, key=lambda t: (-idf.get(t, 0), -len(t)))
    phrases = list(dict.fromkeys(folding.char_fold(s) for s in [*phrases, *others]))
    # A folded number is looked for as written too (18名 → 十八名).
    terms = [v for t in terms for v in ([t, *folding.phrase_variants(t)[1:]] if any(c.isdigit() for c in t) else [t])]
    return phrases, list(dict.fromkeys(folding.char_fold(t) for t in terms))


def snippet(text, parsed, idf, width=SNIPPET_CHARS):
    """A window of `text` around the best match, HTML-escaped, with every query word wrapped in <mark>.

    Matches are found in the per-character simplified fold of `text`, so a traditional text is highlighted
    where a simplified query matched it (and the reverse); the window shows the text as written.
    """
    phrases, terms = _needles(parsed, idf)
    lower = text.lower()
    if len(lower) == len(text):  # positions found in the fold are positions in the original
        lower = folding.char_fold(lower)
    pos = -1
    for needle in [*phrases, *terms]:
        pos = lower.find(needle)
        if pos >= 0:
            break
    start = max(0, pos - width // 3) if pos >= 0 else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    frag, frag_lower = text[start:end], lower[start:end]
    spans = []
    for needle in [*phrases, *terms]:
        i = frag_lower.find(needle)
        while needle and i >= 0:
            spans.append((i, i + len(needle)))
            i = frag_lower.find(needle, i + len(needle))
    spans.sort()
    merged = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    out, last = [], 0
    for a, b in merged:
        out.append(html.escape(frag[last:a]))
        out.append("<mark>" + html.escape(frag[a:b]) + "</mark>")
        last = b
    out.append(html.escape(frag[last:]))
    return ("…" if start > 0 else "") + "".join(out).replace("\n", " ") + ("…" if end < len(text) else "")


def search(
    user, q, *, org=None, type=None, kind=None, date_from=None, date_to=None, page=1, page_size=20, literal=False
):
    """`literal=True` searches the words as typed: no dates or types taken from the question."""
    synonyms = None
    # ---- abbreviations: synonyms = the reader's dictionary ----
    from .synonyms import synonyms_for

    synonyms = synonyms_for(user)
    # ---- end abbreviations ----
    parsed = parse(q, today=None, synonyms=synonyms)
    # ---- understand: the filters understood from the question narrow the dates (unless literal) ----
    from . import understand as understanding

    if literal:
        set_aside = parsed.understood
        parsed = parse(q, today=None, synonyms=synonyms, literal=True)
        parsed.set_aside = set_aside if set_aside is not None and set_aside.filters else None
    else:
        parsed.understood, date_from, date_to = understanding.narrow(
            parsed.understood, date_from=date_from, date_to=date_to, type=type, kind=kind
        )
        # 支部委员会会议 is a 支委会: the label (what the index holds for the type) is looked for too.
        for label in parsed.understood.type_labels:
            if label not in parsed.terms and label in tokens(label):
                parsed.terms.append(label)
    understood = parsed.understood
    # ---- end understand ----
    results = Results(query=parsed)
    scope = scope_for(user)
    if parsed.empty or not scope:
        return results
    where = Where(
        scope,
        org_path=getattr(org, "path", None),
        type=type or None,
        kind=kind or None,
        date_from=date_from,
        date_to=date_to,
    )
    if where.empty:
        return results
    be = backend()
    try:
        with transaction.atomic():
            be.prepare()
            df, total = be.doc_freqs(parsed.terms)
            term_ids, more_t = be.term_candidates(where, parsed.terms, df, total)
            phrase_ids, more_p = be.phrase_candidates(where, [p.text for p in parsed.phrases], df, total)
            be.finish()
    except DatabaseError:  # a query the engine cannot run must never become a 500
        log.exception("search failed for %r", parsed.raw)
        results.error = "检索暂时无法完成，请换个说法再试。"
        return results
    ids = list(dict.fromkeys([*phrase_ids, *term_ids]))
    results.more = more_t or more_p
    if not ids:
        return results
    idf = {t: _idf(df.get(t, 0), total) for t in parsed.terms}
    phrase_idf = {p.text: sum(idf.get(t, 1.0) for t in set(tokens(p.text))) or 1.0 for p in parsed.phrases}
    fields = ("id", "kind", "object_id", "org_id", "type", "date", "title", "body", "title_tokens", "body_tokens")
    entries = [Entry(*row) for row in SearchEntry.objects.filter(pk__in=ids).values_list(*fields)]
    required = parsed.required_phrases  # typed in "…": a hit must hold them, in any of their spellings
    folded = {}
    scored = []
    for e in entries:
        if required and not all(
            _holds(p, e.title.lower(), folded) or _holds(p, e.body.lower(), folded) for p in required
        ):
            continue
        s = score_entry(e, parsed, idf, phrase_idf)
        if parsed.asks_for_event and not registry.is_event(e.kind):
            s *= NON_EVENT_FACTOR
        # ---- understand: records of the understood type rank above those merely mentioning it ----
        # (not when the question asks for another kind: "专题党课的网课" is about a course, not a 党课 held)
        if understood.types and understanding.of_type(e, understood) and not parsed.kinds_asked:
            s *= understanding.TYPE_FACTOR
        # ---- end understand ----
        # ---- kinds: a question about a project ranks projects first ----
        # (an event question keeps preferring events: "哪次会议征求了意见" still ranks the meeting first)
        if parsed.kinds_asked and e.kind not in parsed.kinds_asked:
            if not (parsed.asks_for_event and registry.is_event(e.kind)):
                s *= registry.OTHER_KIND_FACTOR
        # ---- end kinds ----
        if s > 0:
            scored.append((s, e))
    scored.sort(key=lambda se: (-se[0], -(se[1].date.toordinal() if se[1].date else 0), -se[1].id))
    results.count = len(scored)
    page = max(1, int(page or 1))
    page_size = min(max(1, int(page_size or 20)), 100)
    window = scored[(page - 1) * page_size : page * page_size]
    visible = _visible_ids(user, [e for _s, e in window])
    org_names = dict(Organisation.objects.filter(pk__in={e.org_id for _s, e in window}).values_list("id", "name"))
    needles = [*parsed.terms, *(p.text for p in parsed.phrases)]
    for s, e in window:
        if (e.kind, e.object_id) not in visible:
            results.count -= 1
            continue
        k = registry.get(e.kind)
        body = e.body if any(n in e.body.lower() for n in needles) else e.body or e.title
        results.hits.append(
            Hit(
                kind=e.kind,
                kind_label=k.label,
                id=e.object_id,
                title=e.title,
                date=e.date,
                org_id=e.org_id,
                org_name=org_names.get(e.org_id, ""),
                type=e.type,
                type_label=k.type_labels.get(e.type, e.type),
                snippet=snippet(body, parsed, idf),
                url=k.url(e.object_id),
                score=round(s, 3),
                event=k.event,
            )
        )
    return results


def _visible_ids(user, entries):
    """Re-check the page of hits through each kind's visible_to (the one read path)."""
    by_kind = {}
    for e in entries:
        by_kind.setdefault(e.kind, []).append(e.object_id)
    ok = set()
    for name, ids in by_kind.items():
        k = registry.get(name)
        if k is None:
            continue
        for pk in k.model._default_manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True):
            ok.add((name, pk))
    return ok
