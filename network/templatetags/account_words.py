"""How long the account's codes and links last, in the words the account pages and emails use."""

from allauth.account import app_settings
from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def login_code_minutes():
    return max(1, app_settings.LOGIN_BY_CODE_TIMEOUT // 60)


@register.simple_tag
def password_reset_days():
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
