"""One fold for index tokens and query terms: traditional → simplified, Chinese numerals → Arabic digits.

    黨員教育 → 党员教育 (OpenCC `t2s`)
    建党一百周年 → 建党100周年, 十八名 → 18名, 第四季度 → 第4季度, 二〇二一年 → 2021年

Documents and queries go through the same `fold`, so either script and either way of writing a number
meets the same tokens. Chinese numerals are converted only where they count something: after 第, before a
measure word or unit (名 个 年 周年 季度 …), or as a multi-character number with 十/百/千/万. Words such as
十分, 百姓, 万一, 一些, 统一 are left alone, and Party terms that contain numerals (三会一课, 两学一做,
四个意识 …) are never touched and stay whole words for the segmenter.

Exact phrases are matched on the raw stored text, so a phrase carries `variants`: the typed form, its
simplified and numeral forms and their traditional spellings (OpenCC `s2t`, `s2tw`, `s2hk`). Where a
traditional document uses a spelling none of them produced, `char_fold` — a length-preserving per-character
t2s map — compares the two, and gives snippets the positions to highlight in the original text.
"""

import re
from functools import lru_cache

import opencc

MAX_VARIANTS = 8
# Party and government terms that contain numerals: folded like any text (t2s), never numeral-converted,
# and taught to the segmenter as whole words (see tokenizer.load_user_dictionary).
PARTY_NUMERAL_TERMS = """三会一课 两学一做 四个意识 四个自信 两个维护 两个确立 四个全面 五位一体 三严三实 四风
    一解一表两图一轴 三员分立 六考一评 三重一大 一岗双责 四议两公开 两委 村两委 一肩挑 三务公开 四公开
    八项规定 十八大 十九大 二十大 十八届 十九届 二十届 十三五 十四五 十五五 七一 五四 八一 十一五
    第一书记 第一议题 一把手 一票否决 一线 一站式 一条龙 三农 四下基层 两新组织 两个务必 三个代表
    四史 一国两制 两个一百年 第一个百年 第二个百年 三中全会 四中全会 五中全会 六中全会 七中全会""".split()
UNITS = sorted(
    """名 个 人 年 周年 月 月份 日 号 季度 次 棵 项 户 元 万元 亿元 岁 天 期 届 条 篇 场 家 位 批 件 份 周
    小时 分钟 所 座 台 辆 间 本 张 套 轮 节 课时 学时 公里 千米 米 亩 吨 斤 倍 遍 票 栋 处 支 册 余 多
    余名 多名 余人 多人 余次 多次 个月 年度 季 笔 起 例 门 首 幅""".split(),
    key=len,
    reverse=True,
)
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL_RE = re.compile("[〇零一二两三四五六七八九十百千万]+")
_ARABIC_RE = re.compile("[0-9]+")
_UNIT_RE = re.compile("|".join(map(re.escape, UNITS)))
# A single numeral right after these characters is part of a word (统一, 唯一, 同一 …), not a count.
_WORD_BEFORE = set("统唯同单专划归合均整逐之万千百十其另")
_PROTECTED_RE = re.compile("(" + "|".join(map(re.escape, sorted(PARTY_NUMERAL_TERMS, key=len, reverse=True))) + ")")
_CJK_RANGES = [(0x3400, 0x4DC0), (0x4E00, 0xA000)]


@lru_cache(maxsize=8)
def converter(config):
    """A cached OpenCC converter: t2s, s2t, s2tw, s2hk (configurations shipped with the `opencc` package)."""
    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def _char_table():
    """{code point: code point} for every CJK character t2s changes on its own (about 3 800 of them)."""
    chars = [chr(i) for a, b in _CJK_RANGES for i in range(a, b)]
    out = converter("t2s").convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # never seen; fall back to converting one by one
        out = [converter("t2s").convert(c) for c in chars]
    return {ord(a): ord(b) for a, b in zip(chars, out, strict=True) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def _traditional_re():
    cls = "".join(chr(c) for c in sorted(_char_table()))
    return re.compile(f"[{re.escape(cls)}]")


def has_traditional(text):
    return bool(text) and _traditional_re().search(text) is not None


def to_simplified(text):
    """OpenCC t2s (phrase-aware); text without a single traditional character is returned as it is."""
    if not has_traditional(text):
        return text
    return converter("t2s").convert(text)


def char_fold(text):
    """Per-character t2s, same length as `text`: positions in the result are positions in the original."""
    if not has_traditional(text):
        return text
    return text.translate(_char_table())


# ---- numerals ----


def _parse_chinese(s):
    """一百零八 → 108, 十八 → 18, 两万 → 20000; None for what is not a well-formed number (万一, 千万, 十四五)."""
    if all(ch in _DIGITS for ch in s):
        return None  # bare digit strings are read digit by digit (years), see _convert
    total, section, digit, last_unit, zero = 0, 0, None, 10**5, False
    for i, ch in enumerate(s):
        if ch in _DIGITS:
            value = _DIGITS[ch]
            if digit is not None:
                return None  # two digits in a row: 十四五, 三五
            if value == 0:
                zero = True
                continue
            digit = value
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if unit >= last_unit:
                return None
            if digit is None:
                if ch != "十" or (i != 0 and s[i - 1] != "万" and not zero):
                    return None
                digit = 1
            section += digit * unit
            digit, last_unit, zero = None, unit, False
        else:  # 万
            if digit is not None:
                section += digit
                digit = None
            if section == 0 or total:
                return None
            total, section, last_unit, zero = section * 10000, 0, 10**5, False
    if digit is not None:
        if last_unit > 10 and last_unit < 10**5 and not zero:
            return None  # 一百五 (colloquial 150) is left as written
        section += digit
    return total + section


def _convert(run, before, after):
    """The Arabic form of a numeral run in its context, or None to leave it as written."""
    unit = _UNIT_RE.match(after)
    counted = before == "第" or unit is not None
    if all(ch in _DIGITS for ch in run):
        if len(run) == 1:
            if not counted or before in _WORD_BEFORE:
                return None
            return str(_DIGITS[run])
        # 二〇二一年, 一九二一年: a year read digit by digit.
        if after.startswith("年") and (len(run) == 4 or "〇" in run or "零" in run):
            return "".join(str(_DIGITS[ch]) for ch in run)
        return None
    value = _parse_chinese(run)
    if value is None:
        return None
    if len(run) == 1 and (not counted or before in _WORD_BEFORE):
        return None  # 十分, 百姓, 十足
    return str(value)


_LONGEST_TERM = max(map(len, PARTY_NUMERAL_TERMS))


def _in_party_term(s, start, end):
    """Whether s[start:end] overlaps a Party term (looked for only around it: most runs are not converted)."""
    lo = max(0, start - _LONGEST_TERM)
    for t in _PROTECTED_RE.finditer(s, lo, end + _LONGEST_TERM):
        if t.start() < end and t.end() > start:
            return True
    return False


def _numerals_to_arabic(text):
    def sub(m):
        s, run, start, end = m.string, m.group(), m.start(), m.end()
        before = s[start - 1] if start else ""
        if len(run) == 1 and before != "第" and not _UNIT_RE.match(s, end):
            return run  # the common case: 一 in 一些, 三 in 三涧溪
        converted = _convert(run, before, s[end : end + 4])
        if converted is None or _in_party_term(s, start, end):
            return run
        return converted

    return _NUMERAL_RE.sub(sub, text)


def _outside_party_terms(text, fn):
    parts = _PROTECTED_RE.split(text)
    return "".join(p if i % 2 else fn(p) for i, p in enumerate(parts))


def fold_numerals(text):
    """Chinese numerals in numeric contexts → Arabic digits, Party terms left as written."""
    if not text or not _NUMERAL_RE.search(text):
        return text
    return _numerals_to_arabic(text)


def _chinese_number(n, *, two="二"):
    if n == 0:
        return "零"
    if n >= 10**8:
        return None
    digits = "零一二三四五六七八九"

    def below_10000(v):
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = v // unit % 10
            if d:
                if zero and out:
                    out += "零"
                out += digits[d] + name
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10000)
    text = (below_10000(high) + "万" if high else "") + (
        ("零" if high and low < 1000 and low else "") + below_10000(low) if low else ""
    )
    if text.startswith("一十"):
        text = text[1:]  # 十八, not 一十八
    if text == "二" and two != "二":
        text = two
    return text


_ORDINAL_UNITS = ("月", "日", "号", "季度", "期", "届", "年")


def _arabic_to_chinese(text):
    """Arabic numbers in numeric contexts → Chinese numerals (the other spelling of a phrase)."""

    def sub(m):
        s = m.string
        before = s[m.start() - 1] if m.start() else ""
        after = s[m.end() : m.end() + 4]
        digits = m.group()
        unit = _UNIT_RE.match(after)
        if before != "第" and unit is None:
            return digits
        if after.startswith("年") and len(digits) == 4:
            return "".join("〇一二三四五六七八九"[int(d)] for d in digits)
        if len(digits) > 1 and digits.startswith("0"):
            return digits
        two = "二" if before == "第" or (unit and unit.group().startswith(_ORDINAL_UNITS)) else "两"
        return _chinese_number(int(digits), two=two) or digits

    return _ARABIC_RE.sub(sub, text)


def fold(text):
    """The text the index and the queries segment: simplified characters, Arabic numerals."""
    return fold_numerals(to_simplified(text))


@lru_cache(maxsize=2048)
def _variants(text, typed):
    simplified = to_simplified(text)
    arabic = fold_numerals(simplified)
    chinese = _outside_party_terms(arabic, _arabic_to_chinese) if _ARABIC_RE.search(arabic) else arabic
    forms = [typed, text, simplified, arabic, chinese]
    for form in (simplified, chinese, arabic):
        for config in ("s2t", "s2tw", "s2hk"):
            forms.append(converter(config).convert(form))
    out = []
    for f in forms:
        if f and f not in out:
            out.append(f)
    return tuple(out[:MAX_VARIANTS])


def phrase_variants(text, typed=None):
    """The spellings an exact phrase may have in the stored text, the typed form first, at most 8."""
    return list(_variants(text, typed or text))


def typed_form(typed_raw, raw, text):
    """The part of what was typed (before t2s) that became the phrase `text` of `raw`, if it can be told."""
    if len(typed_raw) != len(raw):
        return None
    i = raw.lower().find(text)
    return typed_raw[i : i + len(text)].lower() if i >= 0 else None
