-- Catalog full-text search. Every searchable row (movie, series, episode, person) has one
-- row in search_documents, kept in step by triggers on the source tables; catalog_fts is an
-- external-content FTS5 index over search_documents, kept in step by triggers of its own.
-- search_documents has an INTEGER PRIMARY KEY so the FTS rowids survive a VACUUM.
-- unicode61 with remove_diacritics 2 folds accents ("pelicula" matches "película");
-- prefix='2 3' keeps as-you-type prefix queries fast on large catalogs.
CREATE TABLE `search_documents` (
	`id` integer PRIMARY KEY,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL DEFAULT ''
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_documents_ref_unique` ON `search_documents` (`kind`, `ref_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `catalog_fts` USING fts5(
	title,
	body,
	content='search_documents',
	content_rowid='id',
	tokenize='unicode61 remove_diacritics 2',
	prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER `search_documents_ai` AFTER INSERT ON `search_documents` BEGIN
	INSERT INTO catalog_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_ad` AFTER DELETE ON `search_documents` BEGIN
	INSERT INTO catalog_fts (catalog_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_au` AFTER UPDATE ON `search_documents` BEGIN
	INSERT INTO catalog_fts (catalog_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
	INSERT INTO catalog_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `movies_search_ai` AFTER INSERT ON `movies` BEGIN
	INSERT INTO search_documents (kind, ref_id, title, body)
	VALUES ('movie', new.id, new.title, trim(coalesce(new.original_title, '') || ' ' || coalesce(new.synopsis, '')));
END;
--> statement-breakpoint
CREATE TRIGGER `movies_search_au` AFTER UPDATE OF title, original_title, synopsis ON `movies` BEGIN
	UPDATE search_documents
	SET title = new.title, body = trim(coalesce(new.original_title, '') || ' ' || coalesce(new.synopsis, ''))
	WHERE kind = 'movie' AND ref_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `movies_search_ad` AFTER DELETE ON `movies` BEGIN
	DELETE FROM search_documents WHERE kind = 'movie' AND ref_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `series_search_ai` AFTER INSERT ON `series` BEGIN
	INSERT INTO search_documents (kind, ref_id, title, body)
	VALUES ('series', new.id, new.title, trim(coalesce(new.original_title, '') || ' ' || coalesce(new.synopsis, '')));
END;
--> statement-breakpoint
CREATE TRIGGER `series_search_au` AFTER UPDATE OF title, original_title, synopsis ON `series` BEGIN
	UPDATE search_documents
	SET title = new.title, body = trim(coalesce(new.original_title, '') || ' ' || coalesce(new.synopsis, ''))
	WHERE kind = 'series' AND ref_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `series_search_ad` AFTER DELETE ON `series` BEGIN
	DELETE FROM search_documents WHERE kind = 'series' AND ref_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `episodes_search_ai` AFTER INSERT ON `episodes` BEGIN
	INSERT INTO search_documents (kind, ref_id, title, body) VALUES ('episode', new.id, new.title, coalesce(new.synopsis, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `episodes_search_au` AFTER UPDATE OF title, synopsis ON `episodes` BEGIN
	UPDATE search_documents SET title = new.title, body = coalesce(new.synopsis, '')
	WHERE kind = 'episode' AND ref_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `episodes_search_ad` AFTER DELETE ON `episodes` BEGIN
	DELETE FROM search_documents WHERE kind = 'episode' AND ref_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `people_search_ai` AFTER INSERT ON `people` BEGIN
	INSERT INTO search_documents (kind, ref_id, title, body) VALUES ('person', new.id, new.name, coalesce(new.bio, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `people_search_au` AFTER UPDATE OF name, bio ON `people` BEGIN
	UPDATE search_documents SET title = new.name, body = coalesce(new.bio, '')
	WHERE kind = 'person' AND ref_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `people_search_ad` AFTER DELETE ON `people` BEGIN
	DELETE FROM search_documents WHERE kind = 'person' AND ref_id = old.id;
END;
