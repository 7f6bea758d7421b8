"""Demo 党建动态: items in every state (草稿, 待审核, 已退回, 已发布, 已撤稿) from two branches, with photos drawn
here (small PNGs: no image files or Pillow needed), one of them completing the stats branch's 宣传报道 node."""

import datetime
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from core import dates

from . import actions_news as actions


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def make_png(width=480, height=300, *, sky=(186, 214, 240), ground=(118, 160, 92), flag=(200, 16, 46), seed=0):
    """A small picture: a sky fading to white, a field, a red banner and a golden sun (a few KB once compressed)."""
    rows = []
    horizon = int(height * 0.62)
    sun_x, sun_y, sun_r = int(width * (0.18 + 0.6 * ((seed * 37) % 10) / 10)), int(height * 0.22), height // 9
    fx0, fx1 = int(width * 0.55), int(width * 0.86)
    fy0, fy1 = int(height * 0.30), int(height * 0.52)
    for y in range(height):
        t = y / horizon if y < horizon else 0
        base = (
            tuple(int(c + (255 - c) * t * 0.6) for c in sky)
            if y < horizon
            else tuple(max(0, c - (y - horizon) // 4) for c in ground)
        )
        row = bytearray(base * width)
        if abs(y - sun_y) <= sun_r:
            half = int((sun_r**2 - (y - sun_y) ** 2) ** 0.5)
            for x in range(max(0, sun_x - half), min(width, sun_x + half)):
                row[3 * x : 3 * x + 3] = bytes((250, 204, 21))
        if fy0 <= y <= fy1:
            row[3 * fx0 : 3 * fx1] = bytes(flag) * (fx1 - fx0)
        if fy0 <= y <= horizon:  # the pole
            row[3 * (fx0 - 4) : 3 * fx0] = bytes((90, 90, 90)) * 4
        rows.append(b"\x00" + bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", raw) + _chunk(b"IEND", b"")


def _photos(n, seed):
    palettes = [
        ((186, 214, 240), (118, 160, 92)),
        ((250, 214, 165), (150, 120, 90)),
        ((200, 225, 250), (90, 140, 120)),
    ]
    out = []
    for i in range(n):
        sky, ground = palettes[(seed + i) % len(palettes)]
        out.append(
            SimpleUploadedFile(f"活动照片{i + 1}.png", make_png(sky=sky, ground=ground, seed=seed + i), "image/png")
        )
    return out


def _write(by, org, title, body, day, photos=0, seed=0, occurrence=None):
    data = {"org": org.pk, "title": title, "date": day.isoformat(), "body": body}
    if occurrence:
        data["occurrence"] = occurrence
    return actions.create_news(by=by, data=data, photos=_photos(photos, seed))


def build(world):
    users = world["users"]
    committee, sec1, sec2 = users["committee"], users["secretary1"], users["secretary2"]
    stats = world["stats_branch"]
    other = sec2.role_assignments.select_related("org").get(role="org_admin").org
    today = dates.today()
    secretary_name = sec1.person.name if sec1.person_id else "支部书记"

    def ago(days):
        return today - datetime.timedelta(days=days)

    choices = actions.occurrence_choices([stats]) or {}
    options = choices.get(stats.pk, [])
    node = options[-1][0] if options else None  # the latest open node (December's 报送党建工作信息): on time

    made = {}
    # 已发布, completing the 宣传报道 node (报送党建工作信息) of the stats branch's plan.
    n = _write(
        sec1,
        stats,
        "区统计局机关党支部开展“统计为民”主题党日活动",
        f"{ago(3):%-m月%-d日}，区统计局机关党支部组织全体党员到三涧溪村开展“统计为民”主题党日活动。\n"
        f"支部书记{secretary_name}同志带领党员重温入党誓词，并结合经济普查工作为村民讲解统计法律法规。\n"
        "活动中，党员们走访农户12户，发放宣传资料200余份，现场解答群众关心的问题。大家表示，要把学习成果转化为"
        "做好统计工作的实际行动，为打造“东部崛起新引擎的统计力量”贡献力量。",
        ago(3),
        photos=3,
        seed=1,
        occurrence=node,
    )
    actions.run(n, "submit", by=sec1)
    made["published_with_node"] = actions.run(n, "approve", by=committee, data={"comment": "内容翔实，同意发布。"})

    published = [
        (
            sec1,
            stats,
            "党支部召开专题组织生活会",
            "支部召开专题组织生活会，班子成员带头查摆问题，党员逐一发言，开展批评和自我批评，会议气氛严肃认真。",
            20,
            2,
            4,
        ),
        (
            sec2,
            other,
            "“党员先锋岗”挂牌上岗",
            "支部在窗口科室设立“党员先锋岗”，12名党员亮身份、作表率，承诺为群众提供“一次办好”服务。",
            12,
            1,
            7,
        ),
        (
            sec2,
            other,
            "党员志愿者走进社区开展志愿服务",
            "支部组织党员志愿者走进结对社区，开展环境整治、政策宣讲和关爱老人志愿服务活动。",
            30,
            2,
            9,
        ),
        (
            sec1,
            stats,
            "支部开展“学党章、守党规”专题学习",
            "支部利用“三会一课”组织党员集中学习党章党规，并开展知识测试，党员平均成绩92分。",
            45,
            0,
            0,
        ),
    ]
    for by, org, title, body, days, pics, seed in published:
        n = _write(by, org, title, body, ago(days), photos=pics, seed=seed)
        actions.run(n, "submit", by=by)
        actions.run(n, "approve", by=committee)

    # 待审核: the committee's to-do.
    n = _write(
        sec1,
        stats,
        "统计局党员干部参加廉政警示教育",
        "支部组织党员干部参观廉政教育基地，观看警示教育片，筑牢拒腐防变思想防线。",
        ago(1),
        photos=1,
        seed=3,
    )
    made["submitted"] = actions.run(n, "submit", by=sec1)
    n = _write(
        sec2,
        other,
        "党支部开展读书分享会",
        "支部举办“书香润党员”读书分享会，8名党员分享了读书心得。",
        ago(2),
        photos=1,
        seed=5,
    )
    actions.run(n, "submit", by=sec2)

    # 已退回, with its reason.
    n = _write(
        sec1, stats, "支部书记讲党课", "支部书记结合学习贯彻党的二十届四中全会精神讲专题党课。", ago(6), photos=0
    )
    actions.run(n, "submit", by=sec1)
    made["returned"] = actions.run(
        n, "return", by=committee, data={"reason": "请补充党课的主要内容和参加人数，并附现场照片。"}
    )

    # 草稿.
    made["draft"] = _write(sec1, stats, "（草稿）第四季度党员发展工作小结", "草稿，待补充。", ago(0), photos=0)

    # 已撤稿: published, then withdrawn with a reason.
    n = _write(
        sec2,
        other,
        "关于志愿服务活动的报道",
        "支部开展志愿服务活动（初稿误报了活动日期）。",
        ago(15),
        photos=1,
        seed=11,
    )
    actions.run(n, "submit", by=sec2)
    actions.run(n, "approve", by=committee)
    made["withdrawn"] = actions.run(n, "withdraw", by=committee, data={"reason": "活动日期有误，核实后重新报送。"})

    world["news"] = made
    return made
