CREATE TABLE `analytics_events` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`type` text NOT NULL,
	`source` text DEFAULT 'server' NOT NULL,
	`user_id` text,
	`anonymous_id` text,
	`target_type` text,
	`target_id` text,
	`path` text,
	`query` text,
	`result_count` integer,
	`amount_cents` integer,
	`props` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `analytics_events_type_at_idx` ON `analytics_events` (`type`,`at`);--> statement-breakpoint
CREATE INDEX `analytics_events_user_at_idx` ON `analytics_events` (`user_id`,`at`);--> statement-breakpoint
CREATE INDEX `analytics_events_target_idx` ON `analytics_events` (`target_type`,`target_id`,`at`);--> statement-breakpoint
CREATE INDEX `analytics_events_at_idx` ON `analytics_events` (`at`);--> statement-breakpoint
CREATE TABLE `review_reports` (
	`review_id` text NOT NULL,
	`user_id` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`review_id`, `user_id`),
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `phone_verifications` (
	`user_id` text PRIMARY KEY NOT NULL,
	`phone` text NOT NULL,
	`code_hash` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sms_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`kind` text NOT NULL,
	`to_number` text NOT NULL,
	`text` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `sms_outbox_due_idx` ON `sms_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `sms_outbox_user_idx` ON `sms_outbox` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`action` text NOT NULL,
	`actor_id` text,
	`actor_role` text,
	`target_type` text,
	`target_id` text,
	`client_address` text,
	`request_id` text,
	`detail` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_target_idx` ON `audit_log` (`target_id`,`at`);--> statement-breakpoint
CREATE TABLE `error_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`source` text NOT NULL,
	`request_id` text,
	`route` text,
	`method` text,
	`status` integer,
	`message` text NOT NULL,
	`stack` text,
	`detail` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `error_log_at_idx` ON `error_log` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `error_log_source_idx` ON `error_log` (`source`,`at`);--> statement-breakpoint
ALTER TABLE `reviews` ADD `report_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `media_jobs` ADD `waiting_for` text;--> statement-breakpoint
ALTER TABLE `notification_preferences` ADD `sms` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `users` ADD `phone_verified_at` text;