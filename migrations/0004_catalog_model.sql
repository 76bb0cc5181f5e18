CREATE TABLE `catalog_versions` (
	`scope` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `characters` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`person_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `characters_person_idx` ON `characters` (`person_id`,`id`);--> statement-breakpoint
CREATE TABLE `episodes` (
	`id` text PRIMARY KEY NOT NULL,
	`season_id` text NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`synopsis` text,
	`runtime_minutes` integer,
	`air_date` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`season_id`) REFERENCES `seasons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `episodes_season_number_unique` ON `episodes` (`season_id`,`number`);--> statement-breakpoint
CREATE TABLE `genres` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `genres_name_unique` ON `genres` (lower("name"));--> statement-breakpoint
CREATE TABLE `movie_cast` (
	`movie_id` text NOT NULL,
	`character_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`movie_id`, `character_id`),
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`character_id`) REFERENCES `characters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `movie_cast_character_idx` ON `movie_cast` (`character_id`,`movie_id`);--> statement-breakpoint
CREATE TABLE `movie_genres` (
	`movie_id` text NOT NULL,
	`genre_id` text NOT NULL,
	PRIMARY KEY(`movie_id`, `genre_id`),
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`genre_id`) REFERENCES `genres`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `movie_genres_genre_idx` ON `movie_genres` (`genre_id`,`movie_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`birth_date` text,
	`bio` text,
	`photo_key` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `people_name_idx` ON `people` (`name`,`id`);--> statement-breakpoint
CREATE TABLE `seasons` (
	`id` text PRIMARY KEY NOT NULL,
	`series_id` text NOT NULL,
	`number` integer NOT NULL,
	`title` text,
	`synopsis` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `seasons_series_number_unique` ON `seasons` (`series_id`,`number`);--> statement-breakpoint
CREATE TABLE `series` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`original_title` text,
	`synopsis` text,
	`release_year` integer,
	`runtime_minutes` integer,
	`maturity_rating` text,
	`languages` text DEFAULT '[]' NOT NULL,
	`poster_key` text,
	`backdrop_key` text,
	`popularity` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `series_title_id_idx` ON `series` (`title`,`id`);--> statement-breakpoint
CREATE INDEX `series_year_id_idx` ON `series` (`release_year`,`id`);--> statement-breakpoint
CREATE INDEX `series_popularity_id_idx` ON `series` (`popularity`,`id`);--> statement-breakpoint
CREATE INDEX `series_created_id_idx` ON `series` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `series_cast` (
	`series_id` text NOT NULL,
	`character_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`series_id`, `character_id`),
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`character_id`) REFERENCES `characters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `series_cast_character_idx` ON `series_cast` (`character_id`,`series_id`);--> statement-breakpoint
CREATE TABLE `series_genres` (
	`series_id` text NOT NULL,
	`genre_id` text NOT NULL,
	PRIMARY KEY(`series_id`, `genre_id`),
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`genre_id`) REFERENCES `genres`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `series_genres_genre_idx` ON `series_genres` (`genre_id`,`series_id`);--> statement-breakpoint
DROP INDEX `movies_title_idx`;--> statement-breakpoint
DROP INDEX `movies_release_year_idx`;--> statement-breakpoint
ALTER TABLE `movies` ADD `popularity` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `movies_title_id_idx` ON `movies` (`title`,`id`);--> statement-breakpoint
CREATE INDEX `movies_year_id_idx` ON `movies` (`release_year`,`id`);--> statement-breakpoint
CREATE INDEX `movies_popularity_id_idx` ON `movies` (`popularity`,`id`);--> statement-breakpoint
CREATE INDEX `movies_created_id_idx` ON `movies` (`created_at`,`id`);