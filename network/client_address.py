"""The visitor's address, the one function every limit uses (sign-in, sign-up, the contact form).

Behind a reverse proxy every request comes from the proxy's own address, so one visitor's failures would count
against everyone. When TRUSTED_PROXY_HEADER names the header the proxy writes the visitor's address into (and the
request really came from the proxy: FORWARDED_ALLOW_IPS, the list gunicorn reads too), that header is the address;
otherwise the header is ignored, since anyone can send it.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The visitor's IP address as text, or "" when there is none (a Unix socket with no proxy header)."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    header = settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    if header and _is_trusted_proxy(peer):
        # The proxy adds the address it saw last (X-Forwarded-For); anything before it the visitor could have written.
        named = _address(request.headers.get(header, "").split(",")[-1])
        if named:
            return named
    return peer


def _is_trusted_proxy(peer):
    allowed = settings.TRUSTED_PROXY_ADDRESSES
    if "*" in allowed or not peer:  # as gunicorn does: "*" trusts all, and a Unix socket has no address to check
        return True
    address = ipaddress.ip_address(peer)
    return any(address in ipaddress.ip_network(network, strict=False) for network in allowed)


def _address(text):
    try:
        return str(ipaddress.ip_address(text.strip().strip("[]")))
    except ValueError:
        return ""
