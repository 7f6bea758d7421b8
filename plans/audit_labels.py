"""Chinese labels of the audit action codes written by plans (shown on the audit page).

Codes are `<app>.<model>.<verb>` (the model's name as Django spells it: plans.planitem, like the recycle
bin's plans.planitem.restore). Events written before that scheme keep their old codes; HISTORY names them.
"""

LABELS = {
    "plans.plan.create": "新建年度工作清单",
    "plans.plan.clone": "复制年度工作清单",
    "plans.plan.publish": "发布清单模板",
    "plans.plan.unpublish": "取消发布清单模板",
    "plans.planitem.create": "添加清单事项",
    "plans.planitem.update": "修改清单事项",
    "plans.planitem.delete": "删除清单事项",
    "plans.planitem.import": "导入清单事项",
    # The workflows' transitions (plans/workflows.py): plans.planitem.claim, plans.claim.confirm …
    "plans.planitem.claim": "认领清单事项",
    "plans.planitem.assign": "指派事项责任人",
    "plans.planitem.unassign": "取消事项责任人",
    "plans.claim.confirm": "确认认领",
    "plans.claim.reject": "驳回认领",
    "plans.occurrence.complete": "登记事项完成",
    "plans.occurrence.reopen": "撤销完成登记",
    "plans.obligationrule.save": "调整组织生活规则",
}

# The codes of events written before the naming scheme: never written again, still shown by name.
HISTORY = {
    "plan.create": "新建年度工作清单",
    "plan.clone": "复制年度工作清单",
    "plan.publish": "发布清单模板",
    "plan.unpublish": "取消发布清单模板",
    "plan.item.create": "添加清单事项",
    "plan.item.update": "修改清单事项",
    "plan.item.delete": "删除清单事项",
    "plan.item.import": "导入清单事项",
    "plan.claim": "认领清单事项",
    "plan.claim.confirm": "确认认领",
    "plan.claim.reject": "驳回认领",
    "plan.assign": "指派事项责任人",
    "plan.unassign": "取消事项责任人",
    "plan.occurrence.complete": "登记事项完成",
    "plan.occurrence.reopen": "撤销完成登记",
    "plan.rule.save": "调整组织生活规则",
}

LABELS.update(HISTORY)
