-- Matching rounds and the regions' fit weights, SQLite. Keep in step with
-- store/postgres/migrations.

-- A region's tuning of the fit score; a region without a row uses the
-- defaults of the matching engine.
CREATE TABLE match_weights (
	region_id INTEGER PRIMARY KEY REFERENCES regions(id) ON DELETE CASCADE,
	qualification REAL NOT NULL,
	level REAL NOT NULL,
	distance REAL NOT NULL,
	period REAL NOT NULL,
	skills REAL NOT NULL,
	languages REAL NOT NULL,
	wishes REAL NOT NULL,
	dossier_credit REAL NOT NULL,
	domain_credit REAL NOT NULL,
	open_credit REAL NOT NULL,
	missing_language_factor REAL NOT NULL,
	default_max_distance_km REAL NOT NULL,
	updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	updated_at TIMESTAMP NOT NULL
);

-- A round: its parameters (JSON), lottery seed, status and the totals of
-- its last run (JSON).
CREATE TABLE rounds (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'queued', 'running', 'done', 'failed', 'published')),
	seed INTEGER NOT NULL CHECK (seed >= 0),
	params TEXT NOT NULL,
	stats TEXT NOT NULL DEFAULT '',
	progress TEXT NOT NULL DEFAULT '',
	error TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL,
	ran_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	ran_at TIMESTAMP,
	published_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	published_at TIMESTAMP,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX rounds_region ON rounds (region_id, created_at);
CREATE INDEX rounds_status ON rounds (status, updated_at);

-- Every student of a round's last run: assigned (placement, rank, score) or
-- unplaced (reason, detail). Erasing a student erases its rows.
CREATE TABLE round_students (
	round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
	student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
	placement_id INTEGER REFERENCES placements(id) ON DELETE CASCADE,
	rank INTEGER NOT NULL DEFAULT 0,
	score REAL NOT NULL DEFAULT 0,
	list_length INTEGER NOT NULL DEFAULT 0,
	reason TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	fingerprint TEXT NOT NULL,
	PRIMARY KEY (round_id, student_id)
);
CREATE INDEX round_students_student ON round_students (student_id);
CREATE INDEX round_students_placement ON round_students (placement_id);

-- Every placement of a round's last run with the seats it offered and
-- filled.
CREATE TABLE round_placements (
	round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
	placement_id INTEGER NOT NULL REFERENCES placements(id) ON DELETE CASCADE,
	capacity INTEGER NOT NULL,
	filled INTEGER NOT NULL,
	fingerprint TEXT NOT NULL,
	PRIMARY KEY (round_id, placement_id)
);
CREATE INDEX round_placements_placement ON round_placements (placement_id);
