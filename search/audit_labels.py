"""Chinese labels of the audit action codes written by search (shown on the audit page)."""

LABELS = {
    # ---- abbreviations ----
    "search.synonym.create": "添加缩略语",
    "search.synonym.update": "修改缩略语",
    "search.synonym.delete": "删除缩略语",
}
