from .workflows import PROJECT
from .workflows_superv import RECTIFICATION

LABELS = {
    "projects.project.create": "创建党建项目",
    "projects.project.update": "修改项目立项表",
    "projects.settings.update": "修改项目化管理设置",
    "projects.category.create": "添加项目类别",
    "projects.entry.create": "添加参考目录条目",
    **PROJECT.audit_labels("项目"),
    # ---- budget
    "projects.funding.create": "登记项目经费来源",
    "projects.funding.delete": "删除项目经费来源",
    "projects.expense.create": "登记项目经费支出",
    "projects.expense.delete": "删除项目经费支出",
    "projects.receipt.add": "上传支出凭证",
    "projects.record.link": "关联项目活动记录",
    "projects.record.unlink": "取消关联项目活动记录",
    "projects.citation.create": "积分申报引用项目",
    # ---- exec
    "projects.task.create": "添加项目任务",
    "projects.task.update": "调整项目任务",
    "projects.task.progress": "更新任务进度",
    "projects.task.delete": "删除项目任务",
    "projects.task.import": "导入项目任务",
    "projects.task.baseline": "冻结项目进度基线",
    "projects.report.create": "填报项目进度报告",
    "projects.report.update": "修改项目进度报告",
    # superv: supervision (台账式督查) and mentors (导师帮带)
    "projects.group.create": "添加督导组",
    "projects.group.update": "修改督导组",
    "projects.inspection.create": "登记项目督查",
    "projects.inspection.fill": "填写随机抽查结果",
    "projects.sample.draw": "抽取随机抽查样本",
    "projects.mentor.add": "加入导师库",
    "projects.mentor.remove": "移出导师库",
    "projects.project.assign_mentor": "指派项目导师",
    "projects.comment.create": "发表导师帮带意见",
    **RECTIFICATION.audit_labels("（整改事项）"),
}

# ---- public: 四公开, survey, acceptance, awards
from .workflows_public import AWARD  # noqa: E402

LABELS.update(
    {
        "projects.disclosure.update": "更新项目四公开内容",
        "projects.disclosure.token": "重新生成项目公开地址",
        "projects.survey.answer": "群众扫码满意度测评",
        "projects.survey.enter": "录入纸质满意度测评",
        "projects.survey.paper": "录入纸质问卷汇总",
        "projects.closing_report.save": "填写结题报告",
        "projects.closing_report.evidence": "上传结题佐证材料",
        "projects.panel.add": "指定验收评审人",
        "projects.panel.remove": "移出验收评审人",
        "projects.panel.score": "验收评分",
        "projects.award.nominate": "推荐评选项目荣誉",
        **AWARD.audit_labels("项目荣誉提名"),
    }
)
