ALTER TABLE `media_items` ADD `status_reason` text;--> statement-breakpoint
ALTER TABLE `media_items` ADD `container` text;--> statement-breakpoint
ALTER TABLE `media_items` ADD `codecs` text;--> statement-breakpoint
ALTER TABLE `media_jobs` ADD `lease_expires_at` integer;--> statement-breakpoint
CREATE INDEX `media_jobs_status_lease_idx` ON `media_jobs` (`status`,`lease_expires_at`);