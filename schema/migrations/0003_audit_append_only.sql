-- The audit trail is append-only for the application: it may add and read events, never change
-- or remove them (GB/T 39477 separation of duties). The chain of hashes detects owner-level tampering.
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM shequ_app;
