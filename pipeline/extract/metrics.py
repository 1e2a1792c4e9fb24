"""Target figures (知晓率达到100%, 不超过15分钟, 3次以上, ≥90%, 新建公厕4座).

A metric is a number with a unit, optionally with a comparison before it (达到, 不低于, ≥ …)
or after it (以上, 以下, 以内). ``name`` is the measured quantity just before the figure,
cut at function words and kept short (at most ``MAX_NAME_LEN`` chars, on word boundaries).
Dates (2008年, 3月), document numbers (〔2009〕23号), ordinals (第三次) and bare
Chinese-numeral phrases (三个代表, 一名领导) are not metrics.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline.model import Evidence, Metric

MAX_NAME_LEN = 7  # 健康知识知晓率, 排队等候时间: longer names drag in the subject of the clause

# Comparison words before the number → op. Longest alternatives first in the regex.
OPS_BEFORE: dict[str, str] = {
    "≥": ">=",
    ">=": ">=",
    "＞=": ">=",
    "≤": "<=",
    "<=": "<=",
    "＜=": "<=",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
    "=": "=",
    "＝": "=",
    "达到": ">=",
    "达": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "不下于": ">=",
    "至少": ">=",
    "最少": ">=",
    "提高到": ">=",
    "提高至": ">=",
    "增加到": ">=",
    "增至": ">=",
    "不超过": "<=",
    "不高于": "<=",
    "不大于": "<=",
    "不多于": "<=",
    "最多": "<=",
    "至多": "<=",
    "控制在": "<=",
    "降低到": "<=",
    "降到": "<=",
    "降至": "<=",
    "超过": ">",
    "高于": ">",
    "大于": ">",
    "多于": ">",
    "低于": "<",
    "少于": "<",
    "小于": "<",
    "保持在": "=",
    "为": "=",
}
OPS_AFTER: dict[str, str] = {"以上": ">=", "以下": "<=", "以内": "<=", "之内": "<="}
SYMBOL_OPS = frozenset(k for k in OPS_BEFORE if not re.match(r"[\u4e00-\u9fff]", k))

# Units as written; longest first in the regex so 平方米 wins over 米 and 人次 over 人.
UNITS = (
    "%",
    "％",
    "‰",
    "个百分点",
    "个工作日",
    "个月",
    "分钟",
    "小时",
    "平方公里",
    "平方米",
    "公里",
    "千米",
    "厘米",
    "毫米",
    "米",
    "㎡",
    "m²",
    "m2",
    "人次",
    "万人",
    "人",
    "名",
    "户",
    "座",
    "处",
    "家",
    "所",
    "场",
    "期",
    "次",
    "遍",
    "块",
    "条",
    "份",
    "篇",
    "项",
    "件",
    "辆",
    "台",
    "套",
    "株",
    "棵",
    "亩",
    "公顷",
    "吨",
    "万元",
    "亿元",
    "元",
    "个",
    "天",
    "周岁",
    "岁",
    "分",
    "倍",
    "批",
    "间",
    "张",
    "册",
    "床",
)
CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
# Tokens after which the measured quantity starts (使学生…, 确保…, 每年…).
NAME_STOPS_TEXT = (
    "的 各 使 让 确保 保证 力争 争取 力求 做到 实现 要求 要 和 及 与 并 以及 或 均 都 必须 应 "
    "每年 每月 每周 每天 每日 每季度 每半年 全年 年内 其中 共 累计 达到 确定 其 "
    "至少 最少 至多 最多 等 有 共有 现有 已有"
)
NAME_STOPS = frozenset(NAME_STOPS_TEXT.split())

# Units that count things; the counted noun may follow them (5个优秀党务工作者).
CLASSIFIERS = frozenset("个家所名座处户项件条块辆台套株棵间张批场期")
# Verbs that carry no measure of their own: a name that is only one of them is replaced by
# the noun after the figure (开展3次检查 → 检查), or left empty (组织100人参加).
LIGHT_VERBS_TEXT = (
    "组织 开展 举办 召开 进行 安排 实施 搞 落实 完成 有 共有 现有 拟定 集中 成立 成立了 以"
)
LIGHT_VERBS = frozenset(LIGHT_VERBS_TEXT.split())
AFTER_STOPS_TEXT = "进入 参加 达到 以上 以下 以内 被 为 是 分别 通过 获得"
AFTER_STOPS = frozenset(AFTER_STOPS_TEXT.split())
RE_NUM = r"(?P<num>\d+(?:\.\d+)?|[零一二两三四五六七八九十百]+)"
RE_RANGE = r"(?:\s*[—–\-~～至到]\s*(?P<hi>\d+(?:\.\d+)?))?"
RE_DISTANT_OP = re.compile(r"(至少|最少|至多|最多)[\u4e00-\u9fff]{1,6}$")
RE_NAME_TAIL = re.compile(r"(?:分别|均|在|约|近|共|计)+$")  # 满意度在95%以上 → 满意度
RE_NAME_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z]+$")
# No figure, name or op runs across these: a text is read clause by clause, each clause
# starting with the separator it was cut at, and clauses recur ("确保知晓率达到90%以上").
RE_CLAUSE_CUT = re.compile(r"(?=[，,。；;])")


@cache
def _re_metric() -> re.Pattern[str]:
    ops = "|".join(map(re.escape, sorted(OPS_BEFORE, key=len, reverse=True)))
    units = "|".join(map(re.escape, sorted(UNITS, key=len, reverse=True)))
    after = "|".join(OPS_AFTER)
    # A match starts with an op, a blank or a digit: the lookahead skips other positions fast.
    first = "".join(sorted({k[0] for k in OPS_BEFORE} | set(" \t零一二两三四五六七八九十百")))
    return re.compile(
        rf"(?=[\d{re.escape(first)}])"
        rf"(?P<op>{ops})?[ \t]*{RE_NUM}{RE_RANGE}[ \t]*(?P<unit>{units})?(?P<post>{after})?"
    )


def _cn_number(s: str) -> float | None:
    """一 → 1, 十五 → 15, 二十 → 20, 三百 → 300; None for anything else."""
    if s.isascii():
        return float(s)
    if "百" in s:
        head, _, tail = s.partition("百")
        h = CN_DIGITS.get(head, 1 if not head else -1)
        t = _cn_number(tail) if tail else 0.0
        return None if h < 0 or t is None else float(h * 100 + t)
    if "十" in s:
        head, _, tail = s.partition("十")
        h = CN_DIGITS.get(head, 1 if not head else -1)
        t = CN_DIGITS.get(tail, 0 if not tail else -1)
        return None if h < 0 or t < 0 else float(h * 10 + t)
    return float(CN_DIGITS[s]) if len(s) == 1 and s in CN_DIGITS else None


def _distant_op(text: str, m: re.Match[str]) -> str | None:
    """``至少检查一次``: 至少/最多 a few characters before the number, same clause."""
    if m.group("op"):
        return None
    found = RE_DISTANT_OP.search(text[max(0, m.start("num") - 8) : m.start("num")])
    return OPS_BEFORE[found.group(1)] if found else None


def _is_noise(text: str, m: re.Match[str]) -> bool:
    """Dates, ordinals, numbering and idioms that look like figures."""
    start = m.start("num")
    before = text[start - 1] if start else ""
    if before and (
        before in "第.〔[［" or before.isdigit() or (before.isascii() and before.isalpha())
    ):
        return True
    if not m.group("unit"):
        return m.group("op") not in SYMBOL_OPS  # ≥90 may omit the unit; words may not
    nxt = text[m.end() : m.end() + 1]
    if m.group("unit") in {"分", "天"} and nxt in {"之", "钟"}:
        return True  # 三分之一, 天之后
    if m.group("unit") == "个" and nxt and nxt in "新全更较崭":
        return True  # 提高到一个新台阶
    has_op = m.group("op") or m.group("post") or _distant_op(text, m)
    # 三个代表, 一名分管领导: counts in words are targets only with an op
    return not m.group("num").isascii() and not has_op


def _name(text: str, end: int, floor: int = 0) -> tuple[str, int]:
    """The measured quantity ending at ``end`` (not before ``floor``): (name, start offset)."""
    run = RE_NAME_RUN.search(text[max(floor, end - 30) : end])
    if not run:
        return "", end
    words = _cut(run.group())
    for i in range(len(words) - 1, -1, -1):
        if words[i] in NAME_STOPS:
            words = words[i + 1 :]
            break
    kept: list[str] = []
    for w in reversed(words):
        if kept and len(w) + sum(map(len, kept)) > MAX_NAME_LEN:
            break
        kept.insert(0, w)
    name = "".join(kept)
    trimmed = RE_NAME_TAIL.sub("", name)
    return trimmed, end - len(name)


@cache
def _tokenizer():  # type: ignore[no-untyped-def]
    import rjieba

    return rjieba


def _cut(s: str) -> list[str]:
    return list(_tokenizer().cut(s))


def _counted_noun(text: str, start: int) -> str:
    """The noun a classifier counts, written after it (2个社区, 三个以上无烟办公室)."""
    run = re.match(r"[\u4e00-\u9fff]+", text[start : start + 20])
    if not run:
        return ""
    kept: list[str] = []
    for w in _cut(run.group()):
        if w in NAME_STOPS or w in AFTER_STOPS or sum(map(len, kept)) + len(w) > MAX_NAME_LEN:
            break
        kept.append(w)
    return "".join(kept)


def find_metrics(text: str) -> list[Metric]:
    """Every target figure in ``text`` in reading order; evidence spans index ``text``."""
    return list(_find_metrics(text)) if text else []


MetricValue = tuple[str, str, float, str, str]  # name, op, value, unit, raw


def metric_values(text: str) -> list[MetricValue]:
    """(name, op, value, unit, raw) of ``find_metrics(text)``, for callers that place the
    figures themselves (building evidence only to replace it costs more than the search)."""
    return [(m.name, m.op, m.value, m.unit, m.raw) for _, m in placed_metrics(text)]


def _find_metrics(text: str) -> tuple[Metric, ...]:  # placed_metrics caches the search
    return tuple(_shifted(m, pos) if pos else m for pos, m in placed_metrics(text))


@lru_cache(maxsize=4096)
def placed_metrics(text: str) -> tuple[tuple[int, Metric], ...]:
    """(clause offset, figure with evidence in its clause) for each figure of ``text``:
    ``find_metrics`` before the figures are moved to offsets in ``text``."""
    out: list[tuple[int, Metric]] = []
    pos = 0
    for clause in RE_CLAUSE_CUT.split(text):  # empty only before a separator opening the text
        found = _clause_metrics(clause) if clause else ()
        if found:
            out += [(pos, m) for m in found]
        pos += len(clause)
    return tuple(out)


def _shifted(m: Metric, base: int) -> Metric:
    ev = m.evidence
    moved = ev and Evidence(ev.block, ev.start + base, ev.end + base)
    return Metric(m.name, m.op, m.value, m.unit, m.raw, moved)


@lru_cache(maxsize=16384)
def _clause_metrics(text: str) -> tuple[Metric, ...]:
    """The figures of one clause, offsets relative to it."""
    out: list[Metric] = []
    floor = 0
    for m in _re_metric().finditer(text):
        if _is_noise(text, m):
            continue
        value = _cn_number(m.group("num"))
        if value is None:
            continue
        op = (
            OPS_AFTER.get(m.group("post") or "")
            or _distant_op(text, m)
            or OPS_BEFORE.get(m.group("op") or "", "=")
        )
        if m.group("hi") and op == "=":
            op = ">="  # 2—3次: at least the lower bound
        name_end = m.start("op") if m.group("op") else m.start("num")
        name, start = _name(text, name_end, floor)
        end = floor = m.end()
        if name in LIGHT_VERBS:  # 开展3次检查: the verb says nothing, the noun after does
            name = _counted_noun(text, end)
        elif not name and m.group("unit") in CLASSIFIERS:
            name = _counted_noun(text, end)  # 力争2个社区进入… → 社区
        raw = text[start:end].strip()
        out.append(Metric(name, op, value, m.group("unit") or "", raw, Evidence(0, start, end)))
    return tuple(out)
