CREATE TABLE `comment_reports` (
	`comment_id` text NOT NULL,
	`user_id` text NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`comment_id`, `user_id`),
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `comment_settings` (
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`movie_id` text,
	`series_id` text,
	`episode_id` text,
	`media_id` text,
	`policy` text NOT NULL,
	`updated_by` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`target_type`, `target_id`),
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`episode_id`) REFERENCES `episodes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`media_id`) REFERENCES `media_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "comment_settings_one_target" CHECK((movie_id IS NOT NULL) + (series_id IS NOT NULL) + (episode_id IS NOT NULL) + (media_id IS NOT NULL) = 1 AND target_id = coalesce(movie_id, series_id, episode_id, media_id))
);
--> statement-breakpoint
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`movie_id` text,
	`series_id` text,
	`episode_id` text,
	`media_id` text,
	`parent_id` text,
	`root_id` text NOT NULL,
	`depth` integer DEFAULT 0 NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'visible' NOT NULL,
	`like_count` integer DEFAULT 0 NOT NULL,
	`report_count` integer DEFAULT 0 NOT NULL,
	`edited_at` text,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`episode_id`) REFERENCES `episodes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`media_id`) REFERENCES `media_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "comments_one_target" CHECK((movie_id IS NOT NULL) + (series_id IS NOT NULL) + (episode_id IS NOT NULL) + (media_id IS NOT NULL) = 1 AND target_id = coalesce(movie_id, series_id, episode_id, media_id))
);
--> statement-breakpoint
CREATE INDEX `comments_target_new_idx` ON `comments` (`target_type`,`target_id`,`depth`,`id`);--> statement-breakpoint
CREATE INDEX `comments_target_top_idx` ON `comments` (`target_type`,`target_id`,`depth`,`like_count`,`id`);--> statement-breakpoint
CREATE INDEX `comments_root_idx` ON `comments` (`root_id`,`id`);--> statement-breakpoint
CREATE INDEX `comments_status_idx` ON `comments` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `favorites` (
	`profile_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`movie_id` text,
	`series_id` text,
	`episode_id` text,
	`title_type` text NOT NULL,
	`title_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`profile_id`, `target_type`, `target_id`),
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`episode_id`) REFERENCES `episodes`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "favorites_one_target" CHECK((movie_id IS NOT NULL) + (series_id IS NOT NULL) + (episode_id IS NOT NULL) = 1 AND target_id = coalesce(movie_id, series_id, episode_id))
);
--> statement-breakpoint
CREATE INDEX `favorites_profile_created_idx` ON `favorites` (`profile_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `favorites_title_idx` ON `favorites` (`title_type`,`title_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `likes` (
	`user_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`movie_id` text,
	`series_id` text,
	`episode_id` text,
	`media_id` text,
	`comment_id` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `target_type`, `target_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`episode_id`) REFERENCES `episodes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`media_id`) REFERENCES `media_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "likes_one_target" CHECK((movie_id IS NOT NULL) + (series_id IS NOT NULL) + (episode_id IS NOT NULL) + (media_id IS NOT NULL) + (comment_id IS NOT NULL) = 1 AND target_id = coalesce(movie_id, series_id, episode_id, media_id, comment_id))
);
--> statement-breakpoint
CREATE INDEX `likes_target_idx` ON `likes` (`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `playlist_items` (
	`id` text PRIMARY KEY NOT NULL,
	`playlist_id` text NOT NULL,
	`position` integer NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`movie_id` text,
	`series_id` text,
	`episode_id` text,
	`media_id` text,
	`added_at` text NOT NULL,
	FOREIGN KEY (`playlist_id`) REFERENCES `playlists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`episode_id`) REFERENCES `episodes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`media_id`) REFERENCES `media_items`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "playlist_items_one_target" CHECK((movie_id IS NOT NULL) + (series_id IS NOT NULL) + (episode_id IS NOT NULL) + (media_id IS NOT NULL) = 1 AND target_id = coalesce(movie_id, series_id, episode_id, media_id))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `playlist_items_target_unique` ON `playlist_items` (`playlist_id`,`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `playlist_items_position_idx` ON `playlist_items` (`playlist_id`,`position`,`id`);--> statement-breakpoint
CREATE TABLE `playlists` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`visibility` text DEFAULT 'private' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `playlists_user_idx` ON `playlists` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `playlists_visibility_idx` ON `playlists` (`visibility`,`id`);--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`movie_id` text NOT NULL,
	`rating` integer NOT NULL,
	`body` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "reviews_rating_range" CHECK(rating BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_user_movie_unique` ON `reviews` (`user_id`,`movie_id`);--> statement-breakpoint
CREATE INDEX `reviews_movie_idx` ON `reviews` (`movie_id`,`id`);--> statement-breakpoint
CREATE TABLE `views` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`profile_id` text NOT NULL,
	`user_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`movie_id` text,
	`episode_id` text,
	`media_id` text,
	`title_type` text NOT NULL,
	`title_id` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`episode_id`) REFERENCES `episodes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`media_id`) REFERENCES `media_items`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "views_one_target" CHECK((movie_id IS NOT NULL) + (episode_id IS NOT NULL) + (media_id IS NOT NULL) = 1 AND target_id = coalesce(movie_id, episode_id, media_id))
);
--> statement-breakpoint
CREATE INDEX `views_created_idx` ON `views` (`created_at`,`title_type`,`title_id`);--> statement-breakpoint
CREATE INDEX `views_profile_target_idx` ON `views` (`profile_id`,`target_type`,`target_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `watch_progress` (
	`profile_id` text NOT NULL,
	`user_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`movie_id` text,
	`episode_id` text,
	`media_id` text,
	`title_type` text NOT NULL,
	`title_id` text NOT NULL,
	`position_seconds` real NOT NULL,
	`duration_seconds` real NOT NULL,
	`completed` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`profile_id`, `target_type`, `target_id`),
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`movie_id`) REFERENCES `movies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`episode_id`) REFERENCES `episodes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`media_id`) REFERENCES `media_items`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "watch_progress_one_target" CHECK((movie_id IS NOT NULL) + (episode_id IS NOT NULL) + (media_id IS NOT NULL) = 1 AND target_id = coalesce(movie_id, episode_id, media_id))
);
--> statement-breakpoint
CREATE INDEX `watch_progress_profile_updated_idx` ON `watch_progress` (`profile_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `watch_progress_title_idx` ON `watch_progress` (`title_type`,`title_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `watch_progress_user_title_idx` ON `watch_progress` (`user_id`,`title_type`,`title_id`);