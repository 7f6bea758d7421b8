"""What records announce to the modules that care (they subscribe; records names none of them).

`record_filed` is sent inside the writing transaction, after the record, its attendance and its photos are
saved and audited, with `record`, `by` (the user) and `created` (True when filed, False when changed). A
receiver that raises rolls the whole filing back, so whatever it does commits with the record or not at all
(路径化: the plan occurrences the record fulfils complete with it).
"""

from django.dispatch import Signal

record_filed = Signal()
