"""Each account's username skeleton, stored and unique (balai.accounts.usernames).

Accounts are filled oldest first; an account whose skeleton an older one already holds (a look-alike
pair made before the rule) keeps an empty skeleton, and the count is printed, so an operator can
rename one of the pair. The older account still blocks every new look-alike of both."""

from django.db import migrations, models

CHUNK = 2000


def fill(apps, schema_editor):
    from balai.accounts.usernames import skeleton

    User = apps.get_model("accounts", "User")
    seen: set[str] = set()
    shared = 0
    last = 0
    while True:
        rows = list(User.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "username")[:CHUNK])
        if not rows:
            break
        for pk, username in rows:
            value = skeleton(username)
            if value in seen:
                shared += 1
                continue
            seen.add(value)
            User.objects.filter(pk=pk).update(username_skeleton=value)
        last = rows[-1][0]
    if shared:
        print(f"\n  {shared} account(s) look like an older account's username; their skeleton stays empty")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_user_email_verified_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_skeleton",
            field=models.CharField(blank=True, default="", editable=False, max_length=150),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(condition=models.Q(("username_skeleton", ""), _negated=True),
                                               fields=("username_skeleton",),
                                               name="accounts_user_username_skeleton_unique"),
        ),
    ]
