"""Who may do what in 考核评星: one verb per action (core.verbs)."""
