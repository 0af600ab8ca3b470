"""The title search of the article extractor finds what the whitespace-tolerant regex finds."""
from __future__ import annotations

import random
import re

from spiders.extract.article import _spaced_matches


def test_title_search_matches_the_whitespace_tolerant_regex_on_random_text():
    rng = random.Random(20261124)
    alphabet = "政务公开 \n\t\u3000\xa0ab"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        title = [c for c in (rng.choice(alphabet) for _ in range(rng.randint(1, 4))) if not c.isspace()]
        if title:
            expected = [m.span() for m in re.finditer(r"\s*".join(map(re.escape, title)), text)]
            assert _spaced_matches(text, title) == expected, (text, title)


def test_title_spread_over_lines_and_full_width_spaces_is_found():
    text = "首页 > 政策文件\n关于印发\n  《江城市 政务公开\u3000工作要点》的通知\n发布日期：2024-04-17"
    chars = [c for c in "关于印发《江城市政务公开工作要点》的通知"]
    assert _spaced_matches(text, chars) == [(10, 35)]
    assert text[10:35].split() == ["关于印发", "《江城市", "政务公开", "工作要点》的通知"]
