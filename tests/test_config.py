"""The units config: valid files load, broken ones name file, line and key."""
import pytest

from crawler.config import load_units, units_from_text
from crawler.yamlfile import ConfigError

VALID = """\
crawl: {delay: 1.0, concurrency_per_host: 2, contact: gkb@example.gov.cn}
units:
  - name: 鄂州市交通运输局
    kind: department
    home: http://jtj.ezhou.gov.cn/
    disclosure: http://jtj.ezhou.gov.cn/xxgk/
    columns:
      - {url: http://jtj.ezhou.gov.cn/xxgk/rsxx/, type: personnel, on_demand: true, department: 人事科}
  - name: 鄂城区人民政府
    kind: government
    home: http://www.echeng.gov.cn/
    crawl: {delay: 3, obey_robots: false}
"""


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        units_from_text(text, "units.yaml")
    return str(info.value)


def test_valid_config_applies_crawl_defaults_and_unit_overrides():
    config = units_from_text(VALID)
    jtj, echeng = config.units
    assert (jtj.crawl.delay, jtj.crawl.contact, jtj.crawl.obey_robots) == (1.0, "gkb@example.gov.cn", True)
    assert (echeng.crawl.delay, echeng.crawl.obey_robots, echeng.crawl.contact) == (3, False, "gkb@example.gov.cn")


def test_column_settings_are_read():
    column = units_from_text(VALID).units[0].columns[0]
    assert (column.type, column.on_demand, column.department) == ("personnel", True, "人事科")


def test_hosts_in_scope_come_from_home_disclosure_columns_and_allowed_domains():
    config = units_from_text("""units:
  - {name: a, kind: department, home: "http://127.0.0.1:8001/", allowed_domains: [files.example.gov.cn],
     columns: ["http://xxgk.example.gov.cn/col/col1/index.html"]}
""")
    assert config.units[0].hosts == {"127.0.0.1", "files.example.gov.cn", "xxgk.example.gov.cn"}


def test_unknown_kind_names_line_and_key():
    text = VALID.replace("kind: government", "kind: city")
    assert error_of(text) == "units.yaml:10: units[1].kind: 必须是 government 或 department, 而不是 'city'"


def test_unknown_unit_key_names_line_and_key():
    text = VALID.replace("    kind: government", "    knd: government")
    assert error_of(text).startswith("units.yaml:10: units[1].knd: 未知的单位设置")


def test_negative_delay_names_the_crawl_key():
    assert error_of("crawl: {delay: -1}\nunits: []\n") == "units.yaml:1: crawl.delay: 不能为负数"


def test_home_must_be_an_http_url():
    assert error_of("units:\n  - name: a\n    kind: department\n    home: ftp://x/\n") == \
        "units.yaml:4: units[0].home: 必须是 http(s) 网址: 'ftp://x/'"


def test_duplicate_unit_names_are_rejected():
    text = "units:\n  - {name: a, kind: department, home: 'http://a/'}\n  - {name: a, kind: department, home: 'http://b/'}\n"
    assert error_of(text) == "units.yaml:3: units[1].name: 单位名称重复: a"


def test_yaml_syntax_error_names_the_line():
    assert error_of("units:\n  - name: [a\n    kind: x\n").startswith("units.yaml:3: YAML 语法错误")


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="无法读取"):
        load_units(tmp_path / "nope.yaml")


def test_selecting_an_unknown_unit_is_a_config_error():
    with pytest.raises(ConfigError, match="配置中没有单位 'x'"):
        units_from_text(VALID).select(["x"])


def test_unit_config_round_trips_through_json():
    unit = units_from_text(VALID).units[0]
    from crawler.config import UnitConfig
    assert UnitConfig.from_json(unit.to_json()) == unit
