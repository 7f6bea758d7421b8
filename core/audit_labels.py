"""Chinese labels of the audit action codes written by core (shown on the audit page)."""

LABELS = {
    "import.abandoned": "中止无进展的 Excel 导入",
}
