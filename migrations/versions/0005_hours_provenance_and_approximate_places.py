"""hours provenance (source name, date, confirmed) and approximate places

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 17:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs with server defaults: no table rebuild on SQLite, existing rows stay valid.
    op.add_column('service', sa.Column('hours_source_name', sa.String(length=200), nullable=True))
    op.add_column('service', sa.Column('hours_source_date', sa.String(length=16), nullable=True))
    op.add_column('service', sa.Column('hours_confirmed', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column('location', sa.Column('placed_by', sa.String(length=16), nullable=True))
    op.add_column('location', sa.Column('approximate', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.drop_column('approximate')
        batch_op.drop_column('placed_by')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_column('hours_confirmed')
        batch_op.drop_column('hours_source_date')
        batch_op.drop_column('hours_source_name')
