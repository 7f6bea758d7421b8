LABELS = {"learning.rule.set": "设置学时要求"}
