REVOKE UPDATE, DELETE, TRUNCATE ON "access_log", "change_events" FROM shequ_app;
