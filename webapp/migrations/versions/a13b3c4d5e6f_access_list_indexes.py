"""access list indexes

Revision ID: a13b3c4d5e6f
Revises: 5b1e7c0a9d21
Create Date: 2026-12-08 01:50:00.000000

The inbox, group inbox and case list under the access rules (issue 13, bench/access_lists.py):
each branch of engine.access.step_condition gets an index of its own — a role in a unit
(lane, scope, status, unit_id), a proxy role (proxy_role, unit_id, status; replaces
(proxy_role, status)) — and the assignee index holds held steps only (assignee IS NOT NULL),
so "open to the group" (assignee IS NULL) is never read from it as a scan of every open step.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a13b3c4d5e6f'
down_revision = '5b1e7c0a9d21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('human_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_human_tasks_proxy_status')
        batch_op.drop_index('ix_human_tasks_assignee_status_due')
        batch_op.create_index('ix_human_tasks_assignee_status_due', ['assignee', 'status', 'due_at'], unique=False,
                              sqlite_where=sa.text('assignee IS NOT NULL'),
                              postgresql_where=sa.text('assignee IS NOT NULL'))
        batch_op.create_index('ix_human_tasks_lane_scope_unit', ['lane', 'scope', 'status', 'unit_id'], unique=False)
        batch_op.create_index('ix_human_tasks_proxy_unit_status', ['proxy_role', 'unit_id', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('human_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_human_tasks_proxy_unit_status')
        batch_op.drop_index('ix_human_tasks_lane_scope_unit')
        batch_op.drop_index('ix_human_tasks_assignee_status_due')
        batch_op.create_index('ix_human_tasks_assignee_status_due', ['assignee', 'status', 'due_at'], unique=False)
        batch_op.create_index('ix_human_tasks_proxy_status', ['proxy_role', 'status'], unique=False)
