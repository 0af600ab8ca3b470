"""Network facts of a portal's host, gathered once per unit during the crawl: HTTPS
certificate validity, the HTTP → HTTPS redirect and the IPv6 (AAAA) addresses.

Rules never touch the network (re-running checks on an old crawl gives the same answer), so
the spider stores these facts in the home page's ``data["site"]`` and ``checks.site_transport``
judges them. The calls block (sockets with timeouts): run them off the reactor thread.

``data["site"]``::

    {"host": "www.example.gov.cn", "checked_at": "2026-03-05T02:10:00+00:00",
     "https": {"port": 443, "error": None | kind, "detail": str | None,
               "protocol": "TLSv1.3" | None, "cert": {subject, issuer, not_before,
               not_after, dns_names} | None},
     "http": {"url": "http://…/", "status": 301 | None, "chain": [{url, status, location}],
              "to_https": bool | None, "error": None | kind, "detail": str | None},
     "ipv6": {"addresses": ["2400:…"], "error": None | "no_record" | "lookup_failed",
              "detail": str | None}}

or ``{"host": …, "checked_at": …, "skipped": "not_a_domain"}`` when the portal is addressed by
an IP address or a name without a dot (an intranet or test portal: nothing to judge). HTTPS error kinds: ``refused`` (nothing
listens on the port), ``no_tls`` (something that is not TLS answers), ``old_protocol``,
``expired``, ``not_yet_valid``, ``self_signed``, ``hostname_mismatch``, ``unknown_issuer``
(chain incomplete or issuer not in the system store: a browser may still complete it),
``untrusted_root``, ``invalid_cert``, ``handshake_failed``, ``timeout``, ``dns``,
``unreachable``.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from cryptography import x509
from cryptography.x509.oid import NameOID

__all__ = ["LookupFailed", "gather_site_facts", "lookup_aaaa", "probe_http_redirect",
           "probe_https"]

Resolver = Callable[..., list]

# OpenSSL X509_V_ERR_* codes → kinds
_VERIFY_KINDS = {9: "not_yet_valid", 10: "expired", 18: "self_signed", 19: "untrusted_root",
                 2: "unknown_issuer", 20: "unknown_issuer", 21: "unknown_issuer",
                 62: "hostname_mismatch", 64: "hostname_mismatch"}
_OLD_PROTOCOL = ("UNSUPPORTED_PROTOCOL", "TLSV1_ALERT_PROTOCOL_VERSION", "NO_PROTOCOLS_AVAILABLE",
                 "VERSION_TOO_LOW")
_NOT_TLS = ("WRONG_VERSION_NUMBER", "HTTP_REQUEST", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG")
_NO_RECORD = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA", "EAI_ADDRFAMILY")
              if hasattr(socket, name)}


class LookupFailed(OSError):
    """The resolver could not answer (not: the name has no AAAA record)."""


def _connect_error(exc: OSError) -> str:
    if isinstance(exc, socket.gaierror):
        return "dns"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timeout"
    return "unreachable"


def _certificate(der: bytes | None) -> dict | None:
    """The fields of a DER certificate a person checks: subject, issuer, validity, names."""
    if not der:
        return None
    cert = x509.load_der_x509_certificate(der)

    def name(value: x509.Name) -> str | None:
        for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
            attrs = value.get_attributes_for_oid(oid)
            if attrs:
                return str(attrs[0].value)
        return None

    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        dns_names = names.value.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        dns_names = []
    return {"subject": name(cert.subject), "issuer": name(cert.issuer),
            "not_before": cert.not_valid_before_utc.isoformat(),
            "not_after": cert.not_valid_after_utc.isoformat(), "dns_names": dns_names[:20]}


def _peer_certificate(host: str, port: int, timeout: float, address: str | None) -> bytes | None:
    """The certificate a server presents, without verifying it (for the evidence)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((address or host, port), timeout=timeout) as sock:
            with context.wrap_socket(sock, server_hostname=host) as tls:
                return tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError):
        return None


def probe_https(host: str, port: int = 443, timeout: float = 10.0, *, address: str | None = None,
                cafile: str | None = None) -> dict:
    """Whether `host` serves HTTPS on `port` with a certificate valid for it.

    Verification uses the system CA store (`cafile` replaces it, for tests); `address`
    connects there instead of resolving `host` (the certificate is still checked against
    `host`). Never raises: the outcome is in ``error`` (None when valid).
    """
    result: dict = {"port": port, "error": None, "detail": None, "protocol": None, "cert": None}
    context = ssl.create_default_context(cafile=cafile)
    try:
        sock = socket.create_connection((address or host, port), timeout=timeout)
    except OSError as exc:
        return {**result, "error": _connect_error(exc), "detail": str(exc)}
    with sock:
        try:
            with context.wrap_socket(sock, server_hostname=host) as tls:
                return {**result, "protocol": tls.version(),
                        "cert": _certificate(tls.getpeercert(binary_form=True))}
        except ssl.SSLCertVerificationError as exc:
            kind = _VERIFY_KINDS.get(exc.verify_code, "invalid_cert")
            detail = exc.verify_message or str(exc)
        except ssl.SSLError as exc:
            reason = exc.reason or ""
            kind = "old_protocol" if reason in _OLD_PROTOCOL else \
                "no_tls" if reason in _NOT_TLS else "handshake_failed"
            detail = str(exc)
        except (TimeoutError, socket.timeout) as exc:
            return {**result, "error": "timeout", "detail": str(exc) or "handshake timed out"}
        except OSError as exc:
            return {**result, "error": "handshake_failed", "detail": str(exc)}
    return {**result, "error": kind, "detail": detail,
            "cert": _certificate(_peer_certificate(host, port, timeout, address))}


def probe_http_redirect(host: str, port: int = 80, timeout: float = 10.0, *,
                        address: str | None = None, max_hops: int = 5) -> dict:
    """Whether ``http://host/`` ends on an HTTPS URL, following up to `max_hops` redirects.

    ``to_https`` is True when a redirect leads to https, False when a plain-HTTP response
    that is not a redirect ends the chain (its ``status`` tells which), None on error. A
    refused connection means no plain HTTP is served at all.
    """
    url = f"http://{host}/" if port == 80 else f"http://{host}:{port}/"
    result: dict = {"url": url, "status": None, "chain": [], "to_https": None, "error": None,
                    "detail": None}
    current = url
    for _ in range(max_hops + 1):
        parts = urlsplit(current)
        target = address if address and parts.hostname == host else parts.hostname
        connection = http.client.HTTPConnection(target, parts.port or 80, timeout=timeout)
        try:
            connection.request("GET", parts.path or "/", headers={
                "Host": parts.netloc, "User-Agent": "zwgk-audit site probe", "Connection": "close"})
            response = connection.getresponse()
            status, location = response.status, response.getheader("Location")
        except (OSError, http.client.HTTPException) as exc:
            kind = _connect_error(exc) if isinstance(exc, OSError) else "bad_response"
            return {**result, "error": kind, "detail": str(exc)}
        finally:
            connection.close()
        result["chain"].append({"url": current, "status": status, "location": location})
        result["status"] = status
        if status not in (301, 302, 303, 307, 308) or not location:
            return {**result, "to_https": False}
        current = urljoin(current, location)
        if urlsplit(current).scheme == "https":
            return {**result, "to_https": True}
        if urlsplit(current).scheme != "http":
            return {**result, "to_https": False}
    return {**result, "error": "too_many_redirects"}


def lookup_aaaa(host: str, resolver: Resolver = socket.getaddrinfo) -> list[str]:
    """The IPv6 addresses of `host` (empty when it has no AAAA record).

    `resolver` has the signature of `socket.getaddrinfo` (tests pass their own). Raises
    `LookupFailed` when the resolver could not answer (SERVFAIL, timeout).
    """
    try:
        infos = resolver(host, None, socket.AF_INET6, socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno in _NO_RECORD:
            return []
        raise LookupFailed(exc.errno, str(exc)) from exc
    except OSError as exc:
        raise LookupFailed(exc.errno, str(exc)) from exc
    addresses = set()
    for family, _type, _proto, _name, sockaddr in infos:
        if family == socket.AF_INET6:
            address = ipaddress.IPv6Address(sockaddr[0].split("%")[0])
            if address.ipv4_mapped is None:
                addresses.add(str(address))
    return sorted(addresses)


def _ipv6(host: str, resolver: Resolver) -> dict:
    try:
        addresses = lookup_aaaa(host, resolver)
    except LookupFailed as exc:
        return {"addresses": [], "error": "lookup_failed", "detail": str(exc)}
    return {"addresses": addresses, "error": None if addresses else "no_record", "detail": None}


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def gather_site_facts(home_url: str, *, timeout: float = 10.0,
                      resolver: Resolver = socket.getaddrinfo, cafile: str | None = None,
                      now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> dict:
    """``data["site"]`` for a unit whose portal is `home_url` (see the module docstring)."""
    parts = urlsplit(home_url)
    host = (parts.hostname or "").lower()
    facts: dict = {"host": host, "checked_at": now().isoformat()}
    if not host or _is_ip(host) or "." not in host:
        return {**facts, "skipped": "not_a_domain"}
    https_port = parts.port if parts.scheme == "https" and parts.port else 443
    http_port = parts.port if parts.scheme == "http" and parts.port else 80
    return {**facts, "https": probe_https(host, https_port, timeout, cafile=cafile),
            "http": probe_http_redirect(host, http_port, timeout),
            "ipv6": _ipv6(host, resolver)}
