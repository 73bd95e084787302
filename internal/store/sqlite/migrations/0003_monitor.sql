-- Regional monitor, SQLite. Keep in step with store/postgres/migrations.
-- Imported open-data files, the counts they hold in long form (every fact
-- points to its import and source line), labels, labour-market figures,
-- mbo school locations (reference data) and the targets coordinators set.
CREATE TABLE monitor_imports (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	source TEXT NOT NULL,
	layout TEXT NOT NULL DEFAULT '',
	dataset TEXT NOT NULL DEFAULT '',
	file_name TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	size_bytes INTEGER NOT NULL DEFAULT 0,
	encoding TEXT NOT NULL DEFAULT '',
	separator TEXT NOT NULL DEFAULT '',
	years TEXT NOT NULL DEFAULT '',
	rows_read INTEGER NOT NULL DEFAULT 0,
	records INTEGER NOT NULL DEFAULT 0,
	facts INTEGER NOT NULL DEFAULT 0,
	suppressed INTEGER NOT NULL DEFAULT 0,
	skipped_lines INTEGER NOT NULL DEFAULT 0,
	replaced INTEGER NOT NULL DEFAULT 0,
	unmapped TEXT NOT NULL DEFAULT '',
	problems TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'replaced')),
	replaced_by INTEGER REFERENCES monitor_imports(id) ON DELETE SET NULL,
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL,
	finished_at TIMESTAMP
);
CREATE UNIQUE INDEX monitor_imports_file ON monitor_imports (region_id, sha256) WHERE status <> 'failed';
CREATE INDEX monitor_imports_region ON monitor_imports (region_id, created_at);

-- A source row of an import: the dimensions its counts share (a line of
-- the file, or one pathway of a line in layouts with a column per pathway).
-- Rows and facts carry no foreign key: checking one for every fact costs
-- more than the rest of an import. Only the importer writes them, in the
-- transaction of their import, and a trigger deletes them with it.
CREATE TABLE monitor_rows (
	import_id INTEGER NOT NULL,
	row_no INTEGER NOT NULL,
	region_id INTEGER NOT NULL,
	line INTEGER NOT NULL,
	stage TEXT NOT NULL,
	school TEXT NOT NULL,
	municipality TEXT NOT NULL,
	labour_market TEXT NOT NULL,
	sector TEXT NOT NULL,
	domain TEXT NOT NULL,
	qualification TEXT NOT NULL,
	level TEXT NOT NULL,
	pathway TEXT NOT NULL,
	PRIMARY KEY (import_id, row_no)
);
CREATE INDEX monitor_rows_region ON monitor_rows (region_id);

-- The facts in long form: one count per source row, year, kind and sex.
-- Zeros are not stored; a suppressed cell ("<5") has count 0.
-- WITHOUT ROWID: the key is the table, one B-tree to write per fact.
CREATE TABLE monitor_facts (
	import_id INTEGER NOT NULL,
	row_no INTEGER NOT NULL,
	year INTEGER NOT NULL,
	kind TEXT NOT NULL,
	sex TEXT NOT NULL,
	count INTEGER NOT NULL,
	suppressed INTEGER NOT NULL,
	PRIMARY KEY (import_id, row_no, year, kind, sex)
) WITHOUT ROWID;

CREATE TRIGGER monitor_imports_cascade AFTER DELETE ON monitor_imports BEGIN
	DELETE FROM monitor_facts WHERE import_id = OLD.id;
	DELETE FROM monitor_rows WHERE import_id = OLD.id;
END;

CREATE TABLE monitor_labels (
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	dim TEXT NOT NULL,
	code TEXT NOT NULL,
	label TEXT NOT NULL,
	place TEXT NOT NULL DEFAULT '',
	municipality TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (region_id, dim, code)
);

CREATE TABLE monitor_labour (
	import_id INTEGER NOT NULL REFERENCES monitor_imports(id) ON DELETE CASCADE,
	region_id INTEGER NOT NULL,
	line INTEGER NOT NULL,
	source TEXT NOT NULL,
	area TEXT NOT NULL,
	area_name TEXT NOT NULL,
	sector TEXT NOT NULL,
	period TEXT NOT NULL,
	year INTEGER NOT NULL,
	measure TEXT NOT NULL,
	value REAL NOT NULL,
	provisional INTEGER NOT NULL
);
CREATE INDEX monitor_labour_region ON monitor_labour (region_id, source);

CREATE TABLE school_locations (
	code TEXT PRIMARY KEY,
	brin TEXT NOT NULL,
	name TEXT NOT NULL,
	street TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	place TEXT NOT NULL DEFAULT '',
	municipality_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX school_locations_brin ON school_locations (brin);

CREATE TABLE monitor_targets (
	region_id INTEGER PRIMARY KEY REFERENCES regions(id) ON DELETE CASCADE,
	stage TEXT NOT NULL,
	kind TEXT NOT NULL,
	baseline_year INTEGER NOT NULL DEFAULT 0,
	target_year INTEGER NOT NULL DEFAULT 0,
	total REAL NOT NULL DEFAULT 0,
	growth_factor REAL NOT NULL DEFAULT 0,
	demand REAL NOT NULL DEFAULT 0,
	demand_low REAL NOT NULL DEFAULT 0,
	demand_high REAL NOT NULL DEFAULT 0,
	demand_from INTEGER NOT NULL DEFAULT 0,
	demand_to INTEGER NOT NULL DEFAULT 0,
	demand_note TEXT NOT NULL DEFAULT '',
	network_areas TEXT NOT NULL DEFAULT '',
	updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE monitor_target_schools (
	region_id INTEGER NOT NULL REFERENCES monitor_targets(region_id) ON DELETE CASCADE,
	school TEXT NOT NULL,
	baseline_weight REAL NOT NULL DEFAULT 0,
	weight REAL NOT NULL,
	PRIMARY KEY (region_id, school)
);
