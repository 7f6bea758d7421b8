"""Chinese labels of the audit action codes written by plans (shown on the audit page)."""

LABELS = {
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
