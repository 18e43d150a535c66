import django.utils.timezone
from django.db import migrations, models


def created_when_the_account_was(apps, schema_editor):
    """Profiles made before this field existed: made when their account was, as near as we know."""
    CoordinatorProfile = apps.get_model("profiles", "CoordinatorProfile")
    for profile in CoordinatorProfile.objects.select_related("user"):
        CoordinatorProfile.objects.filter(pk=profile.pk).update(created_at=profile.user.date_joined)


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0004_security_review'),
    ]

    operations = [
        migrations.AddField(
            model_name='coordinatorprofile',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now, verbose_name='aangemaakt op'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='coordinatorprofile',
            name='invited_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='laatst uitgenodigd'),
        ),
        migrations.AddField(
            model_name='coordinatorprofile',
            name='reminded_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='laatst herinnerd'),
        ),
        migrations.RunPython(created_when_the_account_was, migrations.RunPython.noop),
    ]
