"""The groups "Pemilik" (owner) and "Staf toko" (shop helper) with their permissions.

Staff accounts that exist already (and are not superusers) become owners: until now every staff
account could use the whole dashboard, and an upgrade must not lock anybody out. The owner then
turns helpers into helpers on the dashboard's Staff page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from staff.roles import OWNER_GROUP, ensure_groups


def create_roles(apps, schema_editor):
    # The model's permissions are normally created after all migrations (post_migrate).
    staff_app = apps.get_app_config("staff")
    staff_app.models_module = True
    create_permissions(staff_app, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    ensure_groups(Group, apps.get_model("auth", "Permission"))
    User = apps.get_model("users", "User")
    owners = Group.objects.get(name=OWNER_GROUP)
    for user in User.objects.filter(is_staff=True, is_superuser=False):
        user.groups.add(owners)


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("users", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
