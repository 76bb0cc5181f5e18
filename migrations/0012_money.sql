CREATE TABLE `invoice_counters` (
	`series` text NOT NULL,
	`year` integer NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`series`, `year`)
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`series` text NOT NULL,
	`year` integer NOT NULL,
	`sequence` integer NOT NULL,
	`number` text NOT NULL,
	`status` text NOT NULL,
	`user_id` text,
	`payment_id` text,
	`refund_key` text,
	`credits_invoice_id` text,
	`seller` text NOT NULL,
	`buyer` text NOT NULL,
	`lines` text NOT NULL,
	`currency` text NOT NULL,
	`net_cents` integer NOT NULL,
	`tax_cents` integer NOT NULL,
	`gross_cents` integer NOT NULL,
	`issued_at` text NOT NULL,
	`paid_at` text,
	`voided_at` text,
	`void_reason` text,
	`created_by` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_series_year_sequence_unique` ON `invoices` (`series`,`year`,`sequence`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_payment_unique` ON `invoices` (`payment_id`) WHERE series = 'INV' AND payment_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_refund_unique` ON `invoices` (`refund_key`) WHERE refund_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX `invoices_user_issued_idx` ON `invoices` (`user_id`,`issued_at`);--> statement-breakpoint
CREATE INDEX `invoices_issued_idx` ON `invoices` (`issued_at`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`price_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`interval` text NOT NULL,
	`trial_days` integer DEFAULT 0 NOT NULL,
	`features` text DEFAULT '[]' NOT NULL,
	`max_streams` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`status` text NOT NULL,
	`payment_method_id` text,
	`current_period_start` text NOT NULL,
	`current_period_end` text NOT NULL,
	`trial_end` text,
	`cancel_at_period_end` integer DEFAULT false NOT NULL,
	`pending_plan_id` text,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`claimed_until` integer DEFAULT 0 NOT NULL,
	`canceled_at` text,
	`ended_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_user_live_unique` ON `subscriptions` (`user_id`) WHERE status <> 'canceled';--> statement-breakpoint
CREATE INDEX `subscriptions_due_idx` ON `subscriptions` (`status`,`current_period_end`);--> statement-breakpoint
CREATE INDEX `subscriptions_retry_idx` ON `subscriptions` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `loyalty_ledger` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`points` integer NOT NULL,
	`source_key` text NOT NULL,
	`payment_id` text,
	`reason` text,
	`actor_id` text,
	`expires_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `loyalty_ledger_source_unique` ON `loyalty_ledger` (`source_key`);--> statement-breakpoint
CREATE INDEX `loyalty_ledger_user_created_idx` ON `loyalty_ledger` (`user_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `loyalty_ledger_expiry_idx` ON `loyalty_ledger` (`expires_at`) WHERE kind = 'earn';--> statement-breakpoint
CREATE TABLE `loyalty_memberships` (
	`user_id` text PRIMARY KEY NOT NULL,
	`tier` text DEFAULT 'bronze' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reward_redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`reward_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`points` integer NOT NULL,
	`voucher_code` text NOT NULL,
	`status` text DEFAULT 'issued' NOT NULL,
	`used_at` text,
	`used_order_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reward_id`) REFERENCES `rewards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reward_redemptions_user_key_unique` ON `reward_redemptions` (`user_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `reward_redemptions_code_unique` ON `reward_redemptions` (`voucher_code`);--> statement-breakpoint
CREATE INDEX `reward_redemptions_user_created_idx` ON `reward_redemptions` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `rewards` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`cost_points` integer NOT NULL,
	`stock` integer,
	`discount_percent` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `movies` ADD `access` text DEFAULT 'free' NOT NULL;--> statement-breakpoint
ALTER TABLE `movies` ADD `required_features` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `series` ADD `access` text DEFAULT 'free' NOT NULL;--> statement-breakpoint
ALTER TABLE `series` ADD `required_features` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `discount_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `voucher_code` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `subscription_id` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `refunded_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `payments_subscription_idx` ON `payments` (`subscription_id`);--> statement-breakpoint
ALTER TABLE `payment_methods` ADD `holder_name` text;