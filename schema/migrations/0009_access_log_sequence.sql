-- The access log is numbered from a plain sequence (no per-tenant lock on every read).
CREATE SEQUENCE IF NOT EXISTS "access_log_seq_seq" AS bigint OWNED BY "access_log"."seq";
--> statement-breakpoint
ALTER TABLE "access_log" ALTER COLUMN "seq" SET DEFAULT nextval('"access_log_seq_seq"');
--> statement-breakpoint
SELECT setval('"access_log_seq_seq"', coalesce((SELECT max("seq") FROM "access_log"), 0) + 1, false);
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE "access_log_seq_seq" TO shequ_app;
