"""The shell's shared template pieces: page headers, state badges and icons (`{% load ui %}`).

Every module renders its page title, its header buttons and its state badges through these tags, so one
page looks like the next and a colour means the same thing everywhere.
"""

from django import template
from django.template import loader
from django.template.base import TextNode
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# ---------------------------------------------------------------- state badges

# One tone per state code, whatever module the state comes from. Codes that mean the same to a user share
# a tone: a draft is grey, anything waiting for someone is amber, done/approved is green, returned or
# refused or missed is red. A module adding states adds its codes here.
STATE_TONES = {
    # declarations (三级审核)
    "draft": "grey",
    "awaiting_confirmation": "amber",
    "pending_l1": "amber",
    "pending_l2": "amber",
    "pending_l3": "amber",
    "approved": "green",
    "returned": "red",
    "rejected": "red",
    # publicity (公示/公布)
    "frozen": "grey",
    "published": "amber",
    "announced": "green",
    # claims
    "pending": "amber",
    "confirmed": "green",
    "unclaimed": "red",
    # occurrences and the compliance heat map
    "upcoming": "grey",
    "due": "amber",
    "done": "green",
    "late": "orange",
    "missed": "red",
    "missing": "red",
    # projects (项目化管理)
    "submitted": "amber",
    "reviewing_l2": "amber",
    "reviewing_l3": "amber",
    "in_progress": "blue",
    "closing_requested": "amber",
    "accepted": "green",
    "not_accepted": "red",
    # core: Excel imports
    "previewed": "grey",
    "queued": "amber",
    "importing": "blue",
    "failed": "red",
    # generic on/off
    "active": "green",
    "inactive": "grey",
}
TONE_CLASSES = {
    "grey": "bg-secondary-lt",
    "amber": "bg-yellow-lt",
    "orange": "bg-orange-lt",
    "green": "bg-green-lt",
    "red": "bg-red-lt",
    "blue": "bg-blue-lt",
}


@register.filter
def state_tone(code):
    """The tone name of a state code ("grey" for a code nobody registered)."""
    return STATE_TONES.get(str(code), "grey")


@register.simple_tag
def state_badge(code, label=None, testid=None):
    """`{% state_badge obj.state obj.state_label %}` → a badge coloured by the state's tone."""
    tone = state_tone(code)
    extra = format_html(' data-testid="{}"', testid) if testid else ""
    return format_html(
        '<span class="badge {} state-badge" data-state="{}" data-tone="{}"{}>{}</span>',
        TONE_CLASSES[tone],
        code,
        tone,
        extra,
        label if label is not None else code,
    )


# ---------------------------------------------------------------- icons

# Outline icons drawn after Tabler Icons (MIT); only the few the shell uses.
_ICON_PATHS = {
    "home": '<path d="M5 12H3l9-9 9 9h-2"/><path d="M5 12v7a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-7"/>'
    '<path d="M9 21v-6a2 2 0 0 1 2-2h2a2 2 0 0 1 2 2v6"/>',
    "sitemap": '<rect x="3" y="15" width="6" height="6" rx="2"/><rect x="15" y="15" width="6" height="6" rx="2"/>'
    '<rect x="9" y="3" width="6" height="6" rx="2"/><path d="M6 15v-1a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v1"/>'
    '<path d="M12 9v3"/>',
    "list-check": '<path d="M3.5 5.5 5 7l2.5-2.5"/><path d="M3.5 11.5 5 13l2.5-2.5"/><path d="M3.5 17.5 5 19l2.5-2.5"/>'
    '<path d="M11 6h9"/><path d="M11 12h9"/><path d="M11 18h9"/>',
    "calendar": '<rect x="4" y="5" width="16" height="16" rx="2"/><path d="M16 3v4"/><path d="M8 3v4"/>'
    '<path d="M4 11h16"/><path d="M8 15h2v2H8z"/>',
    "award": '<circle cx="12" cy="9" r="6"/><path d="m12 15 3.4 5.89 1.6-3.23 3.6.23-3.4-5.89"/>'
    '<path d="m6.8 12-3.4 5.89 3.6-.23 1.6 3.23 3.4-5.89"/>',
    "school": '<path d="M22 9 12 5 2 9l10 4 10-4v6"/><path d="M6 10.6V16a6 3 0 0 0 12 0v-5.4"/>',
    "star": '<path d="M12 17.75l-6.17 3.25 1.18-6.88-5-4.87 6.9-1L12 2l3.09 6.25 6.9 1-5 4.87 1.18 6.88z"/>',
    "users": '<circle cx="9" cy="7" r="4"/><path d="M3 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2"/>'
    '<path d="M16 3.13a4 4 0 0 1 0 7.75"/><path d="M21 21v-2a4 4 0 0 0-3-3.85"/>',
    "shield": '<path d="M12 3a12 12 0 0 0 8.5 3A12 12 0 0 1 12 21 12 12 0 0 1 3.5 6 12 12 0 0 0 12 3"/>',
    "trash": '<path d="M4 7h16"/><path d="M10 11v6"/><path d="M14 11v6"/><path d="M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12"/><path d="M9 7V4h6v3"/>',
    "briefcase": '<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M8 7V5a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2"/>'
    '<path d="M12 12v.01"/><path d="M3 13a20 20 0 0 0 18 0"/>',
    "magnifier": '<circle cx="10" cy="10" r="7"/><path d="m21 21-6-6"/>',
    "fold": '<rect x="4" y="4" width="16" height="16" rx="2"/><path d="M9 4v16"/><path d="m15 10-2 2 2 2"/>',
    "menu": '<path d="M4 6h16"/><path d="M4 12h16"/><path d="M4 18h16"/>',
    "gauge": '<circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="1"/><path d="m13.41 10.59 2.59-2.59"/>'
    '<path d="M7 12a5 5 0 0 1 5-5"/>',
    "bell": '<path d="M10 5a2 2 0 1 1 4 0 7 7 0 0 1 4 6v3a4 4 0 0 0 2 3H4a4 4 0 0 0 2-3v-3a7 7 0 0 1 4-6"/>'
    '<path d="M9 17v1a3 3 0 0 0 6 0v-1"/>',
}


@register.simple_tag(takes_context=True)
def nav_badge(context, key):
    """The to-do count of a sidebar group (the home entry shows the total), read from ``todo_counts``."""
    counts = context.get("todo_counts")
    if not counts:
        return ""
    n = counts.get("total" if key == "home" else key, 0)
    if not n:
        return ""
    return format_html(
        '<span class="badge bg-red text-red-fg ms-auto app-nav-badge" data-testid="nav-badge-{}" title="待办 {} 项" aria-hidden="true">{}</span>',
        key,
        n,
        n if n < 100 else "99+",
    )


@register.simple_tag
def icon(name, css="icon"):
    paths = _ICON_PATHS.get(name)
    if not paths:
        return ""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{}" width="24" height="24" viewBox="0 0 24 24" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">'
        "{}</svg>",
        css,
        mark_safe(paths),  # our own constant markup
    )


# ---------------------------------------------------------------- page header

PAGE_HEADER_SECTIONS = ("pretitle", "subtitle", "actions")


class PageHeaderNode(template.Node):
    def __init__(self, sections, testid):
        self.sections = sections
        self.testid = testid
        # Expose the sections so {% block %} tags inside them are found by {% extends %}.
        for name, nodelist in sections.items():
            setattr(self, f"nodelist_{name}", nodelist)
        self.child_nodelists = tuple(f"nodelist_{name}" for name in sections)

    def render(self, context):
        parts = {name: nodelist.render(context).strip() for name, nodelist in self.sections.items()}
        return loader.render_to_string(
            "includes/page_header.html",
            {
                "pretitle": mark_safe(parts.get("pretitle", "")),
                "title": mark_safe(parts.get("title", "")),
                "subtitle": mark_safe(parts.get("subtitle", "")),
                "actions": mark_safe(parts.get("actions", "")),
                "testid": self.testid.resolve(context) if self.testid else "",
            },
        )


@register.tag("page_header")
def do_page_header(parser, token):
    """One page header for every page: breadcrumb, title and the page's buttons in one row at its right.

        {% page_header %}
          {% pretitle %}<a href="…">路径化管理</a>
          {% title %}年度党建工作清单
          {% subtitle %}一句说明
          {% actions %}<a class="btn btn-primary" data-primary-action href="…">新建</a>
        {% endpage_header %}

    Every section is optional and may come in any order; text before the first section is the title.
    The actions wrap under the title on a phone and stay in one row beside it on a wide screen.
    """
    bits = token.split_contents()
    testid = parser.compile_filter(bits[1]) if len(bits) > 1 else None
    sections = {}
    current = "title"
    ends = ("title", *PAGE_HEADER_SECTIONS, "endpage_header")
    while True:
        nodelist = parser.parse(ends)
        sections[current] = nodelist
        tag = parser.next_token().contents.strip()
        if tag == "endpage_header":
            break
        title_was_blank = all(isinstance(n, TextNode) and not n.s.strip() for n in sections.get("title", []))
        if tag in sections and not (tag == "title" and title_was_blank):
            raise template.TemplateSyntaxError(f"page_header: section “{tag}” appears twice")
        current = tag
    return PageHeaderNode(sections, testid)
