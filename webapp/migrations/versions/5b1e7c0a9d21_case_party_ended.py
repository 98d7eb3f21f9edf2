"""case_parties.ended_at: when the case closed for a party

Revision ID: 5b1e7c0a9d21
Revises: d0594e38f757
Create Date: 2026-12-08 01:30:00.000000

A competition's vendors are all parties of its Penyedia lane until one is chosen (mini_kompetisi
step 11, alur:chooseParty); the others' rows get ended_at: the case is closed for them.
Existing rows: NULL (still a party). SQLite: the column is added in place.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5b1e7c0a9d21'
down_revision = 'd0594e38f757'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('case_parties', schema=None) as batch_op:
        batch_op.drop_column('ended_at')
