"""Who may do what with notifications in the admin: from the table in network/permissions.py."""

from network.access import register_admin_rules

register_admin_rules("notifications")
