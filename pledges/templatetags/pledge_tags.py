from django import template

from .. import selectors

register = template.Library()

# The member's home shows the same invitation as its next step.
NO_BANNER_ON = {"pledges:sign", "pledges:signed", "pledges:withdraw", "home"}


@register.inclusion_tag("pledges/_reaffirm_banner_body.html", takes_context=True)
def pledge_reaffirm_banner(context):
    """Invite a member who signed an earlier version to read and re-affirm the new one."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in NO_BANNER_ON:
        return {"show": False}
    status = getattr(request, "_pledge_status", None)
    if status is None:
        status = request._pledge_status = selectors.kept_pledge_status(user)
    return {"show": status.should_reaffirm, "status": status}
