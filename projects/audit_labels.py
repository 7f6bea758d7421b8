from .workflows import PROJECT

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
}
