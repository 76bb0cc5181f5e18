CREATE TABLE `idempotency_keys` (
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` text NOT NULL,
	`response` text,
	`lease_until` integer NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`showtime_id` text NOT NULL,
	`hold_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`seats` text DEFAULT '[]' NOT NULL,
	`total_cents` integer DEFAULT 0 NOT NULL,
	`currency` text DEFAULT 'usd' NOT NULL,
	`failure_reason` text,
	`created_at` text NOT NULL,
	`paid_at` text,
	`refunded_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`showtime_id`) REFERENCES `showtimes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_user_key_unique` ON `orders` (`user_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `orders_user_created_idx` ON `orders` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_showtime_status_idx` ON `orders` (`showtime_id`,`status`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`order_id` text,
	`idempotency_key` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`description` text NOT NULL,
	`status` text NOT NULL,
	`failure_reason` text,
	`card_brand` text NOT NULL,
	`card_last4` text NOT NULL,
	`charge_id` text,
	`refund_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_order_unique` ON `payments` (`order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_user_key_unique` ON `payments` (`user_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `payments_user_created_idx` ON `payments` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `showtimes` (
	`id` text PRIMARY KEY NOT NULL,
	`movie_id` text NOT NULL,
	`theater_id` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`prices` text NOT NULL,
	`currency` text DEFAULT 'usd' NOT NULL,
	`hold_ttl_seconds` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`created_at` text NOT NULL,
	`cancelled_at` text,
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`theater_id`) REFERENCES `theaters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `showtimes_theater_starts_idx` ON `showtimes` (`theater_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `showtimes_movie_starts_idx` ON `showtimes` (`movie_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `showtimes_starts_idx` ON `showtimes` (`starts_at`);--> statement-breakpoint
CREATE TABLE `theaters` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`layout` text NOT NULL,
	`seat_count` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`order_id` text NOT NULL,
	`showtime_id` text NOT NULL,
	`user_id` text NOT NULL,
	`seat_label` text NOT NULL,
	`seat_kind` text NOT NULL,
	`price_cents` integer NOT NULL,
	`status` text DEFAULT 'valid' NOT NULL,
	`checked_in_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`showtime_id`) REFERENCES `showtimes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_code_unique` ON `tickets` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_order_seat_unique` ON `tickets` (`order_id`,`seat_label`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_showtime_seat_unique` ON `tickets` (`showtime_id`,`seat_label`) WHERE status = 'valid';--> statement-breakpoint
CREATE INDEX `tickets_user_created_idx` ON `tickets` (`user_id`,`created_at`);