"""Telling a file served as a web page from a page, and a page cut short (spiders.extract.sniff)."""
from __future__ import annotations

import codecs
import gzip
import zlib

import pytest

from spiders.extract.sniff import looks_binary, looks_cut_short

PAGE = ('<!doctype html><html><head><meta charset="gbk"><title>江城市应急管理局</title></head>'
        '<body><p>市应急管理局召开全市安全生产工作会议。</p></body></html>')


@pytest.mark.parametrize("body", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\xff\xd8\xff\xe0\x00\x10JFIF",
    b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),  # .doc / .xls / .wps
    gzip.compress(PAGE.encode()),
    zlib.compress(PAGE.encode() * 20)[2:],  # raw deflate: no magic, but not text
], ids=["pdf", "png", "jpeg", "docx", "ole2", "gzip", "deflate"])
def test_file_formats_are_binary(body):
    assert looks_binary(body)


@pytest.mark.parametrize("body", [
    PAGE.encode("gbk"),
    PAGE.encode("utf-8"),
    codecs.BOM_UTF8 + PAGE.encode("utf-8"),
    codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"),
    PAGE.encode("utf-16-le"),  # BOM-less UTF-16: NULs in every other byte
    PAGE.replace("<p>", "<p>\x00").encode("utf-8"),  # a stray NUL in a broken page
    b"",
], ids=["gbk", "utf-8", "utf-8-bom", "utf-16-bom", "utf-16-no-bom", "stray-nul", "empty"])
def test_pages_in_any_encoding_are_not_binary(body):
    assert not looks_binary(body)


def test_page_that_stops_before_its_end_tags_is_cut_short():
    assert looks_cut_short(PAGE[: len(PAGE) // 2])


@pytest.mark.parametrize("text", [PAGE, PAGE.replace("</html>", ""), PAGE.upper(),
                                  PAGE.replace("</body>", "</body >\n<!-- 统计代码 -->\n")])
def test_page_with_a_closing_body_or_html_tag_is_whole(text):
    assert not looks_cut_short(text)
