"""Child-process entry point of `crawler.runner.run_crawl`:
`python -m crawler.crawl_process JOB [INDEX/WORKERS]` (the shard of a local worker)."""
from __future__ import annotations

import json
import sys

from crawler.config import UnitConfig
from crawler.runner import crawl_in_process


def main(job_path: str, shard: str | None = None) -> None:
    with open(job_path, encoding="utf-8") as fh:
        job = json.load(fh)
    units = [UnitConfig.from_json(u) for u in job["units"]]
    index, workers = shard.split("/") if shard else (None, None)
    crawl_in_process(units, job["db_url"], job["crawl_id"], job["column_types"], job["log_level"],
                     (int(index), int(workers)) if shard else None, job.get("redis"))


if __name__ == "__main__":
    main(*sys.argv[1:3])
