"""五个明确 and "1+5": what a charter must name before it is submitted (seed 004), said in Chinese."""

# (field, label): 进度计划、责任人、完成时限、质量标准、预期目标
FIVE_CLEAR = [
    ("progress_plan", "进度计划"),
    ("owner", "责任人"),
    ("end", "完成时限"),
    ("quality_standard", "质量标准"),
    ("expected_goal", "预期目标"),
]
# 1名包联领导、1名责任人、1笔项目经费、1支工作队伍、1套考核机制
ONE_PLUS_FIVE = [
    ("liaison_leader", "包联领导"),
    ("owner", "责任人"),
    ("budget", "项目经费"),
    ("team", "工作队伍"),
    ("assessment_mechanism", "考核机制"),
]


def _present(project, field):
    if field == "team":
        return project.team.exists()
    if field == "assessment_mechanism":
        return sum(c.weight for c in project.criteria.all()) == 100
    if field == "end":
        return project.start is not None and project.end is not None
    value = getattr(project, f"{field}_id", None) if field in ("owner", "liaison_leader") else getattr(project, field)
    return value not in (None, "") and (not isinstance(value, str) or value.strip() != "")


def missing(project):
    """([labels missing of 五个明确], [labels missing of 1+5], {field: [message]})."""
    five = [(f, label) for f, label in FIVE_CLEAR if not _present(project, f)]
    one5 = [(f, label) for f, label in ONE_PLUS_FIVE if not _present(project, f)]
    errors: dict[str, list[str]] = {}
    for f, label in five:
        errors.setdefault(f, []).append(
            f"请填写{label}（五个明确）。" if f != "end" else "请填写开始日期和完成时限（五个明确）。"
        )
    for f, label in one5:
        errors.setdefault(f, []).append(
            "请设置考核机制：考核指标及权重，合计100（“1+5”）。"
            if f == "assessment_mechanism"
            else f"请填写{label}（“1+5”）。"
        )
    return [label for _, label in five], [label for _, label in one5], errors


def missing_message(project):
    """(detail, errors) when the charter is incomplete, else None."""
    five, one5, errors = missing(project)
    if not errors:
        return None
    parts = []
    if five:
        parts.append(f"“五个明确”尚缺：{'、'.join(five)}")
    if one5:
        parts.append(f"“1+5”尚缺：{'、'.join(one5)}")
    return f"立项表不完整，不能申报。{'；'.join(parts)}。", errors
