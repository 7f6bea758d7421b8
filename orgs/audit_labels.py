"""Chinese labels of the audit action codes written by orgs (shown on the audit page)."""

LABELS = {
    "demo.load": "载入演示数据",
    "org.create": "新建党组织",
    "org.update": "修改党组织",
    "person.create": "新增党员信息",
    "person.update": "修改党员信息",
    "person.import": "导入党员信息",
    "person.transfer": "组织关系转接",
    "position.assign": "任命党内职务",
    "position.end": "免去党内职务",
    # ---- teams ----
    "orgs.team.create": "新建班组/科室",
    "orgs.team.update": "修改班组/科室",
    "orgs.team.delete": "删除班组/科室",
    "orgs.team.assign": "人员编入班组/科室",
    "orgs.team.cover": "设置班组的党小组覆盖",
    "orgs.person.team": "调整人员所在班组/科室",
}
