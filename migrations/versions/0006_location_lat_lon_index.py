"""spatial candidates: an index on location (lat, lon) for "services near a point"

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_location_lat_lon', 'location', ['lat', 'lon'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_location_lat_lon', table_name='location')
