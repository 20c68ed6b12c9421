ALTER TABLE "status_incidents" ADD COLUMN "scheduled_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "status_incidents" ADD COLUMN "scheduled_until" timestamp with time zone;