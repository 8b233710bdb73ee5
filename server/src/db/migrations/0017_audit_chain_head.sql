-- The audit chain's head, read under the chain's lock: one statement where there were two (the lock,
-- then the read). The key is passed in (db/advisory-locks.ts holds the keys). VOLATILE, so the read
-- takes its snapshot after the lock is granted: an append that held the lock before us has committed
-- by then, and its rows are seen.
CREATE OR REPLACE FUNCTION audit_chain_head(lock_key bigint) RETURNS TABLE (seq bigint, hash text) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  RETURN QUERY SELECT e.seq, e.hash FROM audit_event e ORDER BY e.seq DESC LIMIT 1;
END;
$$;
