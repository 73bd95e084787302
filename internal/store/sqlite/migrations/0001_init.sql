-- Talentloket schema, SQLite. Keep in step with store/postgres/migrations.
CREATE TABLE regions (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE municipalities (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	year INTEGER NOT NULL,
	labour_market_code TEXT NOT NULL DEFAULT '',
	labour_market TEXT NOT NULL DEFAULT '',
	corop_code TEXT NOT NULL DEFAULT '',
	corop TEXT NOT NULL DEFAULT '',
	province_code TEXT NOT NULL DEFAULT '',
	province TEXT NOT NULL DEFAULT ''
);

CREATE TABLE place_names (
	name_key TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	municipality_code TEXT NOT NULL,
	kind TEXT NOT NULL
);

CREATE TABLE region_municipalities (
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	municipality_code TEXT NOT NULL,
	PRIMARY KEY (region_id, municipality_code)
);

CREATE TABLE postcodes (
	pc4 TEXT PRIMARY KEY,
	place TEXT NOT NULL,
	municipality TEXT NOT NULL DEFAULT '',
	lat REAL NOT NULL,
	lon REAL NOT NULL,
	source TEXT NOT NULL
);

CREATE TABLE qualifications (
	crebo TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	level INTEGER NOT NULL DEFAULT 0,
	dossier_crebo TEXT NOT NULL DEFAULT '',
	dossier TEXT NOT NULL DEFAULT '',
	domain TEXT NOT NULL DEFAULT '',
	sector TEXT NOT NULL DEFAULT ''
);

CREATE TABLE organisations (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('school', 'company', 'association', 'government', 'other')),
	name TEXT NOT NULL,
	brin TEXT NOT NULL DEFAULT '',
	kvk TEXT NOT NULL DEFAULT '',
	website TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	municipality_code TEXT NOT NULL DEFAULT '',
	member INTEGER NOT NULL DEFAULT 0,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX organisations_region ON organisations (region_id, kind, name);
CREATE UNIQUE INDEX organisations_brin ON organisations (region_id, brin) WHERE brin <> '';
CREATE UNIQUE INDEX organisations_kvk ON organisations (region_id, kvk) WHERE kvk <> '';

CREATE TABLE accreditations (
	organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	crebo TEXT NOT NULL,
	PRIMARY KEY (organisation_id, crebo)
);

CREATE TABLE locations (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',
	street TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL,
	place TEXT NOT NULL,
	lat REAL NOT NULL DEFAULT 0,
	lon REAL NOT NULL DEFAULT 0
);
CREATE INDEX locations_org ON locations (organisation_id);

CREATE TABLE programmes (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	school_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	location_id INTEGER REFERENCES locations(id) ON DELETE SET NULL,
	stage TEXT NOT NULL CHECK (stage IN ('vmbo', 'mbo', 'hbo')),
	crebo TEXT NOT NULL DEFAULT '',
	croho TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL,
	field TEXT NOT NULL DEFAULT '',
	level INTEGER NOT NULL DEFAULT 0,
	pathway TEXT NOT NULL
);
CREATE INDEX programmes_region ON programmes (region_id, school_id);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('student', 'coach', 'school_staff', 'company_contact', 'coordinator', 'viewer', 'admin')),
	organisation_id INTEGER REFERENCES organisations(id) ON DELETE RESTRICT,
	student_id INTEGER REFERENCES students(id) ON DELETE CASCADE,
	locale TEXT NOT NULL DEFAULT '',
	disabled INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	last_login_at TIMESTAMP
);
CREATE INDEX users_region ON users (region_id, role);

CREATE TABLE students (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	school_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
	programme_id INTEGER REFERENCES programmes(id) ON DELETE SET NULL,
	stage TEXT NOT NULL CHECK (stage IN ('vmbo', 'mbo', 'hbo')),
	crebo TEXT NOT NULL DEFAULT '',
	level INTEGER NOT NULL DEFAULT 0,
	pathway TEXT NOT NULL,
	year INTEGER NOT NULL,
	home_postcode TEXT NOT NULL,
	max_distance_km INTEGER NOT NULL,
	skills TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '',
	looking_for TEXT NOT NULL DEFAULT '',
	available_from DATE,
	available_until DATE,
	coach_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
	status TEXT NOT NULL CHECK (status IN ('looking', 'placed', 'inactive')),
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX students_region ON students (region_id, school_id, name);
CREATE INDEX students_coach ON students (coach_id);

CREATE TABLE placements (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	company_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	location_id INTEGER NOT NULL REFERENCES locations(id) ON DELETE RESTRICT,
	kind TEXT NOT NULL CHECK (kind IN ('internship', 'apprenticeship', 'graduation', 'holiday_job', 'job')),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	field TEXT NOT NULL DEFAULT '',
	stage TEXT NOT NULL DEFAULT '',
	level INTEGER NOT NULL DEFAULT 0,
	pathway TEXT NOT NULL DEFAULT '',
	start_date DATE,
	end_date DATE,
	capacity INTEGER NOT NULL CHECK (capacity > 0),
	skills TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'filled', 'closed')),
	close_reason TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX placements_region ON placements (region_id, status, kind);
CREATE INDEX placements_company ON placements (company_id);

CREATE TABLE placement_crebos (
	placement_id INTEGER NOT NULL REFERENCES placements(id) ON DELETE CASCADE,
	crebo TEXT NOT NULL,
	PRIMARY KEY (placement_id, crebo)
);
CREATE INDEX placement_crebos_crebo ON placement_crebos (crebo);

CREATE TABLE applications (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	placement_id INTEGER NOT NULL REFERENCES placements(id) ON DELETE CASCADE,
	student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
	status TEXT NOT NULL CHECK (status IN ('submitted', 'invited', 'offered', 'accepted', 'declined', 'withdrawn', 'rejected')),
	motivation TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	UNIQUE (placement_id, student_id)
);
CREATE INDEX applications_student ON applications (student_id);
CREATE INDEX applications_region ON applications (region_id, status);

CREATE TABLE application_events (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
	from_status TEXT NOT NULL DEFAULT '',
	to_status TEXT NOT NULL,
	actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
	note TEXT NOT NULL DEFAULT '',
	at TIMESTAMP NOT NULL
);
CREATE INDEX application_events_app ON application_events (application_id);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at TIMESTAMP NOT NULL,
	last_seen_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	prefix TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	last_used_at TIMESTAMP,
	expires_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TIMESTAMP NOT NULL,
	region_id INTEGER,
	user_id INTEGER,
	action TEXT NOT NULL,
	object TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	ip TEXT NOT NULL DEFAULT '',
	request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_region ON audit_log (region_id, at);
