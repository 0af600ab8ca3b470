"""decode_body: BOM, HTTP header, <meta>, sniffing, mis-declared pages."""

from pathlib import Path

from spiders.extract.encoding import decode_body

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"

GBK_HTML = '<html><head>{meta}<title>政府信息公开</title></head><body><p>网站标识码：4207000024</p></body></html>'


def gbk_page(meta: str = "") -> bytes:
    return GBK_HTML.format(meta=meta).encode("gbk")


def test_utf16_bom_page_declaring_gb2312_decodes_as_utf16():
    raw = (CORPUS / "www.xiangtan.gov.cn" / "article__mhxqwer.html").read_bytes()
    text, encoding = decode_body(raw)
    assert encoding == "utf-16-le"
    assert '<meta charset="gb2312">' in text
    assert "“从齐白石故乡吹来的风”书画展亮相澳门" in text


def test_utf16_bom_is_not_kept_in_text():
    raw = (CORPUS / "wgxj.nc.gov.cn" / "article__mhxqwer.html").read_bytes()
    text, encoding = decode_body(raw)
    assert encoding == "utf-16-le"
    assert text.startswith("<")
    assert "政府网站标识码" in text


def test_utf16_bom_wins_over_http_header():
    raw = (CORPUS / "www.xiangtan.gov.cn" / "article__mhxqwer.html").read_bytes()
    text, encoding = decode_body(raw, "text/html; charset=GBK")
    assert encoding == "utf-16-le"
    assert "湘潭市人民政府" in text


def test_page_with_stray_control_bytes_decodes_as_utf8():
    raw = (CORPUS / "www.sjz.gov.cn" / "article__mhxqwer.html").read_bytes()
    text, encoding = decode_body(raw)
    assert encoding == "utf-8"
    assert "\ufffd" not in text
    assert "网站标识码：1301000003" in text


def test_gbk_declared_gb2312_in_meta_decodes_as_gb18030():
    text, encoding = decode_body(gbk_page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'))
    assert encoding == "gb18030"
    assert "网站标识码：4207000024" in text


def test_gb2312_declaration_decodes_characters_outside_gb2312():
    raw = '<meta charset="gb2312"><p>㐀 镕 𠀀</p>'.encode("gb18030")
    text, encoding = decode_body(raw)
    assert encoding == "gb18030"
    assert "㐀 镕 𠀀" in text


def test_gbk_declared_in_http_header_decodes_as_gb18030():
    text, encoding = decode_body(gbk_page(), "text/html; charset=GBK")
    assert encoding == "gb18030"
    assert "政府信息公开" in text


def test_undeclared_gbk_is_sniffed_as_gb18030():
    text, encoding = decode_body(gbk_page())
    assert encoding == "gb18030"
    assert "政府信息公开" in text


def test_gbk_misdeclared_as_utf8_decodes_as_gb18030():
    text, encoding = decode_body(gbk_page('<meta charset="utf-8">'), "text/html; charset=utf-8")
    assert encoding == "gb18030"
    assert "网站标识码：4207000024" in text


def test_utf8_misdeclared_as_gb2312_decodes_as_utf8():
    raw = GBK_HTML.format(meta='<meta charset="gb2312">').encode("utf-8")
    text, encoding = decode_body(raw)
    assert encoding == "utf-8"
    assert "政府信息公开" in text


def test_http_header_charset_wins_over_meta():
    raw = '<meta charset="gb2312"><p>中文測試</p>'.encode("big5")
    text, encoding = decode_body(raw, "text/html; charset=big5")
    assert encoding == "big5"
    assert "中文測試" in text


def test_meta_charset_sharing_a_tag_with_viewport_is_read():
    raw = '<meta charset="big5" name="viewport" content="width=device-width"><p>中文測試</p>'.encode("big5")
    text, encoding = decode_body(raw)
    assert encoding == "big5"
    assert "中文測試" in text


def test_meta_http_equiv_charset_is_read():
    raw = '<meta http-equiv="Content-Type" content="text/html; charset=big5" /><p>中文測試</p>'.encode("big5")
    assert decode_body(raw) == ('<meta http-equiv="Content-Type" content="text/html; charset=big5" /><p>中文測試</p>', "big5")


def test_stray_byte_in_gbk_page_is_replaced_not_fatal():
    raw = gbk_page('<meta charset="gb2312">').replace(b"</p>", b"\xff</p>")
    text, encoding = decode_body(raw)
    assert encoding == "gb18030"
    assert text.count("\ufffd") == 1
    assert "网站标识码：4207000024" in text


def test_utf8_bom_is_stripped():
    assert decode_body(b"\xef\xbb\xbf<p>\xe4\xb8\xad</p>") == ("<p>中</p>", "utf-8")


def test_utf16_big_endian_bom_is_honoured():
    assert decode_body("\ufeff<p>中文</p>".encode("utf-16-be")) == ("<p>中文</p>", "utf-16-be")


def test_unknown_declared_charset_falls_back_to_sniffing():
    text, encoding = decode_body(gbk_page('<meta charset="x-no-such-charset">'), "text/html; charset=unicode")
    assert encoding == "gb18030"
    assert "政府信息公开" in text


def test_empty_body_decodes_to_empty_text():
    assert decode_body(b"") == ("", "utf-8")


def test_gbk_fixture_page_decodes():
    text, encoding = decode_body((FIXTURES / "gbk_trs" / "article_gbk.html").read_bytes())
    assert encoding == "gb18030"
    assert "<title>关于做好2023年春季农业生产工作的通知_通知公告_示例县人民政府</title>" in text
