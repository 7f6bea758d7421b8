from .workflows import PROJECT

LABELS = {
    "projects.project.create": "创建党建项目",
    "projects.project.update": "修改项目立项表",
    "projects.settings.update": "修改项目化管理设置",
    "projects.category.create": "添加项目类别",
    "projects.entry.create": "添加参考目录条目",
    **PROJECT.audit_labels("项目"),
}
