-- Failures are now counted per (account, client) pair instead of under one key each. The rows are
-- short-lived throttle state (a day at most) and the old keys cannot be split into the new columns,
-- so the table starts empty rather than adding NOT NULL columns to rows that have no value for them.
DROP TABLE `login_failures`;--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account` text NOT NULL,
	`client` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_account_client_at_idx` ON `login_failures` (`account`,`client`,`at`);--> statement-breakpoint
CREATE INDEX `login_failures_client_at_idx` ON `login_failures` (`client`,`at`);
