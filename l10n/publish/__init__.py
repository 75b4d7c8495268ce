"""Publishing reviewed catalogs as localized articles.

    policy.py    which languages may be published, which text each unit shows
    rebuild.py   catalog choices + source layout -> LocalizedArticle (control characters made visible)
    text.py      plain text in the source's own layout
    markdown.py  Markdown, every text escaped
    html.py      a standalone, script-free, bidi-safe HTML page
    labels.py    the words a page adds itself: unreviewed markers, the dateline
    manifest.py  the JSON manifest a CMS import reads
    run.py       publish_article(): the order of the steps and every write
"""

from .policy import Blocker, State
from .run import FORMATS, LanguageResult, PublishResult, blocker_lines, publish_article

__all__ = ["FORMATS", "Blocker", "LanguageResult", "PublishResult", "State", "blocker_lines", "publish_article"]
