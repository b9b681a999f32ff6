-- COLD records are compressed with lz4 where the server was built with it (PostgreSQL >= 14);
-- elsewhere (PGlite, older servers) the ALTER fails and pglz stays. PostgreSQL compresses a value
-- only when its row exceeds ~2 KB, so small records gain from the table's fewer indexes, not this.
DO $$
BEGIN
  EXECUTE 'ALTER TABLE records_cold ALTER COLUMN data SET COMPRESSION lz4';
EXCEPTION WHEN others THEN
  RAISE NOTICE 'records_cold: lz4 unavailable (%), data keeps the default compression', SQLERRM;
END $$;
