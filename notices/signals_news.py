"""What 党建动态 announces to the modules that care (they subscribe; notices names none of them).

Both are sent inside the transition's transaction, with `item` (a NewsItem) and `by` (the user):

* `news_published` when an item is published. A receiver that completes something for it (plans: the 宣传报道
  time node the item chose, `item.occurrence_ref`) returns True; the item then shows the node as completed.
* `news_withdrawn` when a published item is withdrawn (撤稿): receivers undo what they did on publication.

A receiver that raises rolls the transition back, so what it does commits with the item or not at all.
"""

from django.dispatch import Signal

news_published = Signal()
news_withdrawn = Signal()
