"""What a question says besides its words: the period it names, the meeting type, the kind of answer it wants.

"2021年7月的支委会" → dates 2021-07-01 … 2021-07-31 and the type 支委会. The dates are a filter: the words
leave the search terms (a record of 12 July 2021 does not say "2021年7月"). The type is a preference: the
word stays a term, and records of that type rank above those whose text merely mentions it.

Periods: years (2021年, 二〇二一年, 今年, 去年, 前年), months (7月, 七月, 三月份, 上个月, 本月/这个月),
days after a month (7月1日), quarters (第四季度, 四季度, 第4季度, Q4, 上季度, 本季度) and their
combinations (2021年7月, 去年第四季度). Relative periods count from today in Asia/Shanghai; a month or
quarter without a year is the most recent one that has begun (三月份 in December is this year's March, in
February last year's). "2025年度" is the year a duty belongs to, not when it was held, and is left alone, as
are impossible periods (13月, 0月, 第五季度) and anything inside quotes (the reader wants those words).

Meeting types are the labels the event kinds register (search/registry.py `type_labels`, e.g. 支委会) and
the common ways of saying them (TYPE_WORDS); the search app still names none of its kinds.

What the question asks for: who (谁讲的…党课, 谁主持的, 主讲人是谁), how many (种了多少棵, 评了几个优秀,
多少人参加: `unit` is the measure word asked for) or which month/year (几月份, 哪一年; the date answer).
"""

import calendar
import datetime
import html
import re
from dataclasses import dataclass, replace

from core import dates

from . import registry

# The ways people name a meeting type, by the label its kind registers. A label not listed here is matched
# as itself. Longer words are matched first and a matched span is used once (民主评议党员大会 is 民主评议党员).
TYPE_WORDS = {
    "支委会": ("支部委员会会议", "支部委员会", "支委扩大会", "支委会议", "支委会"),
    "支部党员大会": ("支部党员大会", "全体党员大会", "党员大会"),
    "党小组会": ("党小组会议", "党小组会", "小组会"),
    "党课": ("讲党课", "党课"),
    "主题党日": ("主题党日", "党日活动", "党日"),
    "组织生活会": ("组织生活会",),
    "民主生活会": ("民主生活会",),
    "民主评议党员": ("民主评议党员", "民主评议"),
    "党员教育": ("党员教育",),
    "专题学习": ("专题学习",),
    "谈心谈话": ("谈心谈话", "谈心"),
    "调研走访": ("调研走访", "走访调研"),
    "座谈会": ("座谈会",),
    "志愿服务": ("志愿服务", "志愿活动", "志愿者活动"),
}
IGNORED_LABELS = {"其他"}
# Score multiplier of the entries of an understood meeting type: above those merely mentioning the word.
TYPE_FACTOR = 5.0

WHO_WORDS = ("谁", "哪位", "何人")
# 几 + a measure word asks for a number; 几月/几号/几日/几点/几年 ask for a date or time instead.
MEASURE_WORDS = "个名位人棵株次场期项家户份条篇件元所批支亩本张册台辆吨天"
_NUMBER_QUESTION = re.compile(rf"多少(?P<u1>[{MEASURE_WORDS}]?)|几(?P<u2>[{MEASURE_WORDS}])")
DATE_WORDS = ("几月份", "几月", "哪个月", "哪一年", "哪年")
# Measure words that count the same things: asking 多少人 is answered by 18名 as well.
SAME_UNIT = {
    "个": "",
    "人": "人名位",
    "名": "人名位",
    "位": "人名位",
    "棵": "棵株",
    "株": "棵株",
    "次": "次场期",
    "场": "次场期",
}

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUM = "〇零一二两三四五六七八九十"
_CN_QUARTERS = "一二三四"
# A month or quarter written in Chinese numerals without a year before it must stand on its own: at the start,
# after punctuation or after one of these (查一下七月的…, 在三月份…); 统一月报 or 十月革命 name no month.
_CN_BEFORE = set("的在于是下查找看问和及与至到、，, ")
_CN_NOT_AFTER = ("革命",)

_YEAR = r"(?:(?<![0-9])(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年(?!度)|(?P<ry>今年|去年|前年|明年)(?!度))"
_MONTH = (
    rf"(?<![0-9{_CN_NUM}])(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,3}})月(?:份)?"
    rf"(?:(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})[日号])?"
)
_QUARTER = rf"(?P<qth>第)?(?<![0-9{_CN_NUM}])(?P<q>\d{{1,2}}|[{_CN_NUM}]{{1,2}})季度|(?<![A-Za-z])[Qq](?P<q2>\d{{1,2}})(?![0-9])"
_PERIOD = re.compile(
    rf"{_YEAR}?(?:{_MONTH}|{_QUARTER})?"
    r"|(?P<rm>上个月|上一个月|上月|本月份?|这个月)"
    r"|(?P<rq>上个季度|上一季度|上季度|本季度|这个季度)"
)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』|《[^》]*》')


@dataclass(frozen=True)
class Understood:
    """Filters and intent taken from a question; `date_label` and `type_labels` say them in words."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    date_label: str = ""
    types: tuple = ()  # type codes of the event kinds
    type_labels: tuple = ()  # 支委会 …, one per meeting type understood
    type_words: tuple = ()  # the words the question used for them (支部委员会会议 …)
    asks: str = ""  # "who", "number", "date" or ""
    unit: str = ""  # for "number": the measure word asked for (棵), "" for any

    @property
    def has_dates(self):
        return self.date_from is not None

    @property
    def filters(self):
        """Anything that narrows the search (the dates) or reorders it (the types)."""
        return self.has_dates or bool(self.types)

    @property
    def labels(self):
        return [x for x in (self.date_label, *self.type_labels) if x]

    @property
    def label(self):
        """2021年7月 · 支委会"""
        return " · ".join(self.labels)

    def without_dates(self):
        return replace(self, date_from=None, date_to=None, date_label="")

    def without_types(self):
        return replace(self, types=(), type_labels=(), type_words=())


def cn_int(text):
    """12, 十二, 二〇二一, 三十一 → int; None for anything else."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_NUM for ch in text):
        return None
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    head, _, tail = text.partition("十")
    if "十" in tail or len(head) > 1 or len(tail) > 1:
        return None
    tens = _CN_DIGITS.get(head, None) if head else 1
    ones = _CN_DIGITS.get(tail, None) if tail else 0
    if tens is None or ones is None or tens == 0:
        return None
    return tens * 10 + ones


def _month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _quarter(year, q):
    return datetime.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), f"{year}年第{_CN_QUARTERS[q - 1]}季度"


def _stands_alone(text, start, end):
    before = text[start - 1] if start > 0 else " "
    return (before in _CN_BEFORE or not re.match(r"[\u3400-\u9fff]", before)) and not text.startswith(
        _CN_NOT_AFTER, end
    )


def _period(m, text, today):
    """(start, end, label) of one match, or None when it names no real period."""
    g = m.groupdict()
    if g["rm"]:
        first = today.replace(day=1)
        if g["rm"].startswith("上"):
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        return first, _month_end(first.year, first.month), f"{first.year}年{first.month}月"
    if g["rq"]:
        year, q = today.year, (today.month - 1) // 3 + 1
        if g["rq"].startswith("上"):
            year, q = (year, q - 1) if q > 1 else (year - 1, 4)
        return _quarter(year, q)
    year = None
    if g["y"]:
        year = cn_int(g["y"])
        if year is None or not 1900 <= year <= 2100:
            return None
    elif g["ry"]:
        year = today.year + {"今年": 0, "去年": -1, "前年": -2, "明年": 1}[g["ry"]]
    month_text = g["m"]
    quarter_text = g["q"] or g["q2"]
    if month_text:
        month = cn_int(month_text)
        if month is None or not 1 <= month <= 12:
            return None
        if year is None and not month_text.isdigit() and not _stands_alone(text, m.start("m"), m.end()):
            return None
        day = cn_int(g["d"]) if g["d"] else None
        if g["d"] and (day is None or not 1 <= day <= 31):
            return None
        if year is None:  # the most recent such month (or day) that has begun
            year = today.year
            if month > today.month or (day and month == today.month and day > today.day):
                year -= 1
        if day:
            if day > calendar.monthrange(year, month)[1]:
                return None
            d = datetime.date(year, month, day)
            return d, d, f"{year}年{month}月{day}日"
        return datetime.date(year, month, 1), _month_end(year, month), f"{year}年{month}月"
    if quarter_text:
        q = cn_int(quarter_text)
        if q is None or not 1 <= q <= 4:
            return None
        if year is None:
            if not g["qth"] and not g["q2"] and not quarter_text.isdigit():
                if not _stands_alone(text, m.start("q"), m.end()):
                    return None
            year = today.year if 3 * q - 2 <= today.month else today.year - 1
        return _quarter(year, q)
    if year is not None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}年"
    return None


def _type_vocabulary():
    """{word: label} over the labels the event kinds register, longest word first; {label: {kind: code}}."""
    words, codes = {}, {}
    for kind in registry.KINDS.values():
        if not kind.event:
            continue
        for code, label in kind.type_labels.items():
            if label in IGNORED_LABELS or len(label) < 2:
                continue
            codes.setdefault(label, {})[kind.name] = code
            for w in TYPE_WORDS.get(label, (label,)):
                words.setdefault(w, label)
    return dict(sorted(words.items(), key=lambda wl: -len(wl[0]))), codes


def type_codes(label):
    """{kind: code} of a meeting-type label (支委会 → {"record": "committee_meeting"})."""
    return _type_vocabulary()[1].get(label, {})


def _asks(text):
    if any(w in text for w in WHO_WORDS):
        return "who", ""
    m = _NUMBER_QUESTION.search(text)
    if m:
        return "number", m.group("u1") or m.group("u2") or ""
    if any(w in text for w in DATE_WORDS):
        return "date", ""
    return "", ""


def understand(text, *, today=None, literal=False):
    """(Understood, the text without the period's words). `literal`: only what the question asks for."""
    if not text:
        return Understood(), text
    asks, unit = _asks(text)
    if literal:
        return Understood(asks=asks, unit=unit), text
    today = today or dates.today()
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]

    def in_quotes(a, b):
        return any(qa <= a and b <= qb for qa, qb in quoted)

    periods, spans = [], []
    for m in _PERIOD.finditer(text):
        if m.end() == m.start() or in_quotes(m.start(), m.end()):
            continue
        p = _period(m, text, today)
        if p is not None:
            periods.append(p)
            spans.append((m.start(), m.end()))
    rest = text
    for a, b in reversed(spans):
        rest = rest[:a] + " " + rest[b:]
    date_from = date_to = None
    date_label = ""
    if periods:
        periods.sort()
        date_from = min(p[0] for p in periods)
        date_to = max(p[1] for p in periods)
        labels = list(dict.fromkeys(p[2] for p in periods))
        date_label = labels[0] if len(labels) == 1 else f"{labels[0]}至{labels[-1]}"

    words, codes = _type_vocabulary()
    found, used, scan = [], [], text
    for word, label in words.items():
        i = scan.find(word)
        while i >= 0:
            if not in_quotes(i, i + len(word)):
                if label not in found:
                    found.append(label)
                    used.append(word)
                scan = scan[:i] + "\0" * len(word) + scan[i + len(word) :]
            i = scan.find(word, i + len(word))
    types = tuple(dict.fromkeys(code for label in found for code in codes[label].values()))
    return (
        Understood(
            date_from=date_from,
            date_to=date_to,
            date_label=date_label,
            types=types,
            type_labels=tuple(found),
            type_words=tuple(used),
            asks=asks,
            unit=unit,
        ),
        rest,
    )


def narrow(understood, *, date_from=None, date_to=None, type=None, kind=None):
    """The understood filters that apply beside the ones the reader gave: (understood, date_from, date_to).

    Dates: the intersection of both periods; when they do not meet, the reader's own dates win. A type the
    reader chose, or a kind without meeting types, leaves the understood types out."""
    u = understood
    if u.has_dates:
        lo = max(d for d in (u.date_from, date_from) if d is not None)
        hi = min(d for d in (u.date_to, date_to) if d is not None)
        if lo > hi:
            u = u.without_dates()
        else:
            date_from, date_to = lo, hi
    if u.types and (type or (kind and not registry.is_event(kind))):
        u = u.without_types()
    return u, date_from, date_to


def of_type(entry, understood):
    """Whether an index entry is a meeting of an understood type: its own type, or one it also counts as
    (those are the labels on the first line of its body, see records/search_index.py)."""
    if entry.type in understood.types:
        return True
    kind = registry.get(entry.kind)
    if kind is None or not kind.type_labels:
        return False
    first_line = set(entry.body.split("\n", 1)[0].split())
    return any(kind.type_labels.get(code) in first_line for code in understood.types)


# ---- how-many answers -----------------------------------------------------------------------------------------

_NUMERAL = r"(?:\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千万亿]+)(?:余|多)?"
_COUNTED = re.compile(rf"(?P<n>{_NUMERAL})(?P<u>万元|[{MEASURE_WORDS}])")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")


def number_sentence(body, unit="", terms=()):
    """(plain, html) of the sentence of `body` that holds the number asked for, the number in <mark>.

    Prefers a number counted in the measure word asked for (or one counting the same things: 名 for 人),
    then the sentence holding most of the question's words. None when no sentence holds a counted number."""
    same = SAME_UNIT.get(unit, unit)
    best, best_key = None, None
    for i, sentence in enumerate(s.strip() for s in _SENTENCE_END.split(body or "")):
        if not sentence:
            continue
        counted = list(_COUNTED.finditer(sentence))
        if not counted:
            continue
        wanted = [m for m in counted if same and m.group("u") in same]
        # 一个/一次 are more often words (一个重要 …) than counts: a sentence with another number is preferred.
        counts = [m for m in counted if m.group("n") != "一"]
        key = (bool(wanted), sum(1 for t in terms if t in sentence), bool(counts), -i)
        if best_key is None or key > best_key:
            best, best_key = (sentence, wanted or counted), key
    if best is None:
        return None
    sentence, marks = best
    out, last = [], 0
    for m in marks:
        out.append(html.escape(sentence[last : m.start()]))
        out.append("<mark>" + html.escape(m.group(0)) + "</mark>")
        last = m.end()
    out.append(html.escape(sentence[last:]))
    return sentence, "".join(out)
