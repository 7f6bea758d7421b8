"""The settings bench/pages.py's server runs with: production's (dangjian.settings from the environment, DEBUG off)
plus two things only the benchmark needs, kept out of the production URLconf and middleware: the floor page and
a query counter.

- `QueryCount` (outermost, so it counts the session, the user and every middleware's queries) answers
  `X-Query-Count` on every response.
- `/__bench__/floor/` renders the base template for the logged-in user, through the same middleware and context
  processors as every page: what a page costs before it does anything of its own.
"""

from dangjian.settings import *  # noqa: F403

MIDDLEWARE = ["bench.pages_server.QueryCount", *MIDDLEWARE]  # noqa: F405
ROOT_URLCONF = "bench.pages_server"
