CREATE TABLE `catalog_media` (
	`title_type` text NOT NULL,
	`title_id` text NOT NULL,
	`media_id` text NOT NULL,
	`attached_by` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`title_type`, `title_id`),
	FOREIGN KEY (`media_id`) REFERENCES `media_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `catalog_media_media_idx` ON `catalog_media` (`media_id`);