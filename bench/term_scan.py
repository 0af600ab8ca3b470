"""Benchmark: the `content.serious_error` term scan over 100,000 synthetic articles.

    python -m bench.term_scan [--articles N] [--seed S]

Articles of 600–2,400 characters are assembled from sentences in the style of government
news (the protected terms of the default profile appear in them, as they do in real
articles, and one article in fifty carries a near miss). Only the scan is timed; the index is
built once from the default profile. Prints the articles per second and, last,
``term_scan_seconds=X``.
"""
from __future__ import annotations

import argparse
import random
import time

from checks.profile import load_profile
from checks.term_index import TermIndex

SENTENCES = (
    "为深入贯彻落实中华人民共和国国务院关于全面推进政务公开工作的意见，进一步提升政府透明度。",
    "会议传达学习了全国人民代表大会常务委员会第十次会议精神，研究部署下一阶段重点工作。",
    "区人民政府召开常务会议，审议通过了《关于加快推进城乡融合发展的实施方案》。",
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。",
    "全市人民代表大会代表深入基层开展视察调研，听取群众对城市管理工作的意见建议。",
    "最高人民法院、最高人民检察院联合发布典型案例，进一步规范行政执法行为。",
    "今年以来，我局累计发放惠农补贴资金三千二百万元，惠及农户一万二千余户。",
    "中国人民政治协商会议第十四届全国委员会委员来我区调研生态环境保护工作。",
    "各乡镇（街道）要严格落实安全生产责任制，切实防范化解重大安全风险。",
    "市统计局发布数据显示，一季度全市地区生产总值同比增长百分之五点八。",
    "中国共产党第二十次全国代表大会以来，我县坚持以人民为中心的发展思想。",
    "县政府新闻办举行新闻发布会，介绍优化营商环境有关情况并回答记者提问。",
    "培育和践行社会主义核心价值观，推动形成崇德向善、见贤思齐的社会风尚。",
    "请各单位于五月三十一日前将自查报告报送县政务公开办，逾期视为未报送。",
    "中央军事委员会、中国人民解放军和中国人民武装警察部队有关单位参加了活动。",
)
NEAR_MISSES = ("中华人民共合国", "全国人民代大表会", "中国人民政治协商会义全国委员会", "最高人民检查院")


def articles(count: int, seed: int):
    rng = random.Random(seed)
    for i in range(count):
        parts = [rng.choice(SENTENCES) for _ in range(rng.randint(16, 60))]
        if i % 50 == 0:
            parts.insert(rng.randrange(len(parts)), f"依照{rng.choice(NEAR_MISSES)}有关规定。")
        yield "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    params = load_profile().rule("content.serious_error")
    index = TermIndex(params["terms"], params.get("valid_terms") or (),
                      min_length=params["min_length"], min_indel_length=params["min_indel_length"])
    elapsed, chars, hits = 0.0, 0, 0
    for text in articles(args.articles, args.seed):
        start = time.perf_counter()
        hits += len(index.scan(text))
        elapsed += time.perf_counter() - start
        chars += len(text)
    print(f"articles={args.articles} chars={chars} near_misses={hits} terms={len(index.terms)}")
    print(f"articles_per_second={args.articles / elapsed:.0f} "
          f"chars_per_second={chars / elapsed:.0f}")
    print(f"term_scan_seconds={elapsed:.2f}")


if __name__ == "__main__":
    main()
