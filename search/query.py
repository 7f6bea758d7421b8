"""Turning what a person types into terms and phrases.

"查一下去三涧溪开展党员教育的日期" → terms 三涧溪, 开展, 党员, 教育, 党员教育
(the question and filler words go),
optional phrase 三涧溪开展党员教育. Text in quotes is a phrase: ASCII "…" must be present in a hit;
Chinese quotes “…” ‘…” 「…」《…》 mark a phrase that lifts the hits containing it exactly. Any unquoted
run of three or more characters between filler words is also tried as an exact phrase, so a long phrase
is found even where segmentation would split it differently.
"""

import re
from dataclasses import dataclass, field

from .tokenizer import normalise, tokens, words

MAX_QUERY_CHARS = 500
MAX_TERMS = 24
MAX_PHRASES = 6
MIN_PHRASE_CHARS = 3

# Whole phrases people wrap around the question; removed before segmentation (longest first).
FILLER_PHRASES = sorted(
    """查一下 查一查 查查看 查询一下 帮我查 帮我找 帮忙查 请帮我 请问 我想知道
    想知道 想查 找一下 搜一下 看一下 看看 是哪天 是哪一天 是几号 是什么时候
    什么时候 什么时间 啥时候 何时 哪一天 哪天 几月几日 几号 哪一次 哪次 哪一回 哪个
    哪些 哪里 在哪里 在哪 什么 多少 有没有 是不是 是否 的日期 日期 时间
    提到了 提到过 提到 提及 说到 讲到 谈到 涉及到 涉及 关于 有关 记得
    曾经 上次 那次""".split(),
    key=len,
    reverse=True,
)
# Question words that ask for an event (which meeting, which day): only activity records are events, so
# such a question ranks them above plans and declarations that merely mention the same words.
EVENT_QUESTIONS = (
    "哪次",
    "哪一次",
    "哪一回",
    "哪天",
    "哪一天",
    "几号",
    "几月几日",
    "什么时候",
    "什么时间",
    "日期",
    "哪个会",
    "啥时候",
    "何时",
)
# Question words that ask for a date: the answer card then states the top hit's date first
# ("答：2026年4月16日 · 区统计局机关党支部 · 党员教育《…》").
DATE_QUESTIONS = ("哪天", "哪一天", "几号", "几月几日", "什么时候", "什么时间", "啥时候", "何时", "日期", "哪年哪月")
# Single words that carry no meaning for retrieval; dropped from the terms and at phrase edges.
STOPWORDS = set(
    """的 地 得 了 着 过 是 在 和 与 及 或 并 去 到 赴 往 从 对 把
    被 给 让 向 有 吗 呢 吧 啊 呀 嘛 么 哪 谁 几 次 天 号 回 一
    一下 下 那 这 个 些 们 我 我们 你 你们 他 她 它 请 查 找 搜 帮
    问 曾 就 也 都 还 又 要 会 能 可 可以 之 其 所 以 为 于 上 中
    an a the of to in on at is are was and
    or not near""".split()
)
_QUOTES = [
    ('"', '"', True),
    ("“", "”", False),
    ("‘", "’", False),
    ("「", "」", False),
    ("『", "』", False),
    ("《", "》", False),
]
_QUOTE_RE = re.compile("|".join(f"{re.escape(a)}([^{re.escape(b)}]*){re.escape(b)}" for a, b, _ in _QUOTES))
# Anything that is not a letter, digit or CJK character separates words (FTS operators included).
_SEPARATORS = re.compile(r"[^0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]+")


@dataclass
class Phrase:
    text: str
    required: bool = False  # typed in ASCII double quotes
    explicit: bool = False  # typed in any quotes
    # ---- folding (issue 15: traditional/simplified and numeral variants of the phrase) ----
    # The spellings the phrase may have in the stored text (typed, simplified, numeral, traditional forms),
    # see search/folding.py; empty for a Phrase built by hand, whose text alone is then looked for.
    variants: list = field(default_factory=list)

    @property
    def spellings(self):
        return self.variants or [self.text]

    # ---- end folding ----


@dataclass
class ParsedQuery:
    raw: str
    terms: list = field(default_factory=list)
    phrases: list = field(default_factory=list)
    truncated: bool = False
    asks_for_event: bool = False
    asks_for_date: bool = False
    # ---- understand (issue 15: dates and meeting types taken out of the question; who / how-many) ----
    # search.understand.Understood: the period (a filter) and meeting types (a ranking preference) the question
    # names, and what it asks for (who / number / date).
    understood: object = None
    set_aside: object = None  # with literal=1: what would have been understood (the page offers it back)

    # ---- end understand ----
    # ---- abbreviations (issue 15: expansions of the abbreviations the question holds) ----
    # What the dictionary added (search.synonyms.Expansion: 经普 → 经济普查), for the page to say.
    expansions: list = field(default_factory=list)
    # ---- end abbreviations ----
    # ---- kinds (issue 15: the kinds a question asks about, e.g. 项目) ----
    kinds_asked: list = field(default_factory=list)  # names of the kinds whose `asks` words the question holds
    # ---- end kinds ----

    @property
    def empty(self):
        return not self.terms and not self.phrases

    @property
    def required_phrases(self):
        return [p for p in self.phrases if p.required]


def _normalise_phrase(text):
    return " ".join(_SEPARATORS.sub(" ", text).split()).lower()


def _strip_fillers(text):
    for f in FILLER_PHRASES:
        text = text.replace(f, " ")
    return text


def _runs(text):
    """Unquoted runs between filler words and punctuation, trimmed of stopwords at both ends."""
    out = []
    for chunk in _SEPARATORS.split(_strip_fillers(text)):
        ws = words(chunk)
        while ws and ws[0] in STOPWORDS:
            ws.pop(0)
        while ws and ws[-1] in STOPWORDS:
            ws.pop()
        if len(ws) >= 2:
            run = "".join(ws).lower()
            if len(run) >= MIN_PHRASE_CHARS:
                out.append(run)
    return out


def parse(q, *, today=None, synonyms=None, literal=False):
    """`today` (Asia/Shanghai) anchors relative periods; `synonyms` are the abbreviations the reader's
    committees know (search/synonyms.py); `literal` takes the question as typed (no dates or types understood,
    only what it asks for)."""
    raw = normalise(q or "")
    truncated = len(raw) > MAX_QUERY_CHARS
    raw = " ".join(raw[:MAX_QUERY_CHARS].split())
    # ---- understand: take dates and meeting types out of the question ----
    from .understand import understand

    understood, rest = understand(raw, today=today, literal=literal)
    if understood.has_dates:
        if any(t not in STOPWORDS for t in tokens(_strip_fillers(_QUOTE_RE.sub(" ", rest)))) or _QUOTE_RE.search(rest):
            raw = " ".join(rest.split())  # the period is a filter, not words to look for
        else:  # nothing but a period: search its words instead (a date alone names no topic)
            understood = understood.without_dates()
    # ---- end understand ----
    parsed = ParsedQuery(
        raw=raw,
        understood=understood,
        truncated=truncated,
        asks_for_event=any(w in raw for w in EVENT_QUESTIONS),
        asks_for_date=any(w in raw for w in DATE_QUESTIONS),
    )
    phrases = []

    def take(match):
        for i, (_a, _b, strict) in enumerate(_QUOTES):
            inner = match.group(i + 1)
            if inner is not None:
                text = _normalise_phrase(inner)
                if text:
                    phrases.append(Phrase(text, required=strict and len(text) >= MIN_PHRASE_CHARS, explicit=True))
                break
        return " "

    rest = _QUOTE_RE.sub(take, raw)
    rest = _SEPARATORS.sub(" ", rest)  # lone quotes, * ^ ( ) : and other operator characters
    for run in _runs(rest):
        if all(run != p.text for p in phrases):
            phrases.append(Phrase(run))
    parsed.phrases = [p for p in phrases if len(p.text) >= MIN_PHRASE_CHARS][:MAX_PHRASES]

    terms = []
    for source in [_strip_fillers(rest), *(p.text for p in phrases)]:
        for tok in tokens(source):
            if tok not in STOPWORDS and tok not in terms:
                terms.append(tok)
    multi = [t for t in terms if len(t) > 1]
    parsed.terms = (multi or terms)[:MAX_TERMS]
    # ---- abbreviations: add the expansions as further terms and phrases ----
    if synonyms:
        from .synonyms import expand

        expand(parsed, synonyms)
    # ---- end abbreviations ----
    # ---- folding: phrase variants ----
    import unicodedata

    from . import folding
    from .tokenizer import clean_text

    typed_raw = " ".join(unicodedata.normalize("NFKC", clean_text(q or ""))[:MAX_QUERY_CHARS].split())
    for p in parsed.phrases:
        p.variants = folding.phrase_variants(p.text, folding.typed_form(typed_raw, raw, p.text))
    # ---- end folding ----
    # ---- kinds ----
    from .registry import asked_kinds

    parsed.kinds_asked = asked_kinds(raw)
    # ---- end kinds ----
    return parsed
