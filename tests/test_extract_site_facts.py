"""Site facts gathered during the crawl: HTTPS validity, HTTP → HTTPS redirect, AAAA records.

Everything runs against servers on 127.0.0.1 with certificates made here, and a fake
resolver: nothing touches the internet.
"""
from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from spiders.extract.site_facts import (
    LookupFailed,
    gather_site_facts,
    lookup_aaaa,
    probe_http_redirect,
    probe_https,
)

HOST = "www.jcx.gov.cn"
NOW = datetime.now(timezone.utc)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject: str, key, issuer: str, issuer_key, *, dns: list[str] | None = None,
          days: tuple[int, int] = (-1, 365), ca: bool = False) -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(NOW + timedelta(days=days[0]))
               .not_valid_after(NOW + timedelta(days=days[1]))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if dns:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(d) for d in dns]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict[str, Path]:
    """A test CA and server certificates: valid, expired, for another name, self-signed."""
    out = tmp_path_factory.mktemp("pki")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("江城县测试根证书", ca_key, "江城县测试根证书", ca_key, ca=True, days=(-30, 3650))
    (out / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    key = ec.generate_private_key(ec.SECP256R1())
    (out / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    certs = {
        "valid": _cert(HOST, key, "江城县测试根证书", ca_key, dns=[HOST, "jcx.gov.cn"]),
        "expired": _cert(HOST, key, "江城县测试根证书", ca_key, dns=[HOST], days=(-400, -35)),
        "other_name": _cert("www.other.gov.cn", key, "江城县测试根证书", ca_key, dns=["www.other.gov.cn"]),
        "self_signed": _cert(HOST, key, HOST, key, dns=[HOST]),
    }
    for name, cert in certs.items():
        (out / f"{name}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return {"dir": out, "ca": out / "ca.pem", "key": out / "key.pem"}


@contextmanager
def tls_server(certfile: Path, keyfile: Path) -> Iterator[int]:
    """A TLS server on 127.0.0.1 that completes handshakes and hangs up; yields its port."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certfile, keyfile)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(5)
            try:
                with context.wrap_socket(conn, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()


@contextmanager
def http_server(routes: dict[str, tuple[int, str | None]]) -> Iterator[int]:
    """A plain HTTP server: path → (status, Location)."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            status, location = routes.get(self.path, (404, None))
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as s:
        return s.getsockname()[1]


def probe(pki, name: str) -> dict:
    with tls_server(pki["dir"] / f"{name}.pem", pki["key"]) as port:
        return probe_https(HOST, port, timeout=5, address="127.0.0.1", cafile=str(pki["ca"]))


# --- HTTPS -------------------------------------------------------------------------------

def test_certificate_from_a_trusted_issuer_for_the_host_is_valid(pki):
    result = probe(pki, "valid")
    assert (result["error"], result["protocol"]) == (None, "TLSv1.3")
    assert result["cert"]["subject"] == HOST and result["cert"]["dns_names"] == [HOST, "jcx.gov.cn"]
    assert result["cert"]["issuer"] == "江城县测试根证书"


def test_self_signed_certificate_is_invalid(pki):
    result = probe(pki, "self_signed")
    assert result["error"] == "self_signed"
    assert result["cert"]["issuer"] == HOST  # the details are read without verification


def test_expired_certificate_is_invalid_with_its_end_date(pki):
    result = probe(pki, "expired")
    assert result["error"] == "expired"
    assert result["cert"]["not_after"][:10] == (NOW - timedelta(days=35)).date().isoformat()


def test_certificate_for_another_name_is_a_mismatch(pki):
    result = probe(pki, "other_name")
    assert result["error"] == "hostname_mismatch"
    assert result["cert"]["dns_names"] == ["www.other.gov.cn"]


def test_system_store_does_not_trust_a_private_ca(pki):
    with tls_server(pki["dir"] / "valid.pem", pki["key"]) as port:
        result = probe_https(HOST, port, timeout=5, address="127.0.0.1")
    assert result["error"] == "unknown_issuer"


def test_closed_port_is_refused():
    result = probe_https(HOST, free_port(), timeout=2, address="127.0.0.1")
    assert result["error"] == "refused"


def test_plain_http_on_the_https_port_is_not_tls():
    with http_server({"/": (200, None)}) as port:
        result = probe_https(HOST, port, timeout=5, address="127.0.0.1")
    assert result["error"] == "no_tls"


def test_server_that_never_answers_the_handshake_times_out():
    with socket.create_server(("127.0.0.1", 0)) as silent:
        result = probe_https(HOST, silent.getsockname()[1], timeout=0.5, address="127.0.0.1")
    assert result["error"] == "timeout"


# --- HTTP → HTTPS ------------------------------------------------------------------------

def test_http_redirecting_to_https_is_recorded():
    with http_server({"/": (301, f"https://{HOST}/")}) as port:
        result = probe_http_redirect(HOST, port, timeout=5, address="127.0.0.1")
    assert (result["to_https"], result["status"], result["error"]) == (True, 301, None)
    assert result["chain"] == [{"url": f"http://{HOST}:{port}/", "status": 301,
                                "location": f"https://{HOST}/"}]


def test_redirects_on_plain_http_are_followed_to_https():
    with http_server({"/": (302, "/index.html"), "/index.html": (301, f"https://{HOST}/index.html")}) as port:
        result = probe_http_redirect(HOST, port, timeout=5, address="127.0.0.1")
    assert result["to_https"] is True
    assert [hop["status"] for hop in result["chain"]] == [302, 301]


def test_page_served_over_plain_http_is_not_redirected():
    with http_server({"/": (200, None)}) as port:
        result = probe_http_redirect(HOST, port, timeout=5, address="127.0.0.1")
    assert (result["to_https"], result["status"]) == (False, 200)


def test_no_plain_http_service_is_an_error_not_a_page():
    result = probe_http_redirect(HOST, free_port(), timeout=2, address="127.0.0.1")
    assert (result["to_https"], result["error"]) == (None, "refused")


# --- AAAA --------------------------------------------------------------------------------

def resolver(answer):
    def resolve(host, port, family=0, type=0):
        assert (host, family) == (HOST, socket.AF_INET6)
        if isinstance(answer, Exception):
            raise answer
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, 0, 0, 0)) for a in answer]
    return resolve


def test_aaaa_addresses_are_listed_once_sorted_without_mapped_ipv4():
    answer = ["2408:8719:40e:3::7", "240e:97c:2f:3::3b", "2408:8719:40e:3::7", "::ffff:10.1.2.3"]
    assert lookup_aaaa(HOST, resolver(answer)) == ["2408:8719:40e:3::7", "240e:97c:2f:3::3b"]


def test_name_without_aaaa_record_has_no_address():
    no_data = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    assert lookup_aaaa(HOST, resolver(no_data)) == []


def test_resolver_failure_is_not_a_missing_record():
    with pytest.raises(LookupFailed):
        lookup_aaaa(HOST, resolver(socket.gaierror(socket.EAI_AGAIN, "Temporary failure")))


@pytest.mark.parametrize("home", ["http://127.0.0.1:8080/", "http://[::1]/", "http://intranet/"])
def test_portal_addressed_by_ip_or_dotless_name_is_skipped(home):
    facts = gather_site_facts(home, now=lambda: NOW)
    assert facts == {"host": facts["host"], "checked_at": NOW.isoformat(), "skipped": "not_a_domain"}
