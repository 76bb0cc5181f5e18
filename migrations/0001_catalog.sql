CREATE TABLE `movies` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`original_title` text,
	`synopsis` text,
	`release_year` integer,
	`runtime_minutes` integer NOT NULL,
	`maturity_rating` text,
	`languages` text DEFAULT '[]' NOT NULL,
	`poster_key` text,
	`backdrop_key` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `movies_title_idx` ON `movies` (`title`);--> statement-breakpoint
CREATE INDEX `movies_release_year_idx` ON `movies` (`release_year`);