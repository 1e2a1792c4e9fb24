"""Generate a synthetic archive of varied plans for the ingest/search benchmarks.

    python benchmarks/synth.py --n 20000 --out benchmarks/_data/synth

Plans are built from templates: title (city, year, campaign, kind), issuer and document
number, 指导思想 / 工作目标 (metrics) / 主要任务 (groups, tasks with 牵头/配合 units, persons,
deadlines, metrics) / 实施步骤 (phases) / 组织领导 (leading group) / 保障措施. Some are
written in traditional script (OpenCC s2t), some wrapped in site chrome, some compiled
several to a file (第一篇 / 第二篇), some saved as HTML, GB18030 or UTF-16. When the project's
own ``corpora/`` has texts, a share of files reuse them as bodies. Deterministic (--seed).
The output folder is git-ignored (``benchmarks/_data/``); nothing here is committed.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PLACES = tuple(
    a + b
    for a in (
        "东",
        "南",
        "西",
        "北",
        "临",
        "安",
        "永",
        "长",
        "新",
        "清",
        "龙",
        "凤",
        "金",
        "玉",
        "青",
    )
    for b in ("川", "岭", "河", "山", "江", "平", "宁", "沙", "阳", "溪", "源", "湖", "州", "桥")
)
LEVELS = ("市", "县", "区")
CAMPAIGNS = {
    "civilized_city": ("创建全国文明城市", "巩固全国文明城市创建成果", "创建省级文明城市"),
    "sanitary_city": ("创建国家卫生城市", "创建省级卫生县城", "爱国卫生月活动"),
    "civilized_unit": ("创建文明单位", "创建市级文明单位", "文明行业创建"),
    "safety": ("平安建设", "社会治安综合治理", "提升公众安全感"),
    "party_building": ("创先争优活动", "基层组织建设年", "迎七一主题实践活动"),
    "other": ("城乡环境综合整治", "优化营商环境", "垃圾分类工作"),
}
KINDS = (("实施方案", 6), ("工作方案", 5), ("活动方案", 2), ("工作总结", 1), ("通知", 1))
ISSUERS = ("人民政府办公室", "精神文明建设委员会办公室", "爱国卫生运动委员会", "综治委", "委办公室")
UNITS = (
    "卫生局", "教育局", "公安局", "城管局", "住建局", "环保局", "交通运输局", "文明办",
    "宣传部", "民政局", "商务局", "市场监管局", "文广新局", "团委", "妇联", "水务局",
    "财政局", "人社局", "农业局", "林业局", "各街道办事处", "各乡镇人民政府", "供电公司",
)  # fmt: skip
VERBS = ("开展", "加强", "推进", "整治", "完善", "落实", "深化", "规范", "提升", "建立健全")
OBJECTS = (
    "市容环境卫生", "农贸市场秩序", "健康教育", "病媒生物防制", "食品安全监管", "交通秩序",
    "志愿服务活动", "公益广告宣传", "背街小巷环境", "城中村改造", "校园周边环境", "窗口行业服务",
    "诚信体系建设", "未成年人思想道德建设", "社会治安防控体系", "矛盾纠纷排查化解", "公共文化设施",
    "垃圾分类收运", "餐饮油烟治理", "建筑工地扬尘管控", "社区卫生服务", "控烟宣传",
)  # fmt: skip
METRICS = ("知晓率", "满意率", "覆盖率", "达标率", "参与率", "无害化处理率", "受理率", "办结率")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌海波宁峰"
NUMS = "一二三四五六七八九十"
PHASES = ("宣传发动阶段", "组织实施阶段", "集中整治阶段", "检查验收阶段", "总结提高阶段")
CHROME_HEAD = (
    "首页 > 范文大全 > 实施方案 > 正文", "【精选】{title}.doc",
    "发布时间：{year}-0{m}-1{d} 浏览次数：{n}", "当前位置：学习啦 > 实用范文 > 方案大全",
    "VIP免费下载 文档格式：doc 页数：{d}",
)  # fmt: skip
CHROME_TAIL = (
    "相关范文推荐", "版权声明：本站文章均来自网络，如有侵权请联系删除。", "上一篇：{other}",
    "下一篇：{other}", "热门文章 | 最新文章 | 联系我们",
)  # fmt: skip


def person(r: random.Random) -> str:
    return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))


def title_of(r: random.Random, place: str, year: int, campaign: str) -> tuple[str, str]:
    kind = r.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    who = place if r.random() < 0.7 else place + r.choice(UNITS[:12])
    return f"{who}{year}年{campaign}{kind}", kind


def task_lines(r: random.Random, year: int, n: int) -> list[str]:
    lines: list[str] = []
    for g in range(n):
        lines.append(f"（{NUMS[g]}）{r.choice(VERBS)}{r.choice(OBJECTS)}工程")
        for t in range(r.randint(2, 5)):
            lead, coop = r.sample(UNITS, 2)
            m = r.choice(METRICS)
            lines.append(
                f"{t + 1}.{r.choice(VERBS)}{r.choice(OBJECTS)}。{r.choice(VERBS)}"
                f"{r.choice(OBJECTS)}，确保{m}达到{r.randint(80, 100)}%以上。"
                f"牵头单位：{lead}；配合单位：{coop}；责任人：{person(r)}；"
                f"完成时限：{year}年{r.randint(1, 12)}月底前。"
            )
    return lines


def plan_text(r: random.Random, i: int) -> tuple[str, str]:
    """(title, text) of one synthetic plan."""
    place = r.choice(PLACES) + r.choice(LEVELS)
    year = r.randint(2003, 2024)
    ctype = r.choice(list(CAMPAIGNS))
    campaign = r.choice(CAMPAIGNS[ctype])
    title, _ = title_of(r, place, year, campaign)
    issuer = place + r.choice(ISSUERS)
    lines = [title, f"{place[:2]}办发〔{year}〕{r.randint(1, 99)}号", "各有关单位："]
    aim = f"以{campaign}为载体，坚持以人为本，{r.choice(VERBS)}{r.choice(OBJECTS)}。"
    lines += ["一、指导思想", aim * r.randint(1, 3)]
    lines += ["二、工作目标"] + [
        f"到{year}年底，{r.choice(OBJECTS)}{r.choice(METRICS)}达到{r.randint(85, 100)}%。"
        for _ in range(r.randint(1, 4))
    ]
    lines += ["三、主要任务", *task_lines(r, year, r.randint(2, 6))]
    lines += ["四、实施步骤"] + [
        f"（{NUMS[k]}）{p}（{year}年{k * 2 + 1}月至{k * 2 + 2}月）。"
        f"{r.choice(VERBS)}{r.choice(OBJECTS)}。"
        for k, p in enumerate(r.sample(PHASES, r.randint(2, 4)))
    ]
    lines += ["五、组织领导", f"成立{campaign}工作领导小组：", f"组长：{person(r)}（{place}长）"]
    lines += [f"副组长：{person(r)}" for _ in range(r.randint(1, 3))]
    lines += ["成员：" + "、".join(person(r) for _ in range(r.randint(3, 8)))]
    lines += [
        "六、保障措施",
        f"各单位要高度重视，{r.choice(VERBS)}{r.choice(OBJECTS)}，确保取得实效。",
    ]
    lines += [issuer, f"{year}年{r.randint(1, 12)}月{r.randint(1, 28)}日"]
    return title, "\n".join(lines)


def corpus_bodies() -> list[str]:
    """The project's own corpora/ source texts (UTF-8; never ../shared), extra templates.

    Only ``corpora/src``: ``corpora/plans`` holds the same texts in other encodings, which
    read as UTF-8 would become mojibake files that fail as binary data.
    """
    files = sorted((ROOT / "corpora/src").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    return [t for t in texts if len(t) > 200]


def dress(r: random.Random, title: str, text: str, year: int) -> str:
    """Wrap in site chrome (head and tail lines) like a scraped page."""
    fill = {"title": title, "year": year, "m": r.randint(1, 9), "d": r.randint(0, 9),
            "n": r.randint(10, 9999), "other": title[: r.randint(4, 10)] + "方案"}  # fmt: skip
    head = [s.format(**fill) for s in r.sample(CHROME_HEAD, r.randint(1, 3))]
    tail = [s.format(**fill) for s in r.sample(CHROME_TAIL, r.randint(1, 4))]
    return "\n".join([*head, text, *tail])


def one_file(
    r: random.Random, i: int, s2t: Callable[[str], str], corpus: list[str]
) -> tuple[str, bytes]:
    parts = [plan_text(r, i) for _ in range(3 if r.random() < 0.08 else 1)]
    if corpus and r.random() < 0.1:
        parts[0] = (parts[0][0], r.choice(corpus) + "\n" + parts[0][1])
    if len(parts) > 1:
        text = "\n".join(f"第{NUMS[k]}篇：{t}\n{body}" for k, (t, body) in enumerate(parts))
    else:
        text = parts[0][1]
    if r.random() < 0.3:
        text = dress(r, parts[0][0], text, 2000 + i % 25)
    traditional = r.random() < 0.15
    if traditional:
        text = s2t(text)
    roll = r.random()
    if roll < 0.1:
        body = "".join(f"<p>{line}</p>\n" for line in text.split("\n"))
        page = f"<html><head><title>{parts[0][0]}</title></head><body>\n{body}</body></html>"
        return "html", page.encode()
    if roll < 0.16 and not traditional:
        return "txt", text.encode("gb18030")
    if roll < 0.18:
        return "txt", text.encode("utf-16")
    return "txt", text.encode("utf-8")


def generate(n: int, out: Path, seed: int = 20240601) -> tuple[int, int]:
    """Write ``n`` files under ``out`` (1000 per folder); returns (files, bytes)."""
    import opencc

    s2t = opencc.OpenCC("s2t").convert
    r = random.Random(seed)
    corpus = corpus_bodies()
    total = 0
    for i in range(n):
        ext, data = one_file(r, i, s2t, corpus)
        path = out / f"{i // 1000:03d}" / f"plan{i:06d}.{ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        total += len(data)
    return n, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=20000, help="number of files (default 20000)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/_data/synth")
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args()
    t0 = time.perf_counter()
    files, size = generate(args.n, args.out, args.seed)
    dt = time.perf_counter() - t0
    print(f"wrote {files} files, {size / 2**20:.1f} MB to {args.out} in {dt:.1f} s")


if __name__ == "__main__":
    main()
