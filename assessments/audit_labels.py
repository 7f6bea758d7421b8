LABELS: dict[str, str] = {}
