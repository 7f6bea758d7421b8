from django.apps import AppConfig

from core.modules import Demo, Module


class SearchConfig(Module, AppConfig):
    name = "search"
    verbose_name = "全文检索"
    urls = "search.urls"
    api = "search.api.router"
    header_search = "search:results"
    demo = Demo("search.demo.build", last=True)
    audit_labels = "search.audit_labels.LABELS"
    trash = "search.trash.kinds"

    def ready(self):
        super().ready()
        from core.modules import contributions

        # The kinds are the other modules' business: each offers a function registering its own.
        for _module, register in contributions("search.kinds"):
            register()
