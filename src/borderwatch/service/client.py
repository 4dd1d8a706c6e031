"""Where a request comes from: the client's address, and whether it came over HTTPS.

Both are the connection's by default: the peer's address (what sign-in
failures are counted against), and the scheme the server was reached by.
``X-Forwarded-For`` and ``X-Forwarded-Proto`` are anybody's to write, so they
count only on a connection from a reverse proxy named in
``BORDERWATCH_TRUSTED_PROXIES``. Then the client is the nearest address of
``X-Forwarded-For``, read from the right, that is not itself a trusted proxy
(addresses further left were written by the client and prove nothing), and
HTTPS is what the nearest proxy's ``X-Forwarded-Proto`` says.

``borderwatch serve`` turns uvicorn's own reading of these headers off, so
that this module is the one place that decides.
"""

from __future__ import annotations

import ipaddress

from fastapi import Request

from borderwatch.settings import Network

__all__ = ["came_over_https", "client_address"]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> Address | None:
    """An IP address from a peer or a forwarded hop (``1.2.3.4:80`` and ``[::1]:80`` too)."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        found = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped  # a dual-stack socket's view of an IPv4 peer
    return found


def _trusted(address: Address | None, proxies: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in proxies)


def _peer(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def client_address(request: Request, proxies: tuple[Network, ...]) -> str:
    """The client's address: the peer's, or, from a trusted proxy, the nearest untrusted hop."""
    peer = _peer(request)
    current = _address(peer)
    if not _trusted(current, proxies):
        return peer if current is None else str(current)
    hops = [hop for value in request.headers.getlist("x-forwarded-for") for hop in value.split(",")]
    for hop in reversed(hops):
        found = _address(hop)
        if found is None:
            break  # not an address: believe nothing past the last proxy we trust
        current = found
        if not _trusted(found, proxies):
            break
    return str(current)


def came_over_https(request: Request, proxies: tuple[Network, ...]) -> bool:
    """True when the client reached the service over HTTPS (directly, or at a trusted proxy)."""
    if request.url.scheme == "https":
        return True
    if not _trusted(_address(_peer(request)), proxies):
        return False
    forwarded = request.headers.get("x-forwarded-proto", "")
    return forwarded.rpartition(",")[2].strip().lower() == "https"
