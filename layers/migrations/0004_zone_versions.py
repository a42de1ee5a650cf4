"""Versioned cultivation zones and their history (issue #5).

`version` starts at 1 and is the API's ETag. Services set it themselves (and record a ZoneRevision
for it); the trigger below bumps it for every other writer — imports, the demo loader, psql — so an
editor holding an older version can never overwrite a change it has not seen. The trigger only acts
when the writer did not raise the version, so it never double-counts a service's write.

Existing zones get a `baseline` revision holding their state today, so that they can be reverted
to it; its attributes use the same keys as layers.zone_services.zone_snapshot.
"""

import django.contrib.gis.db.models.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


VERSION_TRIGGER = r"""
CREATE FUNCTION layers_zone_version_bump() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF NEW.version <= OLD.version THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER layers_zone_version_bump BEFORE UPDATE ON layers_cultivationzone
    FOR EACH ROW EXECUTE FUNCTION layers_zone_version_bump();
"""
DROP_VERSION_TRIGGER = r"""
DROP TRIGGER IF EXISTS layers_zone_version_bump ON layers_cultivationzone;
DROP FUNCTION IF EXISTS layers_zone_version_bump();
"""

BASELINE = r"""
INSERT INTO layers_zonerevision
    (zone_id, version, action, user_id, username, recorded_at, reason, reverted_to, attributes, geometry)
SELECT z.id, z.version, 'baseline', NULL, '', now(), '', NULL,
       jsonb_build_object(
           'name', z.name, 'crop', z.crop, 'variety', z.variety,
           'declared_area_ha', z.declared_area_ha::text, 'holder', z.holder,
           'representative', z.representative, 'households', z.households,
           'markets', to_jsonb(z.markets), 'standards', to_jsonb(z.standards),
           'valid_from', z.valid_from, 'valid_until', z.valid_until,
           'is_illustrative', z.is_illustrative, 'code', z.code, 'status', z.status,
           'units', (SELECT COALESCE(jsonb_agg(zu.adminunit_id ORDER BY zu.adminunit_id), '[]'::jsonb)
                     FROM layers_cultivationzone_units zu WHERE zu.cultivationzone_id = z.id)),
       z.geometry
FROM layers_cultivationzone z;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('layers', '0003_area_grid'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='cultivationzone',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, verbose_name='version'),
        ),
        migrations.CreateModel(
            name='ZoneRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(verbose_name='version')),
                ('action', models.CharField(choices=[('baseline', 'state when the history began'), ('create', 'created'), ('update', 'edited'), ('submit', 'submitted'), ('approve', 'approved'), ('reject', 'sent back to draft'), ('suspend', 'suspended'), ('reinstate', 'reinstated'), ('revoke', 'revoked'), ('revert', 'reverted')], max_length=10, verbose_name='action')),
                ('username', models.CharField(blank=True, max_length=150, verbose_name='user name')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('reverted_to', models.PositiveIntegerField(blank=True, null=True, verbose_name='restored version')),
                ('attributes', models.JSONField(default=dict, verbose_name='attributes')),
                ('geometry', django.contrib.gis.db.models.fields.MultiPolygonField(blank=True, null=True, spatial_index=False, srid=4326, verbose_name='boundary')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('zone', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='layers.cultivationzone', verbose_name='cultivation zone')),
            ],
            options={
                'verbose_name': 'zone revision',
                'verbose_name_plural': 'zone revisions',
                'ordering': ['zone', 'version'],
                'constraints': [models.UniqueConstraint(fields=('zone', 'version'), name='zone_revision_once_per_version')],
            },
        ),
        migrations.RunSQL(VERSION_TRIGGER, DROP_VERSION_TRIGGER),
        migrations.RunSQL(BASELINE, migrations.RunSQL.noop),
    ]
