"""live directory: audit, feedback, change sets, ORUK ids

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 15:33:31.036105
"""
from alembic import op
import sqlalchemy as sa
import uuid

# Same namespace as navigator.directory.loader.ORUK_NAMESPACE (copied: migrations must not change with the code).
ORUK_NAMESPACE = uuid.UUID("6f1d3b1e-5a43-4c8e-9d4b-0a7c3e2f9b10")


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('change_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=255), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_set'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=255), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('change_set_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['change_set_id'], ['change_set.id'], name=op.f('fk_audit_event_change_set_id_change_set')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_audit_event_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_change_set_id'), ['change_set_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_service_id'), ['service_id'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('reporter', sa.String(length=16), nullable=False),
    sa.Column('reporter_name', sa.String(length=255), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=255), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_feedback_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_status'), ['status'], unique=False)

    # A plain ADD COLUMN and a unique index: no table rebuild on SQLite.
    op.add_column('service', sa.Column('oruk_id', sa.String(length=36), nullable=True))
    op.create_index(op.f('ix_service_oruk_id'), 'service', ['oruk_id'], unique=True)

    conn = op.get_bind()
    for service_id, source, source_id in conn.execute(sa.text("SELECT id, source, source_id FROM service")).fetchall():
        conn.execute(
            sa.text("UPDATE service SET oruk_id = :oruk_id WHERE id = :id"),
            {"oruk_id": str(uuid.uuid5(ORUK_NAMESPACE, f"{source}:{source_id}")), "id": service_id},
        )



def downgrade() -> None:
    op.drop_index(op.f('ix_service_oruk_id'), table_name='service')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_column('oruk_id')

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_status'))
        batch_op.drop_index(batch_op.f('ix_feedback_service_id'))

    op.drop_table('feedback')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_service_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_change_set_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
    op.drop_table('change_set')
