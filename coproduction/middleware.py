from django.conf import settings
from django.utils.csp import CSP


class AdminStylePolicyMiddleware:
    """The Django admin's search-as-you-type boxes (select2) set inline style attributes, which a strict style-src
    blocks. Only on admin pages, allow inline styles; scripts stay nonce/self-only everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.admin_prefix):
            response._csp_config = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
        return response
