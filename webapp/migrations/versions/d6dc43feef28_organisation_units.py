"""organisation units: units table, unit_id on users, cases and calendar_closures

Revision ID: d6dc43feef28
Revises: 9c11a17243b7
Create Date: 2026-11-21 08:27:33.690601

Every existing user, case and closure gets unit_id NULL: the installation default
(ALUR_TIMEZONE, ALUR_OFFICE_HOURS; a closure for every unit), so nothing changes for them.

SQLite: the foreign keys on users.unit_id and cases.unit_id are added with
``ALTER TABLE ... ADD COLUMN ... REFERENCES``, not with batch mode. Batch mode copies the
table and drops the original, and with ``PRAGMA foreign_keys=ON`` (always on in Alur)
dropping ``cases`` would run its ON DELETE CASCADE and empty human_tasks, timers,
audit_events, attachments and notifications.

calendar_closures gets a surrogate key (a day can now be closed for every unit and, besides,
for single units), so it is rebuilt: its rows are read, the table is dropped (nothing refers
to it) and created anew, and the rows written back.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd6dc43feef28'
down_revision = '9c11a17243b7'
branch_labels = None
depends_on = None


def is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def closures_rows() -> list[dict]:
    old = sa.table("calendar_closures", sa.column("day", sa.Date()), sa.column("reason", sa.String()),
                   sa.column("created_by", sa.String()))
    rows = op.get_bind().execute(sa.select(old.c.day, old.c.reason, old.c.created_by).order_by(old.c.day))
    return [dict(r._mapping) for r in rows]


def upgrade():
    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('office_hours', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )

    for table in ('users', 'cases'):
        if is_sqlite():
            op.execute(f"ALTER TABLE {table} ADD COLUMN unit_id INTEGER REFERENCES units (id)")
        else:
            op.add_column(table, sa.Column('unit_id', sa.Integer(), nullable=True))
            op.create_foreign_key(f'{table}_unit_id_fkey', table, 'units', ['unit_id'], ['id'])
    op.create_index('ix_cases_unit', 'cases', ['unit_id'], unique=False)

    rows = closures_rows()
    op.drop_table('calendar_closures')
    closures = op.create_table('calendar_closures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('day', 'unit_id', name='uq_calendar_closures_day_unit')
    )
    op.create_index('uq_calendar_closures_day_all_units', 'calendar_closures', ['day'], unique=True,
                    sqlite_where=sa.text('unit_id IS NULL'), postgresql_where=sa.text('unit_id IS NULL'))
    if rows:
        op.bulk_insert(closures, [{**row, "unit_id": None} for row in rows])


def downgrade():
    # Closures of single units cannot be kept (the old table has one closure per day): they go.
    rows = [r for r in closures_rows_with_unit() if r.pop("unit_id") is None]
    op.drop_table('calendar_closures')
    closures = op.create_table('calendar_closures',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    if rows:
        op.bulk_insert(closures, rows)

    op.drop_index('ix_cases_unit', table_name='cases')
    if is_sqlite():
        # A column with a REFERENCES clause cannot be dropped in SQLite; the tables are copied
        # (batch mode) with foreign keys off, so dropping the old ``cases`` cascades nowhere.
        # PRAGMA foreign_keys only works outside a transaction.
        bind = op.get_bind()
        bind.exec_driver_sql("COMMIT")
        bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            for table in ('users', 'cases'):
                with op.batch_alter_table(table, recreate='always') as batch_op:
                    batch_op.drop_column('unit_id')
            problems = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign key check failed after the downgrade: {problems[:5]}")
        finally:
            bind.exec_driver_sql("PRAGMA foreign_keys=ON")
            bind.exec_driver_sql("BEGIN")
    else:
        for table in ('users', 'cases'):
            op.drop_constraint(f'{table}_unit_id_fkey', table, type_='foreignkey')
            op.drop_column(table, 'unit_id')
    op.drop_table('units')


def closures_rows_with_unit() -> list[dict]:
    new = sa.table("calendar_closures", sa.column("day", sa.Date()), sa.column("unit_id", sa.Integer()),
                   sa.column("reason", sa.String()), sa.column("created_by", sa.String()))
    rows = op.get_bind().execute(sa.select(new.c.day, new.c.unit_id, new.c.reason, new.c.created_by)
                                 .order_by(new.c.day))
    return [dict(r._mapping) for r in rows]
