"""staff sessions: a per-user counter that signing out increments, ending copied cookies

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 17:20:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_user') as batch:
        batch.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('staff_user') as batch:
        batch.drop_column('session_generation')
