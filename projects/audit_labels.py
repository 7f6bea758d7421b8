from .workflows import PROJECT

LABELS = {
    "projects.project.create": "创建党建项目",
    "projects.project.update": "修改项目立项表",
    "projects.settings.update": "修改项目化管理设置",
    "projects.category.create": "添加项目类别",
    "projects.entry.create": "添加参考目录条目",
    **PROJECT.audit_labels("项目"),
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
