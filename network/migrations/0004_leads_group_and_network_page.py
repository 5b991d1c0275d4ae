"""The "Co-production leads" group with the admin permissions leads need, and the network page's first words.

The list below is frozen as it was when this migration was written. network/permissions.py holds the living list;
`manage.py sync_lead_permissions` (run after every migrate) brings the group up to date with it.
"""

from django.db import migrations

LEADS_GROUP_NAME = "Co-production leads"

CRUD = ("view", "add", "change", "delete")
VIEW_ADD_CHANGE = ("view", "add", "change")
FROZEN = {
    "network": {"member": VIEW_ADD_CHANGE, "consent": ("view", "add"), "invitation": CRUD,
                "enquiry": ("view", "change"), "blockage": ("view", "change"), "networkpage": ("view", "change")},
    "meetings": {"meeting": CRUD, "agendaitem": CRUD, "invitation": CRUD, "attendance": CRUD, "guest": CRUD,
                 "minutes": CRUD, "action": CRUD, "paper": CRUD, "agendasuggestion": CRUD},
    "notifications": {"reminderrule": CRUD, "duenotification": ("view",), "delivery": ("view",)},
    "projects": {"project": VIEW_ADD_CHANGE, "projectmembership": VIEW_ADD_CHANGE, "principle": VIEW_ADD_CHANGE,
                 "defaultchecklistitem": CRUD, "stagechecklistitem": CRUD, "stagechange": ("view",), "action": CRUD,
                 "impactrecord": CRUD, "yousaidwedid": CRUD, "reflection": ("view",)},
    "exports": {"exportaudit": ("view",)},
    "pledges": {"pledgeversion": VIEW_ADD_CHANGE, "pledgesignature": ("view",)},
}
EXTRA = {"exports": ["export_project", "export_lists"]}

ABOUT = (
    "We are a network of people who use health and social care services, carers, staff, peer support workers "
    "and volunteers. We meet regularly to share ideas, work on projects together and talk about what stops "
    "people getting involved.\n\n"
    "We work as equals. Nobody's voice counts for more because of their job title, and what people have lived "
    "through is as valuable as what professionals have learned."
)


def create_leads_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; make those of models that exist now.
    for app_config in apps.get_app_configs():
        original, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=LEADS_GROUP_NAME)
    for app_label, models in FROZEN.items():
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        codenames += EXTRA.get(app_label, [])
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_leads_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=LEADS_GROUP_NAME).delete()


def create_network_page(apps, schema_editor):
    NetworkPage = apps.get_model("network", "NetworkPage")
    if not NetworkPage.objects.exists():
        NetworkPage.objects.create(about=ABOUT)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_consents_invitations_enquiries_blockages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_leads_group, remove_leads_group),
        migrations.RunPython(create_network_page, migrations.RunPython.noop),
    ]
