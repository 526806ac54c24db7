"""The database refuses to delete a user who has logged in once.

PostgreSQL: a BEFORE DELETE trigger on the user table. SQLite gets no trigger: Django's flush
(used between browser tests) empties tables with DELETE, which a trigger would stop; there the
pre_delete guard in claims/integration.py answers instead. On PostgreSQL flush uses TRUNCATE,
which row triggers do not see.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION claims_refuse_user_delete() RETURNS trigger AS $$
BEGIN
    IF OLD.last_login IS NOT NULL THEN
        RAISE EXCEPTION 'User % has logged in and can never be deleted; deactivate the account instead', OLD.email
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_user_never_deleted BEFORE DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION claims_refuse_user_delete();
"""
DROP = """
DROP TRIGGER IF EXISTS claims_user_never_deleted ON {table};
DROP FUNCTION IF EXISTS claims_refuse_user_delete();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(apps.get_model("hrsuite", "User")._meta.db_table)
            schema_editor.execute(sql.format(table=table), params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_claims_portal")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
