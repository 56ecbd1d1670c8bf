"""One module per server schema revision (Alembic's ``revision``/``down_revision`` chain); Alembic only."""
